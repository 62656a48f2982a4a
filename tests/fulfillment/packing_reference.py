"""First-fit decreasing as the tests state it: a plain-Python twin of the packing kernel."""


def first_fit_decreasing_reference(
    items: list[tuple[str, int, int]], capacity: int
) -> list[dict[str, int]] | None:
    """Plain-Python twin of the kernel, unit by unit: items are (sku, weight, units).

    Returns the packages as {sku: units} dicts in package order, or None when a unit is heavier
    than the capacity.
    """
    units = sorted(
        ((sku, weight) for sku, weight, count in items for _ in range(count)),
        key=lambda unit: (-unit[1], unit[0]),
    )
    rooms: list[int] = []
    packages: list[dict[str, int]] = []
    for sku, weight in units:
        if weight > capacity:
            return None
        target = next((p for p, room in enumerate(rooms) if room >= weight), None)
        if target is None:
            rooms.append(capacity)
            packages.append({})
            target = len(rooms) - 1
        rooms[target] -= weight
        packages[target][sku] = packages[target].get(sku, 0) + 1
    return packages
