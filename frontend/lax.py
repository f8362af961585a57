"""`mlax.lax`: one function per op of the dialect, with jax.lax's names and signatures.

No implicit broadcasting or type promotion here (as in jax.lax), except that Python scalars
take the dtype of the array operands. mlax.numpy is written on top of these.
"""
from __future__ import annotations

import builtins
import enum
import operator
from typing import NamedTuple, Sequence

import numpy as np

from . import dtypes
from .array import Array
from .core import Tracer, bind


def is_array(x) -> bool:
    return isinstance(x, (Array, Tracer))


def scalar_array(value, dtype: str, weak_type: bool = False) -> Array:
    """A Python scalar as a 0-d array of `dtype` (range-checked for ints)."""
    if isinstance(value, int) and not isinstance(value, bool) and dtype in dtypes.D.INTEGERS:
        dtypes.check_int_range(value, dtype)
    return Array(np.asarray(value, dtype=dtypes.np_dtype(dtype)), weak_type)


def to_array(x):
    """Arrays and tracers as they are; Python scalars weakly typed; numpy data canonicalized."""
    if isinstance(x, (Array, Tracer)):
        return x
    if type(x) in (bool, int, float):
        name, weak = dtypes.python_scalar(x)
        return scalar_array(x, name, weak)
    if isinstance(x, (np.ndarray, np.generic)):
        name = dtypes.name_of(x.dtype)
        return Array(np.asarray(x, dtype=dtypes.np_dtype(name)))
    raise TypeError(f"{type(x).__name__} is not an array; mlax ops take arrays, numpy "
                    "arrays and Python scalars")


def _operands(*xs):
    """Array operands of one dtype and shape: Python scalars take the arrays' dtype and are
    broadcast to their shape (as jax.lax allows); arrays must already agree."""
    arrays = [to_array(x) for x in xs if not isinstance(x, (bool, int, float))]
    if not arrays:
        return [to_array(x) for x in xs]
    dtype, shape = arrays[0].aval.dtype, arrays[0].shape
    out = []
    for x in xs:
        if isinstance(x, (bool, int, float)):
            x = scalar_array(x, dtype)
            x = broadcast(x, shape) if shape else x
        out.append(to_array(x))
    return out


def _elementwise(name, *xs):
    """Operands of an elementwise op, as jax.lax takes them: one dtype, and shapes that are
    equal but for rank-0 operands and size-1 dimensions, which broadcast (TypeErrors with
    jax's messages otherwise)."""
    xs = _operands(*xs)
    kinds = [x.aval.dtype for x in xs]
    if len(set(kinds)) > 1:
        raise TypeError(f"lax.{name} requires arguments to have the same dtypes, got "
                        f"{', '.join(kinds)}. (Tip: jnp.{name} is a similar function that does "
                        "automatic type promotion on inputs).")
    shapes = [x.shape for x in xs if x.shape]
    if len({x.shape for x in xs}) <= 1:
        return xs
    if len({len(s) for s in shapes}) != 1:
        raise TypeError(f"{name}: arrays must have the same number of dimensions, got "
                        f"{ {len(s) for s in shapes} }")
    shape = []
    for ds in zip(*shapes):
        sizes = {d for d in ds if d != 1}
        if len(sizes) > 1:
            raise TypeError(f"{name} got incompatible shapes for broadcasting: "
                            f"{', '.join(builtins.map(str, shapes))}.")
        shape.append(sizes.pop() if sizes else 1)
    shape = tuple(shape)
    return [broadcast_in_dim(x, shape, tuple(range(x.ndim))) for x in xs]


def aval(x):
    return to_array(x).aval


# ------------------------------------------------------------------ elementwise ops

def _unary(name):
    def f(x):
        return bind(name, to_array(x))
    f.__name__ = f.__qualname__ = name
    f.__doc__ = f"Elementwise `mlax.{name}`."
    return f


def _binary(name, public=None):
    def f(x, y):
        return bind(name, *_elementwise(public or name, x, y))
    f.__name__ = f.__qualname__ = public or name
    f.__doc__ = (f"Elementwise `mlax.{name}`; operands of one dtype, rank-0 ones and size-1 "
                 "dimensions broadcast (as jax.lax).")
    return f


