"""The op table of the `mlax` dialect: one entry per op, its signature and its shape rule.

Each op is a Python function decorated with `@op`. Its signature *is* the op's signature:
positional parameters are operands (`*name` is a variadic operand group), keyword
parameters annotated with an attribute kind are attributes, and those annotated
`ResultShape`/`ResultDtype` are read off the result type. The function body checks what
IRDL cannot say and returns the result abstract value(s); it raises `RuleError` with a
message for the user. Everything else is derived from this table: the IRDL definition
(dialect/irdl.py), the typed builders (dialect/builders.py), the verifier pass, and the
abstract evaluation of the tracer. Pure Python: no MLIR import, so the eager path and the
runtime use it too.
"""

import inspect
import math
from typing import Callable, NamedTuple

import numpy as np

from . import dtypes as dt


class RuleError(ValueError):
    """An op's operands or attributes break its rule; the message is for the user.

    The verifier and the builders report any RuleError. The frontend raises `python_error`
    instead, the builtin JAX raises for the same mistake: TypeError where operand shapes or
    dtypes disagree (they are part of an array's type, and JAX's shape rules raise
    TypeError), ValueError for the out-of-range axes JAX reports so (reductions, scans,
    sorts, padding)."""

    def __init__(self, msg: str, python_error: type = TypeError):
        super().__init__(msg)
        self.python_error = python_error


class Aval(NamedTuple):
    """Abstract value: a ranked tensor's shape and element type (numpy dtype name)."""
    shape: tuple
    dtype: str

    @property
    def ndim(self) -> int:
        return len(self.shape)

    @property
    def size(self) -> int:
        return math.prod(self.shape)

    def __str__(self) -> str:
        dims = "".join(f"{d}x" for d in self.shape)
        return f"tensor<{dims}{dt.MLIR_NAMES.get(self.dtype, self.dtype)}>"


class FuncSig(NamedTuple):
    """What a symbol-valued attribute resolves to: a func.func's name and signature."""
    name: str
    inputs: tuple
    outputs: tuple


class Kind(NamedTuple):
    """An attribute kind: its Python meaning and the builtin attribute IRDL checks."""
    name: str
    irdl_base: str


I64 = Kind("i64", "#builtin.integer")
Bool = Kind("bool", "#builtin.integer")
Str = Kind("str", "#builtin.string")
I64s = Kind("i64s", "#builtin.dense_array")             # tuple of ints
Axes = Kind("axes", "#builtin.array")                   # tuple of (int | None); unit is None
Symbol = Kind("symbol", "#builtin.symbol_ref")          # resolves to a FuncSig
Symbols = Kind("symbols", "#builtin.array")             # tuple of FuncSig
Elements = Kind("elements", "#builtin.dense_int_or_fp_elements")   # numpy array
ResultShape = Kind("result_shape", "")                  # read off the result type
ResultDtype = Kind("result_dtype", "")

TYPE_PARAMS = (ResultShape, ResultDtype)


class Param(NamedTuple):
    name: str
    kind: Kind
    default: object


class OpDef(NamedTuple):
    name: str                   # without the "mlax." prefix
    rule: Callable
    operands: tuple             # ((name, variadic), ...)
    params: tuple               # (Param, ...): attributes and result-type params
    variadic_results: bool
    summary: str
    declaration: bool           # a higher-order op: a func.func declaration, see below

    @property
    def attrs(self):
        return tuple(p for p in self.params if p.kind not in TYPE_PARAMS)

    @property
    def type_params(self):
        return tuple(p for p in self.params if p.kind in TYPE_PARAMS)

    @property
    def full_name(self) -> str:
        return "mlax." + self.name


OPS: dict[str, OpDef] = {}


def op(*names: str, variadic_results: bool = False, declaration: bool = False):
    """Register the decorated rule under each op name."""
    def register(fn):
        operands, params = [], []
        for p in inspect.signature(fn).parameters.values():
            if p.kind is p.POSITIONAL_ONLY or p.kind is p.POSITIONAL_OR_KEYWORD:
                operands.append((p.name, False))
            elif p.kind is p.VAR_POSITIONAL:
                operands.append((p.name, True))
            else:
                assert isinstance(p.annotation, Kind), f"{fn.__name__}.{p.name} needs a Kind"
                default = None if p.default is p.empty else p.default
                params.append(Param(p.name, p.annotation, default))
        summary = (fn.__doc__ or "").strip().splitlines()[0] if fn.__doc__ else ""
        for name in names:
            assert name not in OPS, name
            OPS[name] = OpDef(name, fn, tuple(operands), tuple(params),
                              variadic_results or declaration, summary, declaration)
        return fn
    return register


# ---------------------------------------------------------------------------- helpers

def _check(cond: bool, msg: str, python_error: type = TypeError):
    if not cond:
        raise RuleError(msg, python_error)


