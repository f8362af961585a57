"""`mlax-verify`: checks every mlax op against its rule in the op table (what IRDL cannot
say: shapes agree, dimensions in range, callee signatures match) and reports each broken op
at its location."""
from __future__ import annotations

from mlir import ir

from ..dialect import OPS, RuleError, infer
from ..dialect import rules as R
from ..dialect.ir import aval_of_type, from_attr
from .registry import PassError, register
from .walk import KERNEL_ATTR, NATIVE_ATTR, PREFIX, functions, is_mlax, operations, signature, symbol_name


def read_params(attrs, opdef: R.OpDef, resolve, result: R.Aval | None = None,
                view: bool = False) -> dict:
    """The rule's keyword params: attributes looked up in `attrs` (an op's attributes or a
    declaration's dictionary), then result-type params read off `result`; `view`: splat
    elements are not materialized (dialect.ir.elements_value), as checking a rule needs."""
    params = {}
    for p in opdef.attrs:
        if p.name not in attrs:
            raise RuleError(f"needs attribute '{p.name}'")
        value = from_attr(p.kind, attrs[p.name], p.name, view)
        if p.kind is R.Symbol:
            value = resolve(value)
        elif p.kind is R.Symbols:
            value = tuple(resolve(v) for v in value)
        params[p.name] = value
    for p in opdef.type_params:
        params[p.name] = result.shape if p.kind is R.ResultShape else result.dtype
    return params


def op_params(op: ir.Operation, opdef: R.OpDef, resolve, view: bool = False) -> dict:
    result = aval_of_type(op.results[0].type) if opdef.type_params else None
    return read_params(op.attributes, opdef, resolve, result, view)


def check(opdef: R.OpDef, operands, results, params):
    """Raises RuleError unless the rule gives exactly `results` for `operands`."""
    expected = infer(opdef, operands, params)
    if len(expected) != len(results):
        raise RuleError(f"has {len(results)} results, its operands give {len(expected)}")
    for i, (got, want) in enumerate(zip(results, expected)):
        if got != want:
            which = "result type" if len(results) == 1 else f"result #{i} type"
            raise RuleError(f"{which} {got} does not match the inferred type {want}")


def check_op(op: ir.Operation, resolve):
    """Raises RuleError if the op breaks its rule."""
    opdef = OPS[op.name[len(PREFIX):]]
    operands = [aval_of_type(v.type) for v in op.operands]
    results = [aval_of_type(r.type) for r in op.results]
    if opdef.type_params and len(results) != 1:
        raise RuleError("expects exactly one result")
    check(opdef, operands, results, op_params(op, opdef, resolve, view=True))


def declared_op(func_op: ir.Operation):
    """(OpDef, its dictionary attribute) of a higher-order-op declaration, else None."""
    attrs = func_op.attributes
    for i in range(len(attrs)):
        named = attrs[i]
        if named.name.startswith(PREFIX) and named.name not in (NATIVE_ATTR, KERNEL_ATTR):
            name = named.name[len(PREFIX):]
            opdef = OPS.get(name)
            if opdef is None or not opdef.declaration:
                raise RuleError(f"'{named.name}' is not a higher-order mlax op")
            if not isinstance(named.attr, ir.DictAttr):
                raise RuleError(f"'{named.name}' must be a dictionary of the op's attributes")
            return opdef, named.attr
    return None


def check_declaration(func_op: ir.Operation, resolve):
    found = declared_op(func_op)
    if found is None:
        return
    opdef, attrs = found
    if len(func_op.regions[0].blocks):
        raise RuleError(f"a function carrying 'mlax.{opdef.name}' must be a declaration "
                        "(its body is what the op's pass generates)")
    try:
        sig = signature(func_op)
        check(opdef, sig.inputs, sig.outputs, read_params(attrs, opdef, resolve, view=True))
    except RuleError as e:
        raise RuleError(f"'{opdef.full_name}' declaration @{symbol_name(func_op)}: {e}") from None


def resolver(module: ir.Operation):
    funcs, cache = functions(module), {}

    def resolve(name: str):
        if name not in cache:
            if name not in funcs:
                raise RuleError(f"'@{name}' does not name a func.func in this module")
            try:
                cache[name] = signature(funcs[name])
            except RuleError as e:
                raise RuleError(f"@{name} cannot be referenced by an mlax op: {e}") from None
        return cache[name]
    return resolve


@register("mlax-verify", "Check every mlax op against the op table's rules (shapes, dims, callees)")
def verify(module: ir.Operation):
    resolve = resolver(module)
    errors = []
    for op in operations(module):
        try:
            if is_mlax(op):
                try:
                    check_op(op, resolve)
                except RuleError as e:
                    raise RuleError(f"'{op.name}' op {e}") from None
            elif op.name == "func.func":
                check_declaration(op, resolve)
        except RuleError as e:
            errors.append(PassError(str(e), op.location))
    if errors:
        raise PassError(str(errors[0]), errors[0].location, more=errors[1:])
