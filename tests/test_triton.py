"""GPU kernels without a GPU: `mlax-fuse` cuts programs into kernels, passes/triton_emit.py
writes them as Triton, and Triton's interpreter runs them on numpy; every op class equals the
CPU backend. Then Triton's own compiler turns each into PTX for sm_90 (no GPU needed)."""
import os
import subprocess
import sys

os.environ["TRITON_INTERPRET"] = "1"    # before Triton is imported: this process interprets

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from mlir import ir  # noqa: E402

import mlax  # noqa: E402
import mlax.numpy as jnp  # noqa: E402
from mlax import lax  # noqa: E402
from mlax.dialect import OPS  # noqa: E402
from mlax.dialect.ir import elements_value  # noqa: E402
from mlax.passes import COMPILE_PIPELINE, run_pipeline  # noqa: E402
from mlax.passes.fusion import is_kernel  # noqa: E402
from mlax.passes.triton_emit import write_kernel  # noqa: E402
from mlax.passes.verify import op_params  # noqa: E402
from mlax.passes.walk import functions  # noqa: E402
from mlax.runtime import triton_kernels  # noqa: E402
from mlax.runtime.kernels import KERNELS  # noqa: E402

pytest.importorskip("triton")
pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")   # the interpreter's numpy

RNG = np.random.default_rng(0)
F = RNG.standard_normal((3, 37)).astype(np.float32)
SKINNY = (np.random.default_rng(1).standard_normal((2048, 5)) / 45).astype(np.float32)  # ~1
F_EDGE = np.array([[0.0, -0.0, np.nan, np.inf, -np.inf, 1e-5, -3.5, 2.5, 0.5, -0.5]], np.float32)
I = np.array([[0, 1, -1, 7, -7, 2**31 - 1, -2**31, 3, -3, 100]], np.int32)
J = np.array([[1, 0, -1, 2, -2, 3, -1, 0, 40, 33]], np.int32)


def fused(f, *args):
    """The module of jit(f) after the compilation pipeline and mlax-fuse."""
    lowered = mlax.jit(f).lower(*args)
    module = lowered.module_after("traced")
    run_pipeline(module.operation, [*COMPILE_PIPELINE, "mlax-fuse"])
    return module


def run_fused(module, *args):
    """Runs @main: kernel calls in Triton's interpreter, other ops on the numpy kernels."""
    funcs = functions(module.operation)
    kernels = {name: write_kernel(f) for name, f in funcs.items() if is_kernel(f)}
    block = funcs["main"].regions[0].blocks[0]
    env = dict(zip(block.arguments, args))
    for op in block.operations:
        op = op.operation
        if op.name == "func.return":
            return [env[v] for v in op.operands], kernels
        ins = [env[v] for v in op.operands]
        if op.name == "func.call":
            name = ir.FlatSymbolRefAttr(op.attributes["callee"]).value
            outs = triton_kernels.run_interpreted(kernels[name], *ins)
        elif op.name == "mlax.constant":
            outs = [elements_value(op.attributes["value"])]
        else:
            opdef = OPS[op.name[5:]]
            outs = KERNELS[opdef.name](*ins, **op_params(op, opdef, resolve=None))
            outs = list(outs) if isinstance(outs, tuple) else [outs]
        env.update(zip(op.results, outs))


def check(f, *args, kinds=None, rtol=3e-6, atol=2e-6):
    module = fused(f, *args)
    got, kernels = run_fused(module, *[np.asarray(a) for a in args])
    if kinds is not None:
        assert sorted(k.kind for k in kernels.values()) == sorted(kinds)
    mlax.config.update("mlax_native_cpu", False)
    try:
        want = mlax.tree_util.tree_leaves(mlax.jit(f)(*args))
    finally:
        mlax.config.update("mlax_native_cpu", True)
    for g, w in zip(got, want):
        g, w = np.asarray(g), np.asarray(w)
        assert g.shape == w.shape and g.dtype == w.dtype
        if g.dtype.kind == "f":
            np.testing.assert_allclose(g, w, rtol=rtol, atol=atol, equal_nan=True)
        else:
            np.testing.assert_array_equal(g, w)
    return kernels


UNARY = ["exp", "exp2", "log", "log1p", "expm1", "sin", "cos", "tan", "tanh", "logistic", "sqrt",
         "rsqrt", "cbrt", "erf", "erf_inv", "floor", "ceil", "neg", "abs", "sign", "is_finite"]


@pytest.mark.parametrize("name", UNARY)
def test_float_unary(name):
    x = np.concatenate([F[:, :10], np.abs(F[:, :10]) + 0.1, F_EDGE])
    if name == "erf_inv":
        x = np.clip(x, -1, 1)
    check(getattr(lax, name), x, kinds=["elementwise"])


@pytest.mark.parametrize("name", ["add", "sub", "mul", "div", "rem", "max", "min"])
def test_float_binary(name):
    check(getattr(lax, name), np.concatenate([F[:, :10], F_EDGE]),
          np.concatenate([F_EDGE, F[:, 10:20]]), kinds=["elementwise"])


@pytest.mark.parametrize("name", ["add", "sub", "mul", "div", "rem", "max", "min", "bitwise_and",
                                  "bitwise_or", "bitwise_xor", "shift_left",
                                  "shift_right_logical", "shift_right_arithmetic"])
@pytest.mark.parametrize("xy", [(I, J), (I.view(np.uint32), J.view(np.uint32))],
                         ids=["i32", "u32"])
def test_integer_binary(name, xy):
    check(getattr(lax, name), *xy, kinds=["elementwise"])


