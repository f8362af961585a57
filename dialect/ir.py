"""The MLIR side of the op table: contexts with the dialect loaded, and conversions between
MLIR types/attributes and the Python values the rules speak (Aval, ints, tuples, arrays)."""
from __future__ import annotations

import sys
import types

import numpy as np
from mlir import ir
from mlir.dialects import irdl

from . import dtypes as dt
from . import rules as R
from .irdl import IRDL_PATH


# The bindings look for Python op classes in `mlir.dialects.<namespace>` each time they wrap
# an op, and do not remember a failed import (thousands per compile). We have none: an empty
# module answers once. This halves compile times.
sys.modules.setdefault("mlir.dialects.mlax", types.ModuleType("mlir.dialects.mlax"))


def new_context() -> ir.Context:
    """A context with the mlax dialect loaded. Loading twice into one context aborts in
    MLIR, so a context is only ever made here."""
    ctx = ir.Context()
    with ctx, ir.Location.unknown():
        irdl.load_dialects(ir.Module.parse(IRDL_PATH.read_text()))
    ctx.mlax_loaded = True
    return ctx


_context = None


def default_context() -> ir.Context:
    """The process-wide context the frontend traces into."""
    global _context
    if _context is None:
        _context = new_context()
    return _context


def file_location(loc: ir.Location):
    """(filename, line, col) of the first file location inside loc, or None."""
    if loc.is_a_file():
        return loc.filename, loc.start_line, loc.start_col
    if loc.is_a_name():
        return file_location(loc.child_loc)
    if loc.is_a_callsite():
        return file_location(loc.callee)
    if loc.is_a_fused():
        for inner in loc.locations:
            found = file_location(inner)
            if found:
                return found
    return None


def where(loc: ir.Location) -> str:
    """`file:line` of a location, or "" when it has none."""
    found = file_location(loc)
    return f"{found[0]}:{found[1]}" if found else ""


# ------------------------------------------------------------------------------ types

def element_type(dtype: str) -> ir.Type:
    return ir.Type.parse(dt.MLIR_NAMES[dtype])


def tensor_type(aval: R.Aval) -> ir.RankedTensorType:
    return ir.RankedTensorType.get(list(aval.shape), element_type(aval.dtype))


_FLOAT_NAMES = {ir.F16Type: "f16", ir.BF16Type: "bf16", ir.F32Type: "f32", ir.F64Type: "f64"}


def _element_name(elt: ir.Type) -> str:
    """The MLIR spelling of an element type, without printing it (str() costs ~5 us, and
    passes ask for thousands of types)."""
    if isinstance(elt, ir.IntegerType):
        return f"{'ui' if elt.is_unsigned else 'si' if elt.is_signed else 'i'}{elt.width}"
    return _FLOAT_NAMES.get(type(elt)) or str(elt)


def aval_of_type(t: ir.Type) -> R.Aval:
    if not isinstance(t, ir.RankedTensorType):
        raise R.RuleError(f"expected a ranked tensor type, got {t}")
    if not t.has_static_shape:
        raise R.RuleError(f"dynamic dimensions are not supported, got {t}")
    elt = _element_name(t.element_type)
    if elt not in dt.FROM_MLIR:
        raise R.RuleError(f"unsupported element type {elt} in {t}")
    return R.Aval(tuple(t.shape), dt.FROM_MLIR[elt])


# ------------------------------------------------------------------------- attributes

def to_numpy_dtype(dtype: str) -> np.dtype:
    if dtype == "bfloat16":
        import ml_dtypes
        return np.dtype(ml_dtypes.bfloat16)
    return np.dtype(dtype)


def scalar_attr(dtype: str, value) -> ir.Attribute:
    elt = element_type(dtype)
    if dtype in dt.FLOATS:
        return ir.FloatAttr.get(elt, float(value))
    return ir.IntegerAttr.get(elt, int(value))


def elements_attr(value: np.ndarray) -> ir.Attribute:
    value = np.asarray(value)
    dtype = value.dtype.name
    t = tensor_type(R.Aval(value.shape, dtype))
    if value.size >= 1 and not any(value.strides):      # a broadcast scalar: no scan, no copy
        return ir.DenseElementsAttr.get_splat(t, scalar_attr(dtype, value.flat[0]))
    value = value if value.flags.c_contiguous else value.copy()   # ascontiguousarray makes 0-d 1-d
    if dt.is_uniform(value):
        return ir.DenseElementsAttr.get_splat(t, scalar_attr(dtype, value.reshape(-1)[0]))
    if dtype == "bfloat16":
        return ir.DenseElementsAttr.get(value.view(np.uint16), type=t)
    if dtype == "bool":         # the bindings infer i1 from numpy bools, and refuse type=
        return ir.DenseElementsAttr.get(value)
    return ir.DenseElementsAttr.get(value, type=t)


def splat_scalar(attr: ir.Attribute):
    """The element of a splat elements attribute, as a numpy scalar of its dtype (read
    without materializing the tensor), else None."""
    attr = ir.DenseElementsAttr(attr)
    if not attr.is_splat:
        return None
    dtype = aval_of_type(attr.type).dtype
    scalar = attr.get_splat_value()
    if dtype == "bool":
        v = bool(ir.IntegerAttr(scalar).value)
    elif dtype in dt.FLOATS:
        v = ir.FloatAttr(scalar).value
    else:
        v = ir.IntegerAttr(scalar).value
    return np.asarray(v, dtype=to_numpy_dtype(dtype))[()]