(exp, exp2, log, log1p, expm1, sin, cos, tan, tanh, logistic, sqrt, rsqrt, cbrt, erf, erf_inv,
 floor, ceil, neg, abs, sign, is_finite, bitwise_not) = map(_unary, (
    "exp", "exp2", "log", "log1p", "expm1", "sin", "cos", "tan", "tanh", "logistic", "sqrt",
    "rsqrt", "cbrt", "erf", "erf_inv", "floor", "ceil", "neg", "abs", "sign", "is_finite",
    "not"))
bitwise_not.__name__ = "bitwise_not"
(add, sub, mul, div, rem, max, min, pow, atan2, shift_left, shift_right_logical,
 shift_right_arithmetic) = map(_binary, (
    "add", "sub", "mul", "div", "rem", "max", "min", "pow", "atan2", "shift_left",
    "shift_right_logical", "shift_right_arithmetic"))
bitwise_and, bitwise_or, bitwise_xor = (_binary(n, "bitwise_" + n) for n in ("and", "or", "xor"))


def _comparison(direction):
    def f(x, y):
        return bind("compare", *_elementwise(direction.lower(), x, y),
                    comparison_direction=direction)
    f.__name__ = f.__qualname__ = direction.lower()
    return f


eq, ne, lt, le, gt, ge = map(_comparison, ("EQ", "NE", "LT", "LE", "GT", "GE"))


def round(x, rounding_method=0):
    return bind("round", to_array(x), rounding_method=int(rounding_method))


def integer_pow(x, y: int):
    return bind("integer_pow", to_array(x), y=operator.index(y))


def stop_gradient(x):
    from .tree_util import tree_map
    return tree_map(lambda v: bind("stop_gradient", to_array(v)), x)


def select(pred, on_true, on_false):
    on_true, on_false = _operands(on_true, on_false)
    pred = to_array(pred)
    if on_true.shape != on_false.shape:              # jax.lax's checks and errors
        raise TypeError("select cases must have the same shapes, got "
                        f"[{on_false.shape}, {on_true.shape}].")
    if pred.shape not in ((), on_true.shape):
        raise TypeError("select `which` must be scalar or have the same shape as cases, got "
                        f"`which` shape {pred.shape} but case shape {on_true.shape}.")
    return bind("select", pred, on_true, on_false)


# ---------------------------------------------------------------------- conversions

def convert_element_type(x, new_dtype, weak_type: bool = False):
    x = to_array(x)
    name = dtypes.name_of(new_dtype)
    if x.aval.dtype == name:
        return x if x.weak_type == weak_type else _reweak(x, weak_type)
    return bind("convert", x, dtype=name, weak_type=weak_type)


def _reweak(x, weak_type):
    """The same value with another weak-type flag (no op is needed)."""
    if isinstance(x, Array):
        return Array(x._value, weak_type)
    return Tracer(x.trace, x.value, x.aval._replace(weak_type=weak_type), x.deps)


def bitcast_convert_type(x, new_dtype):
    return bind("bitcast_convert", to_array(x), dtype=dtypes.name_of(new_dtype))


# --------------------------------------------------------------------------- shapes

def broadcast_in_dim(operand, shape, broadcast_dimensions):
    operand = to_array(operand)
    shape = tuple(builtins.map(operator.index, shape))
    if operand.shape == shape and tuple(broadcast_dimensions) == tuple(range(len(shape))):
        return operand
    return bind("broadcast_in_dim", operand, shape=shape,
                broadcast_dimensions=tuple(broadcast_dimensions))


def broadcast(operand, sizes):
    operand = to_array(operand)
    sizes = tuple(sizes)
    n = len(sizes)
    return broadcast_in_dim(operand, sizes + operand.shape, tuple(range(n, n + operand.ndim)))


def reshape(operand, new_sizes, dimensions=None):
    operand = to_array(operand)
    if dimensions is not None and tuple(dimensions) != tuple(range(operand.ndim)):
        operand = transpose(operand, dimensions)
    new_sizes = tuple(builtins.map(operator.index, new_sizes))
    if operand.shape == new_sizes:
        return operand
    return bind("reshape", operand, shape=new_sizes)


