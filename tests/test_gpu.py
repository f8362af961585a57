"""On a CUDA GPU: jit compiles for the GPU platform (mlax-fuse, Triton kernels launched on
torch buffers) and equals the CPU backend. Skipped where there is no GPU; run alone, since
tests/test_triton.py puts Triton in interpreter mode for its process:

    pytest -m gpu tests/test_gpu.py
"""
import os

import numpy as np
import pytest

import mlax
import mlax.numpy as jnp
from mlax import lax
from mlax.runtime.gpu import cuda_available

pytestmark = [
    pytest.mark.gpu,
    pytest.mark.skipif(not cuda_available(), reason="no CUDA GPU"),
    pytest.mark.skipif(os.environ.get("TRITON_INTERPRET") == "1",
                       reason="Triton is in interpreter mode in this process"),
]

RNG = np.random.default_rng(0)
X = RNG.standard_normal((64, 1000)).astype(np.float32)
W = RNG.standard_normal((1000, 48)).astype(np.float32)


def on_cpu(f, *args):
    mlax.config.update("jax_platforms", "cpu")
    try:
        return [np.asarray(x) for x in mlax.tree_util.tree_leaves(mlax.jit(f)(*args))]
    finally:
        mlax.config.update("jax_platforms", None)


def check(f, *args, rtol=2e-5, atol=2e-5):
    assert mlax.default_backend() == "gpu"
    got = mlax.tree_util.tree_leaves(mlax.jit(f)(*args))
    assert all(type(g).__name__ == "DeviceArray" for g in got)
    for g, w in zip(got, on_cpu(f, *args)):
        np.testing.assert_allclose(np.asarray(g), w, rtol=rtol, atol=atol, equal_nan=True)


def test_devices():
    assert repr(mlax.devices()[0]) == "CudaDevice(id=0)"


def test_elementwise_chain_and_full_sum():
    check(lambda x: (jnp.tanh(x) * jnp.exp(-x * x), jnp.sum(jnp.sin(x))), X, rtol=1e-4)


def test_softmax_rows():
    check(lambda x: mlax.nn.softmax(x, axis=-1), X)


def test_matmul_mlp_gradient():
    def loss(w, x):
        return jnp.mean(jnp.tanh(x @ w) ** 2)
    # sums of 1000 products of size ~50 round differently in another order: an absolute
    # tolerance at that scale
    check(lambda w, x: (x @ w, mlax.grad(loss)(w, x)), W, X, rtol=1e-4, atol=2e-4)


def test_integers_shapes_and_host_ops():
    i = RNG.integers(-100, 100, (16, 33)).astype(np.int32)
    check(lambda i: (i // 7, i % 5, i << 3, lax.rev(i, (1,)).T, i.at[0].multiply(3) + 1), i)


def test_sort_and_scatter_kernels():
    x = RNG.standard_normal((8, 300)).astype(np.float32)
    ids = RNG.integers(-3, 70, 500).astype(np.int32)
    upd = RNG.standard_normal(500).astype(np.float32)
    z = jnp.zeros(64, np.float32)
    check(lambda x, i, u: (jnp.sort(x, 1), jnp.argsort(x, 0), z.at[i].add(u), z.at[i].max(u),
                           jnp.zeros(64, np.int32).at[i].add(1)), x, ids, upd, rtol=1e-5)


def test_big_matmul_ways_are_timed(tmp_path, monkeypatch):
    import json
    monkeypatch.setenv("MLAX_CACHE_DIR", str(tmp_path))
    x = RNG.standard_normal((1024, 1024)).astype(np.float32)
    b = RNG.standard_normal(1024).astype(np.float32)
    check(lambda x, b: (jnp.tanh(x @ x.T + b), x @ x), x, b, rtol=1e-4, atol=1e-4)
    table = json.loads((tmp_path / "tuning.json").read_text())
    assert len(table) == 2, table


def test_results_stay_on_the_device():
    f = mlax.jit(lambda x: x * 2.0 + 1.0)
    y = f(f(X))
    assert type(y).__name__ == "DeviceArray"
    np.testing.assert_allclose(np.asarray(y), (X * 2 + 1) * 2 + 1, rtol=1e-6)


def test_loops_and_branches():
    def f(x, n):
        y = lax.fori_loop(0, 3, lambda i, x: jnp.tanh(x) * 2.0 + i, x)
        c, ys = lax.scan(lambda c, row: (c + jnp.sum(row), jnp.sort(row) * c), 0.0, x[:8])
        z = lax.while_loop(lambda v: jnp.max(v) < 100.0, lambda v: v * 3.0 + 1.0, jnp.abs(x))
        return y, c, ys, z, lax.switch(n, [jnp.sin, jnp.cos], x)
    check(f, X, 1, rtol=1e-4, atol=1e-4)


def test_kernels_compile_together_when_loaded(tmp_path, monkeypatch):
    """Loading an executable compiles all its kernels at once (threads), with the
    specializations its launches use: the first call compiles nothing more."""
    monkeypatch.setenv("TRITON_CACHE_DIR", str(tmp_path / "triton"))
    monkeypatch.setenv("MLAX_CACHE_DIR", str(tmp_path / "mlax"))
    w, x = W[:37, :29].copy(), X[:53, :37].copy()       # shapes no other test compiles

    def f(w, x):
        return mlax.grad(lambda w: jnp.mean(jnp.tanh(x @ w) ** 2))(w), mlax.nn.softmax(x @ w)
    compiled = mlax.jit(f).lower(w, x).compile()

    def files():
        root = tmp_path / "triton"
        return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}
    before = files()
    assert before
    got = compiled(w, x)
    mlax.block_until_ready(got)
    assert not files() - before, sorted(files() - before)
    for g, want in zip(got, on_cpu(f, w, x)):
        np.testing.assert_allclose(np.asarray(g), want, rtol=1e-4, atol=1e-5)