def elements_value(attr: ir.Attribute, view: bool = False) -> np.ndarray:
    """The array of a dense elements attribute; with `view`, a splat is its one value
    broadcast to the shape (read-only, no memory whatever the size), for readers of its
    type alone (the verifier: a splat in the IR may be larger than the machine's memory)."""
    attr = ir.DenseElementsAttr(attr)
    aval = aval_of_type(attr.type)
    np_dtype = to_numpy_dtype(aval.dtype)
    if attr.is_splat:
        if view:
            return np.broadcast_to(np.asarray(splat_scalar(attr), dtype=np_dtype), aval.shape)
        return np.full(aval.shape, splat_scalar(attr), dtype=np_dtype)
    if aval.dtype == "bfloat16":   # the bindings expose no bf16 buffer: read the text
        return _bf16_from_text(str(attr), aval.shape)
    return np.array(attr).astype(np_dtype, copy=False).reshape(aval.shape)


def _bf16_from_text(text: str, shape) -> np.ndarray:
    import re
    body = text[text.index("<") + 1:text.rindex(":")].strip()[:-1]   # dense<BODY> : type
    if body.startswith('"0x'):                    # hex blob: raw little-endian bits
        raw = np.frombuffer(bytes.fromhex(body[3:-1]), dtype=np.uint16)
        return raw.view(to_numpy_dtype("bfloat16")).reshape(shape)
    tokens = re.findall(r"0x[0-9A-Fa-f]+|[-+0-9.eE]+|inf|nan", body)
    bits = [np.uint16(int(t, 16)) if t.startswith("0x")
            else np.float32(t).astype(to_numpy_dtype("bfloat16")).view(np.uint16) for t in tokens]
    return np.array(bits, np.uint16).view(to_numpy_dtype("bfloat16")).reshape(shape)


def to_attr(kind: R.Kind, value) -> ir.Attribute:
    if kind is R.I64:
        return ir.IntegerAttr.get(ir.IntegerType.get_signless(64), int(value))
    if kind is R.Bool:
        return ir.BoolAttr.get(bool(value))
    if kind is R.Str:
        return ir.StringAttr.get(value)
    if kind is R.I64s:
        return ir.DenseI64ArrayAttr.get([int(v) for v in value])
    if kind is R.Axes:
        return ir.ArrayAttr.get([ir.UnitAttr.get() if v is None else to_attr(R.I64, v) for v in value])
    if kind is R.Symbol:
        return ir.FlatSymbolRefAttr.get(value.name if isinstance(value, R.FuncSig) else value)
    if kind is R.Symbols:
        return ir.ArrayAttr.get([to_attr(R.Symbol, v) for v in value])
    if kind is R.Elements:
        return elements_attr(value)
    raise TypeError(f"no attribute for kind {kind.name}")


class AttrError(R.RuleError):
    pass


def _i64(attr) -> int:
    if not isinstance(attr, ir.IntegerAttr) or str(attr.type) != "i64":
        raise ValueError
    return attr.value


def from_attr(kind: R.Kind, attr: ir.Attribute, name: str, view: bool = False):
    """Python value of an attribute; symbols come back as names (str); `view`: elements as
    elements_value gives them with view."""
    try:
        if kind is R.I64:
            return _i64(attr)
        if kind is R.Bool:
            if not isinstance(attr, ir.BoolAttr):
                raise ValueError
            return attr.value
        if kind is R.Str:
            return ir.StringAttr(attr).value
        if kind is R.I64s:
            return tuple(ir.DenseI64ArrayAttr(attr))
        if kind is R.Axes:
            return tuple(None if isinstance(a, ir.UnitAttr) else _i64(a) for a in ir.ArrayAttr(attr))
        if kind is R.Symbol:
            return ir.FlatSymbolRefAttr(attr).value
        if kind is R.Symbols:
            return tuple(ir.FlatSymbolRefAttr(a).value for a in ir.ArrayAttr(attr))
        if kind is R.Elements:
            return elements_value(attr, view)
    except R.RuleError:
        raise
    except (ValueError, TypeError):
        pass
    expected = {"i64": "an i64 integer", "bool": "a boolean", "str": "a string",
                "i64s": "array<i64: ...>", "axes": "an array of i64 or unit",
                "symbol": "a symbol reference", "symbols": "an array of symbol references",
                "elements": "dense elements"}[kind.name]
    raise AttrError(f"attribute '{name}' must be {expected}, got {attr}")


def module_text(op: ir.Operation, debug_info: bool = False) -> str:
    """The module's text; with debug_info, each location is written inline on its op
    (`loc("f.py":3:8)`) rather than as an alias defined at the end, to read top to bottom."""
    text = op.get_asm(enable_debug_info=debug_info)
    if not debug_info:
        return text
    import re
    aliases = dict(re.findall(r"^(#loc\d*) = (loc\(.*\))$", text, flags=re.M))
    body = re.sub(r"^#loc\d* = loc\(.*\)\n?", "", text, flags=re.M)
    return re.sub(r"loc\((#loc\d*)\)", lambda m: aliases.get(m.group(1), m.group(0)), body)