def transpose(operand, permutation):
    operand = to_array(operand)
    permutation = tuple(builtins.map(int, permutation))
    if permutation == tuple(range(operand.ndim)):
        return operand
    return bind("transpose", operand, permutation=permutation)


def rev(operand, dimensions):
    return bind("rev", to_array(operand), dimensions=tuple(dimensions))


def squeeze(array, dimensions):
    array = to_array(array)
    dims = {d % array.ndim for d in dimensions} if array.ndim else set()
    for d in dims:
        if array.shape[d] != 1:
            raise ValueError(f"cannot squeeze axis {d} of size {array.shape[d]} in {array.aval}")
    return reshape(array, tuple(s for i, s in enumerate(array.shape) if i not in dims))


def expand_dims(array, dimensions):
    array = to_array(array)
    ndim = array.ndim + len(dimensions)
    dims = sorted(d % ndim for d in dimensions)
    shape = list(array.shape)
    for d in dims:
        shape.insert(d, 1)
    return reshape(array, shape)


def slice(operand, start_indices, limit_indices, strides=None):
    operand = to_array(operand)
    strides = tuple(strides) if strides is not None else (1,) * operand.ndim
    if (tuple(start_indices) == (0,) * operand.ndim and tuple(limit_indices) == operand.shape
            and strides == (1,) * operand.ndim):
        return operand
    return bind("slice", operand, start_indices=tuple(start_indices),
                limit_indices=tuple(limit_indices), strides=strides)


def slice_in_dim(operand, start_index, limit_index, stride=1, axis=0):
    operand = to_array(operand)
    start, limit = [0] * operand.ndim, list(operand.shape)
    strides = [1] * operand.ndim
    n = operand.shape[axis]
    start[axis] = 0 if start_index is None else start_index % n if start_index < 0 else start_index
    limit[axis] = n if limit_index is None else limit_index % n if limit_index < 0 else limit_index
    strides[axis] = stride
    return slice(operand, start, limit, strides)


def index_in_dim(operand, index, axis=0, keepdims=True):
    operand = to_array(operand)
    n = operand.shape[axis]
    index = index + n if index < 0 else index
    out = slice_in_dim(operand, index, index + 1, 1, axis)
    return out if keepdims else squeeze(out, (axis,))


def _start_indices(operand, start_indices, allow_negative_indices=True):
    """Start indices as scalars of one integer type, negative ones wrapped (as jax.lax,
    per dimension where allow_negative_indices is a sequence)."""
    idx = [to_array(i) for i in start_indices]
    kind = "int64" if any(i.aval.dtype == "int64" for i in idx) else "int32"
    wrap = (allow_negative_indices if isinstance(allow_negative_indices, Sequence)
            else [allow_negative_indices] * len(idx))
    out = []
    for i, d, w in zip(idx, operand.shape, wrap):
        if i.shape != ():
            raise TypeError(f"start indices must be scalars, got {i.aval}")
        i = convert_element_type(i, kind)
        out.append(select(lt(i, 0), add(i, scalar_array(d, kind)), i) if w else i)
    return out


def dynamic_slice(operand, start_indices, slice_sizes, *, allow_negative_indices=True):
    operand = to_array(operand)
    return bind("dynamic_slice", operand,
                *_start_indices(operand, start_indices, allow_negative_indices),
                slice_sizes=tuple(builtins.map(int, slice_sizes)))


def dynamic_update_slice(operand, update, start_indices, *, allow_negative_indices=True):
    operand, update = _operands(operand, update)
    return bind("dynamic_update_slice", operand, update,
                *_start_indices(operand, start_indices, allow_negative_indices))


def dynamic_slice_in_dim(operand, start_index, slice_size, axis=0):
    operand = to_array(operand)
    starts = [0] * operand.ndim
    starts[axis] = start_index
    sizes = list(operand.shape)
    sizes[axis] = slice_size
    return dynamic_slice(operand, starts, sizes)


def dynamic_index_in_dim(operand, index, axis=0, keepdims=True):
    out = dynamic_slice_in_dim(operand, index, 1, axis)
    return out if keepdims else squeeze(out, (axis,))


