"""Small NumPy helpers for the kernel's flat layouts: dense codes and CSR offsets."""

import numpy as np
import polars as pl


def codes_in(values: pl.Series, names: pl.Series) -> np.ndarray:
    """Code of each value in ``names`` (which must hold every value)."""
    return values.cast(pl.Enum(names)).to_physical().cast(pl.Int64).to_numpy()


def csr_offsets_of_counts(counts: np.ndarray) -> np.ndarray:
    """CSR offsets of groups of ``counts`` rows each: group g owns offsets[g]:offsets[g + 1]."""
    offsets = np.zeros(counts.shape[0] + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    return offsets


def csr_offsets(group_of_row: np.ndarray, n_groups: int) -> np.ndarray:
    """CSR offsets for rows already sorted by group."""
    return csr_offsets_of_counts(np.bincount(group_of_row, minlength=n_groups))
