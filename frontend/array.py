"""`mlax.Array`: a concrete array (a read-only numpy buffer on the host) with JAX's API.

Operators and methods (`x + y`, `x.sum()`, `x[idx]`, `x.at[idx].set(v)`) are installed by
array_methods.install, shared with Tracer, so eager and traced code behave alike.
"""
from __future__ import annotations

import abc

import numpy as np

from . import dtypes
from .avals import ShapedArray


class ArrayBase(abc.ABC):
    """`mlax.Array` and `mlax.numpy.ndarray`: what `isinstance(x, mlax.Array)` asks, true of
    concrete arrays and of tracers alike, as `jax.Array` is. Only registered classes are
    instances; mlax itself tests the concrete class (Array) or Tracer, never this one."""
    __slots__ = ()


ArrayBase.__name__ = ArrayBase.__qualname__ = "Array"
ArrayBase.__module__ = "mlax"


# The conversions JAX refuses whatever the value, with JAX's errors: shared by Array and
# Tracer, so a traced value fails in the same way as a concrete one before its value matters.
def check_bool_conversion(x):
    if x.size != 1:
        raise ValueError("The truth value of an empty array is ambiguous. Use `array.size > 0` "
                         "to check that an array is not empty." if x.size == 0 else
                         "The truth value of an array with more than one element is "
                         "ambiguous. Use a.any() or a.all()")


def check_scalar_conversion(x):
    if x.ndim:
        raise TypeError(f"Only scalar arrays can be converted to Python scalars; got an array "
                        f"of shape {x.shape}")


def check_integer_conversion(x):
    if x.shape != () or x.aval.dtype not in dtypes.D.INTEGERS:
        raise TypeError(f"Only integer scalar arrays can be converted to a scalar index; got "
                        f"{x.aval}")


def raise_immutable(x):
    from .core import user_frame_text
    raise TypeError(f"{user_frame_text()}mlax arrays are immutable and do not support in-place "
                    "item assignment. Instead of x[idx] = y, use x = x.at[idx].set(y) or another "
                    ".at[] method (add, multiply, divide, power, min, max, get)")


class Array:
    __slots__ = ("_value", "weak_type", "_aval", "__weakref__")
    __array_priority__ = 100

    def __init__(self, value: np.ndarray, weak_type: bool = False, aval=None):
        if value.flags.writeable:
            value.flags.writeable = False     # arrays are immutable, as in JAX
        self._value = value
        self.weak_type = weak_type
        self._aval = aval                     # computed on first use when not given

    @property
    def aval(self) -> ShapedArray:
        a = self._aval
        if a is None:
            v = self._value
            a = self._aval = ShapedArray(v.shape, dtypes.NAMES[v.dtype], self.weak_type)
        return a

    shape = property(lambda self: self._value.shape)
    dtype = property(lambda self: self._value.dtype)
    ndim = property(lambda self: self._value.ndim)
    size = property(lambda self: self._value.size)
    nbytes = property(lambda self: self._value.nbytes)

    def __array__(self, dtype=None, copy=None):
        if copy:
            return np.array(self._value, dtype=dtype)
        return self._value if dtype is None else self._value.astype(dtype)

    def item(self, *args):
        return self._value.item(*args)

    def tolist(self):
        return self._value.tolist()

    def __bool__(self):
        check_bool_conversion(self)
        return bool(self._value)

    def __float__(self):
        check_scalar_conversion(self)
        return float(self._value)

    def __int__(self):
        check_scalar_conversion(self)
        return int(self._value)

    def __complex__(self):
        check_scalar_conversion(self)
        return complex(self._value)

    def __index__(self):
        check_integer_conversion(self)
        return self._value.__index__()

    def __setitem__(self, idx, value):
        raise_immutable(self)

    def __hash__(self):
        raise TypeError("unhashable type: 'Array'")

    def block_until_ready(self):
        return self

    def copy_to_host_async(self):
        return None

    def __format__(self, spec):
        return format(self._value.item(), spec) if self.ndim == 0 else format(str(self), spec)

    def __str__(self):
        return str(self._value)

    def __repr__(self):                   # JAX's layout, so printed output matches
        prefix = "Array("
        dtype = f"dtype={self.dtype.name}" + (", weak_type=True" if self.weak_type else "")
        width = np.get_printoptions()["linewidth"]
        if self.size == 0:
            body = f"[], shape={self.shape}"
        else:
            body = np.array2string(self._value, prefix=prefix, suffix=",", separator=", ",
                                   max_line_width=width)
        last = len(body) - body.rfind("\n") + 1
        sep = " " * len(prefix) if last + len(dtype) + 2 > width else " "
        return f"{prefix}{body},{sep}{dtype})"

    def __reduce__(self):
        return (_rebuild, (np.array(self._value), self.weak_type))

    def __dlpack__(self, *args, **kwargs):
        return self._value.__dlpack__(*args, **kwargs)


def _rebuild(value, weak_type):
    return Array(value, weak_type)


ArrayBase.register(Array)               # and core registers Tracer



_HOST = Array.__dict__["_value"]          # the slot that holds a host copy


class DeviceArray(Array):
    """An Array whose buffer lives on a device (runtime/gpu.py). Shape and dtype come from
    its abstract value; the buffer is copied to the host on first host use (printing,
    np.asarray, an eager op), and kept."""
    __slots__ = ("_buffer", "_device")

    def __init__(self, buffer, device, aval, weak_type: bool = False):
        self._buffer, self._device = buffer, device
        self.weak_type, self._aval = weak_type, aval

    @property
    def _value(self) -> np.ndarray:
        try:
            return _HOST.__get__(self, Array)
        except AttributeError:
            value = np.asarray(self._device.get(self._buffer))
            value.flags.writeable = False
            _HOST.__set__(self, value)
            return value

    shape = property(lambda self: self._aval.shape)
    dtype = property(lambda self: dtypes.np_dtype(self._aval.dtype))
    ndim = property(lambda self: len(self._aval.shape))
    size = property(lambda self: int(np.prod(self._aval.shape, dtype=np.int64)))

    def block_until_ready(self):
        self._device.synchronize()
        return self