def test_compare_select_convert():
    def f(x, y, i):
        return (lax.select(x < y, x, y), x != y, lax.convert_element_type(x * 1e3, np.int32),
                lax.convert_element_type(i, np.float32), lax.bitcast_convert_type(x, np.int32),
                lax.round(x * 3), lax.round(x * 3, 1), lax.integer_pow(x, 3), lax.integer_pow(x, -2),
                jnp.logical_not(x > 0))
    check(f, F_EDGE, F_EDGE[:, ::-1], I)


def test_shapes_fuse_into_one_kernel():
    def f(x, b):
        y = jnp.tanh(x.T[::2] * 2.0) + b[:, None]                # transpose, slice, broadcast
        return jnp.reshape(lax.rev(y, (0,)), (-1,)) + lax.iota(np.float32, y.size)
    check(f, F, np.arange(19, dtype=np.float32), kinds=["elementwise"])


def test_softmax_is_one_row_kernel():
    def softmax(x):
        e = jnp.exp(x - jnp.max(x, axis=1, keepdims=True))
        return e / jnp.sum(e, axis=1, keepdims=True)
    check(softmax, F, kinds=["rows"])
    for cols in (3000, 9000):           # the row in one block; in chunks of 1024
        check(softmax, RNG.standard_normal((2, cols)).astype(np.float32), kinds=["rows"])


@pytest.mark.parametrize("name", ["reduce_sum", "reduce_prod", "reduce_max", "reduce_min"])
@pytest.mark.parametrize("axes", [(0,), (1,), (0, 1)])
def test_reductions(name, axes):
    x = F[:, :8] if name == "reduce_prod" else F
    check(lambda x: getattr(lax, name)(jnp.sin(x), axes), x, kinds=["rows"])
    check(lambda i: getattr(lax, name)(i, axes), I, kinds=["rows"])


def test_full_sum_and_logical_reductions():
    check(lambda x: jnp.sum(jnp.sin(x) * jnp.exp(-x * x) + jnp.tanh(x)),   # 5000 terms
          RNG.standard_normal(5000).astype(np.float32), kinds=["rows"], rtol=2e-5)
    check(lambda b: (lax.reduce_and(b, (1,)), lax.reduce_or(b, (0,))), F > 0)


def test_matmul_and_epilogue():
    a = RNG.standard_normal((2, 33, 20)).astype(np.float32)
    b = RNG.standard_normal((2, 20, 17)).astype(np.float32)
    check(lambda a, b: jnp.tanh(jnp.einsum("bij,bjk->bik", a, b) + 1.0), a, b, kinds=["matmul"])
    bias = RNG.standard_normal(17).astype(np.float32)
    check(lambda a, b, c: (jnp.maximum(a @ b + c, 0.0) > 0.5, a[0] @ b[1] * c), a, b, bias,
          kinds=["matmul", "matmul", "elementwise", "elementwise"])   # a[0], b[1]: stored
    # the product read twice (by the epilogue and the second output): stored, not recomputed
    kernels = check(lambda a, b: (jnp.tanh(a @ b), a @ b), a, b)
    assert sorted(k.kind for k in kernels.values()) == ["elementwise", "matmul"]
    h = a.astype(np.float16)
    check(lambda h: jnp.exp(h @ jnp.swapaxes(h, 1, 2)) * 0.5, h, kinds=["matmul"], rtol=2e-3)
    check(lambda x, w: x @ w.T, F, F[:2], kinds=["matmul"])       # w.T read in place
    check(lambda i, j: i.T @ j, I, J, kinds=["matmul"])
    check(lambda v: (jnp.dot(v, v * 2.0), F @ v, v @ F.T), F[0])      # 0-d and 1-d products


def test_mlp_gradient_runs_through_kernels():
    def loss(w, x):
        return jnp.mean(jnp.tanh(x @ w) ** 2)
    check(mlax.grad(loss), RNG.standard_normal((37, 8)).astype(np.float32), F)