def concatenate(operands: Sequence, dimension: int):
    """n-ary join as a balanced tree of the dialect's binary concatenate."""
    operands = [to_array(o) for o in operands]
    if not operands:
        raise ValueError("concatenate needs at least one array")
    operands = [o for o in operands if o.shape[dimension] != 0] or operands[:1]
    while len(operands) > 1:
        pairs = [bind("concatenate", a, b, dimension=dimension)
                 for a, b in zip(operands[0::2], operands[1::2])]
        operands = pairs + operands[len(pairs) * 2:]
    return operands[0]


def pad(operand, padding_value, padding_config):
    operand, padding_value = to_array(operand), to_array(padding_value)
    if padding_value.aval.dtype != operand.aval.dtype:     # a Python scalar of its own type
        raise TypeError("pad operand and padding_value must be same dtype: got "
                        f"{operand.aval.dtype} and {padding_value.aval.dtype}.")
    lo, hi, interior = zip(*padding_config) if padding_config else ((), (), ())
    return bind("pad", operand, padding_value, edge_padding_low=tuple(lo),
                edge_padding_high=tuple(hi), interior_padding=tuple(interior))


class GatherDimensionNumbers(NamedTuple):
    offset_dims: tuple
    collapsed_slice_dims: tuple
    start_index_map: tuple
    operand_batching_dims: tuple = ()
    start_indices_batching_dims: tuple = ()


class ScatterDimensionNumbers(NamedTuple):
    update_window_dims: tuple
    inserted_window_dims: tuple
    scatter_dims_to_operand_dims: tuple
    operand_batching_dims: tuple = ()
    scatter_indices_batching_dims: tuple = ()


class GatherScatterMode(enum.Enum):
    """jax.lax's out-of-bounds policies. The dialect's ops have one semantics, XLA's (a
    gather clamps its starts, a scatter drops windows not wholly in bounds), which is
    PROMISE_IN_BOUNDS; the other modes are made explicit here, as JAX lowers them: CLIP
    clamps the indices, FILL_OR_DROP masks (a gather's result with the fill value, a
    scatter's updates with zeros, so that their gradients drop the windows too)."""
    CLIP = enum.auto()
    FILL_OR_DROP = enum.auto()
    PROMISE_IN_BOUNDS = enum.auto()
    ONE_HOT = enum.auto()

    @staticmethod
    def from_any(s):
        if isinstance(s, GatherScatterMode):
            return s
        modes = {"clip": "CLIP", None: "FILL_OR_DROP", "fill": "FILL_OR_DROP",
                 "drop": "FILL_OR_DROP", "promise_in_bounds": "PROMISE_IN_BOUNDS",
                 "one_hot": "ONE_HOT"}
        if not isinstance(s, (str, type(None))) or s not in modes:
            raise ValueError(f'Unknown gather mode "{s}"')
        return GatherScatterMode[modes[s]]


def _parse_mode(mode, default):
    mode = GatherScatterMode.from_any(default if mode is None else mode)
    if mode is GatherScatterMode.ONE_HOT:
        raise NotImplementedError("mode='one_hot' gathers and scatters")
    return mode


def _window_bounds(indices, operand_shape, index_map, sizes):
    """(indices, per index-vector entry the largest in-bounds start, broadcast to indices)."""
    kind = indices.aval.dtype
    top = np.iinfo(dtypes.np_dtype(kind)).max
    bound = np.asarray([builtins.min(operand_shape[d] - sizes[d], top) for d in index_map],
                       dtype=dtypes.np_dtype(kind))
    return broadcast_in_dim(Array(bound), indices.shape, (indices.ndim - 1,))


def _clip_indices(indices, operand_shape, index_map, sizes):
    return max(min(indices, _window_bounds(indices, operand_shape, index_map, sizes)),
               full(indices.shape, 0, indices.aval.dtype))


def _in_bounds(indices, operand_shape, index_map, sizes):
    """Per index vector (the last dimension of indices): is its whole window in bounds."""
    inside = bitwise_and(ge(indices, full(indices.shape, 0, indices.aval.dtype)),
                         le(indices, _window_bounds(indices, operand_shape, index_map, sizes)))
    # an AND of the columns (elementwise, so it fuses into the consumer; a reduce would not)
    n, shape = indices.shape[-1], indices.shape[:-1]
    cols = [reshape(slice_in_dim(inside, k, k + 1, axis=indices.ndim - 1), shape)
            for k in range(n)]
    out = cols[0] if cols else full(shape, True, "bool")
    for c in cols[1:]:
        out = bitwise_and(out, c)
    return out


