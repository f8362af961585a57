"""vmap: every op batched equals the Python loop over the batch, for several in_axes and
out_axes; nesting, composition with grad and jit, closures, and JAX's errors."""
import numpy as np
import pytest

import mlax
import mlax.numpy as jnp
from mlax import lax

rng = np.random.default_rng(0)


def loop(f, in_axes, out_axes, *args):
    """f mapped by hand: one call per lane, outputs stacked at out_axes."""
    size = next(np.shape(a)[ax] for a, ax in zip(args, in_axes) if ax is not None)
    outs = [f(*[a if ax is None else jnp.asarray(np.take(np.asarray(a), i, axis=ax))
                for a, ax in zip(args, in_axes)]) for i in range(size)]
    return np.stack([np.asarray(o) for o in outs], axis=out_axes)


def normal(*shape):
    return rng.normal(size=shape).astype(np.float32)


# (name, f, per-lane argument shapes); arguments are mapped as each case's in_axes say
OPS = [
    ("sin", jnp.sin, [(3,)]), ("add", jnp.add, [(3,), (3,)]),
    ("broadcasting mul", jnp.multiply, [(2, 3), (3,)]),
    ("where", lambda c, x: jnp.where(c > 0, x, -x), [(4,), (4,)]),
    ("scalar where", lambda c, x: jnp.where(c > 0, x, 0.0), [(), (4,)]),
    ("integer_pow", lambda x: x ** 3, [(3,)]), ("convert", lambda x: x.astype(jnp.int32), [(3,)]),
    ("compare", lambda x, y: x < y, [(3,), (3,)]),
    ("reshape", lambda x: x.reshape(3, 2), [(2, 3)]), ("transpose", lambda x: x.T, [(2, 3)]),
    ("broadcast_to", lambda x: jnp.broadcast_to(x, (4, 3)), [(3,)]),
    ("expand", lambda x: x[:, None] * jnp.ones(2), [(3,)]),
    ("rev", lambda x: jnp.flip(x, 0), [(2, 3)]),
    ("slice", lambda x: x[1:, ::2], [(3, 5)]), ("pad", lambda x: jnp.pad(x, (1, 2)), [(3,)]),
    ("concatenate", lambda x, y: jnp.concatenate([x, y], 1), [(2, 3), (2, 1)]),
    ("sum", lambda x: jnp.sum(x, axis=1), [(2, 3)]), ("max", lambda x: jnp.max(x), [(2, 3)]),
    ("argmax", lambda x: jnp.argmax(x, axis=0), [(3, 2)]),
    ("cumsum", lambda x: jnp.cumsum(x, axis=-1), [(2, 3)]), ("sort", jnp.sort, [(4,)]),
    ("argsort", jnp.argsort, [(4,)]), ("prod", lambda x: jnp.prod(x, 0), [(3, 2)]),
    ("matvec", lambda a, b: a @ b, [(2, 3), (3,)]), ("matmul", jnp.matmul, [(2, 3), (3, 4)]),
    ("batched matmul", jnp.matmul, [(2, 2, 3), (2, 3, 1)]),
    ("einsum", lambda a, b: jnp.einsum("ij,kj->ik", a, b), [(2, 3), (4, 3)]),
    ("gather", lambda x: x[jnp.array([2, 0, 1, 2])], [(3, 2)]),
    ("gather by lane index", lambda x, i: x[i.astype(jnp.int32)], [(5,), ()]),
    ("take_along_axis", lambda x: jnp.take_along_axis(x, jnp.argsort(x, 1), 1), [(2, 3)]),
    ("scatter_add", lambda x, u: x.at[jnp.array([0, 2, 0])].add(u), [(4,), (3,)]),
    ("set", lambda x: x.at[1].set(7.0), [(3,)]),
    ("dynamic_slice", lambda x, i: lax.dynamic_slice(x, (i.astype(jnp.int32),), (2,)),
     [(5,), ()]),
    ("dynamic index", lambda x: lax.dynamic_slice(x, (jnp.int32(1),), (2,)), [(5,)]),
    ("update at a lane index", lambda x, u, i: lax.dynamic_update_slice(
        x, u, (i.astype(jnp.int32),)), [(5,), (2,), ()]),
    ("update", lambda x, u: lax.dynamic_update_slice(x, u, (jnp.int32(1),)), [(5,), (2,)]),
    ("float math", lambda x: jnp.exp2(x) + jnp.log1p(jnp.abs(x)) + lax.rsqrt(x * x + 1) +
     jnp.cbrt(x) + lax.erf(x) + jnp.round(x) + jnp.floor(x) + jnp.ceil(x) + jnp.sign(x), [(3,)]),
    ("binary math", lambda x, y: jnp.arctan2(x, y) + lax.rem(x, y) + jnp.power(jnp.abs(x), y)
     + jnp.maximum(x, y) - jnp.minimum(x, y), [(3,), (3,)]),
    ("bits", lambda x, y: ((x.astype(jnp.int32) & 7) | (y.astype(jnp.int32) ^ 3)) << 1 >> 1,
     [(3,), (3,)]),
    ("logic", lambda x: jnp.logical_not(x > 0) & jnp.isfinite(x), [(3,)]),
    ("bitcast", lambda x: lax.bitcast_convert_type(x, jnp.int32), [(3,)]),
    ("more reductions", lambda x: jnp.min(x, 0) + jnp.prod(x, 0) + jnp.argmin(x, 0) +
     jnp.all(x > -5, 0) + jnp.any(x > 0, 0), [(3, 2)]),
    ("cumulative", lambda x: lax.cummax(x, 0) + lax.cummin(x, 0) + jnp.cumprod(x, 0),
     [(3, 2)]),
    ("scatter kinds", lambda x, u: x.at[jnp.array([0, 2, 0])].multiply(u)
     + x.at[jnp.array([1, 1])].min(u[:2]) + x.at[jnp.array([3, 3])].max(u[1:]), [(4,), (3,)]),
    ("iota", lambda x: x + jnp.arange(3), [(3,)]),
    ("softmax", lambda x: mlax.nn.softmax(x), [(4,)]),
    ("logsumexp", lambda x: mlax.nn.logsumexp(x, axis=0), [(3, 2)]),
]


