"""Native CPU code (passes/native*.py, runtime/native.py) against the numpy kernels: every
op class, forced native whatever its size, on edge cases (NaN, division by zero, over-wide
shifts, out-of-range indices and conversions), equals the numpy backend."""
import numpy as np
import pytest

import mlax
import mlax.numpy as jnp
from mlax import lax
from mlax.passes import native

RNG = np.random.default_rng(0)
F = RNG.standard_normal((3, 5)).astype(np.float32)
F_EDGE = np.array([[0.0, -0.0, np.nan, np.inf, -np.inf], [1e-5, -3.5, 2.5, 1e10, -1e10],
                   [0.5, -0.5, 1.5, 3e9, 7.0]], np.float32)
I = np.array([[0, 1, -1, 7, -7], [2**31 - 1, -2**31, 3, -3, 100], [5, 6, -8, 9, 0]], np.int32)
J = np.array([[1, 0, -1, 2, -2], [3, -1, 0, 40, -5], [31, 32, 33, -1, 2]], np.int32)
U = I.view(np.uint32)
V = J.view(np.uint32)
B = F > 0


@pytest.fixture
def force_native(monkeypatch):
    monkeypatch.setattr(native, "MIN_ELEMENTS", 0)
    monkeypatch.setattr(native, "MIN_OPS", 1)


def both(f, *args):
    """(native result, numpy-kernel result) of jit(f), checking that native code ran."""
    assert "mlax.native" in mlax.jit(f).lower(*args).as_text("mlax-outline-native")
    got = mlax.jit(f)(*args)
    mlax.config.update("mlax_native_cpu", False)
    try:
        want = mlax.jit(f)(*args)
    finally:
        mlax.config.update("mlax_native_cpu", True)
    return got, want


def check(f, *args):
    got, want = both(f, *args)
    for g, w in zip(mlax.tree_util.tree_leaves(got), mlax.tree_util.tree_leaves(want)):
        g, w = np.asarray(g), np.asarray(w)
        assert g.dtype == w.dtype and g.shape == w.shape
        if g.dtype.kind == "f":
            np.testing.assert_allclose(g, w, rtol=2e-6, atol=1e-6, equal_nan=True)
        else:
            np.testing.assert_array_equal(g, w)


UNARY_FLOAT = ["exp", "exp2", "log", "log1p", "expm1", "sin", "cos", "tan", "tanh", "logistic",
               "sqrt", "rsqrt", "cbrt", "erf", "erf_inv", "floor", "ceil", "neg", "abs",
               "sign", "is_finite"]


@pytest.mark.parametrize("name", UNARY_FLOAT)
def test_float_unary(force_native, name):
    op = getattr(lax, name)
    x = np.concatenate([F, np.abs(F) + 0.1, F_EDGE])
    check(op, x)


@pytest.mark.parametrize("name", ["neg", "abs", "sign", "bitwise_not"])
@pytest.mark.parametrize("x", [I, U], ids=["i32", "u32"])
def test_integer_unary(force_native, name, x):
    check(getattr(lax, name), x)


BINARY = ["add", "sub", "mul", "div", "rem", "max", "min"]


@pytest.mark.parametrize("name", BINARY + ["pow", "atan2"])
def test_float_binary(force_native, name):
    op = getattr(lax, name)
    check(op, np.concatenate([F, F_EDGE]), np.concatenate([F_EDGE, F]))


@pytest.mark.parametrize("name", BINARY + ["bitwise_and", "bitwise_or", "bitwise_xor",
                                           "shift_left", "shift_right_logical",
                                           "shift_right_arithmetic"])
@pytest.mark.parametrize("xy", [(I, J), (U, V)], ids=["i32", "u32"])
def test_integer_binary(force_native, name, xy):
    check(getattr(lax, name), *xy)


@pytest.mark.parametrize("name", ["eq", "ne", "lt", "le", "gt", "ge"])
@pytest.mark.parametrize("xy", [(F_EDGE, F_EDGE[::-1]), (I, J), (U, V), (B, ~B)],
                         ids=["f32", "i32", "u32", "bool"])
def test_compare(force_native, name, xy):
    check(getattr(lax, name), *xy)


def test_logic_and_select(force_native):
    check(lambda a, b, x, y: (lax.bitwise_and(a, b), lax.bitwise_or(a, b), lax.max(a, b),
                              lax.select(a, x, y), lax.select(a[0, 0], x, y)), B, ~B, F, F_EDGE)


