"""mlax.nn against jax.nn: each case runs eagerly and under mlax.jit; jax.nn is the oracle
for shape, dtype, weak type and value (see test_numpy.check)."""
import functools

import jax
import numpy as np
import pytest

import mlax
from test_numpy import BF16, F, I, check, ids, rand, raises, sample

pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning", "ignore::DeprecationWarning")
NN = (mlax.nn, jax.nn, np)
_JAX = {}


def check_nn(table, case, x, **kwargs):
    """check() of one case of a table, with jax.nn's values as the reference (its types come
    from tracing jax.nn abstractly). JAX computes every case of the table in one jitted
    function, in float32 for 16-bit inputs (then rounded): one XLA compile per case and
    dtype would cost more than all the rest of the suite."""
    x32 = np.asarray(x, F) if np.asarray(x).dtype in (np.float16, BF16) else x
    cases = [c for c in table if _jax_accepts(c[1], x32)]
    key = (id(table), np.asarray(x32).dtype.name, np.shape(x32))
    if key not in _JAX:
        _JAX[key] = jax.jit(lambda x: [f(jax.nn, x) for _, f in cases])
    values = jax.tree.map(lambda v: np.asarray(v).astype(np.asarray(x).dtype) if x32 is not x
                          else v, _JAX[key](x32)[cases.index(case)])
    check(case[1], x, libs=NN, ref=lambda *_: values, **kwargs)


@functools.lru_cache(maxsize=None)
def _jax_types_ok(f, aval):
    try:
        jax.eval_shape(functools.partial(f, jax.nn), aval)
        return True
    except TypeError:
        return False


def _jax_accepts(f, x):
    return _jax_types_ok(f, jax.ShapeDtypeStruct(np.shape(x), np.asarray(x).dtype)
                         if isinstance(x, np.ndarray) else x)


# where naive formulas overflow, underflow or lose the sign
EXTREME = np.array([-100.0, -20.0, -1e-3, 0.0, 1e-3, 20.0, 100.0, -np.inf, np.inf], F)

ACTIVATIONS = [
    ("relu", lambda nn, x: nn.relu(x)),
    ("relu6", lambda nn, x: nn.relu6(x)),
    ("sigmoid", lambda nn, x: nn.sigmoid(x)),
    ("log_sigmoid", lambda nn, x: nn.log_sigmoid(x)),
    ("softplus", lambda nn, x: nn.softplus(x)),
    ("silu", lambda nn, x: nn.silu(x)),
    ("swish", lambda nn, x: nn.swish(x)),
    ("gelu", lambda nn, x: nn.gelu(x)),
    ("gelu approximate", lambda nn, x: nn.gelu(x, approximate=True)),
    ("gelu exact", lambda nn, x: nn.gelu(x, approximate=False)),
    ("elu", lambda nn, x: nn.elu(x)),
    ("elu alpha", lambda nn, x: nn.elu(x, alpha=0.5)),
    ("leaky_relu", lambda nn, x: nn.leaky_relu(x)),
    ("leaky_relu slope", lambda nn, x: nn.leaky_relu(x, negative_slope=0.2)),
]
INPUTS = {dtype: [rand((3, 4), dtype) * 3, rand((), dtype), rand((0, 2), dtype)]
          for dtype in (F, "float16", "bfloat16")}


def _tol(dtype):
    return {"float16": 5e-3, "bfloat16": 3e-2}.get(np.dtype(dtype).name, 2e-6)


@pytest.mark.parametrize("dtype", [F, "float16", "bfloat16"])
@pytest.mark.parametrize("case", ACTIVATIONS, ids=ids(ACTIVATIONS))
def test_activations(case, dtype):
    tol = _tol(dtype)
    for k, x in enumerate(INPUTS[dtype]):
        check_nn(ACTIVATIONS, case, x, rtol=tol, atol=tol,
                 jit=k == 0 and (dtype == F or sample(case[0], dtype)))


@pytest.mark.parametrize("case", ACTIVATIONS, ids=ids(ACTIVATIONS))
def test_activations_extremes(case):
    check_nn(ACTIVATIONS, case, EXTREME, rtol=1e-5, atol=1e-6)


INTS = np.arange(-3, 4, dtype=I)


@pytest.mark.parametrize("case", ACTIVATIONS, ids=ids(ACTIVATIONS))
def test_activations_ints_and_scalars(case):
    if _jax_accepts(case[1], INTS):       # jax.nn.sigmoid & co take floats only
        check_nn(ACTIVATIONS, case, INTS, rtol=1e-6, atol=1e-6, jit=sample(case[0]))
    check_nn(ACTIVATIONS, case, 1.5, rtol=1e-6, atol=1e-6)      # weakly typed


LOGSUMEXP = [
    ("all", lambda nn, x: nn.logsumexp(x)),
    ("axis", lambda nn, x: nn.logsumexp(x, axis=1)),
    ("neg axis keepdims", lambda nn, x: nn.logsumexp(x, axis=-1, keepdims=True)),
    ("axes", lambda nn, x: nn.logsumexp(x, axis=(0, 2))),
    ("axes keepdims", lambda nn, x: nn.logsumexp(x, axis=(0, 2), keepdims=True)),
    ("b", lambda nn, x: nn.logsumexp(x, axis=0, b=2.0)),
    ("b array", lambda nn, x: nn.logsumexp(x, axis=2, b=np.linspace(0.5, 1.5, 4, dtype=F))),
    ("b negative", lambda nn, x: nn.logsumexp(x, axis=2, b=np.array([1.0, -1, 1, -1], F))),
    ("return_sign", lambda nn, x: nn.logsumexp(x, axis=2, b=np.array([1.0, -1, 1, -1], F),
                                               return_sign=True)),
]
LSE_INPUTS = {F: rand((2, 3, 4)) * 10, "bfloat16": rand((2, 3, 4), "bfloat16") * 10}