def _args(shapes, axes):
    args = []
    for shape, ax in zip(shapes, axes):
        if ax is None:
            args.append(normal(*shape))
        else:
            full = list(shape)
            full.insert(ax if ax >= 0 else len(full) + 1 + ax, 5)
            args.append(normal(*full))
    return args


@pytest.mark.parametrize("name,f,shapes", OPS, ids=[o[0] for o in OPS])
def test_vmap_matches_a_loop(name, f, shapes):
    n = len(shapes)
    for in_axes in [(0,) * n, tuple(-1 if len(s) else 0 for s in shapes),
                    (0,) + (None,) * (n - 1)]:
        args = _args(shapes, in_axes)
        if "lane index" in name or "dynamic_slice" in name:   # the index: the last argument
            args[-1] = (np.arange(5) % 4 - 1).astype(np.float32) if in_axes[-1] is not None \
                else np.float32(2)
        expected = loop(f, in_axes, 0, *args)
        got = mlax.vmap(f, in_axes=in_axes)(*args)
        np.testing.assert_allclose(np.asarray(got), expected, rtol=1e-5, atol=1e-6,
                                   err_msg=f"in_axes={in_axes}")
        last = np.moveaxis(expected, 0, -1)
        got = mlax.vmap(f, in_axes=in_axes, out_axes=-1)(*args)
        np.testing.assert_allclose(np.asarray(got), last, rtol=1e-5, atol=1e-6)


def test_seed_programs():
    fhat = lambda params, x: params[0] * x + params[1]              # noqa: E731
    loss = lambda params, x, y: (fhat(params, x) - y) ** 2          # noqa: E731
    xs = jnp.linspace(0, 2, 5)
    ys = 5 * xs + 2
    vals = mlax.vmap(loss, in_axes=(None, 0, 1))(jnp.array([5., 2.]), xs.reshape((5, 1)),
                                                  ys.reshape((1, 5)))
    assert vals.shape == (5, 1) and not np.asarray(vals).any()
    x = jnp.linspace(0, 2 * jnp.pi, 100)
    np.testing.assert_allclose(mlax.vmap(mlax.grad(jnp.sin))(x), np.cos(np.asarray(x)),
                               atol=1e-6)

    def l1dist(x, y):
        return jnp.sum(jnp.abs(x - y))
    x1, y1 = jnp.linspace(1, 10, 100), jnp.linspace(1, 5, 20)
    one = mlax.vmap(lambda x: mlax.vmap(lambda y: l1dist(x, y))(x1))(y1).T
    two = mlax.vmap(mlax.vmap(l1dist, (0, None)), (None, 0))(x1, y1).T
    np.testing.assert_allclose(one, two)
    np.testing.assert_allclose(one, np.abs(np.asarray(x1)[:, None] - np.asarray(y1)[None]),
                               rtol=1e-6)


