"""The compiled key coding behind encoding: dense codes from pairs of 64-bit hashes."""

import numpy as np

from assets.allocation.keys import candidates_per_order, dense_codes


def _hashes(*values: int) -> np.ndarray:
    return np.array(values, dtype=np.int64)


def test_keys_sharing_one_hash_keep_apart_when_the_other_differs():
    codes, first_row, found = dense_codes(
        _hashes(7, 7, 9, 7), _hashes(1, 2, 3, 1), _hashes(7, 7, 8), _hashes(2, 5, 1)
    )
    assert codes.tolist() == [0, 1, 2, 0]
    assert first_row.tolist() == [0, 1, 2]
    assert found.tolist() == [1, -1, -1]


def test_every_version_of_an_order_gets_the_candidates_of_its_key():
    pair_order, pair_row = candidates_per_order(np.array([0, 1, 0]), np.array([0, -1, 1, 0]), 2)
    assert sorted(zip(pair_order.tolist(), pair_row.tolist(), strict=True)) == [
        (0, 0),
        (0, 3),
        (1, 2),
        (2, 0),
        (2, 3),
    ]
