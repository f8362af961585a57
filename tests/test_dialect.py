"""The op table, the IRDL derived from it, and the typed builders."""
import inspect

import numpy as np
import pytest
from mlir import ir
from mlir.dialects import func

from mlax.dialect import OPS, Aval, FuncSig, RuleError, infer
from mlax.dialect import builders as B
from mlax.dialect import context
from mlax.dialect import rules as R
from mlax.dialect.irdl import IRDL_PATH, irdl_text
from mlax.dialect.ir import aval_of_type, elements_value, tensor_type


def test_irdl_file_is_generated_from_the_table():
    assert IRDL_PATH.read_text() == irdl_text(), \
        "dialect/mlax.irdl.mlir is stale: run `python -m mlax.dialect.irdl > dialect/mlax.irdl.mlir`"


def test_every_plain_op_is_registered_and_declarations_are_not():
    ctx = context()
    for name, opdef in OPS.items():
        assert ctx.is_registered_operation(opdef.full_name) != opdef.declaration, name


def test_every_param_has_a_kind_and_builders_mirror_signatures():
    for name, opdef in OPS.items():
        for p in opdef.params:
            assert isinstance(p.kind, R.Kind)
        builder = getattr(B, B.python_name(name))
        assert builder.__doc__ and opdef.full_name in builder.__doc__
        if not opdef.declaration:
            params = inspect.signature(builder).parameters
            assert [p for p in params if p != "loc"] == list(inspect.signature(opdef.rule).parameters)


@pytest.fixture
def fn_builder():
    """Yields a helper that opens a function with given argument avals."""
    ctx = context()
    with ctx, ir.Location.unknown():
        module = ir.Module.create()

        def make(*avals, name="f", results=()):
            with ir.InsertionPoint(module.body):
                f = func.FuncOp(name, ([tensor_type(a) for a in avals],
                                       [tensor_type(a) for a in results]))
                block = f.add_entry_block()
            return f, block
        yield module, make


def test_builders_create_verified_ops(fn_builder):
    module, make = fn_builder
    f32 = Aval((2, 3), "float32")
    f, block = make(f32, Aval((), "int32"))
    with ir.InsertionPoint(block):
        x, i = block.arguments
        y = B.transpose(x, permutation=(1, 0))
        z = B.reshape(y, shape=(6,))
        s = B.dynamic_slice(x, i, i, slice_sizes=(1, 2))
        c = B.concatenate(z, B.constant(value=np.ones(2, np.float32)), dimension=0)
        a = B.argsort(c, dimension=0, index_dtype="int32")
        func.ReturnOp([])
    assert aval_of_type(z.type) == Aval((6,), "float32")
    assert aval_of_type(s.type) == Aval((1, 2), "float32")
    assert aval_of_type(c.type) == Aval((8,), "float32")
    assert aval_of_type(a.type) == Aval((8,), "int32")
    module.operation.verify()
    text = str(module)
    assert '"mlax.transpose"' in text and "permutation = array<i64: 1, 0>" in text


def test_builder_rejects_bad_ops_before_creating_them(fn_builder):
    module, make = fn_builder
    f, block = make(Aval((3,), "float32"), Aval((4,), "float32"))
    with ir.InsertionPoint(block):
        x, y = block.arguments
        with pytest.raises(RuleError, match="same type"):
            B.add(x, y)
        with pytest.raises(RuleError, match="cannot reshape"):
            B.reshape(x, shape=(2, 2))
        with pytest.raises(RuleError, match="reshape to negative size"):
            B.reshape(x, shape=(-1, 3))
        with pytest.raises(RuleError, match="needs parameter 'permutation'"):
            B.transpose(x)
        with pytest.raises(RuleError, match="has no parameter"):
            B.neg(x, axis=1)
    assert len(block.operations) == 0


def test_declaration_builder(fn_builder):
    module, make = fn_builder
    f, block = make(Aval((3,), "float32"), name="loss", results=[Aval((), "float32")])
    with ir.InsertionPoint(block):
        s = B.reduce_sum(block.arguments[0], axes=(0,))
        func.ReturnOp([s])
    f.attributes["sym_visibility"] = ir.StringAttr.get("private")
    loss = FuncSig("loss", (Aval((3,), "float32"),), (Aval((), "float32"),))
    with ir.InsertionPoint(module.body):
        sig = B.grad("loss_grad", loss.inputs, callee=loss, argnums=(0,))
    assert sig.outputs == (Aval((3,), "float32"),)
    module.operation.verify()
    assert "mlax.grad = {argnums = array<i64: 0>, callee = @loss, has_aux = false}" in str(module)


@pytest.mark.parametrize("value", [
    np.arange(6, dtype=np.float32).reshape(2, 3), np.float64(2.5), np.array([True, False]),
    np.array([1, 2**31 + 5], np.uint32), np.full((4, 4), 7, np.int64), np.array([-1, 3], np.int32),
    np.array([1.5, -2.0], np.float16)])
def test_constant_attributes_round_trip(fn_builder, value):
    module, make = fn_builder
    f, block = make()
    with ir.InsertionPoint(block):
        c = B.constant(value=np.asarray(value))
        func.ReturnOp([])
    back = elements_value(c.owner.attributes["value"])
    assert back.dtype == np.asarray(value).dtype and np.array_equal(back, value)


def test_bfloat16_constants_round_trip(fn_builder):
    import ml_dtypes
    module, make = fn_builder
    f, block = make()
    value = np.array([1.5, -3.25, 0.0, np.inf, 1e30], ml_dtypes.bfloat16)
    with ir.InsertionPoint(block):
        c = B.constant(value=value)
        func.ReturnOp([])
    assert "tensor<5xbf16>" in str(c.type)
    back = elements_value(c.owner.attributes["value"])
    assert back.dtype == value.dtype and np.array_equal(back, value)


def test_rules_shape_inference_examples():
    f32 = lambda *s: Aval(s, "float32")
    dot = OPS["dot_general"]
    assert infer(dot, [f32(5, 2, 3), f32(5, 3, 4)], dict(
        lhs_batching_dimensions=(0,), rhs_batching_dimensions=(0,),
        lhs_contracting_dimensions=(2,), rhs_contracting_dimensions=(1,))) == (f32(5, 2, 4),)
    gather = OPS["gather"]   # x[idx] for x of shape (10, 3) and idx of shape (4,)
    assert infer(gather, [f32(10, 3), Aval((4, 1), "int32")], dict(
        offset_dims=(1,), collapsed_slice_dims=(0,), operand_batching_dims=(),
        start_indices_batching_dims=(), start_index_map=(0,), index_vector_dim=1,
        slice_sizes=(1, 3))) == (f32(4, 3),)
    pad = OPS["pad"]
    assert infer(pad, [f32(3), f32()], dict(edge_padding_low=(-1,), edge_padding_high=(2,),
                                            interior_padding=(1,))) == (f32(6),)
    body = FuncSig("body", (f32(), f32(2)), (f32(), f32(2, 2)))
    assert infer(OPS["scan"], [f32(), f32(7, 2)], dict(
        body=body, length=7, reverse=False, num_consts=0, num_carry=1)) == (f32(), f32(7, 2, 2))
    with pytest.raises(RuleError, match="leading dimension 7"):
        infer(OPS["scan"], [f32(), f32(6, 2)], dict(
            body=body, length=7, reverse=False, num_consts=0, num_carry=1))