def _dtype_in(x: Aval, allowed, what: str, opname: str = ""):
    _check(x.dtype in allowed,
           f"{what} must have {_describe(allowed)} element type, got {x}")


def _describe(allowed) -> str:
    if allowed == dt.FLOATS:
        return "a floating-point"
    if allowed == dt.INTEGERS:
        return "an integer"
    if allowed == dt.NUMERIC:
        return "a numeric"
    if allowed == dt.INTEGERS | {"bool"}:
        return "an integer or boolean"
    return "one of " + ", ".join(sorted(allowed)) + " as"


def _same(*avals: Aval, what="operands"):
    first = avals[0]
    for a in avals[1:]:
        _check(a == first, f"{what} must have the same type, got {first} and {a}")


def _axis(axis: int, ndim: int, what="axis", python_error=TypeError) -> int:
    _check(0 <= axis < ndim, f"{what} {axis} is out of range for rank {ndim}", python_error)
    return axis


def _axes(axes, ndim: int, what="axes", python_error=TypeError):
    for a in axes:
        _axis(a, ndim, what, python_error)
    _check(len(set(axes)) == len(axes), f"{what} {list(axes)} has repeated entries",
           python_error)


def _scalar_int(x: Aval, what: str):
    _check(x.shape == () and x.dtype in dt.INTEGERS, f"{what} must be a scalar integer tensor, got {x}")


def _index_map(indices: Aval, index_vector_dim: int, mapping, name: str, operand_ndim: int):
    """Checks a map from index-vector entries to operand dimensions (gather, scatter)."""
    n = 1 if index_vector_dim == indices.ndim else indices.shape[index_vector_dim]
    _check(len(mapping) == n,
           f"{name} needs {n} entries (the index vector length), got {len(mapping)}")
    _axes(mapping, operand_ndim, f"{name} entry")


def _batching_pairs(operand: Aval, indices: Aval, operand_dims, index_dims, index_vector_dim,
                    name: str):
    """Checks paired batching dimensions of an operand and its indices (gather, scatter)."""
    for od, idim in zip(operand_dims, index_dims):
        _check(0 <= idim < indices.ndim and idim != index_vector_dim,
               f"{name}_batching_dims entry {idim} is out of range")
        _check(operand.shape[od] == indices.shape[idim],
               f"batching dimensions {od} of the operand and {idim} of {name} differ in size")


def _start_indices(indices):
    for i, s in enumerate(indices):
        _scalar_int(s, f"start index #{i}")
        _check(s.dtype == indices[0].dtype, "start indices must share one integer type")


def _sig_match(args, expected, what: str):
    _check(len(args) == len(expected),
           f"{what}: expected {len(expected)} values, got {len(args)}")
    for i, (a, e) in enumerate(zip(args, expected)):
        _check(a == e, f"{what}: value #{i} has type {a}, expected {e}")


# ------------------------------------------------------------------- elementwise ops

@op("exp", "exp2", "log", "log1p", "expm1", "sin", "cos", "tan", "tanh", "logistic",
    "sqrt", "rsqrt", "cbrt", "erf", "erf_inv", "floor", "ceil")
def _float_unary(operand):
    """Elementwise floating-point math."""
    _dtype_in(operand, dt.FLOATS, "operand")
    return operand


@op("neg", "abs", "sign")
def _numeric_unary(operand):
    """Elementwise arithmetic on any numeric type."""
    _dtype_in(operand, dt.NUMERIC, "operand")
    return operand


@op("not")
def _not(operand):
    """Bitwise (or logical, for i1) negation."""
    _dtype_in(operand, dt.INTEGERS | {"bool"}, "operand")
    return operand


@op("stop_gradient")
def _stop_gradient(operand):
    """Identity whose derivative is zero."""
    return operand


@op("round")
def _round(operand, *, rounding_method: I64 = 0):
    """Rounds to integral values: method 0 rounds halves away from zero, 1 to even (lax.RoundingMethod)."""
    _dtype_in(operand, dt.FLOATS, "operand")
    _check(rounding_method in (0, 1), f"rounding_method must be 0 or 1, got {rounding_method}")
    return operand


@op("integer_pow")
def _integer_pow(operand, *, y: I64):
    """Raises to a fixed integer power."""
    _dtype_in(operand, dt.NUMERIC, "operand")
    _check(y >= 0 or operand.dtype in dt.FLOATS,
           f"a negative power {y} needs a floating-point operand, got {operand}")
    return operand


@op("is_finite")
def _is_finite(operand):
    """True where the operand is neither infinite nor NaN."""
    _dtype_in(operand, dt.FLOATS, "operand")
    return Aval(operand.shape, "bool")


@op("add", "sub", "mul", "div", "rem")
def _arith_binary(lhs, rhs):
    """Elementwise arithmetic; operands of one type, no implicit broadcasting."""
    _same(lhs, rhs)
    _dtype_in(lhs, dt.NUMERIC, "operands")
    return lhs


