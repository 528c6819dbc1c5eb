"""Benchmark harness: real server processes, speed as ratios to a floor from the same run."""
