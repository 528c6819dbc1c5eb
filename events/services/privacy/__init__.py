"""Privacy by design: a person's data download and erasure, the privacy statement,
retention."""