def _gather_fill_value(dtype: str, fill_value):
    if fill_value is not None:
        return fill_value
    if dtype in dtypes.D.FLOATS:
        return float("nan")
    if dtype == "bool":
        return True
    info = np.iinfo(dtypes.np_dtype(dtype))
    return int(info.min) if dtype in dtypes.D.SIGNED else int(info.max)


def gather(operand, start_indices, dimension_numbers: GatherDimensionNumbers, slice_sizes, *,
           unique_indices: bool = False, indices_are_sorted: bool = False, mode=None,
           fill_value=None):
    """XLA gather; `mode` as jax.lax's (default "promise_in_bounds": starts are clamped, and
    the gradient drops out-of-bounds windows, as JAX's does)."""
    dn, slice_sizes = dimension_numbers, tuple(slice_sizes)
    operand, start_indices = to_array(operand), to_array(start_indices)
    mode = _parse_mode(mode, "promise_in_bounds")
    shape, index_map = operand.shape, tuple(dn.start_index_map)
    if mode is GatherScatterMode.CLIP:
        start_indices = _clip_indices(start_indices, shape, index_map, slice_sizes)
    out = bind("gather", operand, start_indices,
               offset_dims=tuple(dn.offset_dims),
               collapsed_slice_dims=tuple(dn.collapsed_slice_dims),
               operand_batching_dims=tuple(dn.operand_batching_dims),
               start_indices_batching_dims=tuple(dn.start_indices_batching_dims),
               start_index_map=index_map,
               index_vector_dim=start_indices.ndim - 1, slice_sizes=slice_sizes)
    if mode is not GatherScatterMode.FILL_OR_DROP:
        return out
    inside = _in_bounds(start_indices, shape, index_map, slice_sizes)
    batch = tuple(d for d in range(out.ndim) if d not in dn.offset_dims)
    fill = full(out.shape, _gather_fill_value(out.aval.dtype, fill_value), out.aval.dtype)
    out = select(broadcast_in_dim(inside, out.shape, batch), out, fill)
    return _reweak(out, operand.weak_type)


def _scatter(name):
    def f(operand, scatter_indices, updates, dimension_numbers: ScatterDimensionNumbers, *,
          indices_are_sorted: bool = False, unique_indices: bool = False, mode=None):
        dn = dimension_numbers
        operand, updates = _operands(operand, updates)
        scatter_indices = to_array(scatter_indices)
        mode = _parse_mode(mode, "fill")
        if mode is not GatherScatterMode.PROMISE_IN_BOUNDS:
            window = iter(updates.shape[d] for d in dn.update_window_dims)
            sizes = tuple(1 if d in dn.inserted_window_dims or d in dn.operand_batching_dims
                          else next(window) for d in range(operand.ndim))
            index_map = tuple(dn.scatter_dims_to_operand_dims)
            if mode is GatherScatterMode.CLIP:
                scatter_indices = _clip_indices(scatter_indices, operand.shape, index_map, sizes)
            else:
                inside = _in_bounds(scatter_indices, operand.shape, index_map, sizes)
                batch = tuple(d for d in range(updates.ndim) if d not in dn.update_window_dims)
                updates = select(broadcast_in_dim(inside, updates.shape, batch), updates,
                                 full(updates.shape, 0, updates.aval.dtype))
        return bind(name, operand, scatter_indices, updates,
                    update_window_dims=tuple(dn.update_window_dims),
                    inserted_window_dims=tuple(dn.inserted_window_dims),
                    input_batching_dims=tuple(dn.operand_batching_dims),
                    scatter_indices_batching_dims=tuple(dn.scatter_indices_batching_dims),
                    scatter_dims_to_operand_dims=tuple(dn.scatter_dims_to_operand_dims),
                    index_vector_dim=scatter_indices.ndim - 1)
    f.__name__ = f.__qualname__ = name
    f.__doc__ = (f"XLA `{name}`; `mode` as jax.lax's (default \"fill\": out-of-bounds "
                 "windows are dropped, and get no gradient).")
    return f


