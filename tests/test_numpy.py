"""mlax.numpy against JAX and numpy, table-driven.

Every case is a function `f(np, *args)` written once against a numpy-like module. `check`
runs it with mlax.numpy eagerly and under mlax.jit (for a fixed sample of the big tables:
compiles dominate the suite's time), and with jax.numpy (x64 off) as the oracle for shapes,
dtypes and weak types, traced abstractly. Values are compared with numpy's (computed in
float32 for 16-bit inputs), or with JAX's (ref=False) where JAX's rule differs from numpy's.
"""
import os

os.environ.setdefault("JAX_PLATFORMS", "cpu")

import functools  # noqa: E402
import math  # noqa: E402
import zlib  # noqa: E402

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import ml_dtypes  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import mlax  # noqa: E402
import mlax.numpy as mnp  # noqa: E402

# the oracles' own warnings (JAX narrowing float64, numpy dividing by zero) are expected
pytestmark = pytest.mark.filterwarnings("ignore:Explicitly requested dtype",
                                        "ignore::RuntimeWarning", "ignore::FutureWarning")

BF16 = np.dtype(ml_dtypes.bfloat16)
_RNG = np.random.default_rng(0)
F, I, B = "float32", "int32", "bool"


def rand(shape, dtype=F, kind="normal"):
    """Deterministic test data; `kind` picks a domain: normal, pos (> 0.5), unit (|x| < 0.9),
    big (>= 1.1), small (ints in [-3, 3], nonzero)."""
    shape = (shape,) if isinstance(shape, int) else tuple(shape)
    dtype = BF16 if dtype == "bfloat16" else np.dtype(dtype)
    if dtype == np.bool_:
        return np.asarray(_RNG.random(shape) < 0.5)
    if dtype.kind in "iu":
        lo = 0 if dtype.kind == "u" else -5
        if kind == "pos":
            lo = 1
        x = _RNG.integers(lo, 6, shape)
        if kind == "small":
            x = _RNG.choice([-3, -2, -1, 1, 2, 3], shape)
        return x.astype(dtype)
    x = _RNG.standard_normal(shape)
    if kind == "pos":
        x = np.abs(x) + 0.5
    elif kind == "unit":
        x = _RNG.uniform(-0.9, 0.9, shape)
    elif kind == "big":
        x = np.abs(x) + 1.1
    return x.astype(dtype)


# ----------------------------------------------------------------------------- helpers

def _leaves(x):
    return [y for v in x for y in _leaves(v)] if isinstance(x, (tuple, list)) else [x]


def _tol(dtype, rtol, atol):
    base = {"float16": 4e-3, "bfloat16": 3e-2, "float32": 2e-5, "float64": 1e-12}.get(
        np.dtype(dtype).name, 0)
    return (base if rtol is None else rtol), (base / 10 if atol is None else atol)


def _values(got, want, rtol, atol, what):
    got, want = np.asarray(got), np.asarray(want)
    assert got.shape == want.shape, f"{what}: shape {got.shape} != {want.shape}"
    rtol, atol = _tol(got.dtype, rtol, atol)
    if got.dtype.kind in "biu" and want.dtype.kind in "biu":
        np.testing.assert_array_equal(got, want, err_msg=what)
    else:
        np.testing.assert_allclose(got.astype(np.float64), want.astype(np.float64), rtol=rtol,
                                   atol=atol, equal_nan=True, err_msg=what)


def _same(got, want, rtol, atol, what):
    """An mlax result against JAX's (an array, or the ShapeDtypeStruct of one): type, shape,
    dtype, weak type, and values if JAX's are given."""
    if not isinstance(want, (jax.Array, jax.ShapeDtypeStruct)) or type(got) in (int, tuple):
        assert got == want or isinstance(want, jax.ShapeDtypeStruct), f"{what}: {got!r} != " \
            f"{want!r}"                 # Python values (shapes...): numpy checks them
        return
    assert isinstance(got, mlax.Array), f"{what}: got a {type(got).__name__}, not an Array"
    assert got.shape == want.shape, f"{what}: shape {got.shape} != {want.shape}"
    assert got.dtype == want.dtype, f"{what}: dtype {got.dtype} != {want.dtype}"
    # (JAX's weak booleans are an artifact of its lax rules: bool is never promoted weakly)
    assert got.weak_type == want.weak_type or got.dtype == np.bool_, \
        f"{what}: weak_type {got.weak_type} != {want.weak_type} ({got.dtype})"
    if isinstance(want, jax.Array):
        _values(got, want, rtol, atol, what)


def _jax_values(f, args):
    """f(*args) with JAX, jitted whole: one XLA compile, where eagerly each jnp function
    would compile its own. What needs concrete values (boolean masks) runs eagerly."""
    try:
        return jax.jit(f)(*args)
    except Exception:
        return f(*args)


def _jax_types(f, args):
    """What JAX computes f(*args) to be, traced abstractly: no XLA compile, which would cost
    more than all the rest of a case. Python scalar arguments are traced (weak), as under jit."""
    try:
        return jax.eval_shape(f, *args)
    except Exception:                   # what only works on concrete values (boolean masks)
        return _jax_values(f, [jnp.asarray(a) if isinstance(a, np.ndarray) else a
                               for a in args])


def _np_arg(a):
    # numpy computes low-precision floats in float32: a reference, not a reproduction
    return a.astype(np.float32) if isinstance(a, np.ndarray) and a.dtype in (
        np.float16, BF16) else a


def check(f, *args, ref=None, jit=True, rtol=None, atol=None, libs=None):
    """f(mlax.numpy, *args) eagerly and under mlax.jit == f(jax.numpy, *args) in shape,
    dtype and weak type; and in value == f(numpy, *args), or ref(*args), or JAX's values if
    ref is False (where numpy's rule differs), or nothing if ref == "types". numpy arrays in
    args become arrays of each library; other args pass as they are (Python scalars are
    weakly typed, and traced under jit)."""
    mlib, jlib, nlib = libs or (mnp, jnp, np)
    conv = lambda lib: [lib.asarray(a) if isinstance(a, np.ndarray) else a for a in args]
    jax_values = ref is False or nlib is None          # else numpy's values are the reference
    jf = functools.partial(f, jlib)
    want = _leaves(_jax_values(jf, conv(jnp)) if jax_values else _jax_types(jf, args))
    results = {"eager": f(mlib, *conv(mnp))}
    if jit:
        results["jit"] = mlax.jit(functools.partial(f, mlib))(*conv(mnp))
    for how, got in results.items():
        got = _leaves(got)
        assert len(got) == len(want), f"{how}: {len(got)} outputs, JAX gives {len(want)}"
        for k, (g, w) in enumerate(zip(got, want)):
            _same(g, w, rtol, atol, f"{how} output {k} vs jax")
    if ref is not False and ref != "types" and nlib is not None:
        ref = functools.partial(f, nlib) if ref is None else ref
        for k, (g, r) in enumerate(zip(_leaves(results["eager"]),
                                       _leaves(ref(*map(_np_arg, args))))):
            if isinstance(r, (np.ndarray, np.generic, int, float, bool, jax.Array)):
                _values(g, r, rtol, atol, f"output {k} vs numpy")
    return results["eager"]


def check_numpy(f, *args, jit=True):
    """f(mlax.numpy, *args) == f(numpy, *args) in value, shape and (canonical) dtype, eagerly
    and under jit: for what mlax accepts beyond JAX (list indices...)."""
    want = _leaves(f(np, *args))
    conv = [mnp.asarray(a) if isinstance(a, np.ndarray) else a for a in args]
    results = [f(mnp, *conv)] + ([mlax.jit(functools.partial(f, mnp))(*conv)] if jit else [])
    for got in results:
        got = _leaves(got)
        assert len(got) == len(want)
        for g, w in zip(got, want):
            w = np.asarray(w)
            assert g.dtype == {"int64": np.int32, "float64": np.float32}.get(w.dtype.name,
                                                                              w.dtype)
            _values(g, w, None, None, "vs numpy")


def raises(exc, f, *args, match=None, jit=True):
    """f(*args) raises `exc` eagerly and (with jit) while tracing."""
    with pytest.raises(exc, match=match):
        f(*args)
    if jit:
        with pytest.raises(exc, match=match):
            mlax.jit(f)(*args)


def sample(*key, rate=0.25):
    """A fixed share of a table's cases, picked by a hash of `key`: the ones also compiled
    with mlax.jit where compiling every case would be slow (every case runs eagerly)."""
    return zlib.crc32(repr(key).encode()) % 1000 < rate * 1000


def ids(cases):
    return [c[0] for c in cases]


# ---------------------------------------------------------------------------- dtypes

def test_dtype_objects():
    for name in ("float16", "float32", "float64", "bfloat16", "int32", "int64", "uint32",
                 "bool_"):
        m, j = getattr(mnp, name), getattr(jnp, name)
        assert np.dtype(m) == np.dtype(j), name
        assert mnp.zeros(3, m).dtype == jnp.zeros(3, j).dtype, name
    assert mnp.float32 == np.float32 and mnp.float32 == "float32"
    assert mnp.dtype("float32") == np.float32
    assert mnp.pi == np.pi and mnp.e == np.e and mnp.inf == np.inf and math.isnan(mnp.nan)
    assert mnp.newaxis is None


@pytest.mark.parametrize("name", ["float16", "float32", "float64", "bfloat16", "int32",
                                  "int64", "uint32", "bool_"])
@pytest.mark.parametrize("value", [3, 2.5, True, [1, 0, 2]], ids=["int", "float", "bool",
                                                                  "list"])
def test_scalar_types_construct(name, value):
    dtype = BF16 if name == "bfloat16" else np.dtype(name.rstrip("_"))
    check(lambda np, v: getattr(np, name)(v), value, ref=lambda v: np.asarray(v).astype(dtype),
          jit=sample(name, value))


@pytest.mark.parametrize("dtype", ["float16", "bfloat16", "float32", "int32", "uint32",
                                   "bool", "float64"])
def test_astype(dtype):
    x = rand((2, 3), F) * 3
    if dtype == "uint32":
        x = np.abs(x)                   # negative floats to unsigned: undefined in C and numpy
    to = BF16 if dtype == "bfloat16" else np.dtype(dtype)
    ref = lambda x: x.astype(to)                                            # noqa: E731
    check(lambda np, x: x.astype(dtype), x, ref=ref)
    check(lambda np, x: x.astype(getattr(np, "bool_" if dtype == "bool" else dtype)), x,
          ref=ref, jit=False)
    check(lambda np, x: x.astype(dtype), rand((2, 3), I, "pos"), ref=ref)
    check(lambda np, x: x.astype(dtype), rand((4,), B), ref=ref, jit=False)


def test_numpy_scalar_types_as_dtypes():
    for t in (np.float32, np.int32, np.float16, np.bool_, np.uint32):
        check(lambda np, x: (np.zeros(2, t), x.astype(t), np.asarray(x, dtype=t)),
              rand(3), ref=False)


