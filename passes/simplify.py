"""Dead code and common subexpression elimination for mlax ops.

Upstream `cse` and dead-code removal only touch ops that declare themselves free of side
effects, which IRDL ops cannot; every mlax op is pure, so these passes treat them so.
"""
from __future__ import annotations

from mlir import ir

from .registry import register
from .walk import blocks, has_uses, is_mlax


@register("mlax-dce", "Erase mlax ops whose results are all unused")
def dce(module: ir.Operation):
    for block in reversed(list(blocks(module))):      # inner blocks first
        for op in reversed(list(block.operations)):     # users before their operands
            op = op.operation
            if is_mlax(op) and not has_uses(op):
                op.erase()


def _key(op: ir.Operation):
    attrs = op.attributes
    return (op.name, tuple(op.operands),
            tuple(sorted((attrs[i].name, str(attrs[i].attr)) for i in range(len(attrs)))),
            tuple(str(r.type) for r in op.results))


@register("mlax-cse", "Merge identical mlax ops (same operands, attributes and types) in a block")
def cse(module: ir.Operation):
    for block in blocks(module):
        seen = {}
        for op in list(block.operations):
            op = op.operation
            if not is_mlax(op):
                continue
            key = _key(op)
            first = seen.setdefault(key, op)
            if first is not op:
                for old, new in zip(op.results, first.results):
                    old.replace_all_uses_with(new)
                op.erase()
