"""JAX's numbers for tests/test_random.py, recorded once so the tests do not need JAX.

Run `python tests/data/make_fixtures.py` (with jax installed) to rewrite random.npz. Each
case is a function of (top-level module, key) so that the test runs the very same call with
`mlax` in place of `jax`; the key is PRNGKey(SEED) of the same module. bfloat16 results are
stored as their uint16 bits (npz cannot hold them) and every result's dtype name alongside.
"""
import pathlib

import numpy as np

SEED = 1234
P = [0.1, 0.0, 0.4, 0.3, 0.2]

KEY_SEEDS = [0, 1, 42, -1, -5, 2 ** 31 - 1, 2 ** 32 + 3, 2 ** 40, np.int32(-5), np.uint32(7)]
KEY_SEEDS_X64 = [-1, 2 ** 32 + 3, 2 ** 40, -2 ** 63, 2 ** 63 - 1, np.int64(-7), np.int32(-7)]

# Results that must be equal bit for bit.
EXACT = {
    "split": lambda j, k: j.random.split(k),
    "split_5": lambda j, k: j.random.split(k, 5),
    "split_2x3": lambda j, k: j.random.split(k, (2, 3)),
    "split_of_split": lambda j, k: j.random.split(j.random.split(k)[1], 3),
    "fold_in": lambda j, k: j.random.fold_in(k, 12345),
    "fold_in_uint32_max": lambda j, k: j.random.fold_in(k, 2 ** 32 - 1),
    "bits": lambda j, k: j.random.bits(k, (3, 5)),
    "bits_scalar": lambda j, k: j.random.bits(k),
    "uniform": lambda j, k: j.random.uniform(k, (64,)),
    "uniform_range": lambda j, k: j.random.uniform(
        k, (4, 5), minval=-3., maxval=j.numpy.arange(5.)),
    "uniform_fused_range": lambda j, k: j.random.uniform(k, (64,), minval=0.1, maxval=2.7),
    "uniform_f16": lambda j, k: j.random.uniform(k, (32,), j.numpy.float16, -2., 5.),
    "uniform_bf16": lambda j, k: j.random.uniform(k, (32,), j.numpy.bfloat16),
    "randint": lambda j, k: j.random.randint(k, (64,), 0, 10),
    "randint_full_range": lambda j, k: j.random.randint(k, (32,), -2 ** 31, 2 ** 31 - 1),
    "randint_empty_range": lambda j, k: j.random.randint(k, (8,), 5, 3),
    "randint_broadcast": lambda j, k: j.random.randint(
        k, (3, 4), j.numpy.array([0, 10, 100, 1000]), j.numpy.array([[5], [50], [500]])),
    "randint_float_bounds": lambda j, k: j.random.randint(k, (8,), 0.7, 9.9),
    "randint_uint32": lambda j, k: j.random.randint(k, (16,), 0, 1000, j.numpy.uint32),
    "permutation_int": lambda j, k: j.random.permutation(k, 20),
    "permutation_two_rounds": lambda j, k: j.random.permutation(k, 2000),
    "permutation_axis1": lambda j, k: j.random.permutation(
        k, j.numpy.arange(12).reshape(3, 4), 1),
    "permutation_independent": lambda j, k: j.random.permutation(
        k, j.numpy.arange(12.).reshape(3, 4), axis=1, independent=True),
    "choice": lambda j, k: j.random.choice(k, 10, (5,)),
    "choice_scalar": lambda j, k: j.random.choice(k, j.numpy.arange(7.)),
    "choice_axis1": lambda j, k: j.random.choice(
        k, j.numpy.arange(12.).reshape(3, 4), (2, 2), axis=1),
    "choice_no_replace": lambda j, k: j.random.choice(k, 10, (5,), replace=False),
    "choice_no_replace_axis1": lambda j, k: j.random.choice(
        k, j.numpy.arange(20).reshape(4, 5), (3,), replace=False, axis=1),
    "choice_p": lambda j, k: j.random.choice(k, 5, (30,), p=j.numpy.array(P)),
    "choice_p_no_replace": lambda j, k: j.random.choice(
        k, j.numpy.arange(5.) * 10, (3,), replace=False, p=j.numpy.array(P)),
    "bernoulli": lambda j, k: j.random.bernoulli(k, 0.3, (32,)),
    "bernoulli_p_array": lambda j, k: j.random.bernoulli(k, j.numpy.array([.1, .5, .9])),
    "bernoulli_high": lambda j, k: j.random.bernoulli(k, 0.3, (4, 4), mode="high"),
    "categorical": lambda j, k: j.random.categorical(
        k, j.numpy.log(j.numpy.array(P)), shape=(20,)),
    "categorical_axis0": lambda j, k: j.random.categorical(
        k, j.numpy.array([[0., 1., 2.], [2., 1., 0.]]), axis=0, shape=(4, 3)),
    "categorical_no_replace": lambda j, k: j.random.categorical(
        k, j.numpy.array([[0., 1., 2., .5], [2., 1., 0., .5]]), shape=(3, 2), replace=False),
    "rademacher": lambda j, k: j.random.rademacher(k, (16,)),
    "vmap_split": lambda j, k: j.vmap(lambda k: j.random.split(k, 3))(j.random.split(k, 4)),
    "vmap_fold_in": lambda j, k: j.vmap(lambda d: j.random.fold_in(k, d))(j.numpy.arange(5)),
    "vmap_seed": lambda j, k: j.vmap(j.random.PRNGKey)(j.numpy.arange(-2, 3)),
    "vmap_randint": lambda j, k: j.vmap(
        lambda k: j.random.randint(k, (6,), 0, 7))(j.random.split(k, 3)),
    "vmap_choice": lambda j, k: j.vmap(
        lambda k: j.random.choice(k, 8, (4,), replace=False))(j.random.split(k, 3)),
}