@pytest.mark.parametrize("dtype", ["float32", "int32", "uint32", "bool"])
@pytest.mark.parametrize("x", [F_EDGE * 1e3, I, U, B], ids=["f32", "i32", "u32", "bool"])
def test_convert(force_native, x, dtype):
    if x.dtype == dtype:
        pytest.skip("no op to compile")
    check(lambda x: lax.convert_element_type(x, dtype), x)


def test_bitcast_round_integer_pow(force_native):
    check(lambda x, i: (lax.bitcast_convert_type(x, np.int32),
                        lax.bitcast_convert_type(i, np.float32),
                        lax.round(x), lax.round(x, 1),
                        lax.integer_pow(x, 3), lax.integer_pow(x, -2), lax.integer_pow(i, 5)),
          F_EDGE, I)


def test_shapes(force_native):
    def f(x):
        return (lax.broadcast_in_dim(x[:, :1], (2, 3, 5), (1, 2)), x.reshape(5, 3), x.T,
                lax.rev(x, (0, 1)), x[1:, ::2], lax.concatenate([x, x * 2], 1),
                lax.reshape(x[0, 0], (1, 1)), lax.reshape(x[:1, :1], ()))
    check(f, F)


def test_dynamic_slices_clamp(force_native):
    def f(x, i, j):
        return (lax.dynamic_slice(x, (i, j), (2, 3)),
                lax.dynamic_update_slice(x, jnp.ones((2, 2), x.dtype), (i, j)))
    for i, j in [(0, 0), (1, 2), (-4, 9), (5, -1)]:
        check(f, F, np.int32(i), np.int32(j))
        check(f, I, np.uint32(i % 4), np.int32(j))


@pytest.mark.parametrize("name", ["reduce_sum", "reduce_prod", "reduce_max", "reduce_min"])
@pytest.mark.parametrize("x", [F, I, U], ids=["f32", "i32", "u32"])
@pytest.mark.parametrize("axes", [(0,), (1,), (0, 1)])
def test_reductions(force_native, name, x, axes):
    check(lambda x: getattr(lax, name)(x, axes), x)


def test_logical_reductions_iota_constants(force_native):
    table = np.arange(15, dtype=np.float32).reshape(3, 5) ** 2       # a non-splat constant
    mask = np.array([True, False, True])
    check(lambda b, x: (lax.reduce_and(b, (1,)), lax.reduce_or(b, (0,)), lax.reduce_max(b, (1,)),
                        lax.iota(np.int32, 7), lax.iota(np.float32, 4) * 2.0, x + table,
                        jnp.where(mask[:, None], x, 0.0)), B, F)


def test_dot_general(force_native):
    a = RNG.standard_normal((2, 3, 4)).astype(np.float32)
    b = RNG.standard_normal((2, 4, 5)).astype(np.float32)
    check(lambda a, b: (jnp.einsum("bij,bjk->bik", a, b), a[0] @ b[0], jnp.dot(a[0, 0], b[0, :, 0])),
          a, b)
    check(lambda x, y: x @ y.T, I, J)


def test_loops_and_branches_compile_whole():
    def scan_fn(c, xs):
        def step(c, x):
            c = jnp.tanh(c * 0.9 + x) + jnp.sum(x)
            return c, (c * 2, c > 0)
        return lax.scan(step, c, xs, reverse=True)

    def while_fn(x):
        return lax.while_loop(lambda s: s[0] < 10, lambda s: (s[0] + 1, s[1] * 1.5 + 1.0),
                              (np.int32(0), x))

    def switch_fn(i, x):
        return lax.switch(i, [jnp.sin, jnp.cos, lambda x: -x], x)

    def nested(x):
        return lax.fori_loop(0, 3, lambda i, x: lax.fori_loop(
            0, 4, lambda j, x: x + lax.convert_element_type(i * j, np.float32), x), x)
    check(scan_fn, F[0], F)
    check(while_fn, F)
    for i in (-1, 0, 1, 2, 7):
        check(switch_fn, np.int32(i), F)
    check(nested, F)


def test_loop_with_a_numpy_only_op_stays_a_python_loop():
    def f(x):
        return lax.fori_loop(0, 3, lambda i, x: jnp.sort(x * 2.0 - 1.0), x)
    text = mlax.jit(f).lower(F).as_text("mlax-outline-native")
    assert "mlax.native" not in text.split("func.func private @")[0]       # main: no native call
    np.testing.assert_allclose(mlax.jit(f)(F), np.sort(np.sort(np.sort(F * 2 - 1) * 2 - 1) * 2 - 1),
                               rtol=1e-6)