scatter, scatter_add, scatter_mul, scatter_min, scatter_max = map(_scatter, (
    "scatter", "scatter_add", "scatter_mul", "scatter_min", "scatter_max"))


# ----------------------------------------------------------------------- reductions

def _reduction(name):
    def f(operand, axes):
        operand = to_array(operand)
        return bind(name, operand, axes=tuple(sorted(a % operand.ndim for a in axes)))
    f.__name__ = f.__qualname__ = name
    return f


reduce_sum, reduce_prod, reduce_max, reduce_min, reduce_and, reduce_or = map(_reduction, (
    "reduce_sum", "reduce_prod", "reduce_max", "reduce_min", "reduce_and", "reduce_or"))


def argmax(operand, axis: int, index_dtype):
    return bind("argmax", to_array(operand), axis=axis, index_dtype=dtypes.name_of(index_dtype))


def argmin(operand, axis: int, index_dtype):
    return bind("argmin", to_array(operand), axis=axis, index_dtype=dtypes.name_of(index_dtype))


def _cumulative(name):
    def f(operand, axis: int = 0, reverse: bool = False):
        operand = to_array(operand)
        return bind(name, operand, axis=axis % builtins.max(operand.ndim, 1), reverse=reverse)
    f.__name__ = f.__qualname__ = name
    return f


cumsum, cumprod, cummax, cummin = map(_cumulative, ("cumsum", "cumprod", "cummax", "cummin"))


def dot_general(lhs, rhs, dimension_numbers, precision=None, preferred_element_type=None):
    (lc, rc), (lb, rb) = dimension_numbers
    lhs, rhs = _operands(lhs, rhs)
    out = bind("dot_general", lhs, rhs,
               lhs_batching_dimensions=tuple(lb), rhs_batching_dimensions=tuple(rb),
               lhs_contracting_dimensions=tuple(lc), rhs_contracting_dimensions=tuple(rc))
    if preferred_element_type is not None:
        out = convert_element_type(out, preferred_element_type)
    return out


def dot(lhs, rhs, precision=None, preferred_element_type=None):
    lhs, rhs = to_array(lhs), to_array(rhs)
    return dot_general(lhs, rhs, (((lhs.ndim - 1,), (0,)), ((), ())),
                       preferred_element_type=preferred_element_type)


def sort(operand, dimension: int = -1, is_stable: bool = True, num_keys: int = 1):
    if isinstance(operand, (tuple, list)):
        raise NotImplementedError("lax.sort of several operands: sort one operand, or use "
                                  "argsort and take_along_axis")
    operand = to_array(operand)
    return bind("sort", operand, dimension=dimension % operand.ndim, is_stable=is_stable)


def argsort(operand, dimension: int = -1, is_stable: bool = True, index_dtype="int32"):
    operand = to_array(operand)
    return bind("argsort", operand, dimension=dimension % operand.ndim, is_stable=is_stable,
                index_dtype=dtypes.name_of(index_dtype))


# ----------------------------------------------------------------------- constants

def full(shape, fill_value, dtype=None):
    shape = tuple(builtins.map(operator.index, shape))
    if is_array(fill_value):
        value = fill_value if dtype is None else convert_element_type(fill_value, dtype)
        if value.shape != ():
            raise TypeError(f"full: fill_value must be a scalar, got {value.aval}")
    else:
        name = dtypes.name_of(dtype) if dtype is not None else to_array(fill_value).aval.dtype
        value = scalar_array(np.asarray(fill_value).item(), name)
    return broadcast(value, shape)


def iota(dtype, size: int):
    return broadcasted_iota(dtype, (size,), 0)


def broadcasted_iota(dtype, shape, dimension: int):
    return bind("iota", shape=tuple(shape), dtype=dtypes.name_of(dtype),
                iota_dimension=dimension)


def zeros_like_array(x):
    x = to_array(x)
    return full(x.shape, 0, x.aval.dtype)


# ---------------------------------------------------------------------- control flow

from .control_flow import cond, fori_loop, map, scan, switch, while_loop  # noqa: E402,F401
