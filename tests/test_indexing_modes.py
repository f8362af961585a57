"""Out-of-bounds indices, gather/scatter modes and lax broadcasting, against jax itself:
values, dtypes and gradients, eagerly, under jit, grad and vmap."""
import jax
import jax.numpy as jnp
import numpy as np
import pytest

import mlax
import mlax.numpy as mnp
from mlax import lax as mlax_lax

MODES = [None, "clip", "fill", "drop", "promise_in_bounds"]
IDX = [1, 5, -1, -4]


def same(m, j):
    m, j = np.asarray(m), np.asarray(j)
    assert m.dtype == j.dtype and m.shape == j.shape
    np.testing.assert_array_equal(m, j)


def both(f, *args):
    """f(np_module, lib, *args) for (mlax.numpy, mlax) and (jax.numpy, jax), compared."""
    same(f(mnp, mlax, *[mnp.asarray(a) for a in args]), f(jnp, jax, *[jnp.asarray(a) for a in args]))


def test_gather_gradient_drops_out_of_bounds():
    both(lambda np_, lib, v: lib.grad(lambda v: np_.sum(v[np_.array([5, 0])]))(v),
         np.arange(3.0))


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("transform", ["eager", "jit", "grad", "vmap"])
def test_get_modes(mode, transform):
    v = np.arange(3.0)

    def f(np_, lib, v):
        get = lambda v, i: v.at[i].get(mode=mode)          # noqa: E731
        idx = np_.array(IDX)
        if transform == "eager":
            return get(v, idx)
        if transform == "jit":
            return lib.jit(get)(v, idx)
        if transform == "grad":
            return lib.grad(lambda v: np_.sum(get(v, idx) * np_.arange(4.0)))(v)
        return lib.vmap(lib.grad(get), (None, 0))(v, np_.array(IDX + [-7]))
    both(f, v)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("how", ["set", "add", "min", "max"])
def test_update_modes(mode, how):
    def f(np_, lib, v, u):
        def g(v, u):
            return getattr(v.at[np_.array([1, 5, -4])], how)(u, mode=mode)
        w = np_.arange(3.0)
        out = lib.jit(g)(v, u)
        grads = lib.grad(lambda v, u: np_.sum(g(v, u) * w), argnums=(0, 1))(v, u)
        return np_.concatenate([out, *grads])
    if mode == "promise_in_bounds" and how == "set":
        pytest.skip("jax's gradient is undefined for a broken promise")
    if mode == "clip" and how in ("min", "max"):
        pytest.skip("jax's clip-mode min/max gradient counts ties at unclamped indices (nan)")
    both(f, np.arange(3.0), np.array([1.0, 2.0, 3.0]))


def test_static_integers_clamp_and_drop():
    both(lambda np_, lib, x: np_.stack([x[11], x[-11], x[-1], lib.jit(lambda x: x[11])(x)]),
         np.arange(10))
    both(lambda np_, lib, x: np_.stack([x.at[10].set(5), x.at[-11].set(5), x.at[10].set(5, mode="clip"),
                                        lib.jit(lambda x: x.at[10].add(5))(x)]), np.arange(10))
    both(lambda np_, lib, v: lib.grad(lambda v: v[5] + v[-5])(v), np.arange(3.0))
    both(lambda np_, lib, a: a[7, 1:], np.arange(12).reshape(3, 4))
    both(lambda np_, lib, a: lib.grad(lambda a: a[5, np_.array([0, 9])].sum())(a), np.ones((3, 4)))
    both(lambda np_, lib, x: lib.vmap(lambda i: x[i])(np_.array([0, 4, -1, -5])), np.arange(3.0))
    both(lambda np_, lib, x: np_.stack([x.at[11].get(mode="fill", fill_value=-3),
                                        x.at[-1].get(wrap_negative_indices=False)]), np.arange(3.0))
    with pytest.raises(IndexError):
        mnp.zeros(0)[0]


@pytest.mark.parametrize("dtype", ["float32", "int32", "uint32", "bool"])
def test_fill_values(dtype):
    both(lambda np_, lib, x: x.at[np_.array([7, 0])].get(mode="fill"), np.zeros(3, dtype))


