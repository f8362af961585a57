"""`mlax-canonicalize` (algebraic identities) and `mlax-fold` (constant folding), as Python
rewrite patterns run by MLIR's greedy pattern driver.

A pattern returns a truthy value when it does not apply (the driver's convention).
"""
from __future__ import annotations

import numpy as np
from mlir import ir
from mlir.rewrite import RewritePatternSet, apply_patterns_and_fold_greedily

from ..dialect import OPS
from ..dialect import builders as B
from ..dialect.ir import aval_of_type, elements_value, splat_scalar
from .registry import register
from .verify import op_params
from .walk import PREFIX

NO_MATCH = True


def defining(value: ir.Value, name: str):
    """The op named `name` that defines value, else None (block arguments included)."""
    owner = value.owner
    if isinstance(owner, ir.Block) or owner.operation.name != name:
        return None
    return owner.operation


def constant_of(value: ir.Value):
    """The numpy value of a mlax.constant result, else None."""
    const = defining(value, "mlax.constant")
    return None if const is None else elements_value(const.attributes["value"])


def splat_of(value: ir.Value):
    """The scalar of a splat mlax.constant (any shape), or of a broadcast of a one-element
    constant (how the frontend writes `x * 1.0`), else None."""
    bcast = defining(value, "mlax.broadcast_in_dim")
    if bcast is not None:
        value = bcast.operands[0]
    const = defining(value, "mlax.constant")
    if const is None:
        return None
    attr = ir.DenseElementsAttr(const.attributes["value"])
    if attr.is_splat:
        return splat_scalar(attr)
    return elements_value(attr).reshape(-1)[0] if aval_of_type(attr.type).size == 1 else None


def _forward(op, rewriter):
    """op -> its operand, when the types agree."""
    op = op.operation
    x = op.operands[0]
    if x.type != op.results[0].type:
        return NO_MATCH
    rewriter.replace_op(op, [x])


def _identity_when(pred):
    """op -> its first operand when pred(op) holds and types agree."""
    def pattern(op, rewriter):
        return _forward(op, rewriter) if pred(op.operation) else NO_MATCH
    return pattern


def _neutral(value, commutative=True):
    """x op c -> x (and c op x when commutative), for c a splat equal to `value`."""
    def pattern(op, rewriter):
        op = op.operation
        lhs, rhs = op.operands
        for keep, const in ((lhs, rhs), (rhs, lhs)) if commutative else ((lhs, rhs),):
            c = splat_of(const)
            if c is not None and c == value and keep.type == op.results[0].type:
                rewriter.replace_op(op, [keep])
                return None
        return NO_MATCH
    return pattern


def _involution(op, rewriter):
    """f(f(x)) -> x."""
    op = op.operation
    inner = defining(op.operands[0], op.name)
    if inner is None:
        return NO_MATCH
    rewriter.replace_op(op, [inner.operands[0]])


def _attr_empty(name):
    return lambda op: len(ir.DenseI64ArrayAttr(op.attributes[name])) == 0


def _attrs_zero(*names):
    return lambda op: all(all(v == 0 for v in ir.DenseI64ArrayAttr(op.attributes[n])) for n in names)


def _select_constant_pred(op, rewriter):
    op = op.operation
    pred, on_true, on_false = op.operands
    c = splat_of(pred)
    if c is None:
        return NO_MATCH
    rewriter.replace_op(op, [on_true if c else on_false])


def _compose_reshape(op, rewriter):
    """reshape(reshape(x)) -> reshape(x)."""
    op = op.operation
    inner = defining(op.operands[0], "mlax.reshape")
    if inner is None:
        return NO_MATCH
    with rewriter.ip, op.location:
        new = B.reshape(inner.operands[0], shape=aval_of_type(op.results[0].type).shape)
    rewriter.replace_op(op, [new])


