"""Autodiff: every differentiable op's JVP against central finite differences (float64) and
its VJP against its JVP (<u, J v> = <J^T u, v>), plus the public API's behaviour."""
import os

import numpy as np
import pytest

import mlax
import mlax.numpy as jnp
from mlax import lax

os.environ.setdefault("JAX_PLATFORMS", "cpu")


@pytest.fixture(autouse=True)
def x64():
    mlax.config.update("jax_enable_x64", True)
    yield
    mlax.config.update("jax_enable_x64", False)


rng = np.random.default_rng(0)


def _positive(*shape):
    return rng.uniform(0.5, 2.0, size=shape)


def _any(*shape):
    return rng.normal(size=shape)


def _unit(*shape):
    return rng.uniform(-0.9, 0.9, size=shape)


# (name, function, inputs); every input is differentiated
CASES = [
    ("exp", jnp.exp, [_any(3)]), ("exp2", jnp.exp2, [_any(3)]), ("log", jnp.log, [_positive(3)]),
    ("log1p", jnp.log1p, [_positive(3)]), ("expm1", jnp.expm1, [_any(3)]),
    ("sin", jnp.sin, [_any(2, 3)]), ("cos", jnp.cos, [_any(3)]), ("tan", jnp.tan, [_unit(3)]),
    ("tanh", jnp.tanh, [_any(3)]), ("logistic", lax.logistic, [_any(3)]),
    ("sqrt", jnp.sqrt, [_positive(3)]), ("rsqrt", lax.rsqrt, [_positive(3)]),
    ("cbrt", jnp.cbrt, [_positive(3)]), ("erf", lax.erf, [_any(3)]),
    ("erf_inv", lax.erf_inv, [_unit(3)]), ("neg", jnp.negative, [_any(3)]),
    ("abs", jnp.abs, [_any(4)]), ("integer_pow", lambda x: x ** 3, [_any(3)]),
    ("square", jnp.square, [_any(3)]),
    ("add", jnp.add, [_any(2, 3), _any(3)]), ("sub", jnp.subtract, [_any(3), _any(2, 3)]),
    ("mul", jnp.multiply, [_any(2, 3), _any(2, 1)]), ("div", jnp.divide, [_any(3), _positive(3)]),
    ("rem", lax.rem, [_positive(3) * 3, _positive(3)]), ("pow", jnp.power, [_positive(3), _any(3)]),
    ("atan2", jnp.arctan2, [_any(3), _positive(3)]), ("max", jnp.maximum, [_any(4), _any(4)]),
    ("min", jnp.minimum, [_any(4), _any(4)]),
    ("select", lambda x, y: jnp.where(x > 0, x, y), [_any(4), _any(4)]),
    ("convert", lambda x: x.astype(jnp.float32).astype(jnp.float64) * 2, [_any(3)]),
    ("reshape", lambda x: jnp.reshape(x, (3, 2)) * jnp.arange(6.0).reshape(3, 2), [_any(2, 3)]),
    ("transpose", lambda x: x.T * jnp.arange(6.0).reshape(3, 2), [_any(2, 3)]),
    ("rev", lambda x: jnp.flip(x, 1) * jnp.arange(6.0).reshape(2, 3), [_any(2, 3)]),
    ("broadcast", lambda x: jnp.broadcast_to(x, (4, 2, 3)) * jnp.arange(24.0).reshape(4, 2, 3),
     [_any(2, 1)]),
    ("reduce_sum", lambda x: jnp.sum(x * x, axis=1), [_any(2, 3)]),
    ("reduce_max", lambda x: jnp.max(x, axis=0), [_any(3, 2)]),
    ("reduce_min", lambda x: jnp.min(x, axis=(0, 1)), [_any(3, 2)]),
    ("reduce_prod", lambda x: jnp.prod(x, axis=1), [_any(2, 3)]),
    ("cumsum", lambda x: jnp.cumsum(x * x, axis=1), [_any(2, 3)]),
    ("cumprod", lambda x: jnp.cumprod(x, axis=1), [_any(2, 5)]),
    ("cumprod with a zero", lambda x: jnp.cumprod(x.at[1].set(0.0)) * 2, [_any(6)]),
    ("reverse cummax", lambda x: lax.cummax(x, 0, reverse=True), [_any(5, 2)]),
    ("cummin", lambda x: lax.cummin(x, 1), [_any(2, 7)]),
    ("slice", lambda x: x[1:, ::2] * 3.0, [_any(3, 5)]),
    ("negative-step slice", lambda x: x[::-2], [_any(5)]),
    ("pad", lambda x: jnp.pad(x, ((1, 2), (0, 1))) * jnp.arange(24.0).reshape(6, 4), [_any(3, 3)]),
    ("concatenate", lambda x, y: jnp.concatenate([x, y * 2], axis=1), [_any(2, 3), _any(2, 1)]),
    ("dynamic_slice", lambda x: lax.dynamic_slice(x, (jnp.int32(1),), (2,)) ** 2, [_any(4)]),
    ("dynamic_update_slice", lambda x, u: lax.dynamic_update_slice(x, u * u, (jnp.int32(1),)),
     [_any(4), _any(2)]),
    ("gather", lambda x: x[jnp.array([2, 0, 2])] ** 2, [_any(3, 2)]),
    ("take_along_axis", lambda x: jnp.take_along_axis(x, jnp.array([[1], [0]]), axis=1),
     [_any(2, 3)]),
    ("scatter_add", lambda x, u: x.at[jnp.array([0, 2, 0])].add(u), [_any(4), _any(3)]),
    ("scatter", lambda x, u: x.at[jnp.array([1, 3])].set(u * 2), [_any(4), _any(2)]),
    ("scatter_mul", lambda x, u: x.at[jnp.array([1, 3, 0])].multiply(u), [_any(4), _any(3)]),
    ("scatter_max", lambda x, u: x.at[jnp.array([1, 3, 1])].max(u), [_any(4), _any(3)]),
    ("scatter_min", lambda x, u: x.at[jnp.array([0, 2])].min(u), [_any(4), _any(2)]),
    ("dot", lambda a, b: a @ b, [_any(2, 3), _any(3, 4)]),
    ("batched matmul", lambda a, b: jnp.matmul(a, b), [_any(2, 2, 3), _any(2, 3, 2)]),
    ("einsum", lambda a, b: jnp.einsum("ij,kj->ki", a, b), [_any(2, 3), _any(4, 3)]),
    ("sort", lambda x: jnp.sort(x, axis=0) * jnp.arange(6.0).reshape(3, 2), [_any(3, 2)]),
    ("softmax", lambda x: mlax.nn.softmax(x, axis=-1), [_any(2, 4)]),
    ("logsumexp", lambda x: mlax.nn.logsumexp(x, axis=1), [_any(2, 4)]),
    ("mean/var", lambda x: jnp.var(x, axis=0) + jnp.mean(x), [_any(3, 2)]),
    ("norm", lambda x: jnp.linalg.norm(x), [_any(3)]),
]