def test_keywords_and_methods():
    v = mnp.arange(3.0)
    for call in (lambda: v.at[0].set(1.0, mdoe="clip"), lambda: v.at[0].get(mdoe="clip")):
        with pytest.raises(TypeError, match="unexpected keyword argument 'mdoe'"):
            call()
    with pytest.raises(ValueError):
        v.at[0].get(mode="clamp")
    both(lambda np_, lib, v: v.at[np_.array([0, 0, 1])].subtract(2.0), np.arange(3.0))
    both(lambda np_, lib, v: np_.stack([v.at[1].divide(2), v.at[1].power(2)]), np.arange(3))
    both(lambda np_, lib, v: lib.jit(lambda v: v.at[np_.array([0, 0, 1, 7])].apply(
        lambda a: a * 2 + 1))(v), np.arange(3.0))


@pytest.mark.parametrize("mode", [None, "fill", "clip", "wrap"])
def test_take(mode):
    idx = [5, 0, -1, -5]
    both(lambda np_, lib, v: np_.take(v, np_.array(idx), mode=mode), np.arange(3.0))
    both(lambda np_, lib, v: lib.grad(lambda v: np_.take(v, np_.array(idx), mode=mode).sum())(v),
         np.arange(3.0))
    both(lambda np_, lib, v: np_.take(v, np_.array(idx), mode=mode, fill_value=9), np.arange(3))


@pytest.mark.parametrize("mode", [None, "fill", "clip", "promise_in_bounds"])
def test_take_along_axis(mode):
    idx = [5, 0, -1, -5]
    both(lambda np_, lib, v: np_.take_along_axis(v, np_.array(idx), 0, mode=mode), np.arange(3.0))
    both(lambda np_, lib, v: lib.grad(lambda v: np_.take_along_axis(
        v, np_.array(idx), 0, mode=mode).sum())(v), np.arange(3.0))


def test_take_errors():
    for lib in (mnp, jnp):
        with pytest.raises(ValueError):
            lib.take(lib.arange(3.0), lib.array([0]), mode="promise_in_bounds")
        with pytest.raises(NotImplementedError):
            lib.take(lib.arange(3.0), lib.array([0]), mode="raise")


def test_lax_broadcasts_rank0_and_size1():
    for a, b in [(np.float32(2.0), np.ones(3, np.float32)), (np.ones((), np.float32), np.ones((2, 3), np.float32)),
                 (np.ones((2, 1), np.float32), np.ones((1, 3), np.float32))]:
        same(mlax_lax.add(mnp.asarray(a), mnp.asarray(b)), jax.lax.add(a, b))
        same(mlax_lax.lt(mnp.asarray(a), mnp.asarray(b)), jax.lax.lt(a, b))
        same(mlax.jit(mlax_lax.mul)(mnp.asarray(a), mnp.asarray(b)), jax.lax.mul(a, b))
    same(mlax.grad(lambda a: mlax_lax.add(a, mnp.ones(3)).sum())(mnp.float32(2.0)),
         jax.grad(lambda a: jax.lax.add(a, jnp.ones(3)).sum())(jnp.float32(2.0)))
    for a, b in [(np.ones(3), np.ones((2, 3))), (np.ones(2), np.ones(3)),
                 (np.int32(1), np.ones(3, np.float32))]:
        a, b = np.asarray(a, np.asarray(a).dtype if np.asarray(a).dtype != np.float64 else np.float32), \
            np.asarray(b, np.float32)
        for lax_, conv in ((mlax_lax, mnp.asarray), (jax.lax, jnp.asarray)):
            with pytest.raises(TypeError):
                lax_.add(conv(a), conv(b))
    with pytest.raises(TypeError):
        mlax_lax.select(mnp.ones(3, bool), mnp.float32(1), mnp.zeros(3))


def test_pad_python_scalar():
    same(mlax_lax.pad(mnp.ones(2), 0.0, [(1, 1, 0)]), jax.lax.pad(jnp.ones(2), 0.0, [(1, 1, 0)]))
    for lax_, x in ((mlax_lax, mnp.ones(2)), (jax.lax, jnp.ones(2))):
        with pytest.raises(TypeError):
            lax_.pad(x, 0, [(1, 1, 0)])
