"""The example programs run, and the seed's print what JAX prints for the same program."""
import os
import pathlib
import subprocess
import sys

import pytest

EXAMPLES = pathlib.Path(__file__).resolve().parent.parent / "examples"
ENV = {**os.environ, "JAX_PLATFORMS": "cpu"}


def run(source: str, cwd) -> str:
    done = subprocess.run([sys.executable, "-c", source], capture_output=True, text=True,
                          cwd=cwd, env=ENV, timeout=600)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("name", ["seed_grad.py", "seed_vmap.py"])
def test_seed_examples_print_what_jax_prints(name, tmp_path):
    pytest.importorskip("jax")
    pytest.importorskip("matplotlib")
    source = (EXAMPLES / name).read_text()
    ours = run(source, tmp_path)
    theirs = run(source.replace("mlax", "jax"), tmp_path)
    assert ours == theirs
    if name == "seed_vmap.py":
        assert (tmp_path / "sine_cosine.png").stat().st_size > 1000


def test_demo_runs(tmp_path):
    out = run((EXAMPLES / "demo.py").read_text(), tmp_path)
    assert '"mlax.dot_general"' in out and "loss:" in out