@op("max", "min")
def _minmax(lhs, rhs):
    """Elementwise maximum/minimum (NaN-propagating)."""
    _same(lhs, rhs)
    _dtype_in(lhs, dt.NUMERIC | {"bool"}, "operands")
    return lhs


@op("pow", "atan2")
def _float_binary(lhs, rhs):
    """Elementwise floating-point binary math."""
    _same(lhs, rhs)
    _dtype_in(lhs, dt.FLOATS, "operands")
    return lhs


@op("and", "or", "xor")
def _bitwise(lhs, rhs):
    """Bitwise (or logical, for i1) binary ops."""
    _same(lhs, rhs)
    _dtype_in(lhs, dt.INTEGERS | {"bool"}, "operands")
    return lhs


@op("shift_left", "shift_right_logical", "shift_right_arithmetic")
def _shift(lhs, rhs):
    """Bit shifts; shifting by the bit width or more gives 0 (or the sign fill)."""
    _same(lhs, rhs)
    _dtype_in(lhs, dt.INTEGERS, "operands")
    return lhs


COMPARISON_DIRECTIONS = ("EQ", "NE", "LT", "LE", "GT", "GE")


@op("compare")
def _compare(lhs, rhs, *, comparison_direction: Str):
    """Elementwise comparison (EQ, NE, LT, LE, GT, GE) giving i1."""
    _same(lhs, rhs)
    _check(comparison_direction in COMPARISON_DIRECTIONS,
           f"comparison_direction must be one of {', '.join(COMPARISON_DIRECTIONS)}, "
           f"got '{comparison_direction}'")
    return Aval(lhs.shape, "bool")


@op("select")
def _select(pred, on_true, on_false):
    """Picks on_true where pred holds, else on_false; pred is i1, scalar or of their shape."""
    _same(on_true, on_false, what="on_true and on_false")
    _check(pred.dtype == "bool", f"pred must have i1 element type, got {pred}")
    _check(pred.shape in ((), on_true.shape),
           f"pred must be a scalar or have the shape of on_true, got {pred} and {on_true}")
    return on_true


# ------------------------------------------------------------------------- conversions

@op("convert")
def _convert(operand, *, dtype: ResultDtype):
    """Converts element type (floats to integers round toward zero)."""
    return Aval(operand.shape, dtype)


@op("bitcast_convert")
def _bitcast_convert(operand, *, dtype: ResultDtype):
    """Reinterprets the bits of each element as another type of the same width."""
    _check(operand.dtype != "bool" and dtype != "bool", "bitcast_convert does not take i1")
    _check(dt.BITS[operand.dtype] == dt.BITS[dtype],
           f"bitcast_convert needs equal bit widths, got {operand.dtype} "
           f"({dt.BITS[operand.dtype]} bits) and {dtype} ({dt.BITS[dtype]} bits)")
    return Aval(operand.shape, dtype)


# ------------------------------------------------------------------------------- shapes

@op("broadcast_in_dim")
def _broadcast_in_dim(operand, *, shape: ResultShape, broadcast_dimensions: I64s):
    """Broadcasts to `shape`; operand dim i becomes result dim broadcast_dimensions[i]."""
    bd = tuple(broadcast_dimensions)
    _check(len(bd) == operand.ndim,
           f"broadcast_dimensions {list(bd)} must have one entry per operand dimension "
           f"({operand.ndim})")
    _axes(bd, len(shape), "broadcast dimension")
    _check(all(a < b for a, b in zip(bd, bd[1:])),
           f"broadcast_dimensions {list(bd)} must be strictly increasing")
    for i, d in enumerate(bd):
        _check(operand.shape[i] in (1, shape[d]),
               f"operand dimension {i} of size {operand.shape[i]} cannot broadcast to "
               f"result dimension {d} of size {shape[d]}")
    return Aval(tuple(shape), operand.dtype)


@op("reshape")
def _reshape(operand, *, shape: ResultShape):
    """Reshapes in row-major order; the element count stays the same."""
    _check(all(d >= 0 for d in shape), f"reshape to negative size {list(shape)}")
    _check(math.prod(shape) == operand.size,
           f"cannot reshape {operand} ({operand.size} elements) to shape {list(shape)} "
           f"({math.prod(shape)} elements)", ValueError)    # JAX's MLIR verifier reports it
    return Aval(tuple(shape), operand.dtype)


@op("transpose")
def _transpose(operand, *, permutation: I64s):
    """Permutes dimensions: result dim i is operand dim permutation[i]."""
    perm = tuple(permutation)
    _check(sorted(perm) == list(range(operand.ndim)),
           f"permutation {list(perm)} is not a permutation of the {operand.ndim} dimensions")
    return Aval(tuple(operand.shape[p] for p in perm), operand.dtype)