def test_grad_of_scan_runs_native():
    def loss(w, xs):
        def step(h, x):
            h = jnp.tanh(w * h + x)
            return h, h
        return jnp.sum(lax.scan(step, jnp.zeros(5, np.float32), xs)[1] ** 2)
    check(mlax.grad(loss), np.float32(0.7), F)
    check(mlax.vmap(mlax.grad(loss), in_axes=(0, None)), np.float32([0.1, 0.5, 0.9]), F)


def test_saved_executable_runs_native_or_plan(tmp_path):
    f = mlax.jit(lambda h, xs: lax.scan(lambda h, x: (jnp.tanh(h + x), h), h, xs))
    compiled = f.lower(F[0], F).compile()
    assert compiled.executable.native.startswith("module")
    compiled.save(tmp_path / "scan.npz")
    from mlax.runtime import cpu
    from mlax.runtime.executable import Executable
    exe = Executable.load(tmp_path / "scan.npz")
    run = cpu.load(exe)
    exe.native = ""                                 # as where MLIR is missing: the plan
    plan = cpu.load(exe)
    for a, b in zip(run(F[0], F), plan(F[0], F)):
        np.testing.assert_allclose(a, b, rtol=1e-6)


def test_stages_print_linalg_and_llvm():
    lowered = mlax.jit(lambda h, xs: lax.scan(lambda h, x: (h * x, h), h, xs)).lower(F[0], F)
    assert "scf.for" in lowered.as_text("linalg") and "linalg.generic" in lowered.as_text("linalg")
    assert "llvm.func @main_native0" in lowered.as_text("llvm")


def test_pad(force_native):
    def f(x, v):
        return (lax.pad(x, v, ((1, 2, 0), (0, 1, 2))), lax.pad(x, v, ((-1, 1, 1), (2, -3, 0))),
                lax.pad(x[:0], v, ((1, 1, 0), (0, 0, 0))))
    check(f, F, np.float32(-7.0))
    check(lambda x: lax.pad(x, np.int32(3), ((0, 1, 1), (1, 0, 0))), I)


def test_review_regressions():
    """Two reductions of one kind, empty arrays, bool not, f64 constants without a '.' in
    their repr, and log1p/expm1 near zero (found in review)."""
    x = np.linspace(0, 1, 8192, dtype=np.float32)
    check(lambda x: (jnp.sum(x), jnp.sum(x * x), jnp.max(x), jnp.max(-x)), x)
    loop = mlax.jit(lambda x, e: lax.fori_loop(0, 2, lambda i, c: (c[0] * 2, c[1] * 2),
                                               (x[:3], e)))
    out = loop(x, np.zeros((4, 0), np.float32))          # empty carry: kept out of native code
    assert np.asarray(out[1]).shape == (4, 0)
    np.testing.assert_array_equal(np.asarray(out[0]), x[:3] * 4)
    check(lambda x: jnp.where(~(x > 0.5), x, 0.0) + 1, x)
    small = np.array([1e-10, -1e-10, 1e-7, 3e-5, -0.0, 0.5, -0.5, 80.0], np.float32)
    got, want = both(lambda x: (jnp.log1p(x) * 1.0, jnp.expm1(x) * 1.0), np.tile(small, 512))
    for g, w in zip(got, want):
        np.testing.assert_allclose(np.asarray(g), np.asarray(w), rtol=2e-7, atol=0)
        assert np.array_equal(np.signbit(np.asarray(g)), np.signbit(np.asarray(w)))


def test_float64_constants(monkeypatch):
    monkeypatch.setattr(native, "MIN_ELEMENTS", 0)
    mlax.config.update("jax_enable_x64", True)
    try:
        check(lambda x: (x * 2.0 + 1e-05) * 3.0 + 1e16, np.linspace(0, 1, 64))
    finally:
        mlax.config.update("jax_enable_x64", False)


def test_gathers(force_native):
    emb = RNG.standard_normal((10, 6)).astype(np.float32)
    check(lambda e, i: jnp.tanh(e[i]) * 2.0, emb, np.array([[3, 0, 9], [12, -4, 5]], np.int32))
    p = np.abs(RNG.standard_normal((8, 5)).astype(np.float32)) + 1
    check(lambda p, l: jnp.take_along_axis(p, l[:, None], 1) * 2.0, p,
          np.array([0, 4, 2, 1, 3, 3, 0, 4], np.int32))
    check(lambda x, i: (x[:, i] + 1, x[i % 3] + 1, jnp.take(x, i, axis=1, mode="clip") + 1),
          F, np.array([4, 0, 3, 3], np.uint32))
    check(lambda b, i: b[i] | True, B, np.array([1, 2, 0], np.int32))