def test_pytrees_and_prefixes():
    def f(p, batch):
        return {"y": p["w"] * batch[0] + p["b"], "z": batch[1].sum()}
    p = {"w": jnp.float32(2.0), "b": jnp.ones(3)}
    batch = (jnp.arange(12.0).reshape(4, 3), jnp.ones((2, 4)))
    out = mlax.vmap(f, in_axes=(None, (0, 1)), out_axes={"y": 1, "z": 0})(p, batch)
    np.testing.assert_allclose(out["y"], (2 * np.arange(12.0).reshape(4, 3) + 1).T)
    np.testing.assert_allclose(out["z"], [2, 2, 2, 2])
    kw = mlax.vmap(lambda x, *, s: x * s)(jnp.ones(3), s=jnp.arange(3.0))
    np.testing.assert_allclose(kw, [0, 1, 2])


def test_grad_of_vmap_and_vmap_of_grad_under_jit():
    def loss(w, x):
        return jnp.sum(jnp.tanh(x @ w) ** 2)
    w, xs = jnp.asarray(normal(3, 2)), jnp.asarray(normal(6, 3))
    per_example = mlax.jit(mlax.vmap(mlax.grad(loss), in_axes=(None, 0)))(w, xs)
    expected = np.stack([np.asarray(mlax.grad(loss)(w, xs[i])) for i in range(6)])
    np.testing.assert_allclose(per_example, expected, rtol=1e-5, atol=1e-6)
    total = mlax.jit(mlax.grad(lambda w: jnp.sum(mlax.vmap(loss, (None, 0))(w, xs))))(w)
    np.testing.assert_allclose(total, expected.sum(0), rtol=1e-5, atol=1e-5)


def test_closure_over_batched_values_and_axis_size():
    xs = jnp.arange(4.0)
    out = mlax.vmap(lambda x: mlax.vmap(lambda y: x * y)(xs))(xs)
    np.testing.assert_allclose(out, np.outer(np.arange(4.0), np.arange(4.0)))
    np.testing.assert_allclose(mlax.vmap(lambda: jnp.ones(2), axis_size=3)(), np.ones((3, 2)))


def test_jacobians_and_hessian():
    f = lambda x: jnp.sin(x) * x[0]                                  # noqa: E731
    x = jnp.asarray([0.5, 1.0, 2.0])
    expected = np.diag(np.cos(x) * 0.5)
    expected[:, 0] += np.sin(x)
    np.testing.assert_allclose(mlax.jacfwd(f)(x), expected, rtol=1e-6)
    np.testing.assert_allclose(mlax.jacrev(f)(x), expected, rtol=1e-6)
    g = lambda x: jnp.sum(x ** 3) + x[0] * x[1]                      # noqa: E731
    h = np.diag(6 * np.asarray(x))
    h[0, 1] = h[1, 0] = 1
    np.testing.assert_allclose(mlax.hessian(g)(x), h, rtol=1e-6)
    np.testing.assert_allclose(mlax.jit(mlax.hessian(g))(x), h, rtol=1e-6)


def test_errors():
    with pytest.raises(ValueError, match=r"(?s)inconsistent sizes.*size 3: axis 0 of argument x1.*size 4"):
        mlax.vmap(jnp.add)(jnp.ones(3), jnp.ones(4))
    with pytest.raises(ValueError, match="at least one non-None"):
        mlax.vmap(jnp.sin, in_axes=None)(jnp.ones(3))
    with pytest.raises(ValueError, match="along axis 2"):
        mlax.vmap(jnp.sin, in_axes=2)(jnp.ones((3, 4)))
    with pytest.raises(ValueError, match="tuple of entries"):
        mlax.vmap(jnp.add, in_axes=(0,))(jnp.ones(3), jnp.ones(3))


def test_every_op_has_a_batching_rule():
    from mlax.dialect.rules import OPS
    from mlax.passes.batch_rules import BATCH
    ops = {n for n, o in OPS.items() if not o.declaration}
    assert ops - set(BATCH) == {"constant", "iota"}          # no operands: never batched