def test_repr_matches_jax():
    for f in [lambda np: np.ones(3, np.float16) + 1.0, lambda np: np.arange(3) + 1.5,
              lambda np: np.asarray(2.0), lambda np: np.asarray([1, 2]) * 2,
              lambda np: np.zeros((2, 0)), lambda np: np.asarray(True),
              lambda np: np.full((2, 2), 0.5, np.bfloat16)]:
        assert repr(f(mnp)) == repr(f(jnp))


def test_dtype_helpers():
    for a, b in [("float16", "bfloat16"), ("int32", "float16"), ("uint32", "int32"),
                 ("bool", "int32"), ("int32", "float32")]:
        assert mnp.promote_types(a, b) == jnp.promote_types(a, b), (a, b)
    assert mnp.result_type(mnp.ones(2, mnp.float16), 1.0) == jnp.result_type(
        jnp.ones(2, jnp.float16), 1.0)
    assert mnp.result_type(mnp.ones(2, mnp.int32), 1.5) == jnp.float32
    assert mnp.issubdtype(mnp.bfloat16, mnp.floating)
    assert not mnp.issubdtype(mnp.int32, mnp.floating)
    assert mnp.finfo(mnp.float16).eps == jnp.finfo(jnp.float16).eps
    assert mnp.finfo(mnp.bfloat16).max == jnp.finfo(jnp.bfloat16).max
    assert mnp.iinfo(mnp.int32).max == jnp.iinfo(jnp.int32).max


# Python scalars are weakly typed: they take the array's dtype when it can hold them.
PROMOTION = [
    ("f16+float", lambda np, x: x + 1.0, rand(3, "float16")),
    ("bf16*float", lambda np, x: x * 2.5, rand(3, "bfloat16")),
    ("float-f16", lambda np, x: 1.0 - x, rand(3, "float16")),
    ("i32+float", lambda np, x: x + 1.5, rand(3, I)),
    ("i32+int", lambda np, x: x + 2, rand(3, I)),
    ("u32+int", lambda np, x: x + 2, rand(3, "uint32")),
    ("bool+int", lambda np, x: x + 1, rand(3, B)),
    ("bool+float", lambda np, x: x * 1.5, rand(3, B)),
    ("bool+bool", lambda np, x: x + True, rand(3, B)),
    ("f16+i32", lambda np, x: x + np.ones(3, np.int32), rand(3, "float16")),
    ("f16+bf16", lambda np, x: x + np.ones(3, "bfloat16"), rand(3, "float16")),
    ("i32+u32", lambda np, x: x + np.ones(3, np.uint32), rand(3, I)),
    ("i32+f32", lambda np, x: x + np.ones(3, np.float32), rand(3, I)),
    ("bool+i32", lambda np, x: x + np.ones(3, np.int32), rand(3, B)),
    ("f64 array narrows", lambda np, x: x + np.ones(3, np.float64), rand(3, F)),
    ("weak array", lambda np, x: np.asarray(2.0) * x, rand(3, "float16")),
    ("weak+weak", lambda np: np.asarray(2.0) + 1, None),
    ("int+float scalars", lambda np: np.asarray(2) * 1.5, None),
    ("scalar arg", lambda np, x, s: x * s, rand(3, "float16"), 3.0),
    ("int scalar arg", lambda np, x, s: x - s, rand(3, I), 3),
    ("weak sum", lambda np: np.sum(np.asarray(2.0) * np.ones(3)), None),
]


@pytest.mark.parametrize("case", PROMOTION, ids=ids(PROMOTION))
def test_promotion(case):
    _, f, *args = case
    args = [a for a in args if a is not None]
    check(f, *args)


# A weakly typed value stays weak through what does not combine it with a strong one
# (indexing, shapes, where...); reductions and a few others make it strong, as in JAX.
WEAK = [
    ("index", lambda np, w: w[1]),
    ("gather", lambda np, w: w[np.array([0, 0, 1])]),
    ("dynamic index", lambda np, w: w[np.sum(np.ones(1, np.int32))]),
    ("at set", lambda np, w: w.at[0].set(1.0)),
    ("at add", lambda np, w: w.at[np.array([0, 0])].add(1)),
    ("take", lambda np, w: np.take(w, np.array([1, 0]))),
    ("take_along_axis", lambda np, w: np.take_along_axis(w, np.array([1, 0]), 0)),
    ("where", lambda np, w: np.where(w > 0, w, 0.0)),
    ("clip", lambda np, w: np.clip(w, 0, 1)),
    ("shapes", lambda np, w: (w.reshape(2, 1), w.T, np.flip(w), np.roll(w, 1), np.tile(w, 2),
                              np.repeat(w, 2), np.expand_dims(w, 0), np.broadcast_to(w, (3, 2)),
                              np.stack([w, w]), np.concatenate([w, w]), np.split(w, 2),
                              np.pad(w, 1), np.tril(np.outer(w, w)))),
    ("sort", lambda np, w: (np.sort(w), np.argsort(w))),
    ("unary", lambda np, w: (np.exp(w), np.abs(w), -w, np.sign(w), np.floor(w), np.round(w, 1),
                             w ** 2, 2 ** w, np.sqrt(w), np.log2(w), np.sinc(w), np.square(w))),
    ("binary", lambda np, w: (w + 1, w * w, w // 2, w % 2, np.maximum(w, 1), np.arctan2(w, w),
                              np.logaddexp(w, w), np.power(w, w))),
    ("products", lambda np, w: (np.dot(w, w), w @ w, np.einsum("i,i->", w, w),
                                np.outer(w, w))),
    ("reductions", lambda np, w: (np.sum(w), np.mean(w), np.max(w), np.var(w), np.cumsum(w),
                                  np.argmax(w), np.linalg.norm(w))),
    ("like", lambda np, w: (np.zeros_like(w), np.full_like(w, 2), np.ones_like(w, np.int32))),
    ("ints", lambda np, w: (np.asarray(w, np.int32) * 0 + 3, (w > 0) + 1)),
]


@pytest.mark.parametrize("case", WEAK, ids=ids(WEAK))
def test_weak_type_propagation(case):
    # the weak array is made inside the function (a Python scalar broadcast), so it is weak
    # both eagerly and under jit
    check(lambda np: case[1](np, np.full((2,), 1.5)), ref="types", jit=False)
    check(lambda np, s: case[1](np, np.full((2,), s)), 1.5, ref="types")


# -------------------------------------------------------------------------- creation

CREATION = [
    ("array list", lambda np: np.array([1, 2, 3])),
    ("array nested floats", lambda np: np.array([[1.0, 2], [3, 4]])),
    ("array bools", lambda np: np.array([True, False])),
    ("array scalar", lambda np: np.array(2.5)),
    ("array int scalar", lambda np: np.array(7)),
    ("array dtype", lambda np: np.array([1, 2], dtype=np.float16)),
    ("array ndmin", lambda np: np.array([1, 2], ndmin=3)),
    ("array empty", lambda np: np.array([])),
    ("asarray numpy f64", lambda np: np.asarray(__import__("numpy").ones(3))),
    ("asarray numpy i64", lambda np: np.asarray(__import__("numpy").arange(3))),
    ("asarray dtype", lambda np: np.asarray([1.7, 2.2], dtype=np.int32)),
    ("asarray bf16", lambda np: np.asarray([1.7, 2.2], dtype="bfloat16")),
    ("zeros", lambda np: np.zeros((2, 3))),
    ("zeros int shape", lambda np: np.zeros(4, np.int32)),
    ("zeros scalar", lambda np: np.zeros(())),
    ("zeros empty", lambda np: np.zeros((0, 3), np.bool_)),
    ("ones", lambda np: np.ones((2, 1), dtype="bfloat16")),
    ("ones uint", lambda np: np.ones(3, np.uint32)),
    ("full float", lambda np: np.full((2, 2), 1.5)),
    ("full int", lambda np: np.full(3, 7)),
    ("full bool", lambda np: np.full(3, True)),
    ("full dtype", lambda np: np.full((2,), 3, np.float16)),
    ("full array fill", lambda np: np.full((2, 3), np.arange(3.0))),
    ("full f32 fill", lambda np: np.full((2,), np.float32(2))),
    ("eye", lambda np: np.eye(3)),
    ("eye rect k", lambda np: np.eye(2, 4, k=1, dtype=np.int32)),
    ("eye k neg", lambda np: np.eye(4, 3, k=-2)),
    ("identity", lambda np: np.identity(2, np.bool_)),
    ("arange int", lambda np: np.arange(5)),
    ("arange start stop", lambda np: np.arange(2, 9, 3)),
    ("arange negative step", lambda np: np.arange(5, -3, -2)),
    ("arange float", lambda np: np.arange(0.5, 3)),
    ("arange float step", lambda np: np.arange(0, 1, 0.25)),
    ("arange dtype", lambda np: np.arange(4, dtype=np.float16)),
    ("arange empty", lambda np: np.arange(3, 1)),
    ("linspace", lambda np: np.linspace(0, 1, 5)),
    ("linspace no endpoint", lambda np: np.linspace(-1.0, 1.0, 4, endpoint=False)),
    ("linspace one", lambda np: np.linspace(2, 3, 1)),
    ("linspace zero", lambda np: np.linspace(2, 3, 0)),
    ("linspace int dtype", lambda np: np.linspace(0, 10, 4, dtype=np.int32)),
    ("linspace retstep", lambda np: np.linspace(0, 2, 5, retstep=True)),
    ("linspace arrays", lambda np: np.linspace(np.zeros(2), np.ones(2), 3)),
    ("linspace axis", lambda np: np.linspace(np.zeros(2), np.ones(2), 3, axis=-1)),
    ("tri", lambda np: np.tri(3, 4, k=1)),
    ("meshgrid", lambda np: np.meshgrid(np.arange(2), np.arange(3.0))),
    ("meshgrid ij", lambda np: np.meshgrid(np.arange(2), np.arange(3), indexing="ij")),
    ("logspace", lambda np: np.logspace(0, 2, 3)),
]


@pytest.mark.parametrize("case", CREATION, ids=ids(CREATION))
def test_creation(case):
    _, f = case
    check(f, jit=sample(case[0], rate=0.5))


LIKE = [
    ("zeros_like", lambda np, x: np.zeros_like(x)),
    ("ones_like", lambda np, x: np.ones_like(x)),
    ("ones_like dtype", lambda np, x: np.ones_like(x, dtype=np.float16)),
    ("ones_like shape", lambda np, x: np.ones_like(x, shape=(2, 2))),
    ("full_like", lambda np, x: np.full_like(x, 3)),
    ("full_like float", lambda np, x: np.full_like(x, 2.5)),
    ("full_like dtype", lambda np, x: np.full_like(x, 1, dtype=np.bool_)),
    ("empty_like shape", lambda np, x: np.empty_like(x).shape),
]


@pytest.mark.parametrize("dtype", [F, I, B, "bfloat16"])
@pytest.mark.parametrize("case", LIKE, ids=ids(LIKE))
def test_like(case, dtype):
    _, f = case
    check(f, rand((2, 3), dtype), jit=case[0] != "empty_like shape" and dtype == F)


def test_like_of_weak_scalar():
    check(lambda np, s: np.zeros_like(s), 2.0)
    check(lambda np: np.ones_like(3))


# ------------------------------------------------------------------------ elementwise