CORPUS = {
    "chain": (lambda x: jnp.sum(jnp.sin(x) * jnp.exp(-x * x) + jnp.tanh(x)), (F,)),
    "softmax": (lambda x: jax_softmax(x), (F,)),
    "mlp": (lambda w, x: jnp.tanh(x @ w) + 1.0, (F[:, :8].copy(), F[:, :3].copy())),
    "ints": (lambda i, j: (i // jnp.maximum(j, 1)) << 2, (I, J)),
    "scan": (lambda x: (lax.cumsum(x, axis=1), lax.cummax(x, axis=0, reverse=True)), (F,)),
    "sort": (lambda x: (jnp.sort(x, axis=1), jnp.argsort(x, axis=0)), (F,)),
    "scatter": (lambda x, i: (x.at[i].add(1.0), x.at[i].max(x[i] * 2.0), x.at[i, 2].set(0.0),
                              x.at[0, 1].add(2.0)),
                (F, np.array([2, 0, 1, 1], np.int32))),
    "gather": (lambda x, i: jnp.argmax(x[i], axis=1), (F, np.array([2, 0, 1, 1], np.int32))),
    "float_math": (lambda a, b: (jnp.abs(a) ** b, jnp.arctan2(a, b), a % b, 7.5 % b,
                                 jnp.fmod(jnp.sum(a, 1, keepdims=True), b)), (F, F[::-1].copy())),
    "dots": (lambda v, m: (jnp.dot(v, v * 2.0), m @ v), (F[0], F)),
    "columns": (lambda x: (jnp.sum(jnp.tanh(x), 0), jnp.max(x.reshape(3, 1, 37), (0, 1)),
                           jnp.sum(jnp.tile(x, (400, 1)), 0)), (F,)),
    "norms": (lambda x: (x - jnp.mean(x, 1, keepdims=True), jnp.mean(x, 1), jnp.var(x, 1),
                         mlax.grad(lambda x: jnp.sum(mlax.nn.log_softmax(x) * x))(x)), (F,)),
}


def jax_softmax(x):
    return mlax.nn.softmax(x, axis=-1)


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_ptx_for_sm90_without_a_gpu(name, tmp_path):
    # In a process of its own: Triton compiles or interprets, not both in one process.
    f, args = CORPUS[name]
    path = tmp_path / f"{name}.mlir"
    path.write_text(mlax.jit(f).lower(*args).as_text("traced"))
    env = {k: v for k, v in os.environ.items() if k != "TRITON_INTERPRET"}
    done = subprocess.run([sys.executable, "-m", "mlax.tools.translate", str(path), "--ptx",
                           "--target=sm_90"], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    kernels = [line for line in done.stdout.splitlines() if line.startswith("// kernel @")]
    assert kernels and done.stdout.count(".target sm_90") == len(kernels)
    assert done.stdout.count(".visible .entry") == len(kernels)


def test_ptx_loads_and_stores_are_vectorized(tmp_path):
    """Buffers are aligned allocations, so the PTX shown (as the code that runs) moves four
    floats an instruction along contiguous rows; a softmax's row of 4096 is in registers,
    each of its 256 threads loading its 16 floats once for the three passes."""
    x = RNG.standard_normal((8, 4096)).astype(np.float32)
    path = tmp_path / "softmax.mlir"
    path.write_text(mlax.jit(jax_softmax).lower(x).as_text("traced"))
    env = {k: v for k, v in os.environ.items() if k != "TRITON_INTERPRET"}
    done = subprocess.run([sys.executable, "-m", "mlax.tools.translate", str(path), "--ptx"],
                          capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("ld.global.v4.b32") == done.stdout.count("ld.global") == 4
    assert "st.global.v4.b32" in done.stdout


def test_concatenate_pad_dynamic_slices():
    def f(x, i, j):
        y = lax.concatenate([jnp.sin(x), x * 2.0], 1)
        z = lax.pad(y, np.float32(-1.0), ((1, 0, 1), (-2, 3, 0)))
        w = lax.dynamic_update_slice(z, jnp.ones((2, 3), np.float32), (i, j))
        return lax.dynamic_slice(w, (j, i), (3, 4)) + 1.0, w
    for i, j in [(0, 0), (1, 5), (-3, 100)]:
        check(f, F[:, :10], np.int32(i), np.int32(j))


def test_gpu_executable_runs_on_the_interpreter_device(tmp_path):
    from mlax.passes.lower_cpu import lower
    from mlax.runtime import gpu
    from mlax.runtime.executable import Executable

    def f(x, w):
        h = jnp.tanh(x @ w + jnp.arange(8, dtype=np.float32))       # a non-splat constant
        return mlax.nn.softmax(h, axis=-1), jnp.sort(h, axis=0), h.at[0].mul(2.0)  # host
    w = RNG.standard_normal((37, 8)).astype(np.float32)
    module = fused(f, F, w)
    exe = lower(module.operation)
    assert {k["kind"] for k in exe.kernels.values()} == {"matmul", "rows", "sort"}
    assert list(exe.functions) == ["main"]          # kernels carry their source, not a plan
    exe.save(tmp_path / "f.npz")
    run = gpu.load(Executable.load(tmp_path / "f.npz"), gpu.InterpreterDevice())
    got = run(F, w)
    want = mlax.jit(f)(F, w)
    for g, x in zip(got, want):
        np.testing.assert_allclose(g, np.asarray(x), rtol=3e-6, atol=2e-6)


def test_jit_on_the_interpreter_platform():
    def f(x, w):
        return mlax.nn.softmax(jnp.tanh(x @ w), axis=-1)
    w = RNG.standard_normal((37, 8)).astype(np.float32)
    want = np.asarray(mlax.jit(f)(F, w))
    mlax.config.update("jax_platforms", "interpreter")
    try:
        assert mlax.default_backend() == "interpreter"
        assert repr(mlax.devices()) == "[InterpreterDevice(id=0)]"
        out = mlax.jit(f)(F, w)
        assert type(out).__name__ == "DeviceArray" and out.shape == (3, 8)
        again = mlax.jit(lambda y: y * 2.0)(out)        # stays on the device
        assert type(again).__name__ == "DeviceArray"
        np.testing.assert_allclose(np.asarray(out), want, rtol=3e-6, atol=2e-6)
        np.testing.assert_allclose(np.asarray(again), 2 * want, rtol=3e-6, atol=2e-6)
        assert float(jnp.sum(out)) == pytest.approx(3.0, rel=1e-5)   # eager ops: on the host
        x = mlax.device_put(F)
        assert type(x).__name__ == "DeviceArray" and x.shape == F.shape
        np.testing.assert_allclose(np.asarray(mlax.jit(f)(x, w)), want, rtol=3e-6, atol=2e-6)
    finally:
        mlax.config.update("jax_platforms", None)
    assert mlax.default_backend() == "cpu"


def test_big_full_reduction_splits_in_two_kernels(monkeypatch):
    from mlax.passes import fusion
    monkeypatch.setattr(fusion, "SPLIT_MIN", 4096)      # the interpreter is slow: small sizes
    monkeypatch.setattr(fusion, "SPLIT", 64)
    x = RNG.standard_normal(8192).astype(np.float32)
    kernels = check(lambda x: (jnp.sum(jnp.sin(x) * 2.0), jnp.max(x)), x, rtol=2e-5)
    assert sorted(k.kind for k in kernels.values()) == ["rows"] * 4


def test_column_reductions_read_tiles_of_neighbours():
    """Reductions keeping the last dimension (bias gradients) walk tiles of (reduced, kept)
    positions; over many reduced positions they split in two such kernels first."""
    rng = np.random.default_rng(2)     # the module's stream stays as other tests know it
    x = rng.standard_normal((600, 45)).astype(np.float32)
    b = rng.standard_normal(45).astype(np.float32)
    kernels = check(lambda x, b: (jnp.sum(jnp.tanh(x) * b, 0), jnp.max(x, 0, keepdims=True),
                                  jnp.argmax(x, 0), jnp.mean(x.reshape(20, 30, 45), (0, 1))),
                    x, b, rtol=2e-5, atol=2e-5)     # sums of 600 in another order
    assert all("COLS" in k.launches[-1]["constexprs"] for k in kernels.values()
               if k.kind == "rows")
    check(lambda x: (lax.reduce_or(x > 1.0, (0,)),
                     jnp.sum(x.astype(jnp.bfloat16), 0).astype(jnp.float32),
                     jnp.prod(jnp.sign(x).astype(jnp.int32), 0)), x, rtol=1e-2)
    check(lambda x: jnp.min(x.T, 1), x)                 # strided rows: the row layout
    from mlax.passes import fusion
    split = fused(lambda x: jnp.sum(x, 0), x)
    calls = [op for op in split.body.operations[0].regions[0].blocks[0].operations
             if op.name == "func.call"]
    assert len(calls) == 2 and fusion.COLUMN_MIN <= 600 // 2
    x = rng.standard_normal((1024, 2)).astype(np.float32)
    kernels = check(lambda x: jnp.sum(x - 1.0, 0), x, rtol=2e-5, atol=2e-5)  # (4, 256, 2), (4, 2)
    assert len(kernels) == 2


def test_one_element_updates_and_signed_zero_constants():
    rng = np.random.default_rng(3)     # the module's stream stays as other tests know it
    x = rng.standard_normal((3, 4)).astype(np.float32)
    check(lambda x, i: (x.at[0, 1].set(7.0), x.at[i, 1].add(2.0), x.at[i + 5, 0].set(1.0)),
          x, np.int32(2), kinds=["scatter"] * 3)
    c = np.array([0.0, -0.0, 0.0], np.float32)      # not one repeated value: -0.0 differs
    check(lambda x: 1.0 / (x * c), np.ones(3, np.float32))             # as the CPU's:
    np.testing.assert_array_equal(mlax.jit(lambda x: 1.0 / (x * c))(np.ones(3, np.float32)),
                                  [np.inf, -np.inf, np.inf])


def test_a_failed_compile_left_in_tritons_cache_is_reported_not_raised(monkeypatch):
    """An older Triton keeps a failed async compile's future, which raises again when asked:
    loading reports it, and the launch fails later naming the user's line."""
    from concurrent.futures import ThreadPoolExecutor

    class Failed:
        def result(self, ignore_errors=False):
            raise RuntimeError("PTXAS error")

    class Fn:
        def warmup(self, *args, **kwargs):
            return Failed()
    monkeypatch.setattr(triton_kernels, "load", lambda kernel, fn=None: Fn())
    errors = []
    with ThreadPoolExecutor(1) as pool:
        triton_kernels.load_all([(None, {"fn": "k", "grid": [1], "constexprs": {},
                                         "options": {}}, [])], pool, errors)
    assert errors == ["k: RuntimeError: PTXAS error"]


def test_skinny_products_split_over_k():
    """A product with few output tiles over a long K becomes K / s batches read in place
    (reshapes and transposes of the inputs as strides), then a column sum."""
    rng = np.random.default_rng(4)     # the module's stream stays as other tests know it
    h = rng.standard_normal((40, 2048)).astype(np.float32)
    w = rng.standard_normal((2048, 3)).astype(np.float32)
    g = rng.standard_normal((40, 3)).astype(np.float32)
    kernels = check(lambda h, w, g: (jnp.tanh(h @ w + 1.0), h.T @ g, (w.T @ h.T).T),
                    h, w, g, rtol=1e-4, atol=1e-4)
    products = [k for k in kernels.values() if k.kind == "matmul"]
    assert len(products) == 3 and all(k.launches[-1]["grid"][1] > 1 for k in products[:1])
    assert all(k.library is not None for k in products)     # a BLAS reads the same views
    from mlax.passes.native_rules import reshaped_strides
    assert reshaped_strides((4, 6), (1, 4), (2, 2, 6)) == (2, 1, 4)   # a transpose, split
    assert reshaped_strides((4, 6), (1, 4), (24,)) is None


def test_chains_store_what_many_kernels_would_recompute(monkeypatch):
    """Alternating row and column normalizations (Sinkhorn's, unrolled): each kernel would
    recompute the chain back to the input; a value recomputed by several kernels from more
    than RECOMPUTE_MAX ops is stored instead."""
    from mlax.passes import fusion
    monkeypatch.setattr(fusion, "RECOMPUTE_MAX", 8)

    def f(x):
        for _ in range(12):
            x = x / jnp.sum(x, 1, keepdims=True)
            x = x / jnp.sum(x, 0)
        return x
    x = np.random.default_rng(5).random((6, 7)).astype(np.float32) + 0.5
    module = fused(f, x)
    sizes = [len(fn.regions[0].blocks[0].operations) for name, fn in
             functions(module.operation).items() if name != "main"]
    assert max(sizes) <= 3 * fusion.RECOMPUTE_MAX
    check(f, x, rtol=2e-5)


def test_loops_and_branches_run_kernels_from_the_host():
    def f(x, n):
        y = lax.fori_loop(0, 3, lambda i, x: jnp.tanh(x) * 2.0 + i, x)

        def step(c, row):                       # carries, stacked outputs, a constant
            return c + jnp.sum(row * x[0]), jnp.sort(row) * c
        c, ys = lax.scan(step, 0.0, x, reverse=True)
        z = lax.while_loop(lambda v: jnp.max(v) < 100.0, lambda v: v * 3.0 + 1.0, jnp.abs(x))
        w = lax.cond(n > 0, lambda v: v @ v.T, lambda v: -v @ v.T, x)
        k = lax.switch(n, [jnp.sin, jnp.cos, jnp.exp], x)
        return y, c, ys, z, w, k
    want = [np.asarray(v) for v in mlax.jit(f)(F, 1)]
    mlax.config.update("jax_platforms", "interpreter")
    try:
        for n in (1, 7):
            got = mlax.jit(f)(F, n)
            assert all(type(g).__name__ == "DeviceArray" for g in got)
            if n == 1:
                for g, v in zip(got, want):
                    np.testing.assert_allclose(np.asarray(g), v, rtol=2e-5, atol=2e-5)
        np.testing.assert_allclose(np.asarray(got[5]), np.exp(F), rtol=1e-6)   # clamped
    finally:
        mlax.config.update("jax_platforms", None)


def test_reductions_read_at_other_rows_are_stored_first():
    x = np.arange(16, dtype=np.float32).reshape(4, 4)
    check(lambda x: x + jnp.sum(x, 1)[None, :], x)
    check(lambda x: x + jnp.flip(jnp.sum(x, 1))[:, None], x)
    check(lambda x: x - jnp.max(x, 0)[:, None], x)
    check(lambda x: (jnp.sum(jnp.pad(x, ((1, 2), (0, 0)), constant_values=1.0), axis=1),
                     jnp.sum(jnp.concatenate([x[:2], x * 2], axis=0), axis=1)), x)


def test_edge_values_and_half_floats():
    big = np.array([89.0, 100.0, 1e30, -1e30, 0.0], np.float32)
    check(jnp.expm1, big)
    check(lambda x: lax.round(x, 1), np.array([8388609.0, -8388609.0, -0.5, 0.5, 2.5], np.float32))
    check(lax.erf_inv, np.array([2.0, -1.5, 1.0, -1.0, 0.5], np.float32))
    h = RNG.standard_normal(4000).astype(np.float16)
    check(lambda h: (jnp.sum(h), jnp.exp(h), h * h + 1), h)
    import ml_dtypes
    b = RNG.standard_normal(64).astype(ml_dtypes.bfloat16)
    check(lambda b: (b + b * 3, jnp.tanh(b)), b)


def test_fmod_is_exact():
    x = np.array([5.5, -5.5, 1e30, -3e38, 7.0, 1e-40, 0.0, -0.0, np.inf, 3.0, np.nan, 6.0],
                 np.float32)
    y = np.array([2.0, 2.0, 3.3e-38, 1.7e-45, np.inf, 3e-45, 1.0, 1.0, 1.0, 0.0, 1.0, -4.0],
                 np.float32)
    x, y = np.concatenate([x, F.ravel() * 1e6]), np.concatenate([y, F.ravel()[::-1]])
    check(lax.rem, x, y, kinds=["elementwise"], rtol=0)
    check(lax.rem, x.astype(np.float16), (y + 1).astype(np.float16), rtol=0)


def test_pow_and_atan2():
    edge = np.array([0.0, -0.0, 1.0, -1.0, 2.0, -2.0, 0.5, -0.5, 3.0, -3.0, np.inf, -np.inf,
                     np.nan, 1e-30, -7.5, 40.0], np.float32)
    x, y = (np.ascontiguousarray(v.ravel()) for v in np.meshgrid(edge, edge))
    check(lambda x, y: (lax.pow(x, y), lax.atan2(x, y)), x, y, kinds=["elementwise"] * 2,
          rtol=1e-6)
    a, b = F[:, :20] * 4, F[:, 17:]
    check(lambda a, b: (jnp.abs(a) ** b, jnp.arctan2(a, b), jnp.arctan2(a * 1e5, b)), a, b,
          rtol=1e-6)
    h = a.astype(np.float16)
    check(lambda h: (jnp.abs(h) ** h, jnp.arctan2(h, h * 2)), h, rtol=1e-3)
    # a scalar operand (a constant, or one value per row)
    check(lambda a, b: (jnp.abs(a) ** 1.5, a % 0.3, jnp.arctan2(a, 1.0), 2.0 ** a, 7.5 % b,
                        jnp.fmod(jnp.max(a, 1, keepdims=True), b)), a, b, rtol=1e-6)


def test_ops_without_kernels_stay_on_the_host():
    a = np.abs(F[:, :10]) + 0.5
    mlax.config.update("jax_enable_x64", True)
    try:        # f64 pow: a host op (the converts to f64 are kernels)
        check(lambda a, b: lax.pow(a.astype(np.float64), b.astype(np.float64)), a,
              F[:, 10:20], kinds=["elementwise"] * 2)
    finally:
        mlax.config.update("jax_enable_x64", False)
    t = RNG.standard_normal((3, 4, 5)).astype(np.float32)
    u = RNG.standard_normal((4, 5, 6)).astype(np.float32)
    check(lambda t, u: jnp.tensordot(t, u, axes=2), t, u,
          kinds=["matmul"])
    mlax.config.update("jax_platforms", "interpreter")   # host ops may return views
    try:
        out = mlax.jit(lambda x: (lax.cumsum(x, axis=1, reverse=True) * 2,
                                  x.at[0].multiply(3.0) + 1))(F)
    finally:
        mlax.config.update("jax_platforms", None)
    np.testing.assert_allclose(np.asarray(out[0]), np.cumsum(F[:, ::-1], 1)[:, ::-1] * 2, rtol=1e-5)
    np.testing.assert_allclose(np.asarray(out[1]), np.concatenate([F[:1] * 3, F[1:]]) + 1)


def test_gathers_fuse_into_kernels():
    emb = RNG.standard_normal((10, 6)).astype(np.float32)
    ids = np.array([[3, 0, 9], [12, -4, 5]], np.int32)               # out of range: clamped
    check(lambda e, i: jnp.tanh(e[i]) * 2.0, emb, ids, kinds=["elementwise"])
    p = RNG.standard_normal((8, 5)).astype(np.float32)
    lab = np.array([0, 4, 2, 1, 3, 3, 0, 4], np.int32)
    check(lambda p, l: -jnp.mean(jnp.log(jnp.take_along_axis(jnp.abs(p) + 1.0, l[:, None], 1))),
          p, lab)
    check(lambda x, i: (x[:, i], x[i % 3], jnp.take(x, i, axis=1, mode="clip")), F[:, :8],
          np.array([7, 0, 3, 3], np.int32))


@pytest.mark.parametrize("name", ["argmax", "argmin"])
def test_argmax_is_a_row_kernel(name):
    x = np.array([[1.0, 3.0, 3.0, -1.0], [np.nan, 2.0, np.nan, 0.0], [0.0, -0.0, 5.0, 5.0]],
                 np.float32)
    f = getattr(jnp, name)
    check(lambda x: f(x, axis=1), x, kinds=["rows"])
    check(lambda x: (f(x, axis=0), f(x)), x)
    check(lambda i: f(i, axis=1), I, kinds=["rows"])


@pytest.mark.parametrize("name", ["cumsum", "cumprod", "cummax", "cummin"])
def test_cumulative_scan_kernels(name):
    op = getattr(lax, name)
    x = F[:, :10] if name == "cumprod" else F
    check(lambda x: op(jnp.sin(x), axis=1), x, kinds=["scan"], rtol=1e-5)
    check(lambda x: op(x, axis=0, reverse=True) * 2.0, x, kinds=["elementwise", "scan"], rtol=1e-5)
    check(lambda i: op(i, axis=1, reverse=True), I, kinds=["scan"])
    long = RNG.standard_normal(3000).astype(np.float32) * (0.01 if name == "cumprod" else 1)
    # running sums of up to ~50 that cross zero: an absolute tolerance at their scale
    check(lambda v: op(v, axis=0), long, kinds=["scan"], rtol=1e-4, atol=1e-3)


def test_sort_kernels():
    x = np.concatenate([F[:, :10], F_EDGE, F_EDGE[:, ::-1], np.repeat(F[:1, :5], 2, axis=1)])
    check(lambda x: (jnp.sort(x, axis=1), jnp.argsort(x, axis=1), jnp.argsort(-x, axis=0)), x,
          kinds=["sort"] * 3)
    check(lambda x: jnp.sort(jnp.tanh(x) * 2.0, axis=0) + 1.0, x, kinds=["sort", "elementwise"])
    u = lax.bitcast_convert_type
    check(lambda i: (jnp.sort(i, 1), jnp.argsort(u(i, np.uint32), 1), jnp.argsort(i > 0, 0),
                     jnp.sort(i > 0, 1)), I, kinds=["sort"] * 4)
    h = RNG.standard_normal((2, 300)).astype(np.float16)
    h[0, :50] = h[0, 50:100]                                        # ties keep their order
    check(lambda h: (jnp.sort(h, 1), jnp.argsort(h, 1)), h, kinds=["sort"] * 2)
    long = RNG.standard_normal(5000).astype(np.float32)
    check(jnp.sort, long, kinds=[])          # longer rows than a program sorts: the host


def test_scatter_kernels():
    e = RNG.standard_normal((6, 4)).astype(np.float32)
    e[2, 1] = np.nan
    ids = np.array([3, 2, 9, 3, -1, 5], np.int32)                   # out of bounds: dropped
    upd = RNG.standard_normal((6, 4)).astype(np.float32)
    upd[1, 2] = np.nan
    check(lambda e, i, u: (e.at[i].add(u), e.at[i].max(u), e.at[i].min(u * 2.0),
                           e.at[i, 1:3].set(jnp.sin(u[:, :2]))), e, ids, upd,
          kinds=["scatter"] * 4)
    m = np.arange(24, dtype=np.int32).reshape(6, 4)
    check(lambda m, i: (m.at[i].add(m), m.at[i].max(-m), m.at[i].min(m), (m > 3).at[i].set(False),
                        m.astype(np.int64).at[i].add(1)), m, ids,
          kinds=["scatter"] * 5)
    check(lambda e: e.at[np.array([], np.int32)].add(1.0), e)          # no updates
    batched = mlax.vmap(lambda row, i, v: row.at[i].add(v))             # batching dims
    check(batched, e, np.array([[1], [0], [3], [3], [2], [9]], np.int32), upd[:, :1],
          kinds=["scatter"])
    check(lambda e, i, u: e.astype(np.float16).at[i].add(u.astype(np.float16)), e, ids, upd)
    x3 = RNG.standard_normal((3, 4, 5)).astype(np.float32)
    i = np.array([0, 2, -1, 1], np.int32)
    check(lambda x, i, u: (x.at[i, i, i].add(u), x.at[:, i, 1:].add(1.0), x[i, i, i]), x3, i,
          upd[:4, 0])


def test_cuda_device_code_on_torch_cpu_tensors(tmp_path, monkeypatch):
    """CudaDevice's buffers, views, transfers and BLAS way, on torch's CPU tensors (where torch
    is installed): the interpreter takes them as it takes CUDA ones."""
    import time

    torch = pytest.importorskip("torch")
    from mlax.passes.lower_cpu import lower
    from mlax.runtime import gpu
    monkeypatch.setenv("MLAX_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(gpu, "TUNE_MIN", 0)

    class TorchCpu(gpu.CudaDevice):
        compiles, name = False, "torch-cpu"

        def __init__(self):
            super().__init__()
            self.device = torch.device("cpu")

        def synchronize(self):
            pass

        def time(self, fn, reps=1):
            fn()
            start = time.perf_counter()
            for _ in range(reps):
                fn()
            return (time.perf_counter() - start) / reps
    w = RNG.standard_normal((37, 5)).astype(np.float32)
    index = np.array([2, 0, 1, 1], np.int32)
    for f, args in [
            (lambda w, x: (jnp.tanh(x @ w + 1.0) > 0, x @ (w * 2.0)), (w, F)),   # both ways
            (lambda h, g: (jnp.tanh(h.T @ g), g.T @ h), (SKINNY, SKINNY[:, :3])),   # split K
            (lambda x: (x.astype(jnp.bfloat16) * 2, x.astype(jnp.float16) + 1), (F,)),
            (lambda x, i: (x.at[i].add(1.0), x.at[i].multiply(3.0)), (F, index)),
            (lambda x: lax.while_loop(lambda c: c[0] < 3, lambda c: (c[0] + 1, c[1] * 1.5),
                                      (0, x)), (F,))]:
        device = TorchCpu()
        got = gpu.load(lower(fused(f, *args).operation), device)(*map(device.put, args))
        want = mlax.tree_util.tree_leaves(mlax.jit(f)(*args))
        for g, v in zip(got, want):
            g, v = device.get(g), np.asarray(v)
            assert g.dtype == v.dtype and g.shape == v.shape
            np.testing.assert_allclose(g.astype(np.float64), v.astype(np.float64),
                                       rtol=1e-2 if v.dtype.itemsize == 2 else 3e-6, atol=2e-6)
    assert "blas" in (tmp_path / "tuning.json").read_text()


def test_matmul_ways_are_timed_and_remembered(tmp_path, monkeypatch):
    """A GPU times each way to run a big matmul (tile configs, a BLAS then the epilogue as a
    kernel of its own) on its first call and keeps the choice; the interpreter stands in."""
    import json

    from mlax.passes.lower_cpu import lower
    from mlax.runtime import gpu
    monkeypatch.setenv("MLAX_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(gpu, "TUNE_MIN", 0)
    timed = []

    compiled = []           # what each load compiles ahead: (kernel, function)
    monkeypatch.setattr(gpu.triton_kernels, "compile_ahead", lambda jobs, workers: compiled.append(
        sorted((k.name, spec["fn"], len(args)) for k, spec, args in jobs)) or [])

    class Timed(gpu.InterpreterDevice):
        autotune = True
        compiles = True

        def time(self, fn, reps=1):    # each way timed faster than the last: the BLAS wins
            fn()
            timed.append(None)
            return 1.0 / len(timed)

    def f(x, w, b):
        return jnp.tanh(x @ w.T + b) > 0.0, x @ (w.T * 2.0)
    w = RNG.standard_normal((5, 37)).astype(np.float32)
    b = RNG.standard_normal(5).astype(np.float32)
    exe = lower(fused(f, F, w, b).operation)
    kernels = [k for k in exe.kernels.values() if k["kind"] == "matmul"]
    assert len(kernels) == 2 and all(k["library"] for k in kernels)
    assert sorted(k["library"]["epilogue"] is None for k in kernels) == [False, True]
    want = [np.asarray(v) for v in mlax.jit(f)(F, w, b)]
    for _ in range(2):                  # the second load finds the choices on disk
        got = gpu.load(exe, Timed())(F, w, b)
        for g, v in zip(got, want):
            np.testing.assert_allclose(g, v, rtol=3e-6, atol=2e-6)
    assert len(timed) == 4              # two ways for each matmul, timed once
    params = {k["name"]: len(k["params"]) for k in kernels}
    epilogues = [(k["name"], k["library"]["epilogue"]["fn"], params[k["name"]] + 1)
                 for k in kernels if k["library"]["epilogue"]]

    def split(jobs):                    # (the matmuls', the others')
        return [j for j in jobs if j[0] in params], [j for j in jobs if j[0] not in params]
    assert split(compiled[0])[0] == sorted([(n, n, p) for n, p in params.items()] + epilogues)
    assert split(compiled[1]) == (sorted(epilogues), split(compiled[0])[1])    # remembered
    table = json.loads((tmp_path / "tuning.json").read_text())
    assert sorted(table.values()) == ["blas", "blas"]


def test_tuning_times_only_the_close_ways_again(tmp_path, monkeypatch):
    """One timed run of each way, then more runs of those within TUNE_CLOSE of the fastest."""
    from types import SimpleNamespace

    from mlax.runtime import gpu
    monkeypatch.setenv("MLAX_CACHE_DIR", str(tmp_path))
    once, again, calls = {"a": 3.0, "b": 1.0, "c": 1.1}, {"b": 2.0, "c": 1.5}, []

    class Device:
        name = "a device"

        def time(self, fn, reps=1):
            label = fn()
            calls.append((label, reps))
            return (once if reps == 1 else again)[label]
    ways = [(label, lambda args, label=label: label) for label in "abc"]
    kernel = SimpleNamespace(name="k", source="src")
    assert gpu._tune(kernel, Device(), ways, [])([]) == "c"
    assert calls == [("a", 1), ("b", 1), ("c", 1), ("b", gpu.TUNE_REPS), ("c", gpu.TUNE_REPS)]
    assert gpu._remembered_label(kernel, Device()) == "c"


def test_second_compile_comes_from_the_disk_cache(tmp_path, monkeypatch):
    from mlax.passes import lower_cpu
    monkeypatch.setenv("MLAX_CACHE_DIR", str(tmp_path))

    def f(x):
        return mlax.nn.softmax(jnp.tanh(x) * 3.0, axis=-1)

    def run():          # a new jit each time (an empty signature cache), called from one line
        jitted = mlax.jit(f)
        return np.asarray(jitted(F)), jitted
    mlax.config.update("jax_platforms", "interpreter")
    try:
        first, _ = run()
        assert len(list((tmp_path / "executables").glob("*.npz"))) == 1

        def no_lowering(*args, **kwargs):
            raise AssertionError("compiled again")
        real = lower_cpu.lower
        monkeypatch.setattr(lower_cpu, "lower", no_lowering)
        again, jitted = run()
        np.testing.assert_array_equal(again, first)
        monkeypatch.setattr(lower_cpu, "lower", real)
        assert "mlax.kernel" in jitted.lower(F).compile().as_text()   # the module, on demand
    finally:
        mlax.config.update("jax_platforms", None)


def test_a_failing_kernel_names_the_users_line(monkeypatch):
    from mlax.runtime import cpu, triton_kernels

    def broken(kernel, config=None, extra=0):
        def run(args):
            raise RuntimeError("out of resources")
        return run
    monkeypatch.setattr(triton_kernels, "launcher", broken)
    mlax.config.update("jax_platforms", "interpreter")
    try:
        with pytest.raises(cpu.ExecutionError, match=r"test_triton.py:\d+: the GPU kernel "
                           r"@main_elementwise0 \(elementwise\) failed: RuntimeError: out of"):
            mlax.jit(lambda x: jnp.sin(x) + 1.0)(F)
    finally:
        mlax.config.update("jax_platforms", None)


def test_row_kernels_store_the_statistics_they_read():
    def layer_norm(x):
        m = jnp.mean(x, -1, keepdims=True)
        v = jnp.mean((x - m) ** 2, -1, keepdims=True)
        return (x - m) / jnp.sqrt(v + 1e-5), m, v
    x = RNG.standard_normal((6, 50)).astype(np.float32)
    kernels = check(layer_norm, x, kinds=["rows"])              # one launch, three results
    assert [k.results for k in kernels.values()] == [3]
    check(lambda x: mlax.grad(lambda x: jnp.sum(mlax.nn.log_softmax(x, -1) * x))(x), x,
          kinds=["rows"])
    # a statistic read at other rows, or by a kernel that must come first, is stored first
    check(lambda x: (x - jnp.max(x, 1)[::-1, None], jnp.sum(x, 1)), x[:, :6])
    check(lambda x: (x * jnp.sum(x, 1, keepdims=True), jnp.cumsum(jnp.sum(x, 1))), x)

    def shared(x):          # one statistic read by three kernels: stored by the first
        m = jnp.max(x, 1, keepdims=True)
        return x - m, x * 2 - m, m, x == m, jnp.sum(jnp.exp(x) - m, 0)
    assert [k.results for k in check(shared, x).values()] == [2, 1, 1, 1]
    for f in (shared, lambda x: mlax.value_and_grad(
            lambda x: jnp.sum(mlax.nn.logsumexp(x, -1)))(x)):
        module = fused(f, x)
        main = functions(module.operation)["main"].regions[0].blocks[0]
        assert {o.operation.name for o in main.operations} <= {"func.call", "func.return",
                                                               "mlax.constant"}
    check(lambda x: jnp.sum(mlax.nn.logsumexp(x, -1)), x, kinds=["rows", "rows"])
    check(lambda x: (jnp.sum(x, 1) * 2, x - jnp.sum(x, 1)[:, None]), x,
          kinds=["rows"])                 # siblings sharing a reduction: one pass over x

    def stats(x):           # per-row temporaries named like vectors' prefixes stay scalars
        a = jnp.sum(x, -1, keepdims=True)
        b = jnp.sum(x, (1, 2), keepdims=True)
        return x - a - b, a, b, jnp.max(x - a, (1, 2))
    x3 = RNG.standard_normal((2, 3, 4)).astype(np.float32)
    check(mlax.grad(lambda x: jnp.sum(jnp.sin(jnp.concatenate(
        [r.reshape(-1) for r in stats(x)])))), x3, rtol=2e-5)
    mlax.config.update("jax_platforms", "interpreter")
    try:
        got = mlax.jit(layer_norm)(x)
    finally:
        mlax.config.update("jax_platforms", None)
    for g, w in zip(got, mlax.jit(layer_norm)(x)):
        np.testing.assert_allclose(np.asarray(g), np.asarray(w), rtol=2e-6, atol=2e-6)


class _Ptr:
    def __init__(self, address):
        self.address = address

    def data_ptr(self):
        return self.address


def test_launches_go_direct_after_the_first():
    """The first launch goes through Triton's JIT; later ones call the compiled kernel's
    launcher with the grid as three numbers and the constexprs after the pointers, unless a
    pointer is not 16-byte aligned (the JIT specializes on that) or the launcher refuses."""
    calls = []

    class Compiled:
        def __getitem__(self, grid):
            return lambda *args: calls.append(("direct", grid, args))

    class Fn:
        arg_names = ["a", "b", "BLOCK", "N"]

        def __getitem__(self, grid):
            def run(*args, **kwargs):
                calls.append(("jit", grid, args, kwargs))
                return Compiled()
            return run
    launch = triton_kernels.Launch(Fn(), {"grid": [4], "constexprs": {"N": 7, "BLOCK": 64},
                                          "options": {"num_warps": 2}})
    a, b, odd = _Ptr(256), _Ptr(512), _Ptr(260)
    launch([a, b])
    launch([a, b])
    launch([odd, b])
    assert calls == [("jit", (4,), (a, b), {"N": 7, "BLOCK": 64, "num_warps": 2}),
                     ("direct", (4, 1, 1), (a, b, 64, 7)),
                     ("jit", (4,), (odd, b), {"N": 7, "BLOCK": 64, "num_warps": 2})]

    class Refusing(Compiled):
        def __getitem__(self, grid):
            def run(*args):
                raise TypeError("launcher takes other arguments")
            return run
    Fn.__getitem__ = lambda self, grid: lambda *args, **kw: calls.append("jit") or Refusing()
    launch = triton_kernels.Launch(Fn(), {"grid": [4], "constexprs": {"N": 7, "BLOCK": 64},
                                          "options": {}})
    calls.clear()
    for _ in range(3):
        launch([a, b])
    assert calls == ["jit"] * 3 and launch.direct is False
