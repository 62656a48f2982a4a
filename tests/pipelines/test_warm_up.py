"""Set-up compiles the night's kernels: the first night after an install compiles nothing."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.e2e

A_NIGHT_COUNTING_COMPILES = """
import sys, tempfile
from pathlib import Path
from pipelines.warm_up import kernels, run_small_nights
with tempfile.TemporaryDirectory() as scratch:
    run_small_nights(Path(scratch))
print(sum(sum(k.stats.cache_misses.values()) for k in kernels().values()))
"""


def _python(code: list[str], cache: Path) -> str:
    environment = os.environ | {"NUMBA_CACHE_DIR": str(cache)}
    ran = subprocess.run(
        [sys.executable, *code], cwd=REPO, env=environment, capture_output=True, text=True
    )
    assert ran.returncode == 0, ran.stdout + ran.stderr
    return ran.stdout


def test_after_the_warm_up_a_night_finds_every_kernel_compiled(tmp_path):
    cache = tmp_path / "numba-cache"  # as a fresh install has it: empty
    warm_up = _python(["-m", "pipelines.warm_up"], cache)
    compiled = int(warm_up.split("(")[1].split()[0])
    assert compiled > 0, warm_up  # it compiled, and counts what it compiles
    assert _python(["-c", A_NIGHT_COUNTING_COMPILES], cache).split()[-1] == "0"
