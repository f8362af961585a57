"""Errors of JAX's types: each case runs on jax and on mlax, eagerly and under jit (and,
for tracer conversions, under grad and vmap), and must raise the same exception class:
the same `jax.errors` class by name, or the same builtin."""
import operator
import os

os.environ.setdefault("JAX_PLATFORMS", "cpu")

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from jax import lax as jlax  # noqa: E402

import mlax  # noqa: E402
import mlax.numpy as mnp  # noqa: E402
from mlax import lax as mlax_lax  # noqa: E402

LIBS = {"jax": (jax, jnp, jlax), "mlax": (mlax, mnp, mlax_lax)}
pytestmark = pytest.mark.filterwarnings("ignore::FutureWarning", "ignore::DeprecationWarning")


def kind(err):
    """The class JAX users catch: a jax.errors/mlax.errors class by name, else the first
    builtin the exception derives from."""
    t = type(err)
    if t.__module__ in ("jax.errors", "mlax.errors", "jax._src.errors"):
        return t.__name__
    return next(b.__name__ for b in t.__mro__ if b.__module__ == "builtins")


def outcome(thunk):
    try:
        thunk()
    except Exception as e:           # noqa: BLE001  (any class is a result to compare)
        return kind(e)
    return "ok"


def same(case, *args, transforms=("eager", "jit")):
    """case(jax_like, jnp_like, lax_like, *arrays) raises the same class in both libraries,
    for each way of running it; args are numpy data."""
    for how in transforms:
        got = {}
        for name, (j, np_, lax) in LIBS.items():
            def run(*xs):
                return case(j, np_, lax, *xs)
            if how == "eager":
                thunk = lambda: run(*[np_.asarray(a) for a in args])    # noqa: E731
            elif how == "grad":
                thunk = lambda: j.grad(lambda *xs: (run(*xs), xs[0].sum())[1])(*args)  # noqa
            else:
                thunk = lambda: getattr(j, how)(run)(*args)              # noqa: E731
            got[name] = outcome(thunk)
        assert got["mlax"] == got["jax"], f"{how}: jax raised {got['jax']}, mlax {got['mlax']}"
        if how != "eager":
            assert got["jax"] != "ok" or how == "grad", f"{how}: the case raises nothing"


F1, F2, F23 = np.float32(1.5), np.ones(2, np.float32), np.ones((2, 3), np.float32)
I1, I2 = np.int32(1), np.ones(2, np.int32)


# ----------------------------------------------------------------------- the classes

def test_hierarchy_is_jaxs():
    names = ["JAXTypeError", "JAXIndexError", "ConcretizationTypeError",
             "NonConcreteBooleanIndexError", "TracerArrayConversionError",
             "TracerBoolConversionError", "TracerIntegerConversionError",
             "UnexpectedTracerError", "KeyReuseError", "JaxRuntimeError"]
    for a in names:
        ja, ma = getattr(jax.errors, a), getattr(mlax.errors, a)
        for builtin in (TypeError, IndexError, ValueError, RuntimeError):
            assert issubclass(ma, builtin) == issubclass(ja, builtin), (a, builtin)
        for b in names:
            assert issubclass(ma, getattr(mlax.errors, b)) == issubclass(
                ja, getattr(jax.errors, b)), (a, b)
    assert mlax.ConcretizationTypeError is mlax.errors.ConcretizationTypeError
    import mlax.errors as by_import
    assert by_import is mlax.errors


# ------------------------------------------------------------- tracers used as values

CONVERSIONS = [
    ("bool", lambda x: bool(x), F1),
    ("if", lambda x: 1 if x > 0 else 0, F1),
    ("bool 1-element", lambda x: bool(x), np.ones(1, np.float32)),
    ("bool vector", lambda x: bool(x), F2),
    ("bool empty", lambda x: bool(x), np.ones(0, np.float32)),
    ("int", lambda x: int(x), F1),
    ("int vector", lambda x: int(x), F2),
    ("int of int", lambda x: int(x), I1),
    ("float", lambda x: float(x), F1),
    ("float vector", lambda x: float(x), F2),
    ("complex", lambda x: complex(x), F1),
    ("np.asarray", lambda x: np.asarray(x), F2),
    ("numpy function", lambda x: np.sin(x), F2),
    ("numpy binary", lambda x: np.add(np.ones(2), x), F2),
    ("__index__", lambda x: operator.index(x), I1),
    ("range", lambda x: range(x), I1),
    ("list index", lambda x: [1, 2, 3][x], I1),
    ("__index__ of float", lambda x: operator.index(x), F1),
    ("__index__ of vector", lambda x: operator.index(x), I2),
    ("item", lambda x: x.item(), F1),
    ("tolist", lambda x: x.tolist(), F2),
    ("hash", lambda x: hash(x), F1),
]


