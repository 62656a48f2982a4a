"""Demo data: reference files, channel exports and snapshots for a runnable landing area."""
