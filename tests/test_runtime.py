"""Lowering to the CPU plan, the CPU backend, and executables saved and loaded."""
import subprocess
import sys
import textwrap

import numpy as np
import pytest
from mlir import ir

from mlax.dialect import context
from mlax.passes import PassError, run_pipeline
from mlax.passes.lower_cpu import lower
from mlax.runtime import cpu
from mlax.runtime.executable import Executable

PROGRAM = """
func.func private @affine(%w: tensor<3x2xf32>, %x: tensor<4x3xf32>) -> tensor<4x2xf32> {
  %0 = "mlax.dot_general"(%x, %w) {lhs_batching_dimensions = array<i64>, rhs_batching_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 1>, rhs_contracting_dimensions = array<i64: 0>} : (tensor<4x3xf32>, tensor<3x2xf32>) -> tensor<4x2xf32>
  return %0 : tensor<4x2xf32>
}
func.func @main(%w: tensor<3x2xf32>, %x: tensor<4x3xf32>) -> (tensor<f32>, tensor<4x2xf32>) {
  %h = call @affine(%w, %x) : (tensor<3x2xf32>, tensor<4x3xf32>) -> tensor<4x2xf32>
  %t = "mlax.tanh"(%h) : (tensor<4x2xf32>) -> tensor<4x2xf32>
  %c = "mlax.constant"() {value = dense<[[1.0, -1.0]]> : tensor<1x2xf32>} : () -> tensor<1x2xf32>
  %cb = "mlax.broadcast_in_dim"(%c) {broadcast_dimensions = array<i64: 0, 1>} : (tensor<1x2xf32>) -> tensor<4x2xf32>
  %p = "mlax.mul"(%t, %cb) : (tensor<4x2xf32>, tensor<4x2xf32>) -> tensor<4x2xf32>
  %s = "mlax.reduce_sum"(%p) {axes = array<i64: 0, 1>} : (tensor<4x2xf32>) -> tensor<f32>
  return %s, %t : tensor<f32>, tensor<4x2xf32>
}
"""


def reference(w, x):
    t = np.tanh(x @ w)
    return (t * np.array([[1.0, -1.0]], np.float32)).sum(), t


@pytest.fixture
def executable():
    module = ir.Module.parse(PROGRAM, context())
    run_pipeline(module.operation, "builtin.module(mlax-verify)")
    return lower(module.operation)


def inputs():
    rng = np.random.default_rng(0)
    return rng.normal(size=(3, 2)).astype(np.float32), rng.normal(size=(4, 3)).astype(np.float32)


def test_lowered_program_matches_numpy(executable):
    w, x = inputs()
    s, t = cpu.load(executable)(w, x)
    ref_s, ref_t = reference(w, x)
    assert s.dtype == np.float32 and s.shape == () and t.shape == (4, 2)
    np.testing.assert_allclose(s, ref_s, rtol=1e-5)
    np.testing.assert_allclose(t, ref_t, rtol=1e-5)


def test_generated_code_frees_dead_values(executable):
    run = cpu.load(executable)
    assert "del " in run.__mlax_source__


def test_saved_executable_runs_where_mlir_is_never_imported(executable, tmp_path):
    path = tmp_path / "prog.mlax.npz"
    executable.save(path)
    w, x = inputs()
    np.save(tmp_path / "w.npy", w)
    np.save(tmp_path / "x.npy", x)
    script = textwrap.dedent(f"""
        import sys
        sys.modules["mlir"] = None          # any import of MLIR now fails
        import numpy as np
        from mlax.runtime.executable import Executable
        from mlax.runtime import cpu
        run = cpu.load(Executable.load({str(path)!r}))
        s, t = run(np.load({str(tmp_path / 'w.npy')!r}), np.load({str(tmp_path / 'x.npy')!r}))
        assert not any(m == "mlir" or m.startswith("mlir.") for m in sys.modules if sys.modules[m])
        print(repr(float(s)))
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    np.testing.assert_allclose(float(out.stdout), reference(w, x)[0], rtol=1e-5)
    again = Executable.load(path)
    assert again.functions.keys() == executable.functions.keys()


def test_splat_constants_are_saved_as_one_value(tmp_path):
    """A constant of one repeated value (a gradient's zeros) is one value in the IR and on
    disk, whatever its size, and comes back whole."""
    import mlax
    import mlax.numpy as jnp
    x = np.linspace(-1, 1, 512 * 512, dtype=np.float32).reshape(512, 512)
    f = mlax.jit(lambda x: (mlax.grad(lambda x: jnp.sum(jnp.maximum(x, 0.0)))(x),
                            x.astype(jnp.bfloat16)))
    mlax.config.update("mlax_native_cpu", False)        # constants in the plan
    try:
        compiled = f.lower(x).compile()
    finally:
        mlax.config.update("mlax_native_cpu", True)
    assert any(v.size == x.size for fn in compiled.executable.functions.values()
               for v in fn.constants.values())
    compiled.save(tmp_path / "f.npz")
    assert (tmp_path / "f.npz").stat().st_size < 20_000      # not megabytes of zeros
    dx, _ = cpu.load(Executable.load(tmp_path / "f.npz"))(x)
    np.testing.assert_array_equal(dx, (x > 0).astype(np.float32))


def test_unexpanded_declarations_and_upstream_ops_are_reported():
    module = ir.Module.parse("""
      func.func private @f(%x: tensor<f32>) -> tensor<f32> { return %x : tensor<f32> }
      func.func private @g(tensor<f32>) -> tensor<f32> attributes {mlax.grad = {callee = @f, argnums = array<i64: 0>, has_aux = false}}
      func.func @main(%x: tensor<f32>) -> tensor<f32> {
        %0 = call @g(%x) : (tensor<f32>) -> tensor<f32>
        return %0 : tensor<f32>
      }""", context())
    with pytest.raises(PassError, match="unexpanded 'mlax.grad' declaration"):
        lower(module.operation)
    module = ir.Module.parse("""
      func.func @main(%x: i32) -> i32 {
        %0 = arith.addi %x, %x : i32
        return %0 : i32
      }""", context())
    with pytest.raises(PassError, match="'arith.addi' cannot be lowered"):
        lower(module.operation)