@pytest.mark.parametrize("case", CONVERSIONS, ids=[c[0] for c in CONVERSIONS])
def test_tracer_conversions(case):
    _, f, x = case
    transforms = ("eager", "jit", "vmap") if np.ndim(x) else ("eager", "jit")
    same(lambda j, np_, lax, x: f(x), x, transforms=transforms)
    if np.asarray(x).dtype.kind == "f" and np.ndim(x) == 0:
        same(lambda j, np_, lax, x: f(x), x, transforms=("grad",))


def test_traced_boolean_mask():
    same(lambda j, np_, lax, x: x[x > 1], F2)


@pytest.mark.parametrize("case", [
    lambda j, np_, lax, n: np_.ones(4).reshape(n, -1),
    lambda j, np_, lax, n: np_.broadcast_to(np_.ones(1), (n,)),
], ids=["reshape", "broadcast_to"])
def test_traced_sizes(case):
    same(case, np.int32(2))


def test_errors_name_the_users_line_and_argument():
    line = test_errors_name_the_users_line_and_argument.__code__.co_firstlineno + 3
    with pytest.raises(mlax.errors.TracerBoolConversionError) as err:
        mlax.jit(lambda x, y: 1 if x > 0 else y)(1.0, 2.0)
    msg = str(err.value)
    assert f"{os.path.basename(__file__)}:{line}:" in msg and "'x'" in msg and "'y'" not in msg
    with pytest.raises(mlax.errors.TracerIntegerConversionError, match="static_argnames"):
        mlax.jit(lambda n: mnp.zeros(3)[:n])(2)


def _leak(j, transform):
    saved = []

    def f(x):
        saved.append(x * 2)
        return x
    getattr(j, transform)(f)(np.ones(2, np.float32) if transform == "vmap" else np.float32(1))
    return saved[0]


LEAKS = [
    ("op", lambda j, np_, t: t + 1),
    ("jnp function", lambda j, np_, t: np_.sin(t)),
    ("jnp.array", lambda j, np_, t: np_.array(t)),
    ("in another jit", lambda j, np_, t: j.jit(lambda y: y + t)(np.float32(1))),
    ("np.asarray", lambda j, np_, t: np.asarray(t)),
    ("bool", lambda j, np_, t: bool(t)),
    ("shape", lambda j, np_, t: t.shape),
]


@pytest.mark.parametrize("transform", ["jit", "grad", "vmap"])
@pytest.mark.parametrize("case", LEAKS, ids=[c[0] for c in LEAKS])
def test_escaped_tracers(case, transform):
    got = {name: outcome(lambda: case[1](j, np_, _leak(j, transform)))
           for name, (j, np_, _) in LIBS.items()}
    assert got["mlax"] == got["jax"], got


# -------------------------------------------------------------------- immutability

@pytest.mark.parametrize("transform", ["eager", "jit", "vmap", "grad"])
def test_item_assignment_points_to_at(transform):
    def f(j, np_, lax, x):
        x[0] = 1.0
        return x
    same(f, F2, transforms=(transform,))
    if transform == "eager":
        with pytest.raises(TypeError, match=r"x = x\.at\[idx\]\.set\(y\)"):
            mnp.ones(3)[0] = 1


# ------------------------------------------------------------------ shape mismatches

