"""The door: scans, the desk's lists and search, volunteer links, offline doors' packs
and batches."""