def test_gather_in_a_loop_body_compiles_whole():
    def f(table, ids):
        return lax.scan(lambda c, i: (c + table[i], c), jnp.zeros(5, np.float32), ids)
    table = RNG.standard_normal((7, 5)).astype(np.float32)
    ids = np.array([1, 6, 0, 3], np.int32)
    assert "mlax.native" in mlax.jit(f).lower(table, ids).as_text("mlax-outline-native")
    check(f, table, ids)


@pytest.mark.parametrize("how", ["set", "add", "mul", "min", "max"])
def test_scatters(force_native, how):
    idx = np.array([4, 0, 4, 9, -1, 2], np.int32)                       # a duplicate, two out
    upd = RNG.standard_normal(6).astype(np.float32)

    def f(x, i, u):
        return getattr(x.at[i], how)(u, mode="drop") * 1.0
    check(f, np.arange(5, dtype=np.float32), idx, upd)
    rows = RNG.standard_normal((3, 4)).astype(np.float32)
    check(lambda x, i, u: getattr(x.at[i], how)(u, mode="drop") + 0.0, rows,
          np.array([2, 0, 2], np.int32), RNG.standard_normal((3, 4)).astype(np.float32))


def test_buffer_updates_in_a_loop_compile_whole():
    def f(x):
        return lax.fori_loop(0, 5, lambda i, a: a.at[i].add(a[i - 1] * 2.0), x)
    assert "mlax.native" in mlax.jit(f).lower(F[0]).as_text("mlax-outline-native")
    check(f, F[0])


@pytest.mark.parametrize("name", ["argmax", "argmin"])
def test_argmax_argmin(force_native, name):
    x = np.array([[1.0, 3.0, 3.0, -1.0], [np.nan, 2.0, np.nan, 0.0], [0.0, -0.0, 5.0, 5.0]],
                 np.float32)
    f = getattr(jnp, name)
    check(lambda x: (f(x, axis=1), f(x, axis=0), f(x * 2.0)), x)
    check(lambda i: (f(i, axis=1), f(i, axis=0)), I)
    check(lambda b: f(b, axis=1), B)


@pytest.mark.parametrize("name", ["cumsum", "cumprod", "cummax", "cummin"])
def test_cumulative(force_native, name):
    op = getattr(lax, name)
    x = np.concatenate([F, F_EDGE[:, :5]], 0)
    check(lambda x: (op(x, axis=1), op(x, axis=0, reverse=True), op(x[0], axis=0)), x)
    check(lambda i: (op(i, axis=0), op(i, axis=1, reverse=True)), I)


@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
def test_half_floats(force_native, dtype):
    import ml_dtypes
    t = np.float16 if dtype == "float16" else ml_dtypes.bfloat16
    x = (RNG.standard_normal((6, 40)) * 3).astype(t)
    check(lambda x: (x * x + 1, jnp.exp(x), jnp.tanh(x) - x, x.astype(np.float32) * 2,
                     (x > 0).astype(t)), x)
    check(lambda x: (jnp.sum(x, axis=1), jnp.max(x, axis=0), jnp.sum(x), x @ x.T,
                     lax.cumsum(x, axis=1)), x)
    check(lambda x: lax.scan(lambda c, r: (c * 0.5 + r, c), x[0], x)[0], x)


# A parallel op whose initial value is read (a product with no contracted dimension, a
# reduction over no axes) must not accumulate when fused into a consumer that broadcasts it.
@pytest.mark.parametrize("loop", [False, True], ids=["plain", "after-loop"])
@pytest.mark.parametrize("make", [
    lambda x: jnp.broadcast_to(jnp.einsum("a,b->", x, x), (3,)),
    lambda x: jnp.broadcast_to(jnp.einsum("a,b->ab", x, x), (3, 2, 2)),
    lambda x: jnp.broadcast_to(lax.reduce_sum(x, axes=()), (4, 2)) * 2.0,
    lambda x: jnp.outer(x, x)[None] + jnp.zeros((3, 1, 1)),
], ids=["dot-scalar", "dot-outer", "reduce-no-axes", "outer-plus"])
def test_no_accumulation_into_broadcasts(force_native, make, loop):
    def f(x):
        if loop:
            x = lax.fori_loop(0, 1, lambda i, c: c, x)
        return make(x)
    x = np.array([0.7, -1.9], np.float32)
    got, want = both(f, x)
    np.testing.assert_allclose(np.asarray(got), np.asarray(want), rtol=1e-6)
    np.testing.assert_allclose(np.asarray(got), np.asarray(make(jnp.asarray(x))), rtol=1e-6)
