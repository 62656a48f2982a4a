"""Compile the night's numba kernels at set-up, so the first real night does not.

The allocation, packing and rate-shopping kernels are compiled on first call and cached beside
their sources (`cache=True`): without this the first night after an install spent about 14 s
compiling. `make env` runs `python -m pipelines.warm_up`, which runs two small demo nights (the
second with the cheapest strategy) in a scratch folder: the kernels see the very types a real night
hands them, so every signature a night needs is in the cache afterwards.
"""

from __future__ import annotations

import tempfile
import time
from datetime import date
from pathlib import Path

import numba

from pipelines.demo.generate import generate_landing
from pipelines.settings import REPO_ROOT, scratch_environment

WARM_UP_DATES = (date(2026, 11, 19), date(2026, 11, 20))
KERNEL_MODULES = (
    "assets.allocation.kernel",
    "assets.allocation.keys",
    "assets.allocation.cheapest",
    "assets.allocation.shipping_cost",
    "assets.fulfillment.rate_shopping",
    "contracts.packing",
)


def kernels() -> dict[str, numba.core.registry.CPUDispatcher]:
    """Every numba kernel of a night, by its qualified name."""
    import importlib

    found = {}
    for name in KERNEL_MODULES:
        module = importlib.import_module(name)
        for attribute, value in vars(module).items():
            if isinstance(value, numba.core.registry.CPUDispatcher) and value.__module__ == name:
                found[f"{name}.{attribute}"] = value
    return found


def run_small_nights(root: Path) -> None:
    """Two demo nights of a few orders in `root`, the second allocated by the cheapest strategy."""
    from pipelines.runner import run_dates

    first, second = WARM_UP_DATES
    landing = root / "landing"
    generate_landing(landing, days=2, orders_per_day=40, seed=7, end_date=second, n_skus=200)
    with scratch_environment(root, first_date=first):
        quiet = lambda _line: None  # noqa: E731 - the set-up prints one line of its own
        if not run_dates([first], echo=quiet) or not run_dates(
            [second], echo=quiet, allocation={"strategy": "cheapest"}
        ):
            raise RuntimeError(f"the warm-up nights failed; run them by hand in {root}")


def main() -> None:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="oms-warm-up-") as scratch:
        run_small_nights(Path(scratch))
    compiled = sum(sum(k.stats.cache_misses.values()) for k in kernels().values())
    print(
        f"kernels ready in {time.perf_counter() - started:.1f} s "
        f"({compiled} compiled, cache beside the sources under {REPO_ROOT})"
    )


if __name__ == "__main__":
    main()