UNARY_FLOAT = [  # (name, domain of the inputs)
    ("exp", "normal"), ("exp2", "normal"), ("log", "pos"), ("log2", "pos"), ("log10", "pos"),
    ("log1p", "pos"), ("expm1", "normal"), ("sin", "normal"), ("cos", "normal"),
    ("tan", "unit"), ("tanh", "normal"), ("sinh", "normal"), ("cosh", "normal"),
    ("arcsin", "unit"), ("arccos", "unit"), ("arctan", "normal"), ("arcsinh", "normal"),
    ("arccosh", "big"), ("arctanh", "unit"), ("sqrt", "pos"), ("cbrt", "normal"),
    ("deg2rad", "normal"), ("rad2deg", "normal"), ("radians", "normal"),
    ("degrees", "normal"), ("sinc", "normal"), ("reciprocal", "pos"),
]


@pytest.mark.parametrize("dtype", [F, "float16", "bfloat16", I, B])
@pytest.mark.parametrize("name,domain", UNARY_FLOAT, ids=ids(UNARY_FLOAT))
def test_unary_float(name, domain, dtype):
    if name == "reciprocal" and dtype in (I, B):
        pytest.skip("numpy's integer reciprocal truncates (test_reciprocal_int)")
    x = rand((2, 3), dtype, "pos" if dtype in (I, B) else domain)
    if name == "arccosh" and dtype in (I, B):
        x = x + 1 if dtype == I else x
    # numpy computes booleans in float16; JAX in the default float
    ref = (lambda x: getattr(np, name)(x.astype(np.float32))) if dtype == B else None
    check(lambda np, x: getattr(np, name)(x), x, ref=False if name == "arccosh" and dtype == B
          else ref, jit=dtype == F or sample(name, dtype, rate=0.15))


@pytest.mark.parametrize("shape", [(), (0,), (3,), (2, 0, 3), (2, 3, 4)])
def test_unary_shapes(shape):
    check(lambda np, x: np.exp(np.sin(x)), rand(shape))
    check(lambda np, x: np.tanh(x), rand(shape, "float16"))


def test_unary_python_scalars():
    check(lambda np: np.sin(1.0))
    check(lambda np: np.sqrt(4))
    check(lambda np, s: np.exp(s), 0.5)
    check(lambda np: np.log(True))


_MAGNITUDES = np.array([1e-7, 1e-4, 1e-2, 0.3, 0.99, 1.0, 1.5, 5, 20, 80, 88.5, 89.2, 1e4,
                        1e20, 3e38, 0.0, np.inf, np.nan], np.float32)


@pytest.mark.parametrize("dtype", [F, "float16", "bfloat16"])
@pytest.mark.parametrize("name,domain", UNARY_FLOAT, ids=ids(UNARY_FLOAT))
def test_unary_float_accuracy(name, domain, dtype):
    # from tiny to huge magnitudes, where naive formulas cancel or overflow
    if name == "exp2" and dtype != F:
        pytest.skip("JAX's 16-bit exp2 is exp(round(x * log 2)): 5% off at 20, as mlax's")
    dt = BF16 if dtype == "bfloat16" else np.dtype(dtype)
    x = np.concatenate([_MAGNITUDES, -_MAGNITUDES]).astype(dt)
    x = x[np.abs(x.astype(np.float32)) < 1] if domain == "unit" else x
    x = x[np.abs(x.astype(np.float32)) < 1e30] if name == "sinc" else x   # pi x overflows
    if name == "arccosh":
        x = np.concatenate([np.array([1, 1 + 1e-6, 1.001], np.float32).astype(dt), x])
    with np.errstate(all="ignore"):
        want = getattr(np, name)(x.astype(np.float64)).astype(dt).astype(np.float64)
    for got in [getattr(mnp, name)(x)] + ([mlax.jit(getattr(mnp, name))(x)] if dtype == F
                                          else []):
        assert got.dtype == dt
        rtol = {"float32": 2e-6, "float16": 2e-3, "bfloat16": 1.6e-2}[dtype]
        tiny = 1e-7 if name == "sinc" else float(mnp.finfo(dt).smallest_subnormal)
        np.testing.assert_allclose(np.asarray(got, np.float64), want, rtol=rtol, atol=tiny,
                                   err_msg=f"{name} of {x}")


def test_reciprocal_int():
    # jnp.reciprocal makes ints floats; numpy's truncates (1 // x)
    check(lambda np, x: np.reciprocal(x), rand(6, I, "small"), ref=False)


def test_special_values():
    x = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 1e-30, -2.5, 1e30], np.float32)
    for name in ("exp", "log", "log1p", "sqrt", "tanh", "sin", "arctan", "sinc", "sign",
                 "isnan", "isfinite", "isinf", "isposinf", "isneginf", "signbit", "floor",
                 "ceil", "round", "trunc", "abs", "reciprocal", "expm1", "cbrt", "square"):
        check(lambda np, x: getattr(np, name)(x), x, jit=name in ("sinc", "sign", "signbit"))


UNARY_NUMERIC = ["abs", "absolute", "sign", "negative", "positive", "square", "floor", "ceil",
                 "trunc", "fix", "rint", "round", "around", "isnan", "isfinite", "isinf",
                 "signbit", "logical_not", "conj", "real"]


@pytest.mark.parametrize("dtype", [F, "float16", "bfloat16", I, "uint32", B])
@pytest.mark.parametrize("name", UNARY_NUMERIC)
def test_unary_numeric(name, dtype):
    if name == "negative" and dtype == B:
        return raises(TypeError, mnp.negative, mnp.ones(3, mnp.bool_))
    if not hasattr(jnp, name):
        pytest.skip(f"jnp has no {name}")
    x = rand((3, 4), dtype) * (2.7 if dtype not in (B, I, "uint32") else 1)
    if name in ("fix", "around") or (name == "sign" and dtype == "uint32"):
        ref = False            # deprecated in numpy 2 / numpy's sign of unsigned ints
    else:
        ref = None
    check(lambda np, x: getattr(np, name)(x), x, ref=ref,
          jit=dtype == F or sample(name, dtype, rate=0.15))


@pytest.mark.parametrize("dtype", [I, "uint32", B])
def test_invert(dtype):
    check(lambda np, x: np.invert(x), rand(5, dtype))
    check(lambda np, x: ~x, rand(5, dtype))
    check(lambda np, x: np.bitwise_not(x), rand(5, dtype))


def test_round_decimals():
    x = np.array([0.5, 1.5, 2.5, -0.5, -1.5, 1.25, 1.35, 123.456, -7.891], np.float32)
    check(lambda np, x: np.round(x), x)
    check(lambda np, x: np.round(x, 1), x)
    check(lambda np, x: np.round(x, 2), x)
    check(lambda np, x: np.round(x, -1), x)
    check(lambda np, x: x.round(1), x)
    raises(NotImplementedError, lambda x: mnp.round(x, -1), mnp.arange(3))     # as jnp


# Binary functions over dtype pairs; the oracle decides the result type.
BINARY = [  # name, domain of x2, whether numpy's values are the reference
    ("add", "normal", True), ("subtract", "normal", True), ("multiply", "normal", True),
    ("divide", "pos", True), ("true_divide", "pos", True), ("maximum", "normal", True),
    ("minimum", "normal", True), ("arctan2", "normal", True), ("hypot", "normal", True),
    ("logaddexp", "normal", True), ("logaddexp2", "normal", True), ("fmod", "small", True),
    ("floor_divide", "small", True), ("remainder", "small", True), ("mod", "small", True),
    ("power", "pos", True), ("float_power", "pos", False), ("equal", "normal", True),
    ("not_equal", "normal", True), ("less", "normal", True), ("less_equal", "normal", True),
    ("greater", "normal", True), ("greater_equal", "normal", True),
    ("logical_and", "normal", True), ("logical_or", "normal", True),
    ("logical_xor", "normal", True), ("divmod", "small", True),
]
PAIRS = [(F, F), ("float16", "float16"), ("bfloat16", "bfloat16"), (I, I), (B, B),
         (I, F), ("float16", F), ("float16", "bfloat16"), (B, I), (I, "uint32"),
         ("uint32", "uint32")]


@pytest.mark.parametrize("pair", PAIRS, ids=["-".join(p) for p in PAIRS])
@pytest.mark.parametrize("name,domain,numpy_ref", BINARY, ids=ids(BINARY))
def test_binary(name, domain, numpy_ref, pair):
    a, b = pair
    int_op = name in ("floor_divide", "remainder", "mod", "fmod", "divmod")
    if B in pair and (int_op or name in ("subtract", "power", "arctan2") and pair == (B, B)):
        pytest.skip("division by False and bool - bool: numpy and JAX differ "
                    "(test_bool_errors)")
    if name == "power" and a in (I, "uint32") and b in (I, "uint32"):
        domain = "pos"                     # integer ** negative integer is tested separately
    x1 = rand((2, 3), a) * (3 if a not in (B, I, "uint32") else 1)
    x2 = rand((2, 3), b, "pos" if b in ("uint32",) else domain)
    if int_op and b in (F, "float16", "bfloat16"):
        x2 = np.where(np.abs(x2.astype(np.float32)) < 0.5, 1.5, x2).astype(x2.dtype)
    ref = None if numpy_ref and not (name == "power" and a == "bfloat16") else False
    check(lambda np, x, y: getattr(np, name)(x, y), x1, x2, ref=ref,
          jit=pair == (F, F) or sample(name, pair, rate=0.15))


@pytest.mark.parametrize("name", ["add", "multiply", "maximum", "arctan2", "less", "power",
                                  "remainder", "logical_or", "floor_divide"])
@pytest.mark.parametrize("shapes", [((), ()), ((), (2, 3)), ((2, 3), (3,)), ((2, 1), (1, 3)),
                                    ((4, 1, 3), (2, 1)), ((0,), (1,)), ((0, 3), (3,))],
                         ids=str)
def test_binary_broadcasting(name, shapes):
    x = rand(shapes[0], F, "pos")
    y = rand(shapes[1], F, "pos")
    check(lambda np, x, y: getattr(np, name)(x, y), x, y, jit=sample(name, shapes, rate=0.4))


def test_binary_shape_mismatch():
    x, y = mnp.ones((2, 3)), mnp.ones((4,))
    raises(TypeError, mnp.add, x, y, match="broadcast")          # as JAX's lax rule
    raises(TypeError, lambda a, b: a * b, x, y, match="broadcast")
    raises(ValueError, mnp.where, mnp.ones(2, mnp.bool_), x, y, match="broadcast")


@pytest.mark.parametrize("dtype", [I, "uint32", B])
@pytest.mark.parametrize("name", ["bitwise_and", "bitwise_or", "bitwise_xor", "left_shift",
                                  "right_shift"])
def test_bitwise(name, dtype):
    if "shift" in name and dtype == B:
        pytest.skip("jnp does not shift booleans")
    x = rand(6, dtype) * (1 if dtype == B else 37)
    y = rand(6, dtype, "pos") if "shift" in name else rand(6, dtype)
    check(lambda np, x, y: getattr(np, name)(x, y), x, y)


def test_bitwise_signed_shift():
    x = np.array([-8, -1, 7, 1 << 30], np.int32)
    check(lambda np, x: (x >> 2, x << 1, np.right_shift(x, 31)), x)


