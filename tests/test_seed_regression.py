"""The seed's SGD linear regression (examples/seed_linear_regression.py) learns the parameters
JAX learns: it draws the same noise and the same minibatches, so the printed parameters agree
to float32 rounding."""
import os
import pathlib
import re
import subprocess
import sys

import numpy as np
import pytest

SOURCE = (pathlib.Path(__file__).resolve().parent.parent / "examples"
          / "seed_linear_regression.py").read_text()


def run(source: str, cwd) -> np.ndarray:
    done = subprocess.run([sys.executable, "-c", source], capture_output=True, text=True,
                          cwd=cwd, env={**os.environ, "JAX_PLATFORMS": "cpu"}, timeout=300)
    assert done.returncode == 0, done.stderr
    printed = re.fullmatch(r"\s*\[([^\]]*)\]\s*", done.stdout)
    assert printed, f"expected one printed array, got {done.stdout!r}"
    return np.array(printed.group(1).split(), dtype=np.float32)


def test_seed_regression_learns_what_jax_learns(tmp_path):
    pytest.importorskip("jax")
    ours = run(SOURCE, tmp_path)
    # jax no longer exports tree_map at the top level (mlax does, as the seed's JAX did)
    theirs = run(SOURCE.replace("mlax", "jax").replace(
        "from jax import vmap, grad, tree_map",
        "from jax import vmap, grad\nfrom jax.tree_util import tree_map"), tmp_path)
    assert ours.shape == theirs.shape == (2,)
    np.testing.assert_allclose(ours, theirs, rtol=1e-5)
    np.testing.assert_allclose(ours, [5., 2.], atol=0.05)      # and it did learn y = 5x + 2