SHAPES = [
    ("x + y", lambda j, np_, lax, x, y: x + y, F2, F23[0]),
    ("x * y 2-d", lambda j, np_, lax, x, y: x * y.T, F23, F23),
    ("jnp.add", lambda j, np_, lax, x, y: np_.add(x, y), F2, F23[0]),
    ("jnp.maximum", lambda j, np_, lax, x, y: np_.maximum(x, y), F2, F23[0]),
    ("clip", lambda j, np_, lax, x, y: np_.clip(y, x, 1.0), F2, F23[0]),
    ("where", lambda j, np_, lax, x, y: np_.where(x > 0, x, y), F2, F23[0]),
    ("broadcast_arrays", lambda j, np_, lax, x, y: np_.broadcast_arrays(x, y), F2, F23[0]),
    ("broadcast_to", lambda j, np_, lax, x, y: np_.broadcast_to(y, (2,)), F2, F23[0]),
    ("x @ y", lambda j, np_, lax, x, y: y @ y, F2, F23),
    ("matmul 1-d", lambda j, np_, lax, x, y: np_.matmul(x, y[0]), F2, F23),
    ("matmul batch", lambda j, np_, lax, x, y: np_.matmul(y[None].repeat(2, 0), y[None]),
     F2, F23),
    ("matmul 0-d", lambda j, np_, lax, x, y: np_.matmul(x[0], x), F2, F23),
    ("dot", lambda j, np_, lax, x, y: np_.dot(y, y), F2, F23),
    ("vdot", lambda j, np_, lax, x, y: np_.vdot(x, y[0]), F2, F23),
    ("inner", lambda j, np_, lax, x, y: np_.inner(x, y), F2, F23),
    ("tensordot", lambda j, np_, lax, x, y: np_.tensordot(y, y, axes=1), F2, F23),
    ("tensordot axes", lambda j, np_, lax, x, y: np_.tensordot(y, y, axes=([1, 0], [0])),
     F2, F23),
    ("einsum", lambda j, np_, lax, x, y: np_.einsum("ij,jk->ik", y, y), F2, F23),
    ("reshape", lambda j, np_, lax, x, y: y.reshape(4), F2, F23),
    ("jnp.reshape", lambda j, np_, lax, x, y: np_.reshape(y, (4, 2)), F2, F23),
    ("reshape -1", lambda j, np_, lax, x, y: y.reshape(4, -1), F2, F23),
    ("reshape two -1", lambda j, np_, lax, x, y: y.reshape(-1, -1), F2, F23),
    ("concatenate", lambda j, np_, lax, x, y: np_.concatenate([y, y.T]), F2, F23),
    ("concatenate ranks", lambda j, np_, lax, x, y: np_.concatenate([y, x]), F2, F23),
    ("concatenate axis", lambda j, np_, lax, x, y: np_.concatenate([x, x], axis=1), F2, F23),
    ("hstack", lambda j, np_, lax, x, y: np_.hstack([y, y.T]), F2, F23),
    ("vstack", lambda j, np_, lax, x, y: np_.vstack([x, y[0]]), F2, F23),
    ("stack", lambda j, np_, lax, x, y: np_.stack([x, y[0]]), F2, F23),
    ("transpose", lambda j, np_, lax, x, y: np_.transpose(y, (0, 0)), F2, F23),
    ("transpose count", lambda j, np_, lax, x, y: np_.transpose(y, (0,)), F2, F23),
    ("sum axis", lambda j, np_, lax, x, y: np_.sum(x, axis=1), F2, F23),
    ("squeeze", lambda j, np_, lax, x, y: np_.squeeze(y, 0), F2, F23),
    ("split", lambda j, np_, lax, x, y: np_.split(y, 2, axis=1), F2, F23),
    ("lax.add", lambda j, np_, lax, x, y: lax.add(x, y[0]), F2, F23),
    ("lax.add dtypes", lambda j, np_, lax, x, y: lax.add(x, x.astype(np_.int32)), F2, F23),
    ("lax.sin of int", lambda j, np_, lax, x, y: lax.sin(x.astype(np_.int32)), F2, F23),
    ("lax.reshape", lambda j, np_, lax, x, y: lax.reshape(y, (4,)), F2, F23),
    ("lax.concatenate", lambda j, np_, lax, x, y: lax.concatenate([y, y.T], 0), F2, F23),
    ("lax.broadcast_in_dim", lambda j, np_, lax, x, y: lax.broadcast_in_dim(x, (3,), (0,)),
     F2, F23),
    ("lax.select", lambda j, np_, lax, x, y: lax.select(x > 0, x, y[0]), F2, F23),
    ("lax.slice", lambda j, np_, lax, x, y: lax.slice(x, (0,), (5,)), F2, F23),
    ("lax.transpose", lambda j, np_, lax, x, y: lax.transpose(y, (0, 0)), F2, F23),
    ("lax.dynamic_slice", lambda j, np_, lax, x, y: lax.dynamic_slice(x, (0,), (5,)),
     F2, F23),
    ("lax.dynamic_update_slice",
     lambda j, np_, lax, x, y: lax.dynamic_update_slice(x, y[0], (0,)), F2, F23),
    ("lax.pad", lambda j, np_, lax, x, y: lax.pad(x, 0.0, [(0, 0, 0), (0, 0, 0)]), F2, F23),
    ("lax.argmax axis", lambda j, np_, lax, x, y: lax.argmax(x, 1, np_.int32), F2, F23),
    ("lax.rev", lambda j, np_, lax, x, y: lax.rev(x, (1,)), F2, F23),
    ("lax.bitwise_and float", lambda j, np_, lax, x, y: lax.bitwise_and(x, x), F2, F23),
]


@pytest.mark.parametrize("case", SHAPES, ids=[c[0] for c in SHAPES])
def test_shape_and_type_errors(case):
    same(case[1], *case[2:])


