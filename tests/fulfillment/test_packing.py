"""First-fit decreasing packing: the numba kernel against its plain-Python twin."""

import numpy as np
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from assets.fulfillment.packing import PackingItems
from contracts.packing import first_fit
from tests.fulfillment.packing_reference import first_fit_decreasing_reference

item_lists = st.lists(
    st.tuples(st.sampled_from("ABCDEFG"), st.integers(0, 12), st.integers(1, 6)),
    min_size=1,
    max_size=6,
    unique_by=lambda item: item[0],
)


def _packing_items(items: list[tuple[str, int, int]]) -> tuple[PackingItems, list[str]]:
    """One shipment's items sorted heaviest first, SKU ascending on ties."""
    ordered = sorted(items, key=lambda item: (-item[1], item[0]))
    frame = pl.DataFrame(
        {
            "shipment_idx": [0] * len(ordered),
            "unit_weight_g": [weight for _, weight, _ in ordered],
            "quantity": [units for _, _, units in ordered],
        },
        schema={"shipment_idx": pl.Int64, "unit_weight_g": pl.Int64, "quantity": pl.Int64},
    )
    return PackingItems.from_frame(frame, 1), [sku for sku, _, _ in ordered]


@settings(max_examples=150, deadline=None)
@given(items=item_lists, capacity=st.integers(1, 30))
def test_kernel_packs_exactly_like_unit_by_unit_first_fit_decreasing(items, capacity):
    packing, skus = _packing_items(items)
    expected = first_fit_decreasing_reference(items, capacity)

    item_idx, package_no, units = (np.empty(packing.rows_size, dtype=np.int64) for _ in range(3))
    room = np.empty(packing.scratch_size, dtype=np.int64)
    shipment = (packing.weights, packing.quantities, packing.offsets[0], packing.offsets[1])
    count, rows = first_fit(*shipment, capacity, room, item_idx, package_no, units, True)
    counted, _ = first_fit(*shipment, capacity, room, room, room, room, False)

    assert counted == count  # what the allocation's cost estimate counts is what is packed

    if expected is None:
        assert count == -1
        return
    assert count == len(expected)
    packed: list[dict[str, int]] = [{} for _ in expected]
    for i, p, n in zip(item_idx[:rows], package_no[:rows], units[:rows], strict=True):
        packed[p - 1][skus[i]] = packed[p - 1].get(skus[i], 0) + int(n)
    assert packed == expected


@settings(max_examples=100, deadline=None)
@given(items=item_lists, capacity=st.integers(12, 40))
def test_every_package_fits_and_every_unit_is_packed_once(items, capacity):
    packages = first_fit_decreasing_reference(items, capacity)
    weight = {sku: w for sku, w, _ in items}

    assert packages is not None
    assert all(sum(weight[s] * n for s, n in p.items()) <= capacity for p in packages)
    packed = {}
    for package in packages:
        for sku, n in package.items():
            packed[sku] = packed.get(sku, 0) + n
    assert packed == {sku: units for sku, _, units in items}


def test_a_unit_heavier_than_the_limit_cannot_be_packed():
    assert first_fit_decreasing_reference([("A", 5, 1), ("B", 11, 1)], 10) is None
