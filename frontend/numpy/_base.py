"""What every mlax.numpy module shares: conversion to arrays, dtype scalar types, JAX's
promotion of operands, numpy broadcasting, and axis normalization."""
from __future__ import annotations

import operator

import numpy as np

from .. import core, dtypes, lax
from ..array import Array
from ..core import Tracer
from ..lax import is_array, to_array


class _ScalarType:
    """`mnp.float32`: usable as a dtype, and callable to make an array (as jnp.float32)."""

    def __init__(self, name: str):
        self.name = name
        self.dtype = dtypes.np_dtype(name)
        self.__name__ = name

    def __call__(self, x):
        return asarray(x, dtype=self.name)

    def __repr__(self):
        return f"mlax.numpy.{self.name}"

    def __eq__(self, other):
        return isinstance(other, _ScalarType) and other.name == self.name or (
            not isinstance(other, _ScalarType) and _same_dtype(self.dtype, other))

    def __hash__(self):
        return hash(self.dtype)


def _same_dtype(dtype, other) -> bool:
    try:
        return dtype == np.dtype(other)
    except TypeError:
        return False


def asarray(a, dtype=None, copy=None, order=None):
    """An mlax array of `a` (arrays, numpy data, Python scalars and nested sequences)."""
    if is_array(a):
        return a if dtype is None else lax.convert_element_type(a, dtype)
    if isinstance(a, (list, tuple)) and _has_arrays(a):
        from .shapes import stack
        out = stack([asarray(x) for x in a])            # strong, as jnp's arrays of lists
        return lax.convert_element_type(out, out.aval.dtype if dtype is None else dtype)
    if dtype is not None:
        name = dtypes.name_of(dtype)
        if type(a) is int and name in dtypes.D.INTEGERS:
            dtypes.check_int_range(a, name)
        return Array(np.array(a, dtype=dtypes.np_dtype(name)))
    if type(a) in (bool, int, float):
        return lax.to_array(a)                   # weakly typed, as jnp.asarray(2.0) is
    if isinstance(a, (list, tuple)):
        return _from_sequence(a)
    if isinstance(a, (np.ndarray, np.generic)) or hasattr(a, "__array__"):
        a = np.asarray(a)
        return Array(np.array(a, dtype=dtypes.np_dtype(dtypes.name_of(a.dtype))))
    raise TypeError(f"cannot convert {type(a).__name__} to an mlax array")


def check_arraylike(name: str, *args) -> None:
    """JAX's jnp functions take arrays and scalars, not lists or tuples (only jnp.array and
    jnp.asarray convert those: a list is data the caller should convert once, and under jit
    each element would be a separate argument). A TypeError, as JAX's, names the position."""
    for a in args:
        if isinstance(a, (list, tuple)):
            pos = next(i for i, b in enumerate(args) if isinstance(b, (list, tuple)))
            raise TypeError(f"{name} requires ndarray or scalar arguments, got "
                            f"{type(args[pos])} at position {pos}.")


def _has_arrays(seq) -> bool:
    return any(is_array(x) or (isinstance(x, (list, tuple)) and _has_arrays(x)) for x in seq)


def _from_sequence(seq):
    """Nested Python scalars: JAX types them by promoting weak Python types (strongly)."""
    flat = np.asarray(seq)
    if flat.dtype == object:
        raise TypeError("cannot make an array from a ragged or mixed sequence")
    if flat.dtype.kind == "f":
        name = dtypes.default_float()
    elif flat.dtype.kind in "iu":
        name = dtypes.default_int()
        if flat.size:
            dtypes.check_int_range(int(flat.max()), name)
            dtypes.check_int_range(int(flat.min()), name)
    elif flat.dtype.kind == "b":
        name = "bool"
    else:
        name = dtypes.name_of(flat.dtype)
    return Array(flat.astype(dtypes.np_dtype(name)))


def array(object, dtype=None, copy=True, order=None, ndmin=0):
    out = asarray(object, dtype=dtype)
    if isinstance(out, Tracer) and out.trace not in core._TRACES:
        raise out.trace.leaked_error(out)       # JAX's jnp.array copies: an op on it
    if ndmin > out.ndim:
        out = lax.reshape(out, (1,) * (ndmin - out.ndim) + out.shape)
    return out



def _pair(x):
    if is_array(x):
        return x.aval.dtype, x.weak_type
    if type(x) in (bool, int, float):
        return dtypes.python_scalar(x)
    x = asarray(x)
    return x.aval.dtype, False