@pytest.mark.parametrize("dtype", [F, "bfloat16"])
@pytest.mark.parametrize("case", LOGSUMEXP, ids=ids(LOGSUMEXP))
def test_logsumexp(case, dtype):
    tol = _tol(dtype)
    check_nn(LOGSUMEXP, case, LSE_INPUTS[dtype], rtol=tol, atol=tol, jit=dtype == F)


STABLE = [
    ("logsumexp", lambda nn, x: nn.logsumexp(x, axis=1)),
    ("logsumexp all", lambda nn, x: nn.logsumexp(x)),
    ("softmax", lambda nn, x: nn.softmax(x)),
    ("log_softmax", lambda nn, x: nn.log_softmax(x)),
]


@pytest.mark.parametrize("case", STABLE, ids=ids(STABLE))
def test_extremes(case):
    x = np.array([[1000.0, 1000.0], [-np.inf, -np.inf], [-np.inf, 0.0], [np.inf, 1.0],
                  [np.nan, 1.0], [-1000.0, -1001.0], [1e4, -1e4]], F)
    check_nn(STABLE, case, x)
    check_nn(STABLE, case, np.zeros((0, 3), F))


SOFTMAX = [
    ("softmax", lambda nn, x: nn.softmax(x)),
    ("softmax axis", lambda nn, x: nn.softmax(x, axis=0)),
    ("softmax axes", lambda nn, x: nn.softmax(x, axis=(0, 1))),
    ("softmax where", lambda nn, x: nn.softmax(x, where=np.arange(12).reshape(3, 4) % 3 != 0)),
    ("log_softmax", lambda nn, x: nn.log_softmax(x)),
    ("log_softmax axis", lambda nn, x: nn.log_softmax(x, axis=0)),
    ("log_softmax axes", lambda nn, x: nn.log_softmax(x, axis=(-1, -2))),
    ("log_softmax where", lambda nn, x: nn.log_softmax(x, where=np.eye(3, 4) == 0)),
    ("standardize", lambda nn, x: nn.standardize(x)),
    ("standardize axis", lambda nn, x: nn.standardize(x, axis=0, epsilon=1e-3)),
]
SOFTMAX_INPUTS = {d: rand((3, 4), d) * 5 for d in (F, "float16", "bfloat16")}
SOFTMAX_INPUTS[I] = np.arange(12, dtype=I).reshape(3, 4) - 6


@pytest.mark.parametrize("dtype", [F, "float16", "bfloat16", I])
@pytest.mark.parametrize("case", SOFTMAX, ids=ids(SOFTMAX))
def test_softmax(case, dtype):
    tol = _tol(F if dtype == I else dtype)
    check_nn(SOFTMAX, case, SOFTMAX_INPUTS[dtype], rtol=tol, atol=tol,
             jit=dtype == F or sample(case[0], dtype))


ONE_HOT = [
    ("basic", lambda nn, x: nn.one_hot(x, 5)),
    ("dtype", lambda nn, x: nn.one_hot(x, 4, dtype="int32")),
    ("bf16", lambda nn, x: nn.one_hot(x, 4, dtype=BF16)),
    ("bool", lambda nn, x: nn.one_hot(x, 3, dtype="bool")),
    ("axis 0", lambda nn, x: nn.one_hot(x, 5, axis=0)),
    ("axis neg", lambda nn, x: nn.one_hot(x, 5, axis=-1)),
]
ONE_HOT_2D = [
    ("axis mid", lambda nn, x: nn.one_hot(x, 5, axis=1)),
    ("axis neg 2", lambda nn, x: nn.one_hot(x, 5, axis=-2)),
]
LABELS = np.array([[0, 2, 4], [-1, 5, 1]], I)      # out of range: all-zero rows


@pytest.mark.parametrize("case", ONE_HOT, ids=ids(ONE_HOT))
def test_one_hot(case):
    check_nn(ONE_HOT, case, LABELS)
    check_nn(ONE_HOT, case, LABELS[0, 1], jit=False)              # 0-d
    check_nn(ONE_HOT, case, np.zeros((0,), I), jit=False)


@pytest.mark.parametrize("case", ONE_HOT_2D, ids=ids(ONE_HOT_2D))
def test_one_hot_axes(case):
    check_nn(ONE_HOT_2D, case, LABELS)
    raises(ValueError, lambda x: case[1](mlax.nn, x), mlax.numpy.asarray(LABELS[0, 0]))


def test_one_hot_traced_labels():
    check(lambda nn, x: nn.one_hot(x, 3), 2, libs=NN, ref=lambda x: np.eye(3, dtype=F)[x])
    check(lambda nn, x: nn.one_hot(x, 3), np.array([2, 0], I), libs=NN,
          ref=lambda x: np.eye(3, dtype=F)[x])


def test_errors():
    x = mlax.numpy.ones((2, 3))
    raises(ValueError, lambda x: mlax.nn.softmax(x, axis=2), x, match="out of bounds")
    raises(ValueError, lambda x: mlax.nn.logsumexp(x, axis=(0, 0)), x, match="repeated")
    raises(ValueError, lambda x: mlax.nn.one_hot(x, 3, axis=3), x, match="out of bounds")