def _transpose_of_dot(op, rewriter):
    """transpose(dot_general(a, b)) swapping its free dimensions -> dot_general(b, a), when
    the product is used only there (reverse-mode writes the weight gradient of x @ w so):
    the product is then written in the order wanted, not written and copied."""
    op = op.operation
    dot = defining(op.operands[0], "mlax.dot_general")
    if dot is None or len(list(dot.results[0].uses)) != 1:
        return NO_MATCH
    p = op_params(dot, OPS["dot_general"], resolve=None)
    lhs, rhs = (aval_of_type(v.type) for v in dot.operands)
    nb = len(p["lhs_batching_dimensions"])
    nl = lhs.ndim - nb - len(p["lhs_contracting_dimensions"])
    nr = rhs.ndim - nb - len(p["rhs_contracting_dimensions"])
    swapped = [*range(nb), *range(nb + nl, nb + nl + nr), *range(nb, nb + nl)]
    if list(ir.DenseI64ArrayAttr(op.attributes["permutation"])) != swapped:
        return NO_MATCH
    with rewriter.ip, op.location:
        new = B.dot_general(dot.operands[1], dot.operands[0],
                            **{f"{side}_{kind}_dimensions": p[f"{other}_{kind}_dimensions"]
                               for side, other in (("lhs", "rhs"), ("rhs", "lhs"))
                               for kind in ("batching", "contracting")})
    rewriter.replace_op(op, [new])


CANONICAL = {
    "reshape": [_forward, _compose_reshape],
    "convert": [_forward],
    "broadcast_in_dim": [_forward],
    "transpose": [_identity_when(lambda op: list(ir.DenseI64ArrayAttr(op.attributes["permutation"]))
                                 == list(range(len(op.results[0].type.shape)))),
                  _transpose_of_dot],
    "slice": [_identity_when(lambda op: all(s == 1 for s in ir.DenseI64ArrayAttr(op.attributes["strides"])))],
    "rev": [_identity_when(_attr_empty("dimensions"))],
    "pad": [_identity_when(_attrs_zero("edge_padding_low", "edge_padding_high", "interior_padding"))],
    "reduce_sum": [_identity_when(_attr_empty("axes"))],
    "reduce_prod": [_identity_when(_attr_empty("axes"))],
    "reduce_max": [_identity_when(_attr_empty("axes"))],
    "reduce_min": [_identity_when(_attr_empty("axes"))],
    "concatenate": [_identity_when(lambda op: len(op.operands) == 1)],
    "integer_pow": [_identity_when(lambda op: ir.IntegerAttr(op.attributes["y"]).value == 1)],
    "add": [_neutral(0)],
    "sub": [_neutral(0, commutative=False)],
    "mul": [_neutral(1)],
    "div": [_neutral(1, commutative=False)],
    "neg": [_involution],
    "not": [_involution],
    "select": [_select_constant_pred],
}


def _patterns(table: dict):
    patterns = RewritePatternSet()
    for name, fns in table.items():
        for fn in fns:
            patterns.add(PREFIX + name, fn)
    return patterns.freeze()


@register("mlax-canonicalize",
          "Simplify mlax ops by algebraic identities (x+0, x*1, identity reshapes/transposes, "
          "transposed products...)")
def canonicalize(module: ir.Operation):
    apply_patterns_and_fold_greedily(module, _patterns(CANONICAL))




def _fold_pattern(max_elements: int):
    from ..runtime.kernels import KERNELS, quiet

    def pattern(op, rewriter):
        op = op.operation
        opdef = OPS[op.name[len(PREFIX):]]
        values = [constant_of(v) for v in op.operands]
        if any(v is None for v in values):
            return NO_MATCH
        results = [aval_of_type(r.type) for r in op.results]
        if sum(r.size for r in results) > max_elements:
            return NO_MATCH
        with quiet():
            out = KERNELS[opdef.name](*values, **op_params(op, opdef, resolve=None))
        out = out if opdef.variadic_results else (out,)
        with rewriter.ip, op.location:
            new = [B.constant(value=np.asarray(v)) for v in out]
        rewriter.replace_op(op, new)
    return pattern


@register("mlax-fold", "Evaluate mlax ops whose operands are all constants",
          options={"max-elements": (int, 1 << 16, "largest result to fold, in elements")})
def fold(module: ir.Operation, **options):
    limit = options.get("max-elements", 1 << 16)
    pattern = _fold_pattern(limit)
    patterns = RewritePatternSet()
    for name, opdef in OPS.items():
        if not opdef.declaration and name != "constant":
            patterns.add(PREFIX + name, pattern)
    apply_patterns_and_fold_greedily(module, patterns.freeze())