def _jvp(f, xs, vs):
    return mlax.jvp(f, tuple(jnp.asarray(x) for x in xs), tuple(jnp.asarray(v) for v in vs))


@pytest.mark.parametrize("name,f,xs", CASES, ids=[c[0] for c in CASES])
def test_jvp_matches_finite_differences(name, f, xs):
    vs = [rng.normal(size=np.shape(x)) for x in xs]
    if name == "convert":           # a float32 round trip defeats differences; it is linear:
        np.testing.assert_allclose(_jvp(f, xs, vs)[1], 2 * vs[0].astype(np.float32), rtol=1e-12)
        return
    out, tangent = _jvp(f, xs, vs)
    np.testing.assert_allclose(out, f(*[jnp.asarray(x) for x in xs]), rtol=1e-12)
    eps = 1e-6
    plus = f(*[jnp.asarray(x + eps * v) for x, v in zip(xs, vs)])
    minus = f(*[jnp.asarray(x - eps * v) for x, v in zip(xs, vs)])
    np.testing.assert_allclose(tangent, (np.asarray(plus) - np.asarray(minus)) / (2 * eps),
                               rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("name,f,xs", CASES, ids=[c[0] for c in CASES])
def test_vjp_is_the_transpose_of_jvp(name, f, xs):
    xs = [jnp.asarray(x) for x in xs]
    vs = [jnp.asarray(rng.normal(size=x.shape)) for x in xs]
    out, tangent = _jvp(f, xs, vs)
    out, pullback = mlax.vjp(f, *xs)
    u = jnp.asarray(rng.normal(size=out.shape))
    cts = pullback(u)
    lhs = float(np.sum(np.asarray(u) * np.asarray(tangent)))
    rhs = sum(float(np.sum(np.asarray(c) * np.asarray(v))) for c, v in zip(cts, vs))
    tol = 1e-6 if name == "convert" else 1e-10          # a float32 round trip
    np.testing.assert_allclose(lhs, rhs, rtol=tol, atol=1e-12)


# ---------------------------------------------------------------------------------- API

def test_seed_grad_examples():
    mlax.config.update("jax_enable_x64", False)
    sq = lambda x: jnp.sum(x ** 2)                                  # noqa: E731
    assert str(mlax.grad(sq)(jnp.arange(3.))) == "[0. 2. 4.]"
    poly = lambda x, y, z: jnp.sum(x ** 2 + y ** 3 + z ** 4)        # noqa: E731
    a = jnp.arange(3.)
    np.testing.assert_array_equal(mlax.grad(poly, argnums=0)(a, a, a), [0, 2, 4])
    dx, dy, dz = mlax.grad(poly, argnums=(0, 1, 2))(a, a, a)
    np.testing.assert_array_equal(dx, [0, 2, 4])
    np.testing.assert_array_equal(dy, [0, 3, 12])
    np.testing.assert_array_equal(dz, [0, 4, 32])
    value, g = mlax.value_and_grad(poly)(a, a, a)
    assert float(value) == (0 + 1 + 4) + (0 + 1 + 8) + (0 + 1 + 16) and g.dtype == np.float32


def test_grad_of_pytrees_with_aux_and_kwargs():
    def loss(params, x, scale=1.0):
        pred = params["w"] * x + params["b"][0]
        return scale * jnp.sum(pred ** 2), pred
    params = {"w": jnp.asarray(2.0), "b": [jnp.asarray(1.0)]}
    x = jnp.arange(3.0)
    g, pred = mlax.grad(loss, has_aux=True)(params, x, scale=0.5)
    np.testing.assert_allclose(pred, 2 * np.arange(3) + 1)
    np.testing.assert_allclose(g["w"], np.sum((2 * np.arange(3) + 1) * np.arange(3)))
    np.testing.assert_allclose(g["b"][0], np.sum(2 * np.arange(3) + 1))


def test_grad_under_jit_and_nested():
    f = lambda x: jnp.sin(x) * x                                    # noqa: E731
    x = jnp.asarray(0.7)
    expected = np.cos(0.7) * 0.7 + np.sin(0.7)
    np.testing.assert_allclose(mlax.jit(mlax.grad(f))(x), expected)
    second = -np.sin(0.7) * 0.7 + 2 * np.cos(0.7)
    np.testing.assert_allclose(mlax.grad(mlax.grad(f))(x), second)
    np.testing.assert_allclose(mlax.jit(mlax.grad(mlax.grad(f)))(x), second)
    third = mlax.grad(mlax.grad(mlax.grad(f)))(x)
    np.testing.assert_allclose(third, -np.cos(0.7) * 0.7 - 3 * np.sin(0.7))


def test_grad_closes_over_traced_values():
    def outer(x, y):
        return mlax.grad(lambda z: jnp.sum(z * y) ** 2)(x)
    x, y = jnp.arange(3.0), jnp.asarray([1.0, 2.0, 3.0])
    np.testing.assert_allclose(mlax.jit(outer)(x, y), 2 * np.sum(np.arange(3.0) * [1, 2, 3]) *
                               np.array([1, 2, 3]))
    # and the gradient of that with respect to y (through the closure)
    g = mlax.grad(lambda y: jnp.sum(outer(x, y)))(y)
    jax = pytest.importorskip("jax")
    jax.config.update("jax_enable_x64", True)
    try:
        def jouter(x, y):
            return jax.grad(lambda z: jax.numpy.sum(z * y) ** 2)(x)
        expected = jax.grad(lambda y: jax.numpy.sum(jouter(np.arange(3.0), y)))(np.array(
            [1.0, 2.0, 3.0]))
    finally:
        jax.config.update("jax_enable_x64", False)
    np.testing.assert_allclose(g, expected)


def test_stop_gradient_and_integer_paths():
    f = lambda x: jnp.sum(x * lax.stop_gradient(x)) + jnp.argmax(x)   # noqa: E731
    np.testing.assert_allclose(mlax.grad(f)(jnp.asarray([1.0, 3.0])), [1.0, 3.0])


def test_grad_errors_are_jaxs():
    with pytest.raises(TypeError, match=r"scalar-output functions. Output had shape: \(3,\)"):
        mlax.grad(lambda x: x * 2)(jnp.ones(3))
    with pytest.raises(TypeError, match="real-valued inputs.*int"):
        mlax.grad(lambda x: jnp.sum(x * 2.0))(jnp.ones(3, jnp.int32))
    with pytest.raises(TypeError, match=os.path.basename(__file__)):
        mlax.grad(lambda x: x)(jnp.ones(2))


def test_what_cannot_be_differentiated_is_reported_by_name():
    with pytest.raises(Exception, match="Reverse-mode differentiation does not work"):
        mlax.grad(lambda x: lax.while_loop(lambda c: c < 5.0, lambda c: c * x, x))(2.0)


def test_linearize_and_vjp_structures():
    f = lambda x, y: {"s": x * y, "t": (jnp.sin(x),)}             # noqa: E731
    x, y = jnp.asarray([1.0, 2.0]), jnp.asarray([3.0, 4.0])
    out, pullback = mlax.vjp(f, x, y)
    cx, cy = pullback({"s": jnp.ones(2), "t": (jnp.ones(2),)})
    np.testing.assert_allclose(cx, [3 + np.cos(1.0), 4 + np.cos(2.0)])
    np.testing.assert_allclose(cy, [1, 2])
    out, f_jvp = mlax.linearize(lambda x: x ** 2, x)
    np.testing.assert_allclose(f_jvp(jnp.ones(2)), [2, 4])


def test_gradient_ir_stays_small():
    def f(x):
        return jnp.sum(x * jnp.sin(x))
    primal = mlax.jit(f).lower(jnp.ones(3)).as_text("mlax-dce").count('"mlax.')
    grad = mlax.jit(mlax.grad(f)).lower(jnp.ones(3)).as_text("mlax-dce").count('"mlax.')
    assert grad <= 2 * primal, (primal, grad)


def test_custom_jvp():
    @mlax.custom_jvp
    def f(x, y):
        return jnp.sin(x) * y

    @f.defjvp
    def f_jvp(primals, tangents):
        x, y = primals
        tx, ty = tangents
        return f(x, y), 100.0 * tx + 10.0 * ty          # a deliberately different rule

    x, y = jnp.asarray(0.5), jnp.asarray(2.0)
    np.testing.assert_allclose(f(x, y), np.sin(0.5) * 2)
    np.testing.assert_allclose(mlax.jvp(f, (x, y), (1.0, 0.0))[1], 100.0)
    np.testing.assert_allclose(mlax.grad(f, argnums=(0, 1))(x, y), (100.0, 10.0))  # transposed
    np.testing.assert_allclose(mlax.jit(mlax.grad(lambda x: f(x, y) * 3))(x), 300.0)


def test_custom_vjp():
    @mlax.custom_vjp
    def clip_gradient(x):
        return x

    def fwd(x):
        return x, (jnp.sign(x),)

    def bwd(res, g):
        return (jnp.clip(g, -1.0, 1.0) * res[0],)
    clip_gradient.defvjp(fwd, bwd)
    x = jnp.asarray([-2.0, 3.0])
    np.testing.assert_allclose(clip_gradient(x), x)
    g = mlax.grad(lambda x: jnp.sum(clip_gradient(x) * 5.0))(x)
    np.testing.assert_allclose(g, [-1.0, 1.0])
    with pytest.raises(Exception, match="forward-mode autodiff"):
        mlax.jvp(clip_gradient, (x,), (x,))
    np.testing.assert_allclose(mlax.jit(lambda x: clip_gradient(x) * 2)(x), 2 * np.asarray(x))


def test_every_float_op_has_derivative_rules_or_is_listed_missing():
    from mlax.dialect import dtypes as D
    from mlax.dialect.rules import OPS
    from mlax.passes import ad_rules
    missing = set()                          # every float op has both rules
    non_float = {"and", "or", "xor", "not", "shift_left", "shift_right_arithmetic",
                 "shift_right_logical", "compare", "is_finite", "argmax", "argmin", "argsort",
                 "bitcast_convert", "reduce_and", "reduce_or", "constant", "iota"}
    ops = {n for n, o in OPS.items() if not o.declaration}
    for table in (ad_rules.JVP, ad_rules.VJP):
        assert ops - set(table) - ad_rules.ZERO_DERIVATIVE == missing | non_float
    assert D.FLOATS                      # the listed ones are the README's "missing" rules


def test_hessians_match_jax():
    jax = pytest.importorskip("jax")
    jax.config.update("jax_enable_x64", True)
    try:
        x = rng.normal(size=4)
        for ours, theirs in [
                (lambda v: mlax.nn.logsumexp(v * v), lambda v: jax.nn.logsumexp(v * v)),
                (lambda v: jnp.sum(jnp.tanh(jnp.outer(v, v)) @ v),
                 lambda v: jax.numpy.sum(jax.numpy.tanh(jax.numpy.outer(v, v)) @ v)),
                (lambda v: jnp.prod(jnp.sin(v)) / jnp.linalg.norm(v),
                 lambda v: jax.numpy.prod(jax.numpy.sin(v)) / jax.numpy.linalg.norm(v))]:
            np.testing.assert_allclose(mlax.hessian(ours)(jnp.asarray(x)),
                                       jax.hessian(theirs)(x), rtol=1e-9, atol=1e-12)
            np.testing.assert_allclose(mlax.jacrev(mlax.grad(ours))(jnp.asarray(x)),
                                       jax.hessian(theirs)(x), rtol=1e-9, atol=1e-12)
    finally:
        jax.config.update("jax_enable_x64", False)