# Results that go through transcendental functions, which XLA and numpy round differently.
CLOSE = {
    "normal": lambda j, k: j.random.normal(k, (64,)),
    "normal_bf16": lambda j, k: j.random.normal(k, (16,), j.numpy.bfloat16),
    "truncated_normal": lambda j, k: j.random.truncated_normal(k, -1., 2., (64,)),
    "truncated_normal_broadcast": lambda j, k: j.random.truncated_normal(
        k, j.numpy.array([-3., 0., 1.]), 2., (4, 3)),
    "gumbel": lambda j, k: j.random.gumbel(k, (32,)),
    "gumbel_high": lambda j, k: j.random.gumbel(k, (16,), mode="high"),
    "exponential": lambda j, k: j.random.exponential(k, (16,)),
    "laplace": lambda j, k: j.random.laplace(k, (16,)),
    "logistic": lambda j, k: j.random.logistic(k, (16,)),
    "cauchy": lambda j, k: j.random.cauchy(k, (16,)),
    "lognormal": lambda j, k: j.random.lognormal(k, 0.5, (16,)),
    "vmap_normal": lambda j, k: j.vmap(lambda k: j.random.normal(k, (3,)))(j.random.split(k, 4)),
    "gamma": lambda j, k: j.random.gamma(k, 2.5, (16,)),
    "gamma_small_a": lambda j, k: j.random.gamma(k, j.numpy.array([0.05, 0.3, 0.9, 1.0, 7.0])),
    "gamma_broadcast": lambda j, k: j.random.gamma(k, j.numpy.array([0.5, 4.0]), (3, 2)),
    "loggamma": lambda j, k: j.random.loggamma(k, j.numpy.array([0.01, 0.3, 3.0]), (2, 3)),
    "grad_truncated_normal": lambda j, k: j.grad(
        lambda lo: j.random.truncated_normal(k, lo, 2., (4,)).sum())(-1.),
    "grad_uniform": lambda j, k: j.grad(
        lambda lo: j.random.uniform(k, (4,), minval=lo, maxval=2.).sum())(-1.),
}

# Recorded with jax_enable_x64 on: 64-bit seeds, randint in int64, float64 uniforms.
X64 = {
    "randint_int64": lambda j, k: j.random.randint(k, (16,), -2 ** 62, 2 ** 62 + 12345),
    "randint_int64_full": lambda j, k: j.random.randint(k, (16,), -2 ** 63, 2 ** 63 - 1),
    "randint_int32_wide_bounds": lambda j, k: j.random.randint(
        k, (16,), -2 ** 31, 2 ** 31, j.numpy.int32),
    "uniform_f64": lambda j, k: j.random.uniform(k, (16,), minval=-1., maxval=3.),
    "choice_int64": lambda j, k: j.random.choice(k, 100, (8,)),
    "permutation_int64": lambda j, k: j.random.permutation(k, 12),
}

PATH = pathlib.Path(__file__).with_name("random.npz")


def record():
    import jax

    out, names = {}, []

    def put(name, value):
        value = np.asarray(value)
        names.append(f"{name}:{value.dtype.name}")
        out[name] = value.view(np.uint16) if value.dtype.name == "bfloat16" else value

    put("keys", np.stack([jax.random.PRNGKey(s) for s in KEY_SEEDS]))
    key = jax.random.PRNGKey(SEED)
    for name, case in {**EXACT, **CLOSE}.items():
        put(name, case(jax, key))
    jax.config.update("jax_enable_x64", True)
    try:
        put("x64_keys", np.stack([jax.random.PRNGKey(s) for s in KEY_SEEDS_X64]))
        key = jax.random.PRNGKey(SEED)
        for name, case in X64.items():
            put("x64_" + name, case(jax, key))
    finally:
        jax.config.update("jax_enable_x64", False)
    np.savez_compressed(PATH, dtypes=np.array(names), **out)


if __name__ == "__main__":
    record()
    print(f"wrote {PATH} ({PATH.stat().st_size} bytes)")