def result_type(*args) -> np.dtype:
    return dtypes.np_dtype(dtypes.promote(*map(_pair, args))[0])


def promote_dtypes(*args):
    """Operands converted to their common (JAX) type, shapes untouched."""
    arrays = [asarray(a) if isinstance(a, (list, tuple)) else a for a in args]
    name, weak = dtypes.promote(*map(_pair, arrays))
    out = []
    for a in arrays:
        if type(a) in (bool, int, float):
            out.append(lax.scalar_array(a, name, weak))
        else:
            out.append(lax.convert_element_type(to_array(a), name, weak))
    return out


def promote_args(*args):
    """Operands converted to their common (JAX) type and broadcast to a common shape. Shapes
    that do not broadcast are a TypeError here, as the lax op that JAX's elementwise
    functions end in reports them; jnp's explicit broadcasting (where, broadcast_arrays)
    raises ValueError."""
    return _broadcast_arrays(promote_dtypes(*args), TypeError)


def promote_to_inexact(*args):
    """promote_args, then integers and bools to the default float (as jnp does for sin...)."""
    out = promote_args(*args)
    if out and out[0].aval.dtype not in dtypes.D.FLOATS:
        weak = out[0].weak_type
        out = [lax.convert_element_type(o, dtypes.default_float(), weak) for o in out]
    return out


def with_weak(x, weak: bool):
    """x with JAX's weak-type flag `weak` (jnp functions built of several ops restore the
    flag JAX gives their result)."""
    return lax.convert_element_type(x, x.aval.dtype, bool(weak))


def broadcast_shapes(*shapes, error=ValueError) -> tuple:
    """numpy's broadcasting of shapes (written out: np.broadcast_shapes costs microseconds
    on the eager path of every binary op)."""
    first = tuple(shapes[0])
    if all(tuple(s) == first for s in shapes[1:]):
        return first
    ndim = max(len(s) for s in shapes)
    out = []
    for dims in zip(*[(1,) * (ndim - len(s)) + tuple(s) for s in shapes]):
        size = 1
        for d in dims:
            if d != 1:
                if size != 1 and d != size:
                    raise error("incompatible shapes for broadcasting: "
                                + ", ".join(str(tuple(s)) for s in shapes))
                size = d
        out.append(size)
    return tuple(out)


def canonical_shape(shape) -> tuple:
    """A shape (an int or a sequence of them) as a tuple of ints. Anything else, a traced
    size included, is JAX's plain TypeError: a shape is static, whatever kind of value
    stands in for it."""
    dims = shape if isinstance(shape, (tuple, list)) else (shape,)
    try:
        return tuple(map(operator.index, dims))
    except TypeError:
        raise TypeError(f"Shapes must be 1D sequences of concrete values of integer type, got "
                        f"{shape}") from None


def broadcast_to(x, shape):
    x = to_array(x) if not isinstance(x, (list, tuple)) else asarray(x)
    shape = canonical_shape(shape)
    if x.shape == shape:
        return x
    if len(shape) < x.ndim or any(s not in (1, d) for s, d in zip(x.shape[::-1], shape[::-1])):
        raise ValueError(f"cannot broadcast {x.aval} to shape {shape}")
    n = len(shape) - x.ndim
    return lax.broadcast_in_dim(x, shape, tuple(range(n, len(shape))))


def broadcast_arrays(*args):
    return _broadcast_arrays(args, ValueError)


def _broadcast_arrays(args, error):
    arrays = [to_array(a) for a in args]
    shape = broadcast_shapes(*(a.shape for a in arrays), error=error)
    return [a if a.shape == shape else broadcast_to(a, shape) for a in arrays]


def canonical_axis(axis, ndim: int, what: str = "axis") -> int:
    axis = operator.index(axis)
    if not -ndim <= axis < ndim:
        raise ValueError(f"{what} {axis} is out of bounds for array of dimension {ndim}")
    return axis % ndim


def canonical_axes(axis, ndim: int) -> tuple:
    """None -> all axes; an int or a tuple -> sorted non-negative axes."""
    if axis is None:
        return tuple(range(ndim))
    axes = (axis,) if not isinstance(axis, (tuple, list)) else axis
    out = tuple(canonical_axis(a, ndim) for a in axes)
    if len(set(out)) != len(out):
        raise ValueError(f"repeated axis in {axis}")
    return tuple(sorted(out))


__all__ = ["Array", "Tracer", "asarray", "array", "promote_args", "promote_dtypes",
           "promote_to_inexact", "with_weak",
           "broadcast_to", "broadcast_arrays", "canonical_axis", "canonical_axes"]
