"""mlax.random draws JAX's numbers: every case of tests/data/make_fixtures.py, run with mlax,
equals what jax.random gave for it (recorded in tests/data/random.npz), bit for bit for keys
and integer draws, to a few ulp where XLA's transcendental functions round differently.
Also under jit, with x64 on, and the errors a JAX user expects."""
import importlib.util
import pathlib

import ml_dtypes
import numpy as np
import pytest

import mlax
import mlax.numpy as jnp
import mlax.random as jrandom

_spec = importlib.util.spec_from_file_location(
    "make_fixtures", pathlib.Path(__file__).parent / "data" / "make_fixtures.py")
fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fixtures)

_DATA = np.load(fixtures.PATH)
_DTYPES = dict(entry.split(":") for entry in _DATA["dtypes"])


def expected(name):
    value = _DATA[name]
    return value.view(ml_dtypes.bfloat16) if _DTYPES[name] == "bfloat16" else value


def check(name, got, exact=True):
    want = expected(name)
    got = np.asarray(got)
    assert got.dtype == want.dtype and got.shape == want.shape, (got.dtype, got.shape)
    if exact:
        np.testing.assert_array_equal(got, want)
    else:       # 4 ulp, relative, or absolute near zero (where gumbel and logistic cross)
        eps = float(ml_dtypes.finfo(want.dtype).eps)
        np.testing.assert_allclose(got.astype(np.float64), want.astype(np.float64),
                                   rtol=4 * eps, atol=4 * eps)


@pytest.fixture
def x64():
    mlax.config.update("jax_enable_x64", True)
    try:
        yield
    finally:
        mlax.config.update("jax_enable_x64", False)


def key():
    return jrandom.PRNGKey(fixtures.SEED)


def test_keys_from_seeds():
    check("keys", np.stack([jrandom.PRNGKey(s) for s in fixtures.KEY_SEEDS]))
    assert np.array_equal(jrandom.key(42), jrandom.PRNGKey(42))
    assert np.array_equal(jrandom.key_data(jrandom.key(3)), jrandom.PRNGKey(3))
    assert np.array_equal(jrandom.wrap_key_data(jrandom.PRNGKey(3)), jrandom.PRNGKey(3))
    assert jrandom.key_impl(jrandom.key(3)) == "threefry2x32"
    assert jrandom.split(jrandom.key(3), 0).shape == (0, 2)


@pytest.mark.parametrize("name", fixtures.EXACT)
def test_bit_exact(name):
    check(name, fixtures.EXACT[name](mlax, key()))


@pytest.mark.parametrize("name", fixtures.CLOSE)
def test_close(name):
    check(name, fixtures.CLOSE[name](mlax, key()), exact=False)


# jit compiles through the whole pass pipeline: a few representative cases keep this quick
JITTED = ["fold_in", "uniform_range", "randint_broadcast", "permutation_axis1",
          "choice_no_replace_axis1", "choice_p", "categorical_axis0"]


@pytest.mark.parametrize("name", JITTED)
def test_under_jit(name):
    check(name, mlax.jit(lambda k: fixtures.EXACT[name](mlax, k))(key()))


def test_under_jit_close():
    check("truncated_normal_broadcast",
          mlax.jit(lambda k: fixtures.CLOSE["truncated_normal_broadcast"](mlax, k))(key()),
          exact=False)


def test_traced_seed_and_bounds():
    check("vmap_seed", mlax.jit(mlax.vmap(jrandom.PRNGKey))(jnp.arange(-2, 3)))
    k = key()
    got = mlax.jit(lambda lo, hi: jrandom.randint(k, (3, 4), lo, hi))(
        jnp.array([0, 10, 100, 1000]), jnp.array([[5], [50], [500]]))
    check("randint_broadcast", got)


def test_x64(x64):
    check("x64_keys", np.stack([jrandom.PRNGKey(s) for s in fixtures.KEY_SEEDS_X64]))
    for name, case in fixtures.X64.items():
        check("x64_" + name, case(mlax, key()))


def test_samples_stay_in_range():
    u = np.asarray(jrandom.uniform(key(), (1000,), minval=-2., maxval=3.))
    assert u.min() >= -2 and u.max() < 3
    t = np.asarray(jrandom.truncated_normal(key(), -0.5, 0.25, (1000,)))
    assert t.min() > -0.5 and t.max() < 0.25
    p = np.asarray(jrandom.permutation(key(), 100))
    assert sorted(p) == list(range(100))


def test_seed_must_be_an_integer_scalar():
    with pytest.raises(TypeError, match="must be an integer"):
        jrandom.PRNGKey(1.5)
    with pytest.raises(TypeError, match="scalar seed"):
        jrandom.PRNGKey(jnp.arange(2))
    with pytest.raises(OverflowError):
        jrandom.PRNGKey(2 ** 64)


def test_bad_keys():
    with pytest.raises(TypeError, match="unexpected PRNG key type"):
        jrandom.normal(42)
    with pytest.raises(TypeError, match="uint32 array with last dimension 2"):
        jrandom.normal(jnp.zeros(3, jnp.uint32))
    with pytest.raises(ValueError, match="accepts a single key.*vmap"):
        jrandom.split(jrandom.split(key(), 4))
    with pytest.raises(TypeError, match="fold_in accepts a scalar"):
        jrandom.fold_in(key(), jnp.arange(2))


def test_choice_errors():
    with pytest.raises(ValueError, match="Cannot take a larger sample"):
        jrandom.choice(key(), 5, (6,), replace=False)
    with pytest.raises(ValueError, match="Cannot take a larger sample"):
        jrandom.choice(key(), jnp.zeros((2, 3)), (4,), replace=False, axis=1)
    with pytest.raises(TypeError, match="must be a sequence"):
        jrandom.choice(key(), 5, 3)
    with pytest.raises(ValueError, match="p must be None or a 1D vector"):
        jrandom.choice(key(), jnp.arange(4), (2,), p=jnp.array([.5, .5]))
    with pytest.raises(ValueError, match="a must be greater than 0"):
        jrandom.choice(key(), 0, (2,))
    assert jrandom.choice(key(), 0, (0,)).shape == (0,)


def test_dtype_and_shape_errors():
    with pytest.raises(ValueError, match="must be a float dtype"):
        jrandom.uniform(key(), dtype=jnp.int32)
    with pytest.raises(TypeError, match="only accepts integer dtypes"):
        jrandom.randint(key(), (2,), 0, 5, dtype=jnp.float32)
    with pytest.raises(ValueError, match="unsigned int dtype"):
        jrandom.bits(key(), dtype=jnp.int32)
    with pytest.raises(TypeError, match="must have a floating dtype"):
        jrandom.bernoulli(key(), 1)
    with pytest.raises(ValueError, match="broadcast-compatible"):
        jrandom.randint(key(), (3,), jnp.zeros(4, int), 5)
    with pytest.raises(ValueError, match="broadcast-compatible"):
        jrandom.truncated_normal(key(), jnp.zeros(3), 1., shape=(2,))
    with pytest.raises(ValueError, match="cannot exceed number of categories"):
        jrandom.categorical(key(), jnp.zeros(3), shape=(4,), replace=False)
    with pytest.raises(TypeError, match="integer or at least 1-dimensional"):
        jrandom.permutation(key(), 2.5)
    with pytest.raises(mlax.ConcretizationTypeError):
        mlax.jit(lambda n: jrandom.permutation(key(), n))(5)
