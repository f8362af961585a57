"""Array creation: zeros, ones, full, *_like, eye, arange, linspace, meshgrid. Constants are
scalars broadcast by the dialect's broadcast_in_dim, so a big zeros() costs nothing in IR."""
from __future__ import annotations

import operator

import numpy as np

from .. import dtypes, lax
from ._base import asarray, broadcast_to, with_weak


def _shape(shape) -> tuple:
    if isinstance(shape, (list, tuple)):
        return tuple(operator.index(d) for d in shape)
    return (operator.index(shape),)


def _dtype(dtype, default=None):
    return dtypes.name_of(dtype) if dtype is not None else (default or dtypes.default_float())


def full(shape, fill_value, dtype=None, *, device=None):
    """Weakly typed when the fill is and no dtype is given (jnp.full(3, 1.5))."""
    fill = asarray(fill_value, dtype=dtype)
    return broadcast_to(lax.convert_element_type(fill, fill.aval.dtype, fill.weak_type and
                                                 dtype is None), _shape(shape))


def zeros(shape, dtype=None, *, device=None):
    return lax.full(_shape(shape), 0, _dtype(dtype))


def ones(shape, dtype=None, *, device=None):
    return lax.full(_shape(shape), 1, _dtype(dtype))


def empty(shape, dtype=None, *, device=None):
    return zeros(shape, dtype)


def _like(a, dtype, shape):
    """dtype, shape, and weak type (a's, without a dtype: as lax.full_like) of an *_like."""
    a = asarray(a) if not hasattr(a, "aval") else a
    return (_dtype(dtype, a.aval.dtype), a.shape if shape is None else _shape(shape),
            dtype is None and a.weak_type)


def zeros_like(a, dtype=None, shape=None, *, device=None):
    dtype, shape, weak = _like(a, dtype, shape)
    return with_weak(lax.full(shape, 0, dtype), weak)


def ones_like(a, dtype=None, shape=None, *, device=None):
    dtype, shape, weak = _like(a, dtype, shape)
    return with_weak(lax.full(shape, 1, dtype), weak)


def empty_like(a, dtype=None, shape=None, *, device=None):
    return zeros_like(a, dtype, shape)


def full_like(a, fill_value, dtype=None, shape=None, *, device=None):
    dtype, shape, weak = _like(a, dtype, shape)
    return with_weak(full(shape, fill_value, dtype), weak)


def eye(N, M=None, k=0, dtype=None, *, device=None):
    M = N if M is None else M
    rows = lax.broadcasted_iota("int32", (N, M), 0)
    cols = lax.broadcasted_iota("int32", (N, M), 1)
    return lax.convert_element_type(lax.eq(lax.add(rows, k), cols), _dtype(dtype))


def identity(n, dtype=None):
    return eye(n, dtype=dtype)


def arange(start, stop=None, step=None, dtype=None, *, device=None):
    """Static bounds only (the length must be known while tracing), as in JAX: a 0..n-1
    integer ramp is an iota op, anything else numpy's exact values as a constant."""
    for v in (start, stop, step):
        if isinstance(v, lax.Tracer):
            raise lax_concrete_error("arange", v)
    if stop is None and step is None:
        start, stop = 0, start
    step = 1 if step is None else step
    start, stop, step = (np.asarray(v).item() for v in (start, stop, step))
    if dtype is None:
        is_float = any(isinstance(v, float) for v in (start, stop, step))
        dtype = dtypes.default_float() if is_float else dtypes.default_int()
    dtype = dtypes.name_of(dtype)
    if dtype in dtypes.D.INTEGERS and start == 0 and step == 1 and isinstance(stop, int):
        return lax.iota(dtype, max(stop, 0))
    return asarray(np.arange(start, stop, step, dtype=dtypes.np_dtype(dtype)))


def lax_concrete_error(name, tracer):
    return tracer.trace.concretization_error(tracer, f"{name}() with a traced bound")


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0, *,
             device=None):
    num = operator.index(num)
    if num < 0:
        raise ValueError(f"number of samples, {num}, must be non-negative")
    start, stop = asarray(start), asarray(stop)
    computation = start.aval.dtype if start.aval.dtype in dtypes.D.FLOATS else \
        dtypes.default_float()
    out_dtype = _dtype(dtype, computation)
    start = lax.convert_element_type(start, computation)
    stop = lax.convert_element_type(stop, computation)
    div = (num - 1) if endpoint else num
    step = lax.div(lax.sub(stop, start), float(max(div, 1)))
    ramp = lax.iota(computation, num)
    shape = np.broadcast_shapes(start.shape, stop.shape)
    out_shape = (num,) + tuple(shape)
    out = lax.add(lax.broadcast_in_dim(start, out_shape, tuple(range(1, len(out_shape)))),
                  lax.mul(lax.broadcast_in_dim(ramp, out_shape, (0,)),
                          lax.broadcast_in_dim(step, out_shape, tuple(range(1, len(out_shape))))))
    if endpoint and num > 1:                     # the last sample is exactly `stop`
        last = lax.broadcast_in_dim(stop, (1,) + tuple(shape), tuple(range(1, len(out_shape))))
        out = lax.concatenate([lax.slice_in_dim(out, 0, num - 1), last], 0)
    if axis != 0:
        from .shapes import moveaxis
        out = moveaxis(out, 0, axis)
    out = lax.convert_element_type(out, out_dtype)
    return (out, step) if retstep else out


def logspace(start, stop, num=50, endpoint=True, base=10.0, dtype=None, axis=0):
    from .ufuncs import power
    exps = linspace(start, stop, num, endpoint, axis=axis)
    return lax.convert_element_type(power(base, exps), _dtype(dtype, exps.aval.dtype))


def meshgrid(*xi, copy=True, sparse=False, indexing="xy"):
    arrays = [asarray(x).reshape(-1) if asarray(x).ndim != 1 else asarray(x) for x in xi]
    n = len(arrays)
    shape = [a.shape[0] for a in arrays]
    if indexing == "xy" and n >= 2:
        shape[0], shape[1] = shape[1], shape[0]
    out = []
    for i, a in enumerate(arrays):
        axis = i
        if indexing == "xy" and n >= 2 and i < 2:
            axis = 1 - i
        if sparse:
            s = [1] * n
            s[axis] = a.shape[0]
            out.append(lax.reshape(a, s))
        else:
            out.append(lax.broadcast_in_dim(a, tuple(shape), (axis,)))
    return out


def copy(a, order=None):
    return asarray(a)


def tri(N, M=None, k=0, dtype=None):
    M = N if M is None else M
    rows = lax.broadcasted_iota("int32", (N, M), 0)
    cols = lax.broadcasted_iota("int32", (N, M), 1)
    return lax.convert_element_type(lax.ge(lax.add(rows, k), cols), _dtype(dtype))
