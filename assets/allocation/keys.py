"""Compiled helpers that turn hashed keys into dense integer codes and group rows by them.

String joins and group-bys over millions of order keys were most of the encoding time; a pair of
independently seeded 64-bit hashes per key, numbered through an open-addressing table, does the
same work in one linear pass. Two keys only share a code when both hashes collide.
"""

import numpy as np
import polars as pl
from numba import njit

CHECK_SEED = 0x5EED
"""Seed of the second key hash that proves the first one did not collide."""


def hash_pair(frame: pl.DataFrame, key: pl.Expr) -> tuple[np.ndarray, np.ndarray]:
    """Two independently seeded 64-bit hashes of ``key`` per row, as int64 arrays."""
    hashes = frame.select(
        key.hash(seed=0).alias("first"), key.hash(seed=CHECK_SEED).alias("second")
    )
    return (
        hashes["first"].to_numpy().view(np.int64),
        hashes["second"].to_numpy().view(np.int64),
    )


@njit(cache=True, nogil=True)
def dense_codes(first_hash, second_hash, query_first, query_second):  # pragma: no cover
    """Code of each row's (first_hash, second_hash) key, numbered by first appearance, and the
    code of each query key (-1 when no row has it).

    Hashes are int64 views of the 64-bit hashes. Returns (code of each row, first row of each
    code, code of each query).
    """
    n = first_hash.shape[0]
    size = 2
    while size < 2 * n:
        size *= 2
    mask = size - 1
    code_at = np.full(size, -1, dtype=np.int32)
    first_row = np.empty(n, dtype=np.int64)
    codes = np.empty(n, dtype=np.int64)
    count = 0
    for i in range(n):
        slot = first_hash[i] & mask
        while True:
            code = code_at[slot]
            if code < 0:
                code_at[slot] = count
                first_row[count] = i
                codes[i] = count
                count += 1
                break
            row = first_row[code]
            if first_hash[row] == first_hash[i] and second_hash[row] == second_hash[i]:
                codes[i] = code
                break
            slot = (slot + 1) & mask
    found = np.full(query_first.shape[0], -1, dtype=np.int64)
    for i in range(query_first.shape[0]):
        slot = query_first[i] & mask
        while code_at[slot] >= 0:
            row = first_row[code_at[slot]]
            if first_hash[row] == query_first[i] and second_hash[row] == query_second[i]:
                found[i] = code_at[slot]
                break
            slot = (slot + 1) & mask
    return codes, first_row[:count], found


@njit(cache=True, nogil=True)
def order_facts(order_code, n_orders, speed, placed_at, is_paid):  # pragma: no cover - compiled
    """Per order: fastest service speed, earliest placed_at, and whether every line is paid
    (``is_paid`` has nulls filled with True, so unknown lines do not hold an order)."""
    fastest = np.full(n_orders, np.iinfo(np.int64).max, dtype=np.int64)
    earliest = np.full(n_orders, np.iinfo(np.int64).max, dtype=np.int64)
    paid = np.ones(n_orders, dtype=np.bool_)
    for i in range(order_code.shape[0]):
        o = order_code[i]
        fastest[o] = min(fastest[o], speed[i])
        earliest[o] = min(earliest[o], placed_at[i])
        paid[o] = paid[o] and is_paid[i]
    return fastest, earliest, paid


@njit(cache=True, nogil=True)
def candidates_per_order(order_key, cand_key, n_keys):  # pragma: no cover - compiled
    """Every (order, candidate row) pair whose key codes agree: an order version gets every
    candidate row of its (channel, channel_order_id); rows with key -1 match nothing.
    Returns (order of pair, candidate row)."""
    starts = np.zeros(n_keys + 1, dtype=np.int64)
    for o in range(order_key.shape[0]):
        starts[order_key[o] + 1] += 1
    for k in range(n_keys):
        starts[k + 1] += starts[k]
    fill = starts[:-1].copy()
    orders_by_key = np.empty(order_key.shape[0], dtype=np.int64)
    for o in range(order_key.shape[0]):
        orders_by_key[fill[order_key[o]]] = o
        fill[order_key[o]] += 1
    n_pairs = 0
    for r in range(cand_key.shape[0]):
        if cand_key[r] >= 0:
            n_pairs += starts[cand_key[r] + 1] - starts[cand_key[r]]
    pair_order = np.empty(n_pairs, dtype=np.int64)
    pair_row = np.empty(n_pairs, dtype=np.int64)
    at = 0
    for r in range(cand_key.shape[0]):
        if cand_key[r] < 0:
            continue
        for j in range(starts[cand_key[r]], starts[cand_key[r] + 1]):
            pair_order[at] = orders_by_key[j]
            pair_row[at] = r
            at += 1
    return pair_order, pair_row