@op("rev")
def _rev(operand, *, dimensions: I64s):
    """Reverses the order of elements along the given dimensions."""
    _axes(dimensions, operand.ndim, "dimension")
    return operand


@op("slice")
def _slice(operand, *, start_indices: I64s, limit_indices: I64s, strides: I64s):
    """Static strided slice [start, limit) with step stride per dimension."""
    n = operand.ndim
    _check(len(start_indices) == len(limit_indices) == len(strides) == n,
           f"start_indices, limit_indices and strides need {n} entries each")
    out = []
    for i, (s, l, st, d) in enumerate(zip(start_indices, limit_indices, strides, operand.shape)):
        _check(0 <= s <= l <= d, f"slice [{s}, {l}) is out of bounds for dimension {i} of size {d}")
        _check(st >= 1, f"stride {st} of dimension {i} must be positive")
        out.append(-(-(l - s) // st))
    return Aval(tuple(out), operand.dtype)


@op("dynamic_slice")
def _dynamic_slice(operand, *start_indices, slice_sizes: I64s):
    """Slice of static size at run-time start indices (clamped into bounds, as in XLA)."""
    n = operand.ndim
    _check(len(start_indices) == n, f"dynamic_slice needs {n} start indices, got {len(start_indices)}")
    _start_indices(start_indices)
    _check(len(slice_sizes) == n, f"slice_sizes needs {n} entries, got {len(slice_sizes)}")
    for i, (s, d) in enumerate(zip(slice_sizes, operand.shape)):
        _check(0 <= s <= d, f"slice size {s} is out of bounds for dimension {i} of size {d}")
    return Aval(tuple(slice_sizes), operand.dtype)


@op("dynamic_update_slice")
def _dynamic_update_slice(operand, update, *start_indices):
    """Writes update into operand at run-time start indices (clamped into bounds)."""
    n = operand.ndim
    _check(update.dtype == operand.dtype, f"update {update} must have the element type of {operand}")
    _check(update.ndim == n, f"update {update} must have the rank of {operand}")
    _check(all(u <= d for u, d in zip(update.shape, operand.shape)),
           f"update {update} does not fit in {operand}")
    _check(len(start_indices) == n,
           f"dynamic_update_slice needs {n} start indices, got {len(start_indices)}")
    _start_indices(start_indices)
    return operand


@op("concatenate")
def _concatenate(lhs, rhs, *, dimension: I64):
    """Joins two tensors along `dimension` (n-ary joins are trees of these; see docs)."""
    _axis(dimension, lhs.ndim, "dimension")
    _check(lhs.dtype == rhs.dtype and lhs.ndim == rhs.ndim and all(
        a == b for i, (a, b) in enumerate(zip(lhs.shape, rhs.shape)) if i != dimension),
        f"cannot concatenate {lhs} and {rhs} along dimension {dimension}")
    shape = list(lhs.shape)
    shape[dimension] += rhs.shape[dimension]
    return Aval(tuple(shape), lhs.dtype)


@op("pad")
def _pad(operand, padding_value, *, edge_padding_low: I64s, edge_padding_high: I64s,
         interior_padding: I64s):
    """Pads with a scalar: low/high edge padding (may be negative) and interior padding."""
    n = operand.ndim
    _check(padding_value.shape == () and padding_value.dtype == operand.dtype,
           f"padding_value must be a scalar of the operand's element type, got {padding_value}")
    _check(len(edge_padding_low) == len(edge_padding_high) == len(interior_padding) == n,
           f"edge_padding_low, edge_padding_high and interior_padding need {n} entries each",
           ValueError)
    out = []
    for i, (lo, hi, it, d) in enumerate(zip(edge_padding_low, edge_padding_high,
                                             interior_padding, operand.shape)):
        _check(it >= 0, f"interior padding {it} of dimension {i} must not be negative")
        size = lo + hi + d + max(d - 1, 0) * it
        _check(size >= 0, f"padding makes dimension {i} negative ({size})")
        out.append(size)
    return Aval(tuple(out), operand.dtype)


@op("gather")
def _gather(operand, start_indices, *, offset_dims: I64s, collapsed_slice_dims: I64s,
            operand_batching_dims: I64s, start_indices_batching_dims: I64s,
            start_index_map: I64s, index_vector_dim: I64, slice_sizes: I64s):
    """XLA gather: slices of `slice_sizes` at the positions in start_indices (clamped)."""
    _check(start_indices.dtype in dt.INTEGERS, f"start_indices must be integers, got {start_indices}")
    _check(len(slice_sizes) == operand.ndim,
           f"slice_sizes needs {operand.ndim} entries, got {len(slice_sizes)}")
    for i, (s, d) in enumerate(zip(slice_sizes, operand.shape)):
        _check(0 <= s <= d, f"slice size {s} is out of bounds for dimension {i} of size {d}")
    _check(0 <= index_vector_dim <= start_indices.ndim,
           f"index_vector_dim {index_vector_dim} is out of range for {start_indices}")
    _axes(collapsed_slice_dims, operand.ndim, "collapsed_slice_dims entry")
    _axes(operand_batching_dims, operand.ndim, "operand_batching_dims entry")
    _check(not set(collapsed_slice_dims) & set(operand_batching_dims),
           "collapsed_slice_dims and operand_batching_dims overlap")
    for d in (*collapsed_slice_dims, *operand_batching_dims):
        _check(slice_sizes[d] <= 1, f"collapsed or batching dimension {d} needs slice size <= 1")
    _index_map(start_indices, index_vector_dim, start_index_map, "start_index_map", operand.ndim)
    _check(not set(start_index_map) & set(operand_batching_dims),
           "start_index_map and operand_batching_dims overlap")
    batch_shape = [d for i, d in enumerate(start_indices.shape) if i != index_vector_dim]
    _check(len(start_indices_batching_dims) == len(operand_batching_dims),
           "operand_batching_dims and start_indices_batching_dims differ in length")
    _batching_pairs(operand, start_indices, operand_batching_dims, start_indices_batching_dims,
                    index_vector_dim, "start_indices")
    window = [s for i, s in enumerate(slice_sizes)
              if i not in collapsed_slice_dims and i not in operand_batching_dims]
    _check(len(offset_dims) == len(window),
           f"offset_dims needs {len(window)} entries, got {len(offset_dims)}")
    rank = len(batch_shape) + len(window)
    _check(list(offset_dims) == sorted(set(offset_dims)), "offset_dims must be sorted and unique")
    _axes(offset_dims, rank, "offset_dims entry")
    out, w, b = [], iter(window), iter(batch_shape)
    for i in range(rank):
        out.append(next(w) if i in offset_dims else next(b))
    return Aval(tuple(out), operand.dtype)


@op("scatter", "scatter_add", "scatter_mul", "scatter_min", "scatter_max")
def _scatter(operand, scatter_indices, updates, *, update_window_dims: I64s,
             inserted_window_dims: I64s, input_batching_dims: I64s,
             scatter_indices_batching_dims: I64s, scatter_dims_to_operand_dims: I64s,
             index_vector_dim: I64):
    """XLA scatter: combines updates into operand at scatter_indices (out-of-bounds skipped)."""
    _check(scatter_indices.dtype in dt.INTEGERS,
           f"scatter_indices must be integers, got {scatter_indices}")
    _check(updates.dtype == operand.dtype,
           f"updates {updates} must have the element type of {operand}")
    _check(0 <= index_vector_dim <= scatter_indices.ndim,
           f"index_vector_dim {index_vector_dim} is out of range for {scatter_indices}")
    _axes(inserted_window_dims, operand.ndim, "inserted_window_dims entry")
    _axes(input_batching_dims, operand.ndim, "input_batching_dims entry")
    _check(list(update_window_dims) == sorted(set(update_window_dims)),
           "update_window_dims must be sorted and unique")
    _check(len(update_window_dims) + len(inserted_window_dims) + len(input_batching_dims)
           == operand.ndim,
           "update_window_dims, inserted_window_dims and input_batching_dims must together "
           f"cover the operand's {operand.ndim} dimensions")
    _index_map(scatter_indices, index_vector_dim, scatter_dims_to_operand_dims,
               "scatter_dims_to_operand_dims", operand.ndim)
    _check(not set(inserted_window_dims) & set(input_batching_dims),
           "inserted_window_dims and input_batching_dims overlap")
    _check(not set(scatter_dims_to_operand_dims) & set(input_batching_dims),
           "scatter_dims_to_operand_dims and input_batching_dims overlap")
    _check(len(scatter_indices_batching_dims) == len(input_batching_dims),
           "input_batching_dims and scatter_indices_batching_dims differ in length")
    _batching_pairs(operand, scatter_indices, input_batching_dims, scatter_indices_batching_dims,
                    index_vector_dim, "scatter_indices")
    scatter_shape = [d for i, d in enumerate(scatter_indices.shape) if i != index_vector_dim]
    _check(updates.ndim == len(scatter_shape) + len(update_window_dims),
           f"updates {updates} must have rank {len(scatter_shape) + len(update_window_dims)}")
    _axes(update_window_dims, updates.ndim, "update_window_dims entry")
    upd_scatter = [d for i, d in enumerate(updates.shape) if i not in update_window_dims]
    _check(upd_scatter == scatter_shape,
           f"updates {updates} scatter dimensions {upd_scatter} must match the indices' {scatter_shape}")
    window_operand_dims = [i for i in range(operand.ndim)
                           if i not in inserted_window_dims and i not in input_batching_dims]
    for ud, od in zip(update_window_dims, window_operand_dims):
        _check(updates.shape[ud] <= operand.shape[od],
               f"update window dimension {ud} of size {updates.shape[ud]} exceeds operand "
               f"dimension {od} of size {operand.shape[od]}")
    return operand


# -------------------------------------------------------------------------- reductions

def _reduce(operand, axes, allowed):
    _dtype_in(operand, allowed, "operand")
    _axes(axes, operand.ndim, python_error=ValueError)
    return Aval(tuple(d for i, d in enumerate(operand.shape) if i not in axes), operand.dtype)


@op("reduce_sum", "reduce_prod")
def _reduce_arith(operand, *, axes: I64s):
    """Sum/product over the given axes, which are removed."""
    return _reduce(operand, axes, dt.NUMERIC)


@op("reduce_max", "reduce_min")
def _reduce_minmax(operand, *, axes: I64s):
    """Maximum/minimum over the given axes, which are removed."""
    return _reduce(operand, axes, dt.NUMERIC | {"bool"})


@op("reduce_and", "reduce_or")
def _reduce_logic(operand, *, axes: I64s):
    """Logical/bitwise and/or over the given axes, which are removed."""
    return _reduce(operand, axes, dt.INTEGERS | {"bool"})


@op("argmax", "argmin")
def _argminmax(operand, *, axis: I64, index_dtype: ResultDtype):
    """Index of the first maximum/minimum along `axis` (NaN counts as the extreme)."""
    _dtype_in(operand, dt.NUMERIC | {"bool"}, "operand")
    _axis(axis, operand.ndim, python_error=ValueError)
    _check(index_dtype in ("int32", "int64"), f"index type must be i32 or i64, got {index_dtype}")
    return Aval(tuple(d for i, d in enumerate(operand.shape) if i != axis), index_dtype)


@op("cumsum", "cumprod", "cummax", "cummin")
def _cumulative(operand, *, axis: I64, reverse: Bool = False):
    """Inclusive scan along `axis`, from the end when `reverse`."""
    _dtype_in(operand, dt.NUMERIC, "operand")
    _axis(axis, operand.ndim, python_error=ValueError)
    return operand


@op("dot_general")
def _dot_general(lhs, rhs, *, lhs_batching_dimensions: I64s, rhs_batching_dimensions: I64s,
                 lhs_contracting_dimensions: I64s, rhs_contracting_dimensions: I64s):
    """Generalized matrix product; result dims are batch, lhs free, rhs free."""
    _check(lhs.dtype == rhs.dtype, f"operands must have one element type, got {lhs} and {rhs}")
    _dtype_in(lhs, dt.NUMERIC, "operands")
    lb, rb = tuple(lhs_batching_dimensions), tuple(rhs_batching_dimensions)
    lc, rc = tuple(lhs_contracting_dimensions), tuple(rhs_contracting_dimensions)
    _check(len(lb) == len(rb), "lhs and rhs batching dimensions differ in number")
    _check(len(lc) == len(rc), "lhs and rhs contracting dimensions differ in number")
    _axes(lb + lc, lhs.ndim, "lhs dimension")
    _axes(rb + rc, rhs.ndim, "rhs dimension")
    for kind, ld, rd in (("batching", lb, rb), ("contracting", lc, rc)):
        for a, b in zip(ld, rd):
            _check(lhs.shape[a] == rhs.shape[b],
                   f"{kind} dimensions differ in size: lhs dimension {a} is {lhs.shape[a]}, "
                   f"rhs dimension {b} is {rhs.shape[b]}")
    shape = ([lhs.shape[i] for i in lb]
             + [d for i, d in enumerate(lhs.shape) if i not in lb + lc]
             + [d for i, d in enumerate(rhs.shape) if i not in rb + rc])
    return Aval(tuple(shape), lhs.dtype)


@op("sort")
def _sort(operand, *, dimension: I64, is_stable: Bool = True):
    """Sorts along `dimension`, ascending, NaN last."""
    _dtype_in(operand, dt.NUMERIC | {"bool"}, "operand")
    _axis(dimension, operand.ndim, "dimension", ValueError)
    return operand


@op("argsort")
def _argsort(operand, *, dimension: I64, is_stable: Bool = True, index_dtype: ResultDtype):
    """The permutation that sorts along `dimension` (ascending, NaN last, ties in order)."""
    _dtype_in(operand, dt.NUMERIC | {"bool"}, "operand")
    _axis(dimension, operand.ndim, "dimension", ValueError)
    _check(index_dtype in ("int32", "int64"), f"index type must be i32 or i64, got {index_dtype}")
    return Aval(operand.shape, index_dtype)


# ------------------------------------------------------------------------ constants

@op("constant")
def _constant(*, value: Elements):
    """A constant tensor."""
    dtype = np.dtype(value.dtype).name
    _check(dtype in dt.ALL, f"unsupported constant element type {dtype}")
    return Aval(tuple(value.shape), dtype)


@op("iota")
def _iota(*, shape: ResultShape, dtype: ResultDtype, iota_dimension: I64):
    """0, 1, 2... along iota_dimension, broadcast over the others."""
    _check(dtype in dt.NUMERIC, f"iota needs a numeric element type, got {dtype}")
    _axis(iota_dimension, len(shape), "iota_dimension")
    return Aval(tuple(shape), dtype)


# ------------------------------------------------------------------- higher-order ops
# Transforms and control flow take and give any number of values of different types. IRDL
# (MLIR 22) binds a variadic operand group to the type of its first element, so such an op
# cannot be an IRDL op. Each use is instead a private func.func *declaration* carrying the
# op as a dictionary attribute, `mlax.<op> = {callee = @f, ...}`, and called with func.call:
# its parameters are the op's operands, its results the op's results. Transform passes give
# the declaration a body; control flow is executed by the runtime. The rules below check the
# declaration's signature exactly as they check an op's operands and results.

def _argnums(argnums, n):
    _axes(argnums, n, "argnum")


@op("grad", declaration=True)
def _grad(*args, callee: Symbol, argnums: I64s, has_aux: Bool = False):
    """Gradient of callee's scalar output with respect to args[argnums] (then aux outputs)."""
    _sig_match(args, callee.inputs, f"arguments of @{callee.name}")
    _check(len(callee.outputs) >= 1 + has_aux, f"@{callee.name} must return a value to differentiate")
    out = callee.outputs[0]
    _check(out.shape == () and out.dtype in dt.FLOATS,
           f"grad requires @{callee.name} to return a scalar float, got {out}")
    _argnums(argnums, len(args))
    for i in argnums:
        _check(args[i].dtype in dt.FLOATS,
               f"grad requires float inputs, but argument {i} of @{callee.name} is {args[i]}")
    return tuple(args[i] for i in argnums) + tuple(callee.outputs[1:] if has_aux else ())


@op("jvp", declaration=True)
def _jvp(*args, callee: Symbol):
    """Forward mode: (primals..., tangents...) -> (outputs..., output tangents...)."""
    n = len(callee.inputs)
    _check(len(args) == 2 * n, f"jvp of @{callee.name} needs {2 * n} operands (primals and tangents)")
    _sig_match(args[:n], callee.inputs, f"primals of @{callee.name}")
    _sig_match(args[n:], callee.inputs, f"tangents of @{callee.name}")
    return tuple(callee.outputs) * 2


@op("vjp", declaration=True)
def _vjp(*args, callee: Symbol):
    """Reverse mode: (primals..., output cotangents...) -> (outputs..., input cotangents...)."""
    n, m = len(callee.inputs), len(callee.outputs)
    _check(len(args) == n + m,
           f"vjp of @{callee.name} needs {n + m} operands (primals and output cotangents)")
    _sig_match(args[:n], callee.inputs, f"primals of @{callee.name}")
    _sig_match(args[n:], callee.outputs, f"cotangents of @{callee.name}")
    return tuple(callee.outputs) + tuple(callee.inputs)


def _unbatch(x: Aval, axis):
    return x if axis is None else Aval(x.shape[:axis] + x.shape[axis + 1:], x.dtype)


def _batch(x: Aval, axis, size):
    return x if axis is None else Aval(x.shape[:axis] + (size,) + x.shape[axis:], x.dtype)


@op("vmap", declaration=True)
def _vmap(*args, callee: Symbol, in_axes: Axes, out_axes: Axes, axis_size: I64):
    """Maps callee over axis in_axes[i] of each arg (unit: not mapped), stacking at out_axes."""
    _check(len(in_axes) == len(args), f"in_axes needs {len(args)} entries, got {len(in_axes)}")
    _check(len(out_axes) == len(callee.outputs),
           f"out_axes needs {len(callee.outputs)} entries, got {len(out_axes)}")
    _check(axis_size >= 0, f"axis_size {axis_size} must not be negative")
    for i, (a, ax) in enumerate(zip(args, in_axes)):
        if ax is not None:
            _axis(ax, a.ndim, f"in_axes entry {i}:")
            _check(a.shape[ax] == axis_size,
                   f"argument {i} has size {a.shape[ax]} on mapped axis {ax}, expected {axis_size}")
    _sig_match([_unbatch(a, ax) for a, ax in zip(args, in_axes)], callee.inputs,
               f"unbatched arguments of @{callee.name}")
    for i, (o, ax) in enumerate(zip(callee.outputs, out_axes)):
        if ax is not None:
            _axis(ax, o.ndim + 1, f"out_axes entry {i}:")
    return tuple(_batch(o, ax, axis_size) for o, ax in zip(callee.outputs, out_axes))


@op("custom_jvp", declaration=True)
def _custom_jvp(*args, callee: Symbol, jvp: Symbol):
    """Calls callee; forward mode uses `jvp`: (primals..., tangents...) -> (outputs..., tangents...)."""
    _sig_match(args, callee.inputs, f"arguments of @{callee.name}")
    _sig_match(jvp.inputs, tuple(callee.inputs) * 2, f"inputs of the jvp rule @{jvp.name}")
    _sig_match(jvp.outputs, tuple(callee.outputs) * 2, f"outputs of the jvp rule @{jvp.name}")
    return tuple(callee.outputs)


@op("custom_vjp", declaration=True)
def _custom_vjp(*args, callee: Symbol, fwd: Symbol, bwd: Symbol):
    """Calls callee; reverse mode runs fwd: args -> (outputs..., residuals...), then
    bwd: (residuals..., output cotangents...) -> argument cotangents."""
    _sig_match(args, callee.inputs, f"arguments of @{callee.name}")
    _sig_match(fwd.inputs, callee.inputs, f"inputs of the forward rule @{fwd.name}")
    m = len(callee.outputs)
    _check(len(fwd.outputs) >= m, f"the forward rule @{fwd.name} must return the outputs first")
    _sig_match(fwd.outputs[:m], callee.outputs, f"outputs of the forward rule @{fwd.name}")
    _sig_match(bwd.inputs, tuple(fwd.outputs[m:]) + tuple(callee.outputs),
               f"inputs of the backward rule @{bwd.name} (residuals, then cotangents)")
    _sig_match(bwd.outputs, callee.inputs, f"outputs of the backward rule @{bwd.name}")
    return tuple(callee.outputs)


# ---------------------------------------------------------------------- control flow

@op("scan", declaration=True)
def _scan(*args, body: Symbol, length: I64, reverse: Bool = False, num_consts: I64 = 0,
          num_carry: I64 = 0):
    """lax.scan: args are consts, carry, xs; body(consts, carry, x) -> (carry, y); stacks ys."""
    _check(0 <= num_consts and 0 <= num_carry and num_consts + num_carry <= len(args),
           f"num_consts {num_consts} and num_carry {num_carry} do not fit {len(args)} operands")
    _check(length >= 0, f"length {length} must not be negative")
    consts, carry = args[:num_consts], args[num_consts:num_consts + num_carry]
    xs = args[num_consts + num_carry:]
    for i, x in enumerate(xs):
        _check(x.ndim >= 1 and x.shape[0] == length,
               f"scanned operand #{i} {x} must have leading dimension {length}")
    _sig_match(consts + carry + tuple(_unbatch(x, 0) for x in xs), body.inputs,
               f"arguments of body @{body.name}")
    _check(len(body.outputs) >= num_carry, f"body @{body.name} must return the {num_carry} carries")
    _sig_match(body.outputs[:num_carry], carry, f"carry returned by body @{body.name}")
    return tuple(carry) + tuple(_batch(y, 0, length) for y in body.outputs[num_carry:])


@op("while", declaration=True)
def _while(*args, cond: Symbol, body: Symbol, cond_nconsts: I64 = 0, body_nconsts: I64 = 0):
    """lax.while_loop: args are cond consts, body consts, carry; loops body while cond holds."""
    _check(0 <= cond_nconsts and 0 <= body_nconsts and cond_nconsts + body_nconsts <= len(args),
           f"cond_nconsts {cond_nconsts} and body_nconsts {body_nconsts} do not fit "
           f"{len(args)} operands")
    cconsts, bconsts = args[:cond_nconsts], args[cond_nconsts:cond_nconsts + body_nconsts]
    carry = args[cond_nconsts + body_nconsts:]
    _sig_match(cconsts + carry, cond.inputs, f"arguments of cond @{cond.name}")
    _check(len(cond.outputs) == 1 and cond.outputs[0] == Aval((), "bool"),
           f"cond @{cond.name} must return one scalar i1")
    _sig_match(bconsts + carry, body.inputs, f"arguments of body @{body.name}")
    _sig_match(body.outputs, carry, f"carry returned by body @{body.name}")
    return tuple(carry)


@op("cond", declaration=True)
def _cond(index, *args, branches: Symbols):
    """lax.switch: calls branches[clamp(index)] on args."""
    _check(index.shape == () and index.dtype == "int32", f"index must be a scalar i32, got {index}")
    _check(len(branches) >= 1, "cond needs at least one branch")
    for b in branches:
        _sig_match(args, b.inputs, f"arguments of branch @{b.name}")
        _sig_match(b.outputs, branches[0].outputs,
                   f"results of branch @{b.name} versus @{branches[0].name}")
    return tuple(branches[0].outputs)


def infer(opdef: OpDef, operands, params: dict):
    """Runs an op's rule on operand avals: returns a tuple of result avals."""
    out = opdef.rule(*operands, **params)
    return tuple(out) if opdef.variadic_results else (out,)
