"""`mlax.lax`: one function per op of the dialect, with jax.lax's names and signatures.

No implicit broadcasting or type promotion here (as in jax.lax), except that Python scalars
take the dtype of the array operands. mlax.numpy is written on top of these.
"""
from __future__ import annotations

import builtins
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


def aval(x):
    return to_array(x).aval


# ------------------------------------------------------------------ elementwise ops

def _unary(name):
    def f(x):
        return bind(name, to_array(x))
    f.__name__ = f.__qualname__ = name
    f.__doc__ = f"Elementwise `mlax.{name}`."
    return f


def _binary(name):
    def f(x, y):
        return bind(name, *_operands(x, y))
    f.__name__ = f.__qualname__ = name
    f.__doc__ = f"Elementwise `mlax.{name}`; operands of one dtype and shape."
    return f


(exp, exp2, log, log1p, expm1, sin, cos, tan, tanh, logistic, sqrt, rsqrt, cbrt, erf, erf_inv,
 floor, ceil, neg, abs, sign, is_finite, bitwise_not) = map(_unary, (
    "exp", "exp2", "log", "log1p", "expm1", "sin", "cos", "tan", "tanh", "logistic", "sqrt",
    "rsqrt", "cbrt", "erf", "erf_inv", "floor", "ceil", "neg", "abs", "sign", "is_finite",
    "not"))
bitwise_not.__name__ = "bitwise_not"
(add, sub, mul, div, rem, max, min, pow, atan2, bitwise_and, bitwise_or, bitwise_xor,
 shift_left, shift_right_logical, shift_right_arithmetic) = map(_binary, (
    "add", "sub", "mul", "div", "rem", "max", "min", "pow", "atan2", "and", "or", "xor",
    "shift_left", "shift_right_logical", "shift_right_arithmetic"))


def _comparison(direction):
    def f(x, y):
        return bind("compare", *_operands(x, y), comparison_direction=direction)
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
    return bind("select", to_array(pred), on_true, on_false)


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


def _start_indices(operand, start_indices):
    """Start indices as scalars of one integer type, negative ones wrapped (as jax.lax)."""
    idx = [to_array(i) for i in start_indices]
    kind = "int64" if any(i.aval.dtype == "int64" for i in idx) else "int32"
    out = []
    for i, d in zip(idx, operand.shape):
        if i.shape != ():
            raise TypeError(f"start indices must be scalars, got {i.aval}")
        i = convert_element_type(i, kind)
        out.append(select(lt(i, 0), add(i, scalar_array(d, kind)), i))
    return out


def dynamic_slice(operand, start_indices, slice_sizes):
    operand = to_array(operand)
    return bind("dynamic_slice", operand, *_start_indices(operand, start_indices),
                slice_sizes=tuple(builtins.map(int, slice_sizes)))


def dynamic_update_slice(operand, update, start_indices):
    operand, update = _operands(operand, update)
    return bind("dynamic_update_slice", operand, update, *_start_indices(operand, start_indices))


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
    operand, padding_value = _operands(operand, padding_value)
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


def gather(operand, start_indices, dimension_numbers: GatherDimensionNumbers, slice_sizes,
           **unused):
    """XLA gather; out-of-bounds starts are clamped (jax.lax's default "clip" mode)."""
    dn = dimension_numbers
    start_indices = to_array(start_indices)
    return bind("gather", to_array(operand), start_indices,
                offset_dims=tuple(dn.offset_dims),
                collapsed_slice_dims=tuple(dn.collapsed_slice_dims),
                operand_batching_dims=tuple(dn.operand_batching_dims),
                start_indices_batching_dims=tuple(dn.start_indices_batching_dims),
                start_index_map=tuple(dn.start_index_map),
                index_vector_dim=start_indices.ndim - 1, slice_sizes=tuple(slice_sizes))


def _scatter(name):
    def f(operand, scatter_indices, updates, dimension_numbers: ScatterDimensionNumbers,
          **unused):
        dn = dimension_numbers
        operand, updates = _operands(operand, updates)
        scatter_indices = to_array(scatter_indices)
        return bind(name, operand, scatter_indices, updates,
                    update_window_dims=tuple(dn.update_window_dims),
                    inserted_window_dims=tuple(dn.inserted_window_dims),
                    input_batching_dims=tuple(dn.operand_batching_dims),
                    scatter_indices_batching_dims=tuple(dn.scatter_indices_batching_dims),
                    scatter_dims_to_operand_dims=tuple(dn.scatter_dims_to_operand_dims),
                    index_vector_dim=scatter_indices.ndim - 1)
    f.__name__ = f.__qualname__ = name
    f.__doc__ = f"XLA `{name}`: out-of-bounds updates are dropped."
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