# ------------------------------------------------------- lists where arrays are taken

LISTS = [
    ("sum", lambda np_, a: np_.sum(a)),
    ("sum of tuple", lambda np_, a: np_.sum(tuple(a))),
    ("mean", lambda np_, a: np_.mean(a)),
    ("max", lambda np_, a: np_.max(a)),
    ("argmax", lambda np_, a: np_.argmax(a)),
    ("cumsum", lambda np_, a: np_.cumsum(a)),
    ("var", lambda np_, a: np_.var(a)),
    ("all", lambda np_, a: np_.all(a)),
    ("sin", lambda np_, a: np_.sin(a)),
    ("exp of tuple", lambda np_, a: np_.exp(tuple(a))),
    ("floor", lambda np_, a: np_.floor(a)),
    ("abs", lambda np_, a: np_.abs(a)),
    ("isnan", lambda np_, a: np_.isnan(a)),
    ("add", lambda np_, a: np_.add(a, 1.0)),
    ("add, second", lambda np_, a: np_.add(1.0, a)),
    ("equal", lambda np_, a: np_.equal(a, 1.0)),
    ("logical_and", lambda np_, a: np_.logical_and(a, True)),
    ("power", lambda np_, a: np_.power(a, 2)),
    ("logaddexp", lambda np_, a: np_.logaddexp(a, 1.0)),
    ("where", lambda np_, a: np_.where(np_.ones(2) > 0, a, 1.0)),
    ("clip", lambda np_, a: np_.clip(a, 0.0, 1.0)),
    ("isclose", lambda np_, a: np_.isclose(a, a)),
    ("dot", lambda np_, a: np_.dot(a, a)),
    ("matmul", lambda np_, a: np_.matmul(a, a)),
    ("outer", lambda np_, a: np_.outer(a, a)),
    ("einsum", lambda np_, a: np_.einsum("i,i", a, a)),
    ("reshape", lambda np_, a: np_.reshape(a, (2,))),
    ("ravel", lambda np_, a: np_.ravel(a)),
    ("transpose", lambda np_, a: np_.transpose(a)),
    ("expand_dims", lambda np_, a: np_.expand_dims(a, 0)),
    ("concatenate of lists", lambda np_, a: np_.concatenate([a, a])),
    ("stack of lists", lambda np_, a: np_.stack([a, a])),
    ("hstack of lists", lambda np_, a: np_.hstack([a, a])),
    ("flip", lambda np_, a: np_.flip(a)),
    ("roll", lambda np_, a: np_.roll(a, 1)),
    ("tile", lambda np_, a: np_.tile(a, 2)),
    ("pad", lambda np_, a: np_.pad(a, 1)),
    ("split", lambda np_, a: np_.split(a, 2)),
    ("atleast_1d", lambda np_, a: np_.atleast_1d(a)),
    # accepted by JAX too
    ("array", lambda np_, a: np_.array(a)),
    ("asarray", lambda np_, a: np_.asarray(a)),
    ("shape", lambda np_, a: np_.shape(a)),
    ("ndim", lambda np_, a: np_.ndim(a)),
    ("concatenate of arrays", lambda np_, a: np_.concatenate((np_.ones(2), np_.ones(2)))),
    ("tile reps", lambda np_, a: np_.tile(np_.ones(2), [2])),
]


@pytest.mark.parametrize("case", LISTS, ids=[c[0] for c in LISTS])
def test_lists_where_arrays_are_taken(case):
    for how in ("eager", "jit"):
        got = {}
        for name, (j, np_, _) in LIBS.items():
            def run(_):
                out = case[1](np_, [1.0, 2.0])
                return np_.zeros(()) if how == "jit" else out   # jit needs array outputs
            got[name] = outcome(lambda: run(0) if how == "eager" else j.jit(run)(1.0))
        assert got["mlax"] == got["jax"], f"{how}: {got}"


# ------------------------------------------------------------- tracers are arrays

@pytest.mark.parametrize("transform", ["jit", "grad", "vmap"])
def test_tracers_are_arrays(transform):
    seen = []

    def f(x):
        seen.append((isinstance(x, mlax.Array), isinstance(x, mnp.ndarray),
                     isinstance(x * 2, mlax.Array)))
        return x.sum() if transform == "grad" else x
    getattr(mlax, transform)(f)(mnp.ones(3))
    assert seen == [(True, True, True)]


def test_arrays_are_arrays():
    x = mnp.ones(3)
    assert isinstance(x, mlax.Array) and isinstance(x, mnp.ndarray)
    assert mnp.ndarray is mlax.Array
    for other in (np.ones(3), 1.0, [1.0], None):
        assert not isinstance(other, mlax.Array)
