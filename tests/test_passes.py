"""The pass registry, textual pipelines and mlax-opt driven in-process."""
import pytest
from mlir import ir

from mlax import passes
from mlax.dialect import context
from mlax.passes.pipeline import parse_element, split_top, strip_anchor
from mlax.passes.registry import PASSES, PassError, register
from mlax.tools import opt

SOURCE = """
func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "mlax.sin"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %1 = "mlax.sin"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %2 = "mlax.add"(%0, %1) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %3 = "mlax.exp"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %2 : tensor<4xf32>
}
"""


def parse(text=SOURCE):
    return ir.Module.parse(text, context())


def count(module, name):
    return str(module).count(f'"{name}"')


def test_pipeline_text_is_split_like_mlir():
    assert strip_anchor("builtin.module(a,b{x=1 y=2},func.func(c,d))") == "a,b{x=1 y=2},func.func(c,d)"
    assert split_top("a,b{x=1,y=2},func.func(c,d)") == ["a", "b{x=1,y=2}", "func.func(c,d)"]
    assert parse_element("b{x=1 y=2}") == ("b", "x=1 y=2", None)
    assert parse_element("func.func(c,d)") == ("func.func", "", "c,d")


def test_run_pipeline_mixes_our_passes_and_upstream_ones():
    module = parse()
    passes.run_pipeline(module.operation, "builtin.module(mlax-cse,mlax-dce,canonicalize)")
    assert count(module, "mlax.sin") == 1 and count(module, "mlax.exp") == 0


def test_pipeline_errors_name_the_problem():
    with pytest.raises(ValueError, match="unknown pass or bad pipeline element 'no-such-pass'"):
        passes.pass_manager("builtin.module(no-such-pass)")
    with pytest.raises(ValueError, match="put them at the top level"):
        passes.pass_manager("builtin.module(func.func(mlax-dce))")
    with pytest.raises(ValueError, match="has no option 'nope'"):
        passes.pass_manager("builtin.module(mlax-fold{nope=1})")
    with pytest.raises(ValueError, match="needs a value of type int"):
        passes.pass_manager("builtin.module(mlax-fold{max-elements=x})")


def test_pass_errors_become_diagnostics_at_the_op():
    module = parse()
    with pytest.raises(ir.MLIRError) as info:
        with module.context:
            loc = ir.Location.file("user.py", 7, 3)

        @register("test-failing-pass", "fails on purpose")
        def failing(m):
            raise PassError("this op is not allowed", loc)
        try:
            passes.run_pipeline(module.operation, ["test-failing-pass"])
        finally:
            del PASSES["test-failing-pass"]
    (diag,) = info.value.error_diagnostics
    assert diag.message == "this op is not allowed" and "user.py" in str(diag.location)


def test_a_registered_pass_is_a_flag_of_mlax_opt(tmp_path, capsys):
    @register("test-erase-exp", "erases mlax.exp ops")
    def erase_exp(module):
        from mlax.passes.walk import operations
        for op in list(operations(module)):
            if op.name == "mlax.exp":
                op.erase()
    try:
        src = tmp_path / "in.mlir"
        src.write_text(SOURCE)
        assert opt.run([str(src), "--test-erase-exp"]) == 0
        assert '"mlax.exp"' not in capsys.readouterr().out
        assert opt.run(["--list-passes"]) == 0
        assert "--test-erase-exp" in capsys.readouterr().out
    finally:
        del PASSES["test-erase-exp"]


def test_mlax_opt_reports_errors_with_file_line_col(tmp_path, capsys):
    src = tmp_path / "bad.mlir"
    src.write_text(SOURCE.replace('"mlax.exp"(%x) : (tensor<4xf32>) -> tensor<4xf32>',
                                  '"mlax.exp"(%x) : (tensor<4xf32>) -> tensor<5xf32>'))
    assert opt.run([str(src)]) == 1
    err = capsys.readouterr().err
    assert f"{src}:6:8: error: 'mlax.exp' op result type tensor<5xf32> does not match" in err
    assert opt.run([str(tmp_path / "missing.mlir")]) == 1
    assert "cannot read" in capsys.readouterr().err