def test_floor_divide_remainder_negative():
    x = np.array([7, -7, 7, -7, 0, 5, -5, 6], np.int32)
    y = np.array([2, 2, -2, -2, 3, -5, 5, -4], np.int32)
    check(lambda np, x, y: (x // y, x % y, np.fmod(x, y), np.divmod(x, y)), x, y)
    xf, yf = x.astype(np.float32) + 0.5, y.astype(np.float32)
    check(lambda np, x, y: (x // y, x % y, np.fmod(x, y)), xf, yf)
    check(lambda np, x: (x // 3, x % -3, -7 // x, 7.5 % x), y)
    check(lambda np, x: (x // 3, x % -3.0, -7 % x), yf)
    check(lambda np, x: np.remainder(x, 2), np.array([-1, -2, -3], np.int32))


def test_float_special_remainder():
    x = np.array([np.inf, -1.0, 1.0, 0.0, -0.0, 3.0], np.float32)
    y = np.array([2.0, np.inf, -np.inf, 2.0, -2.0, 0.0], np.float32)
    check(lambda np, x, y: (np.remainder(x, y), np.floor_divide(x, y), np.fmod(x, y)), x, y,
          ref=False)


def test_integer_division_by_zero():
    # XLA's rule (jnp): x // 0 == -1, x % 0 == x; numpy warns and gives 0
    x = np.array([5, -5, 0], np.int32)
    check(lambda np, x: (x // 0, x % 0), x, ref=False)


POWER = [
    ("float ** int", lambda np, x: x ** 2, rand(5, F)),
    ("float ** 3", lambda np, x: x ** 3, rand(5, "bfloat16")),
    ("float ** -2", lambda np, x: x ** -2, rand(5, F, "pos")),
    ("float ** 0", lambda np, x: x ** 0, rand(5, "float16")),
    ("float ** float", lambda np, x: x ** 0.5, rand(5, F, "pos")),
    ("float ** 2.0", lambda np, x: x ** 2.0, rand(5, F)),
    ("int ** int", lambda np, x: x ** 3, rand(5, I)),
    ("int ** 0", lambda np, x: x ** 0, rand(5, I)),
    ("int ** float", lambda np, x: x ** 1.5, rand(5, I, "pos")),
    ("2 ** int", lambda np, x: 2 ** x, rand(5, I, "pos")),
    ("2 ** float", lambda np, x: 2 ** x, rand(5, F)),
    ("2.0 ** int", lambda np, x: 2.0 ** x, rand(5, I)),
    ("-3 ** int", lambda np, x: (-3) ** x, rand(5, I, "pos")),
    ("int ** int array", lambda np, x, y: x ** y, rand(6, I), rand(6, I, "pos")),
    ("uint ** uint array", lambda np, x, y: x ** y, rand(6, "uint32"), rand(6, "uint32")),
    ("power overflow wraps", lambda np, x: np.power(x, 31), np.array([2, 3, -2], np.int32)),
    ("bool ** int", lambda np, x: x ** 2, rand(5, B)),
    ("pow", lambda np, x, y: np.power(x, y), rand(5, F, "pos"), rand(5, F)),
    ("float ** negative int array", lambda np, x, y: x ** y, rand(5, F, "pos"),
     np.array([-1, -2, 0, 1, 3], np.int32)),
    ("scalar ** scalar", lambda np: np.power(2, 10)),
    ("square", lambda np, x: np.square(x), rand(5, I)),
    ("square bool", lambda np, x: np.square(x), rand(5, B)),
    ("square f16", lambda np, x: np.square(x), rand(5, "float16")),
]


@pytest.mark.parametrize("case", POWER, ids=ids(POWER))
def test_power(case):
    _, f, *args = case
    check(f, *args)


def test_integer_negative_power():
    # an integer to a static negative power is an error, as in numpy and jnp
    raises(ValueError, lambda x: x ** -1, mnp.arange(1, 4))
    # traced, numpy raises and JAX's value is undefined: mlax truncates 1 / x ** -y
    x = np.array([1, -1, -1, 2, 3, 0, -2], np.int32)
    y = np.array([-1, -3, -2, -1, -2, -1, -5], np.int32)
    for got in (mnp.power(x, y), mlax.jit(mnp.power)(x, y)):
        assert got.tolist() == [1, -1, 1, 0, 0, 0, 0]


def test_bool_errors():
    b = mnp.ones(3, mnp.bool_)
    raises(TypeError, lambda x: x - x, b)
    raises(TypeError, lambda x: -x, b)
    raises(TypeError, mnp.sign, b)
    check(lambda np, x, y: (x // y, x % y, np.fmod(x, True)), rand(4, B), rand(4, B),
          ref=False)


def test_operators():
    x, y = rand((2, 3), F), rand((2, 3), F, "pos")
    check(lambda np, x, y: (x + y, x - y, x * y, x / y, x // y, x % y, -x, +x, abs(x),
                            x ** 2, y ** x, x == y, x != y, x < y, x <= y, x > y, x >= y),
          x, y)
    check(lambda np, x: (1 + x, 1 - x, 2 * x, 1 / x, 2 // x, 2 % x, 2 ** x, 1.5 < x,
                         x > 0, 0 == x), y)
    i, j = rand(5, I), rand(5, I, "pos")
    check(lambda np, x, y: (x & y, x | y, x ^ y, ~x, x << 2, x >> 1, 3 & x, x / y, x // y),
          i, j)
    b, c = rand(4, B), rand(4, B)
    check(lambda np, x, y: (x & y, x | y, x ^ y, ~x, x == y, x + y, x * y, x & True), b, c)
    check(lambda np, x: (x + np.ones(3, np.int32), np.ones((2, 1)) * x), rand(3, F))


def test_operators_with_numpy_operands():
    x = rand((2, 3), F)
    check(lambda np, x: x + __import__("numpy").ones(3, "float32"), x, ref=False)
    got = np.ones(3, np.float32) + mnp.ones(3)            # numpy defers to the array
    assert isinstance(got, mlax.Array) and got.dtype == np.float32


def test_maximum_minimum_nan():
    x = np.array([1.0, np.nan, -np.inf, 2.0], np.float32)
    y = np.array([np.nan, 0.0, 1.0, 2.0], np.float32)
    check(lambda np, x, y: (np.maximum(x, y), np.minimum(x, y)), x, y)


def test_hypot_extremes():
    x = np.array([1e30, 0, np.inf, np.nan, 3, -np.inf, 0, 1e-30], np.float32)
    y = np.array([1e30, 0, np.nan, 1, -4, 2, -0.0, 1e-30], np.float32)
    check(lambda np, x, y: np.hypot(x, y), x, y)


def test_logaddexp_extremes():
    x = np.array([np.inf, -np.inf, -np.inf, 1e30, np.nan, 0.0, 80.0], np.float32)
    y = np.array([np.inf, -np.inf, 1.0, 1e30, 1.0, 0.0, -80.0], np.float32)
    check(lambda np, x, y: np.logaddexp(x, y), x, y)


# -------------------------------------------------------------------- where / clip / close

def test_where():
    c, x, y = rand((2, 3), B), rand((2, 3)), rand((2, 3))
    check(lambda np, c, x, y: np.where(c, x, y), c, x, y)
    check(lambda np, c, x: np.where(c, x, 0), c, x)
    check(lambda np, c, x: np.where(c, x, 0), c, rand((2, 3), "float16"))
    check(lambda np, c: np.where(c, 1, 2.5), c)
    check(lambda np, c: np.where(c, 1, 2), c)
    check(lambda np, c, x: np.where(c, x, np.arange(3)), c, rand((2, 3), I))
    check(lambda np, c, x: np.where(c[:, :1], x[0], 0.0), c, x)        # broadcasting
    check(lambda np, x: np.where(x, 1.0, -1.0), rand(5, I))             # non-bool condition
    check(lambda np, x: np.where(x > 0, x, np.nan), rand(5))
    check(lambda np, c, x, y: np.where(c, x, y), rand((), B), rand(()), rand(()))
    check(lambda np, c, x, y: np.where(c, x, y), rand((0,), B), rand((0,)), rand((0,)))


CLIP = [
    ("both", lambda np, x: np.clip(x, -0.5, 0.5)),
    ("lo only", lambda np, x: np.clip(x, 0.0, None)),
    ("hi only", lambda np, x: np.clip(x, None, 0.3)),
    ("array bounds", lambda np, x: np.clip(x, np.zeros(3), np.ones((2, 1)))),
    ("method", lambda np, x: x.clip(-1, 1)),
    ("int bounds", lambda np, x: np.clip(x, -1, 1)),
]


@pytest.mark.parametrize("dtype", [F, "float16", I])
@pytest.mark.parametrize("case", CLIP, ids=ids(CLIP))
def test_clip(case, dtype):
    check(case[1], rand((2, 3), dtype) * (1 if dtype != I else 1))


def test_clip_int_with_float_bounds():
    check(lambda np, x: np.clip(x, -1.5, 2.5), rand(6, I))


def test_isclose_allclose():
    a = np.array([1.0, 1.0 + 1e-6, np.nan, np.inf, -np.inf, 0.0, 1e-9, 2.0], np.float32)
    b = np.array([1.0, 1.0, np.nan, np.inf, np.inf, 1e-9, 0.0, 2.1], np.float32)
    check(lambda np, a, b: np.isclose(a, b), a, b)
    check(lambda np, a, b: np.isclose(a, b, equal_nan=True), a, b)
    check(lambda np, a, b: np.isclose(a, b, rtol=0.1, atol=0.0), a, b)
    check(lambda np, a, b: np.allclose(a, b), a, b)
    check(lambda np, a, b: np.allclose(a[:2], b[:2]), a, b)
    check(lambda np, a, b: np.allclose(a, b, atol=0.2, equal_nan=True), a, b)
    check(lambda np, a, b: np.isclose(a, b), rand(4, I), rand(4, I))
    check(lambda np, a: np.isclose(a, 1), rand(4, "float16"))
    check(lambda np, a, b: np.isclose(a, b), rand((2, 1)), rand(3))
    check(lambda np, a, b: np.array_equal(a, b), a, a)
    check(lambda np, a, b: np.array_equal(a, b, equal_nan=True), a, a)


def test_nan_to_num():
    x = np.array([np.nan, np.inf, -np.inf, 1.0], np.float32)
    check(lambda np, x: np.nan_to_num(x), x)
    check(lambda np, x: np.nan_to_num(x, nan=1.0, posinf=2.0, neginf=-2.0), x)
    check(lambda np, x: np.nan_to_num(x), x.astype(np.float16), ref=False)  # f16's max


# -------------------------------------------------------------------------- reductions

REDUCE_AXES = [None, 0, -1, (0, 2), (-1, 0), ()]


@pytest.mark.parametrize("dtype", [F, I, B, "float16", "bfloat16"])
@pytest.mark.parametrize("name", ["sum", "prod", "mean", "var", "std", "max", "min", "all",
                                  "any", "ptp", "count_nonzero"])
def test_reductions(name, dtype):
    if name == "ptp" and dtype == B:
        pytest.skip("numpy and jnp reject ptp of booleans")
    x = rand((2, 3, 4), dtype) * (1 if dtype in (B, I) else 2)
    if name == "prod" and dtype not in (B, I):
        x = (x / 2 + 1).astype(x.dtype)      # keep products in range
    for axis in REDUCE_AXES:
        if name == "count_nonzero" and axis == ():
            continue
        check(lambda np, x: getattr(np, name)(x, axis=axis), x,
              jit=sample(name, dtype, axis, rate=0.15), rtol=5e-2 if dtype in (
                  "float16", "bfloat16") and name in ("var", "std") else None)
    if name != "count_nonzero":
        check(lambda np, x: getattr(np, name)(x, axis=1, keepdims=True), x, jit=dtype == F)
    check(lambda np, x: getattr(np, name)(x), x[0, 0, 0], jit=dtype == I)        # 0-d


@pytest.mark.parametrize("name", ["sum", "prod", "mean", "all", "any", "var", "count_nonzero"])
def test_reductions_empty(name):
    x = np.zeros((0, 3), np.float32)
    check(lambda np, x: getattr(np, name)(x), x)
    check(lambda np, x: getattr(np, name)(x, axis=0), x, jit=False)
    check(lambda np, x: getattr(np, name)(x, axis=1), x, jit=False)


@pytest.mark.parametrize("name", ["max", "min", "argmax", "argmin", "ptp"])
def test_reductions_empty_errors(name):
    x = mnp.zeros((0, 3))
    raises(ValueError, getattr(mnp, name), x)
    raises(ValueError, lambda x: getattr(mnp, name)(x, axis=0), x)
    check(lambda np, x: getattr(np, name)(x, axis=1), np.zeros((0, 3), np.float32))


REDUCE_OPTIONS = [
    ("sum dtype", lambda np, x: np.sum(x, dtype=np.float16)),
    ("sum int dtype", lambda np, x: np.sum(x > 0, axis=0, dtype=np.int32)),
    ("sum initial", lambda np, x: np.sum(x, axis=0, initial=10.0)),
    ("sum where", lambda np, x: np.sum(x, axis=1, where=x > 0)),
    ("prod where", lambda np, x: np.prod(x, where=x > 0)),
    ("max initial", lambda np, x: np.max(x, axis=0, initial=0.5)),
    ("min initial", lambda np, x: np.min(x, initial=-5.0)),
    ("mean dtype", lambda np, x: np.mean(x, axis=0, dtype=np.float16)),
    ("mean where", lambda np, x: np.mean(x, axis=1, where=x > 0)),
    ("mean keepdims tuple", lambda np, x: np.mean(x, axis=(0, 1), keepdims=True)),
    ("var ddof", lambda np, x: np.var(x, axis=1, ddof=1)),
    ("std ddof keepdims", lambda np, x: np.std(x, axis=0, ddof=1, keepdims=True)),
    ("all where", lambda np, x: np.all(x > 0, axis=1, where=x < 1)),
    ("any keepdims", lambda np, x: np.any(x > 1, axis=-1, keepdims=True)),
    ("methods", lambda np, x: (x.sum(), x.mean(0), x.max(axis=1), x.min(), x.prod(1), x.std(),
                               x.var(1), x.all(), x.any(0), x.argmax(), x.argmin(1),
                               x.cumsum(0), x.cumprod())),
    ("ptp method", lambda np, x: x.ptp(0) if hasattr(x, "ptp") else np.ptp(x, 0)),
    ("average", lambda np, x: np.average(x, axis=1)),
    ("average weights", lambda np, x: np.average(x, axis=0, weights=np.abs(x) + 1)),
    ("average returned", lambda np, x: np.average(x, returned=True)),
    ("amax amin", lambda np, x: (np.amax(x, 0), np.amin(x, -1))),
]


@pytest.mark.parametrize("case", REDUCE_OPTIONS, ids=ids(REDUCE_OPTIONS))
def test_reduction_options(case):
    check(case[1], rand((3, 4)))


def test_reduction_of_ints_and_scalars():
    check(lambda np, x: (np.sum(x), np.mean(x), np.prod(x, axis=0)), rand((3, 4), "uint32"),
          ref=False)
    check(lambda np: (np.sum(3), np.mean(2), np.max(1.5), np.sum(True)))
    check(lambda np, s: (np.sum(s), np.mean(s)), 2.5)


def test_reduction_axis_errors():
    x = mnp.ones((2, 3))
    raises(ValueError, lambda x: mnp.sum(x, axis=2), x, match="out of bounds")
    raises(ValueError, lambda x: mnp.sum(x, axis=(0, 0)), x, match="repeated")
    raises(ValueError, lambda x: mnp.argmax(x, axis=-3), x, match="out of bounds")


@pytest.mark.parametrize("dtype", [F, I, B, "float16"])
@pytest.mark.parametrize("name", ["argmax", "argmin"])
def test_argmax_argmin(name, dtype):
    x = rand((3, 4, 2), dtype)
    for axis in (None, 0, 1, -1):
        check(lambda np, x: getattr(np, name)(x, axis=axis), x, jit=axis == 1)
    check(lambda np, x: getattr(np, name)(x, axis=1, keepdims=True), x, jit=False)
    check(lambda np, x: getattr(np, name)(x, keepdims=True), x, jit=False)
    check(lambda np, x: getattr(np, name)(x), x[0, 0, 0], jit=dtype == F)


def test_argmax_ties_and_nan():
    x = np.array([[1, 3, 3, 0], [2, 2, 1, 2]], np.float32)
    check(lambda np, x: (np.argmax(x, 1), np.argmin(x, 1), np.argmax(x), np.argmin(x, 0)), x)
    y = np.array([1.0, np.nan, 5.0, np.nan], np.float32)
    check(lambda np, x: (np.argmax(x), np.argmin(x), np.max(x), np.min(x)), y)


@pytest.mark.parametrize("dtype", [F, I, B, "float16", "uint32"])
@pytest.mark.parametrize("name", ["cumsum", "cumprod"])
def test_cumulative(name, dtype):
    x = rand((3, 4), dtype)
    check(lambda np, x: getattr(np, name)(x), x)
    check(lambda np, x: getattr(np, name)(x, axis=0), x, jit=False)
    check(lambda np, x: getattr(np, name)(x, axis=-1, dtype=np.float32), x, jit=False)
    check(lambda np, x: getattr(np, name)(x), x[0, 0], jit=False)
    check(lambda np, x: getattr(np, name)(x, axis=0), np.zeros((0, 2), x.dtype), jit=False)


# ------------------------------------------------------------------------------ shapes

SHAPES = [
    ("transpose", lambda np, x: np.transpose(x), (2, 3, 4)),
    ("transpose axes", lambda np, x: np.transpose(x, (1, 0, 2)), (2, 3, 4)),
    ("transpose neg axes", lambda np, x: np.transpose(x, (-1, 0, -2)), (2, 3, 4)),
    ("transpose 0-d", lambda np, x: np.transpose(x), ()),
    ("T", lambda np, x: x.T, (2, 3)),
    ("T 1-d", lambda np, x: x.T, (3,)),
    ("mT", lambda np, x: x.mT, (4, 2, 3)),
    ("method transpose", lambda np, x: (x.transpose(2, 0, 1), x.transpose((1, 2, 0))),
     (2, 3, 4)),
    ("permute_dims", lambda np, x: np.permute_dims(x, (2, 1, 0)), (2, 3, 4)),
    ("swapaxes", lambda np, x: np.swapaxes(x, 0, -1), (2, 3, 4)),
    ("swapaxes same", lambda np, x: x.swapaxes(1, 1), (2, 3)),
    ("moveaxis", lambda np, x: np.moveaxis(x, 0, -1), (2, 3, 4)),
    ("moveaxis neg", lambda np, x: np.moveaxis(x, -1, 0), (2, 3, 4)),
    ("moveaxis many", lambda np, x: np.moveaxis(x, (0, 1), (-1, 0)), (2, 3, 4)),
    ("moveaxis many 2", lambda np, x: np.moveaxis(x, (0, 2), (2, 0)), (2, 3, 4, 5)),
    ("moveaxis many 3", lambda np, x: np.moveaxis(x, (3, 0), (0, 2)), (2, 3, 4, 5)),
    ("reshape", lambda np, x: np.reshape(x, (6, 4)), (2, 3, 4)),
    ("reshape -1", lambda np, x: np.reshape(x, (-1, 4)), (2, 3, 4)),
    ("reshape -1 mid", lambda np, x: x.reshape(2, -1, 2), (2, 3, 4)),
    ("reshape int", lambda np, x: x.reshape(-1), (2, 3)),
    ("reshape to 0-d", lambda np, x: x.reshape(()), (1, 1)),
    ("reshape 0-d to 1-d", lambda np, x: x.reshape(1), ()),
    ("reshape empty", lambda np, x: x.reshape(0, 5), (2, 0)),
    ("reshape empty -1", lambda np, x: x.reshape(3, -1), (3, 0)),
    ("ravel", lambda np, x: np.ravel(x), (2, 3, 4)),
    ("ravel 0-d", lambda np, x: np.ravel(x), ()),
    ("flatten", lambda np, x: x.flatten(), (2, 3)),
    ("expand_dims", lambda np, x: np.expand_dims(x, 0), (2, 3)),
    ("expand_dims neg", lambda np, x: np.expand_dims(x, -1), (2, 3)),
    ("expand_dims many", lambda np, x: np.expand_dims(x, (0, -1, 2)), (2, 3)),
    ("expand_dims 0-d", lambda np, x: np.expand_dims(x, 0), ()),
    ("squeeze", lambda np, x: np.squeeze(x), (1, 3, 1)),
    ("squeeze axis", lambda np, x: np.squeeze(x, -1), (1, 3, 1)),
    ("squeeze axes", lambda np, x: x.squeeze((0, 2)), (1, 3, 1)),
    ("squeeze 0-d", lambda np, x: np.squeeze(x), ()),
    ("broadcast_to", lambda np, x: np.broadcast_to(x, (4, 2, 3)), (2, 3)),
    ("broadcast_to ones", lambda np, x: np.broadcast_to(x, (2, 3)), (2, 1)),
    ("broadcast_to scalar", lambda np, x: np.broadcast_to(x, (3,)), ()),
    ("broadcast_to int", lambda np, x: np.broadcast_to(x, 4), (1,)),
    ("broadcast_to empty", lambda np, x: np.broadcast_to(x, (0, 3)), (3,)),
    ("broadcast_arrays", lambda np, x: np.broadcast_arrays(x, np.ones((4, 1, 1))), (2, 3)),
    ("atleast", lambda np, x: (np.atleast_1d(x), np.atleast_2d(x), np.atleast_3d(x)), ()),
    ("atleast 1d", lambda np, x: (np.atleast_1d(x), np.atleast_2d(x), np.atleast_3d(x)), (3,)),
    ("atleast 2d", lambda np, x: np.atleast_3d(x), (2, 3)),
    ("flip", lambda np, x: (np.flip(x), np.flip(x, 1), np.flip(x, (0, -1))), (2, 3, 4)),
    ("fliplr flipud", lambda np, x: (np.fliplr(x), np.flipud(x)), (2, 3)),
    ("roll", lambda np, x: (np.roll(x, 2), np.roll(x, -1, 1), np.roll(x, (1, 2), (0, 1))),
     (3, 4)),
    ("roll big shift", lambda np, x: np.roll(x, 7, axis=0), (3, 4)),
    ("tril triu", lambda np, x: (np.tril(x), np.triu(x, 1), np.tril(x, -1)), (3, 4)),
    ("tril batch", lambda np, x: np.triu(x), (2, 3, 3)),
    ("pad", lambda np, x: (np.pad(x, 1), np.pad(x, ((0, 1), (2, 0)), constant_values=5)),
     (2, 3)),
    ("shape ndim size", lambda np, x: (np.shape(x), np.ndim(x), np.size(x), np.size(x, 1)),
     (2, 3)),
]


@pytest.mark.parametrize("dtype", [F, I, B, "bfloat16"])
@pytest.mark.parametrize("case", SHAPES, ids=ids(SHAPES))
def test_shapes(case, dtype):
    _, f, shape = case
    if case[0] == "pad" and dtype == B:
        f = lambda np, x: np.pad(x, 1)                # noqa: E731
    check(f, rand(shape, dtype), jit=dtype == F)


SHAPE_ERRORS = [
    ("reshape size", lambda x: mnp.reshape(x, (4, 2)), TypeError, "reshape"),   # JAX's types
    ("reshape two -1", lambda x: x.reshape(-1, -1), TypeError, "one unknown"),
    ("reshape bad -1", lambda x: x.reshape(-1, 4), TypeError, "reshape"),
    ("transpose axes", lambda x: mnp.transpose(x, (0, 0)), TypeError, "axes"),
    ("transpose count", lambda x: mnp.transpose(x, (0,)), TypeError, "axes"),
    ("swapaxes", lambda x: mnp.swapaxes(x, 0, 2), ValueError, "out of bounds"),
    ("squeeze non-1", lambda x: mnp.squeeze(x, 0), ValueError, "squeeze"),
    ("expand_dims", lambda x: mnp.expand_dims(x, 3), ValueError, "out of bounds"),
    ("broadcast_to", lambda x: mnp.broadcast_to(x, (3, 3)), ValueError, "broadcast"),
    ("broadcast_to rank", lambda x: mnp.broadcast_to(x, (3,)), ValueError, "broadcast"),
    ("concatenate", lambda x: mnp.concatenate([x, mnp.ones((3, 2))], 1), TypeError, "differ"),
    ("concatenate rank", lambda x: mnp.concatenate([x, mnp.ones(3)]), TypeError,
     "dimension"),
    ("concatenate 0-d", lambda x: mnp.concatenate([x[0, 0], x[0, 0]]), ValueError,
     "zero-dimensional"),
    ("stack", lambda x: mnp.stack([x, x.T]), ValueError, "same shape"),
    ("split", lambda x: mnp.split(x, 2, axis=1), ValueError, "equal division"),
    ("moveaxis", lambda x: mnp.moveaxis(x, (0, 1), 0), ValueError, "same number"),
    ("tile", lambda x: mnp.tile(x, -1), ValueError, "negative"),
]


@pytest.mark.parametrize("case", SHAPE_ERRORS, ids=ids(SHAPE_ERRORS))
def test_shape_errors(case):
    _, f, exc, match = case
    raises(exc, f, mnp.ones((2, 3)), match=match)


JOIN = [
    ("concatenate", lambda np, x, y: np.concatenate([x, y])),
    ("concatenate axis", lambda np, x, y: np.concatenate((x, y, x), axis=-1)),
    ("concatenate None", lambda np, x, y: np.concatenate([x, y], axis=None)),
    ("concatenate one", lambda np, x, y: np.concatenate([x])),
    ("concat", lambda np, x, y: np.concat([x, y], axis=1)),
    ("stack", lambda np, x, y: np.stack([x, y])),
    ("stack axis", lambda np, x, y: np.stack([x, y, x], axis=-1)),
    ("stack axis 1", lambda np, x, y: np.stack((x, y), 1)),
    ("hstack", lambda np, x, y: np.hstack([x, y])),
    ("vstack", lambda np, x, y: np.vstack([x, y])),
    ("dstack", lambda np, x, y: np.dstack([x, y])),
    ("column_stack", lambda np, x, y: np.column_stack([x, y])),
    ("hstack 1-d", lambda np, x, y: np.hstack([x[0], y[1], x[0, :1]])),
    ("vstack 1-d", lambda np, x, y: np.vstack([x[0], y[1]])),
    ("stack 0-d", lambda np, x, y: np.stack([x[0, 0], y[0, 1]])),
    ("hstack 0-d", lambda np, x, y: np.hstack([x[0, 0], y[0, 1]])),
    ("concatenate empty", lambda np, x, y: np.concatenate([x[:0], y])),
    ("array of arrays", lambda np, x, y: np.array([x, y])),
    ("asarray of list of arrays", lambda np, x, y: np.asarray([x[0, 0], 1.0, y[1, 1]])),
]


@pytest.mark.parametrize("dtypes", [(F, F), (I, F), ("float16", "bfloat16"), (B, B), (B, I)],
                         ids=str)
@pytest.mark.parametrize("case", JOIN, ids=ids(JOIN))
def test_join(case, dtypes):
    check(case[1], rand((2, 3), dtypes[0]), rand((2, 3), dtypes[1]), jit=dtypes == (I, F))


SPLIT = [
    ("split", lambda np, x: np.split(x, 2)),
    ("split axis", lambda np, x: np.split(x, 3, axis=-1)),
    ("split indices", lambda np, x: np.split(x, [1, 3], axis=1)),
    ("array_split", lambda np, x: np.array_split(x, 4, axis=1)),
    ("array_split more", lambda np, x: np.array_split(x, 5, axis=0)),
    ("hsplit", lambda np, x: np.hsplit(x, 2)),
    ("vsplit", lambda np, x: np.vsplit(x, [1])),
    ("split 1", lambda np, x: np.split(x, 1)),
]


@pytest.mark.parametrize("case", SPLIT, ids=ids(SPLIT))
def test_split(case):
    check(case[1], rand((4, 6)))


def test_split_numpy_only():
    # numpy's clipping of unsorted and negative indices (JAX rejects them)
    check_numpy(lambda np, x: np.split(x, [-1, 5], axis=1), rand((4, 6)))
    check_numpy(lambda np, x: np.split(x, [2, 1], axis=1), rand((4, 6)))


TILE_REPEAT = [
    ("tile int", lambda np, x: np.tile(x, 2)),
    ("tile tuple", lambda np, x: np.tile(x, (2, 1))),
    ("tile more dims", lambda np, x: np.tile(x, (2, 1, 3))),
    ("tile fewer reps", lambda np, x: np.tile(x[0], (3, 2))),
    ("tile zero", lambda np, x: np.tile(x, 0)),
    ("tile 0-d", lambda np, x: np.tile(x[0, 0], 3)),
    ("repeat", lambda np, x: np.repeat(x, 2)),
    ("repeat axis", lambda np, x: np.repeat(x, 3, axis=1)),
    ("repeat neg axis", lambda np, x: np.repeat(x, 2, axis=-2)),
    ("repeat array", lambda np, x: np.repeat(x, __import__("numpy").array([2, 1]), axis=0)),
    ("repeat zero", lambda np, x: x.repeat(0, axis=0)),
    ("repeat 0-d", lambda np, x: np.repeat(x[0, 0], 3)),
]


@pytest.mark.parametrize("dtype", [F, B])
@pytest.mark.parametrize("case", TILE_REPEAT, ids=ids(TILE_REPEAT))
def test_tile_repeat(case, dtype):
    check(case[1], rand((2, 3), dtype), jit=dtype == F)


# ---------------------------------------------------------------------------- products

PRODUCTS = [
    ("dot 1-1", lambda np, x, y: np.dot(x, y), (3,), (3,)),
    ("dot 2-2", lambda np, x, y: np.dot(x, y), (2, 3), (3, 4)),
    ("dot 2-1", lambda np, x, y: np.dot(x, y), (2, 3), (3,)),
    ("dot 1-2", lambda np, x, y: np.dot(x, y), (3,), (3, 4)),
    ("dot 3-3", lambda np, x, y: np.dot(x, y), (2, 2, 3), (4, 3, 2)),
    ("dot scalar", lambda np, x, y: np.dot(x, y), (), (2, 3)),
    ("dot empty", lambda np, x, y: np.dot(x, y), (2, 0), (0, 3)),
    ("matmul 2-2", lambda np, x, y: np.matmul(x, y), (2, 3), (3, 4)),
    ("matmul 1-1", lambda np, x, y: x @ y, (3,), (3,)),
    ("matmul 1-2", lambda np, x, y: x @ y, (3,), (3, 4)),
    ("matmul 2-1", lambda np, x, y: x @ y, (2, 3), (3,)),
    ("matmul batch", lambda np, x, y: x @ y, (5, 2, 3), (5, 3, 4)),
    ("matmul broadcast batch", lambda np, x, y: x @ y, (2, 1, 2, 3), (4, 3, 2)),
    ("matmul 1-3", lambda np, x, y: x @ y, (3,), (2, 3, 4)),
    ("matmul 3-1", lambda np, x, y: x @ y, (2, 4, 3), (3,)),
    ("matmul 2-3", lambda np, x, y: x @ y, (2, 3), (5, 3, 2)),
    ("matmul empty", lambda np, x, y: x @ y, (0, 3), (3, 2)),
    ("rmatmul numpy", lambda np, x, y: __import__("numpy").ones((2, 3), "float32") @ y,
     (3,), (3, 4)),
    ("vdot", lambda np, x, y: np.vdot(x, y), (2, 3), (3, 2)),
    ("inner", lambda np, x, y: np.inner(x, y), (2, 3), (4, 3)),
    ("outer", lambda np, x, y: np.outer(x, y), (3,), (4,)),
    ("outer nd", lambda np, x, y: np.outer(x, y), (2, 2), (3,)),
    ("outer scalar", lambda np, x, y: np.outer(x, y), (), (3,)),
    ("tensordot 0", lambda np, x, y: np.tensordot(x, y, 0), (2,), (3,)),
    ("tensordot 1", lambda np, x, y: np.tensordot(x, y, 1), (2, 3), (3, 4)),
    ("tensordot 2", lambda np, x, y: np.tensordot(x, y), (2, 3, 4), (3, 4, 5)),
    ("tensordot axes", lambda np, x, y: np.tensordot(x, y, axes=([0, 2], [1, 0])), (2, 3, 4),
     (4, 2, 5)),
    ("tensordot int axes", lambda np, x, y: np.tensordot(x, y, axes=(1, 0)), (2, 3), (3, 4)),
    ("tensordot neg axes", lambda np, x, y: np.tensordot(x, y, axes=([-1], [-2])), (2, 3),
     (3, 4)),
]


@pytest.mark.parametrize("dtypes", [(F, F), (I, I), (B, B), ("bfloat16", "bfloat16"),
                                    ("float16", F), (I, F)], ids=str)
@pytest.mark.parametrize("case", PRODUCTS, ids=ids(PRODUCTS))
def test_products(case, dtypes):
    _, f, sa, sb = case
    rtol = 2e-2 if "float16" in dtypes else None
    if "bfloat16" in dtypes:
        rtol = 5e-2
    check(f, rand(sa, dtypes[0]), rand(sb, dtypes[1]), jit=sample(case[0], dtypes, rate=0.2),
          rtol=rtol, atol=rtol)


EINSUM = [
    ("ij,jk->ik", (2, 3), (3, 4)),
    ("bij,bjk->bik", (2, 2, 3), (2, 3, 4)),
    ("i,i->", (3,), (3,)),
    ("i,j->ij", (3,), (2,)),
    ("ij->ji", (2, 3)),
    ("ij->", (2, 3)),
    ("ij->i", (2, 3)),
    ("ij->j", (2, 3)),
    ("ijk->kij", (2, 3, 4)),
    ("...ij,...jk->...ik", (5, 2, 3), (5, 3, 4)),
    ("...ij,...jk->...ik", (2, 3), (3, 4)),
    ("...ij,jk->...ik", (2, 5, 2, 3), (3, 4)),
    ("...ij,...jk", (1, 2, 3), (4, 3, 2)),
    ("ij,jk", (2, 3), (3, 4)),
    ("ij,kj", (2, 3), (4, 3)),
    ("ba,ca", (2, 3), (4, 3)),
    ("ij,ij->ij", (2, 3), (2, 3)),
    ("ij,ij->", (2, 3), (2, 3)),
    ("ij,ij", (2, 3), (2, 3)),
    ("i,i", (3,), (3,)),
    ("ij,j->i", (2, 3), (3,)),
    ("bhqd,bhkd->bhqk", (2, 2, 3, 4), (2, 2, 5, 4)),
    ("ij,jk,kl->il", (2, 3), (3, 4), (4, 2)),
    ("i,i,i->", (3,), (3,), (3,)),
    ("ab,cd->abcd", (2, 2), (3, 1)),
    ("ij->i...", (2, 3)),
    ("...->...", (2, 3)),
    ("i->", (0,)),
    ("ij,jk->ik", (2, 0), (0, 3)),
    ("i,->i", (3,), ()),
]


@pytest.mark.parametrize("dtype", [F, I, "bfloat16"])
@pytest.mark.parametrize("case", EINSUM, ids=[c[0] for c in EINSUM])
def test_einsum(case, dtype):
    spec, *shapes = case
    if spec == "ij->i..." and dtype != F:
        pytest.skip()
    args = [rand(s, dtype) for s in shapes]
    check(lambda np, *ops: np.einsum(spec, *ops), *args, jit=dtype == F,
          rtol=5e-2 if dtype == "bfloat16" else None, atol=5e-2 if dtype == "bfloat16" else None)


def test_einsum_mixed_dtypes_and_preferred():
    check(lambda np, x, y: np.einsum("ij,jk->ik", x, y), rand((2, 3), I), rand((3, 2), F))
    for a, b in [(I, I), (B, B), ("bfloat16", "bfloat16"), (F, F)]:
        check(lambda np, x, y: np.einsum("ij,jk->ik", x, y, preferred_element_type=np.float32),
              rand((2, 3), a), rand((3, 2), b), ref=False)
        check(lambda np, x, y: np.dot(x, y, preferred_element_type=np.float32),
              rand((2, 3), a), rand((3, 2), b), ref=False)


def test_einsum_errors():
    x = mnp.ones((2, 3))
    raises(ValueError, lambda x: mnp.einsum("ij,jk->ik", x, x), x)
    raises(ValueError, lambda x: mnp.einsum("ijk->i", x), x)
    raises(ValueError, lambda x: mnp.einsum("ij,jk->ik", x), x)


PRODUCT_ERRORS = [
    ("dot", lambda x: mnp.dot(x, x)),
    ("matmul", lambda x: mnp.matmul(x, x)),
    ("@", lambda x: x @ x),
    ("@ scalar", lambda x: x @ x[0, 0]),
    ("matmul batch", lambda x: mnp.ones((2, 2, 3)) @ mnp.ones((3, 3, 4))),
    ("inner", lambda x: mnp.inner(x, x.T)),
    ("tensordot", lambda x: mnp.tensordot(x, x, 1)),
    ("tensordot axes", lambda x: mnp.tensordot(x, x, ([0], [1]))),
    ("vdot", lambda x: mnp.vdot(x, mnp.ones(5))),
]


@pytest.mark.parametrize("case", PRODUCT_ERRORS, ids=ids(PRODUCT_ERRORS))
def test_product_errors(case):
    raises((ValueError, TypeError), case[1], mnp.ones((2, 3)))


# ------------------------------------------------------------------------ sort / take

@pytest.mark.parametrize("dtype", [F, I, B, "float16", "bfloat16"])
def test_sort_argsort(dtype):
    x = rand((3, 5), dtype)
    for axis in (-1, 0, None):
        check(lambda np, x: np.sort(x, axis=axis), x, jit=axis == 0)
        check(lambda np, x: np.argsort(x, axis=axis), x, jit=axis == -1,
              ref=lambda x: np.argsort(x, axis=axis, kind="stable"))
    check(lambda np, x: (x.sort(), x.argsort(0, stable=True)), x,
          ref=lambda x: (np.sort(x), np.argsort(x, 0, kind="stable")), jit=False)
    check(lambda np, x: (np.sort(x, descending=True), np.argsort(x, 0, descending=True)), x,
          ref=lambda x: (np.sort(x)[:, ::-1], _argsort_descending(x, 0)))
    check(lambda np, x: (np.sort(x, axis=None), np.argsort(x, axis=None)), x[0, 0], jit=False)
    raises(ValueError, mnp.sort, mnp.asarray(x[0, 0]), match="out of bounds")
    check(lambda np, x: (np.sort(x), np.argsort(x)), x[:, :0], jit=False)


def _argsort_descending(x, axis):
    """numpy's stable descending order: equal elements keep their order."""
    return np.argsort(-x.astype(np.float64), axis, kind="stable")


def test_sort_stability_and_nan():
    x = np.array([3, 1, 2, 1, 3, 0, 1], np.int32)
    check(lambda np, x: (np.argsort(x), np.argsort(x, stable=True),
                         np.argsort(x, descending=True, stable=True)), x,
          ref=lambda x: (np.argsort(x, kind="stable"),) * 2 + (_argsort_descending(x, 0),))
    y = np.array([2.0, np.nan, -1.0, np.inf, -np.inf, 0.0, -0.0], np.float32)
    check(lambda np, x: np.sort(x), y)
    check(lambda np, x: np.argsort(x), y, ref=lambda x: np.argsort(x, kind="stable"))


TAKE = [
    ("take flat", lambda np, x: np.take(x, np.array([0, 5, 11, -1]))),
    ("take axis", lambda np, x: np.take(x, np.array([2, 0, 0]), axis=1)),
    ("take axis neg", lambda np, x: np.take(x, np.array([[1, 0], [2, 2]]), axis=-1)),
    ("take scalar index", lambda np, x: np.take(x, 1, axis=0)),
    ("take method", lambda np, x: x.take(np.array([1, 2]), axis=1)),
    ("take empty idx", lambda np, x: np.take(x, np.zeros(0, np.int32), axis=1)),
    ("take clip", lambda np, x: np.take(x, np.array([5, -7, 1]), axis=1, mode="clip")),
    ("take_along_axis", lambda np, x: np.take_along_axis(x, np.argsort(x, 1), axis=1)),
    ("take_along_axis 0", lambda np, x: np.take_along_axis(x, np.array([[2, 0, 1, 1]]), 0)),
    ("take_along_axis neg", lambda np, x: np.take_along_axis(x, np.array([[-1], [0], [1]]),
                                                              -1)),
    ("take_along_axis None", lambda np, x: np.take_along_axis(x, np.array([3, 0, -2]), None)),
    ("take_along_axis bcast", lambda np, x: np.take_along_axis(x, np.array([[0, 3]]), 1)),
]


@pytest.mark.parametrize("dtype", [F, I, B])
@pytest.mark.parametrize("case", TAKE, ids=ids(TAKE))
def test_take(case, dtype):
    # index arrays are built with the library's own `np`, so under jit they are constants
    check(case[1], rand((3, 4), dtype), ref=False if "bcast" in case[0] else None,
          jit=dtype == F)


def test_take_traced_indices_and_fill():
    x = rand((3, 4))
    idx = np.array([0, 3, -4, 4, -5, 9], np.int32)        # the last three are out of bounds
    check(lambda np, x, i: np.take(x, i, axis=1), x, idx, ref=False)      # JAX fills NaN
    check(lambda np, x, i: np.take(x, i, axis=1, mode="clip"), x, idx, ref=False)
    check(lambda np, x, i: np.take(x, i, axis=1, fill_value=-1.0), x, idx, ref=False)
    check(lambda np, x, i: np.take(x, i, axis=1), rand((3, 4), I), idx, ref=False)
    check(lambda np, x, i: np.take_along_axis(x, i, axis=0), x, rand((2, 4), I, "small"),
          ref=False)


def test_take_errors():
    x = mnp.ones((2, 3))
    raises(TypeError, lambda x: mnp.take(x, mnp.ones(2)), x)
    raises(ValueError, lambda x: mnp.take_along_axis(x, mnp.zeros(2, mnp.int32), 1), x)


# ---------------------------------------------------------------------------- indexing

IDX = np.array([2, 0, -1, 1])
IDX2 = np.array([[0, 1], [3, -4]])

INDEXING = [
    ("int", lambda np, x: x[1]),
    ("neg int", lambda np, x: x[-1]),
    ("ints", lambda np, x: x[1, -2]),
    ("ints full", lambda np, x: x[0, 1, 2]),
    ("numpy int", lambda np, x: x[__import__("numpy").int32(1)]),
    ("slice", lambda np, x: x[1:3]),
    ("slice open", lambda np, x: x[:, 2:]),
    ("slice step", lambda np, x: x[::2, 1::2]),
    ("slice neg step", lambda np, x: x[::-1]),
    ("slice neg step 2", lambda np, x: x[:, ::-2]),
    ("slice neg bounds", lambda np, x: x[-3:-1, -1:0:-1]),
    ("slice out of range", lambda np, x: x[5:10, -100:100]),
    ("slice empty", lambda np, x: x[2:1]),
    ("slice + int", lambda np, x: x[1:, 2]),
    ("None", lambda np, x: x[None]),
    ("None mid", lambda np, x: x[:, None, 1]),
    ("None end", lambda np, x: x[..., None]),
    ("Ellipsis", lambda np, x: x[...]),
    ("Ellipsis int", lambda np, x: x[..., 1]),
    ("int Ellipsis int", lambda np, x: x[0, ..., -1]),
    ("Ellipsis slice None", lambda np, x: x[..., 1:, None, ::2]),
    ("empty tuple", lambda np, x: x[()]),
    ("gather", lambda np, x: x[IDX[:3]]),
    ("gather 2-d idx", lambda np, x: x[IDX2 % 3]),
    ("gather second axis", lambda np, x: x[:, IDX]),
    ("gather last axis", lambda np, x: x[..., IDX2]),
    ("gather two", lambda np, x: x[IDX[:3], IDX[1:]]),
    ("gather two bcast", lambda np, x: x[IDX[:3, None], IDX[None, :]]),
    ("gather adjacent after slice", lambda np, x: x[:, IDX[:2], IDX[1:3]]),
    ("gather separated", lambda np, x: x[IDX[:2], :, IDX[1:3]]),
    ("gather separated by None", lambda np, x: x[IDX[:2], None, IDX[1:3]]),
    ("gather int + array", lambda np, x: x[1, IDX]),
    ("gather array + int", lambda np, x: x[IDX[:2], 1]),
    ("gather int sep array", lambda np, x: x[1, :, IDX[:2]]),
    ("gather array sep int", lambda np, x: x[IDX[:2], :, -1]),
    ("gather with slices", lambda np, x: x[1:, IDX, ::-1]),
    ("gather with None", lambda np, x: x[None, IDX[:2]]),
    ("gather scalar array", lambda np, x: x[np.array(1)]),
    ("gather scalar array 2", lambda np, x: x[:, np.array(-1)]),
    ("gather empty", lambda np, x: x[np.zeros(0, np.int32)]),
    ("bool mask", lambda np, x: x[np.array([True, False, True])]),
    ("bool mask 2-d", lambda np, x: x[np.array([[True, False, True, False]] * 3)]),
    ("bool mask + slice", lambda np, x: x[:, np.array([False, True, True, False])]),
]


def test_list_indices():
    # numpy reads a list index as an array; JAX rejects it (TypeError), mlax follows numpy
    check_numpy(lambda np, x: (x[[0, 2, 2]], x[:, [1, -1]], x[[True, False, True]]),
                rand((3, 4)))
    check_numpy(lambda np, x: np.take(x, [1, -1], axis=0), rand((3, 4)))
    check_numpy(lambda np, x: np.repeat(x, [1, 0, 2], axis=1), rand((2, 3)))


@pytest.mark.parametrize("dtype", [F, B])
@pytest.mark.parametrize("case", INDEXING, ids=ids(INDEXING))
def test_indexing(case, dtype):
    x = rand((3, 4, 5), dtype)
    # boolean masks give data-dependent shapes: eager only (a constant mask traces too)
    check(case[1], x, jit=dtype == F)


def test_indexing_1d_and_0d():
    check(lambda np, x: (x[0], x[-1], x[::-1], x[None], x[..., None], x[np.array([0, -1])]),
          rand(4))
    check(lambda np, x: (x[()], x[None], x[...], x[..., None]), rand(()))
    check(lambda np, x: (x[:], x[1:], x[::-1]), rand(0))


def test_indexing_traced():
    x = rand((4, 5))
    check(lambda np, x, i: x[i], x, np.array([3, -1, 0], np.int32))
    check(lambda np, x, i: x[i], x, np.array(2, np.int32))
    check(lambda np, x, i: x[i, 1:], x, np.array(-1, np.int32))
    check(lambda np, x, i: x[:, i], x, np.array(-2, np.int32))
    check(lambda np, x, i, j: x[i, j], x, np.array([0, 3], np.int32), np.array([4, -5], np.int32))
    check(lambda np, x, i: x[i[:, None], i[None, :]], x, np.array([0, 1, 3], np.int32))
    check(lambda np, x, i: x[1, i], x, np.array([0, 4], np.int32))
    check(lambda np, x, i: x[i], rand((3, 4, 2), I), np.array([[1], [2]], np.int32))


def test_indexing_traced_index_scalar():
    # a traced 0-d index (dynamic_slice clamps out-of-range starts, as XLA does)
    x = rand(5)
    check(lambda np, x, i: (x[i], x[i + 1]), x, np.array(2, np.int32))
    check(lambda np, x, i: x[i], x, 3)


def test_indexing_errors():
    x = mnp.ones((3, 4))
    # static out-of-bounds integers clamp as in JAX (tests/test_indexing_modes.py)
    raises(IndexError, lambda x: x[0, 0, 0], x, match="too many indices")
    raises(IndexError, lambda x: x[..., 0, ...], x, match="ellipsis")
    raises(IndexError, lambda x: x[1.5], x)
    raises(IndexError, lambda x: x[mnp.ones(2)], x)
    raises(IndexError, lambda x: x["a"], x)
    raises(IndexError, lambda x: mnp.ones(())[0], x, match="too many indices")
    with pytest.raises(IndexError, match="boolean"):
        mlax.jit(lambda x: x[x > 0])(x)
    with pytest.raises(IndexError):
        x[mnp.array([True, False])]                 # mask of the wrong length


def test_iteration_and_len():
    x = mnp.arange(6).reshape(2, 3)
    assert len(x) == 2
    rows = list(x)
    assert len(rows) == 2 and rows[1].tolist() == [3, 4, 5]
    with pytest.raises(TypeError):
        len(mnp.ones(()))
    with pytest.raises(TypeError):
        iter(mnp.ones(()))


# `x.at[idx].op(v)`: numpy's copy-and-assign, np.<ufunc>.at for the accumulating ones
AT_INDICES = [
    ("int", 1),
    ("neg int", -1),
    ("slice", slice(1, None)),
    ("step slice", (slice(None, None, -2), 1)),
    ("tuple", (0, 2)),
    ("Ellipsis", (Ellipsis, 1)),
    ("array", np.array([0, 2])),
    ("array dup", np.array([0, 2, 0, -3])),
    ("array 2-d", np.array([[0, 1], [1, 1]])),
    ("column array", (slice(None), np.array([3, 0, 3]))),
    ("two arrays", (np.array([0, 1, 0]), np.array([1, 2, 1]))),
    ("separated arrays", (np.array([0, 2]), slice(None), np.array([1, 0]))),
    ("int + array", (1, np.array([0, 0, 3]))),
    ("None", (None, 1)),
    ("bool mask", np.array([True, False, True])),
    ("all", ()),
]

AT_OPS = {"set": lambda a, i, v: a.__setitem__(i, v),
          "add": np.add.at, "mul": np.multiply.at,
          "min": np.minimum.at, "max": np.maximum.at}


def _np_at(op, idx):
    def ref(x, v=2.0):
        out = np.array(x)
        AT_OPS[op](out, idx, v)
        return out
    return ref


@pytest.mark.parametrize("op", list(AT_OPS))
@pytest.mark.parametrize("case", AT_INDICES, ids=ids(AT_INDICES))
def test_at(case, op):
    _, idx = case
    x = rand((3, 4, 2))
    v = rand(np.zeros((3, 4, 2))[idx].shape)
    dup = "dup" in case[0] or "2-d" in case[0] or "int + array" in case[0] or "two" in case[0]
    # numpy's set with duplicate indices keeps the last; XLA's is unspecified
    ref = False if op == "set" and dup else _np_at(op, idx)
    check(lambda np, x, v: getattr(x.at[idx], op)(v), x, v, ref=ref,
          jit="bool" not in case[0] and sample(case[0], op, rate=0.4))
    check(lambda np, x: getattr(x.at[idx], op)(2.0), x, ref=_np_at(op, idx) if not (
        op == "set" and dup) else False, jit=False)


def test_at_misc():
    x = rand((3, 4))
    check(lambda np, x: x.at[1].get(), x, ref=lambda x: x[1])
    check(lambda np, x: x.at[np.array([2, 0])].get(), x, ref=lambda x: x[[2, 0]])
    check(lambda np, x: x.at[0].multiply(3), x, ref=False)
    check(lambda np, x: x.at[0, 0].set(5), rand((3, 4), I), ref=False)
    check(lambda np, x: x.at[0].add(1.7), rand((3, 4), I), ref=False)  # jnp casts, with warning
    check(lambda np, x: x.at[:, 1].set(True), rand((3, 4), B), ref=False)
    check(lambda np, x: x.at[np.array([5, -1, -9])].set(1.0), rand(4), ref=False)  # OOB: dropped
    check(lambda np, x: x.at[()].set(7.0), rand(()), ref=False)
    check(lambda np, x: x.at[()].add(1), rand((), I), ref=False)
    check(lambda np, x, i, v: x.at[i].add(v), rand(5), np.array([0, 0, 4], np.int32), rand(3),
          ref=False)
    check(lambda np, x, i: x.at[i].set(0.0), rand((2, 3)), np.array(1, np.int32), ref=False)
    x = mnp.ones(3)
    y = x.at[0].set(5.0)
    assert x.tolist() == [1, 1, 1] and y.tolist() == [5, 1, 1]        # immutable


def test_at_errors():
    x = mnp.ones((3, 4))
    raises(ValueError, lambda x: x.at[0].set(mnp.ones(3)), x, match="broadcast")
    # x.at[3].set(...) drops the update, as in JAX (tests/test_indexing_modes.py)
    raises(IndexError, lambda x: x.at[0, 0, 0].add(1.0), x, match="too many")
    with pytest.raises(TypeError):
        x[0] = 1.0                           # immutable


# ----------------------------------------------------------------------------- linalg

NORM = [
    ("vector", lambda np, x: np.linalg.norm(x[0]), ),
    ("flat", lambda np, x: np.linalg.norm(x)),
    ("fro", lambda np, x: np.linalg.norm(x, "fro")),
    ("axis", lambda np, x: np.linalg.norm(x, axis=1)),
    ("axis neg keepdims", lambda np, x: np.linalg.norm(x, axis=-2, keepdims=True)),
    ("ord 1", lambda np, x: np.linalg.norm(x[0], 1)),
    ("ord inf", lambda np, x: np.linalg.norm(x[0], np.inf)),
    ("ord -inf", lambda np, x: np.linalg.norm(x[0], -np.inf)),
    ("ord 0", lambda np, x: np.linalg.norm(x[0], 0)),
    ("ord 3", lambda np, x: np.linalg.norm(x[0], 3)),
    ("ord 2 vector", lambda np, x: np.linalg.norm(x[0], 2)),
    ("matrix 1", lambda np, x: np.linalg.norm(x, 1)),
    ("matrix inf", lambda np, x: np.linalg.norm(x, np.inf)),
    ("matrix -1", lambda np, x: np.linalg.norm(x, -1)),
    ("matrix -inf", lambda np, x: np.linalg.norm(x, -np.inf)),
    ("batched matrix", lambda np, x: np.linalg.norm(np.stack([x, x]), axis=(1, 2))),
    ("vector axis ord", lambda np, x: np.linalg.norm(x, 1, axis=0)),
    ("keepdims flat", lambda np, x: np.linalg.norm(x, keepdims=True)),
    ("scalar", lambda np, x: np.linalg.norm(x[0, 0])),
    ("empty", lambda np, x: np.linalg.norm(x[:0])),
]


@pytest.mark.parametrize("dtype", [F, I, "float16"])
@pytest.mark.parametrize("case", NORM, ids=ids(NORM))
def test_norm(case, dtype):
    check(case[1], rand((3, 4), dtype), jit=dtype == F)


def test_norm_errors():
    raises(ValueError, lambda x: mnp.linalg.norm(x, axis=(0, 1, 2)), mnp.ones((2, 2, 2)))
    raises(ValueError, lambda x: mnp.linalg.norm(x, "fro"), mnp.ones(3))
