"""Shape manipulation with numpy's signatures: reshape, transpose, concatenate, stack, split,
tile, repeat... All static: shapes are Python tuples at trace time."""
from __future__ import annotations

import builtins
import math

import numpy as np

from .. import lax
from ._base import (asarray, broadcast_to, canonical_axes, canonical_axis, canonical_shape,
                    check_arraylike, promote_dtypes, with_weak)


def shape(a):
    return asarray(a).shape


def ndim(a):
    return asarray(a).ndim


def size(a, axis=None):
    a = asarray(a)
    return a.size if axis is None else a.shape[axis]


def _resolve_shape(newshape, shape: tuple) -> tuple:
    """newshape with its -1 resolved for an array of `shape`. Errors are TypeErrors, as JAX's
    (a shape is part of an array's type)."""
    size = math.prod(shape)
    newshape = canonical_shape(newshape)
    if newshape.count(-1) > 1:
        raise TypeError(f"can only specify one unknown axis size with a `-1` value, got "
                        f"{newshape}")
    known = math.prod(d for d in newshape if d != -1)
    if -1 in newshape and known and size % known == 0:
        newshape = tuple(size // known if d == -1 else d for d in newshape)
    if -1 in newshape or math.prod(newshape) != size:
        raise TypeError(f"cannot reshape array of shape {shape} (size {size}) into shape "
                        f"{newshape}")
    return newshape


def reshape(a, shape=None, order="C", *, newshape=None):
    check_arraylike("reshape", a)
    if order != "C":
        raise NotImplementedError("reshape supports order='C' only")
    a = asarray(a)
    shape = newshape if shape is None else shape
    return lax.reshape(a, _resolve_shape(shape, a.shape))


def ravel(a, order="C"):
    check_arraylike("ravel", a)
    a = asarray(a)
    return reshape(a, (a.size,), order)


def transpose(a, axes=None):
    check_arraylike("transpose", a)
    a = asarray(a)
    if axes is None:
        axes = tuple(range(a.ndim))[::-1]
    axes = tuple(canonical_axis(x, a.ndim) for x in axes)
    if sorted(axes) != list(range(a.ndim)):
        raise TypeError(f"transpose permutation isn't a permutation of operand dimensions: "
                        f"axes {axes} for an array of dimension {a.ndim}")
    return lax.transpose(a, axes)


def permute_dims(a, axes):
    check_arraylike("permute_dims", a)
    return transpose(a, axes)


def swapaxes(a, axis1, axis2):
    check_arraylike("swapaxes", a)
    a = asarray(a)
    perm = list(range(a.ndim))
    i, j = canonical_axis(axis1, a.ndim), canonical_axis(axis2, a.ndim)
    perm[i], perm[j] = perm[j], perm[i]
    return lax.transpose(a, perm)


def moveaxis(a, source, destination):
    check_arraylike("moveaxis", a)
    a = asarray(a)
    src = (source,) if isinstance(source, int) else tuple(source)
    dst = (destination,) if isinstance(destination, int) else tuple(destination)
    if len(src) != len(dst):
        raise ValueError("source and destination must have the same number of elements")
    src = [canonical_axis(s, a.ndim) for s in src]
    dst = [canonical_axis(d, a.ndim) for d in dst]
    perm = [i for i in range(a.ndim) if i not in src]
    for d, s in sorted(zip(dst, src)):
        perm.insert(d, s)
    return lax.transpose(a, perm)


def expand_dims(a, axis):
    check_arraylike("expand_dims", a)
    a = asarray(a)
    axes = (axis,) if isinstance(axis, int) else tuple(axis)
    n = a.ndim + len(axes)
    dims = sorted(canonical_axis(x, n) for x in axes)
    if len(set(dims)) != len(dims):
        raise ValueError(f"repeated axis in expand_dims: {axis}")
    return lax.expand_dims(a, dims)


def squeeze(a, axis=None):
    check_arraylike("squeeze", a)
    a = asarray(a)
    if axis is None:
        dims = [i for i, d in enumerate(a.shape) if d == 1]
    else:
        dims = canonical_axes(axis, a.ndim)
        for d in dims:
            if a.shape[d] != 1:
                raise ValueError(f"cannot select an axis to squeeze out which has size not "
                                 f"equal to one (axis {d} of {a.aval})")
    return lax.squeeze(a, dims)


def atleast_1d(*arys):
    check_arraylike("atleast_1d", *arys)
    out = [reshape(x, (1,)) if asarray(x).ndim == 0 else asarray(x) for x in arys]
    return out[0] if len(out) == 1 else out


def atleast_2d(*arys):
    check_arraylike("atleast_2d", *arys)
    out = []
    for x in arys:
        x = asarray(x)
        out.append(reshape(x, (1,) * (2 - x.ndim) + x.shape) if x.ndim < 2 else x)
    return out[0] if len(out) == 1 else out


def atleast_3d(*arys):
    check_arraylike("atleast_3d", *arys)
    out = []
    for x in arys:
        x = asarray(x)
        if x.ndim == 0:
            x = reshape(x, (1, 1, 1))
        elif x.ndim == 1:
            x = reshape(x, (1, x.shape[0], 1))
        elif x.ndim == 2:
            x = reshape(x, x.shape + (1,))
        out.append(x)
    return out[0] if len(out) == 1 else out


def _sequence(arrays):
    """The elements of a sequence of arrays (an array itself is iterated by its rows)."""
    return arrays if isinstance(arrays, (list, tuple)) else ()


def concatenate(arrays, axis=0, dtype=None):
    check_arraylike("concatenate", *_sequence(arrays))
    arrays = _unpromoted(arrays)
    if not arrays:
        raise ValueError("need at least one array to concatenate")
    if axis is None:
        arrays, axis = [ravel(a) for a in arrays], 0
    if arrays[0].ndim == 0:
        raise ValueError("zero-dimensional arrays cannot be concatenated")
    ax = canonical_axis(axis, arrays[0].ndim)
    for a in arrays[1:]:
        if a.ndim != arrays[0].ndim or any(x != y for i, (x, y) in enumerate(
                zip(a.shape, arrays[0].shape)) if i != ax):
            raise TypeError(f"Cannot concatenate arrays with shapes that differ in dimensions "
                            f"other than the one being concatenated: {arrays[0].aval} and "
                            f"{a.aval} along axis {ax}")
    out = lax.concatenate(arrays, ax)
    return out if dtype is None else lax.convert_element_type(out, dtype)


concat = concatenate


def _unpromoted(arrays):
    """Arrays of one (promoted) dtype; their shapes are the caller's to check."""
    arrays = [asarray(a) for a in arrays]
    return promote_dtypes(*arrays) if len(arrays) > 1 else arrays


def stack(arrays, axis=0, dtype=None):
    check_arraylike("stack", *_sequence(arrays))
    arrays = _unpromoted(arrays)
    if not arrays:
        raise ValueError("need at least one array to stack")
    shapes = {a.shape for a in arrays}
    if len(shapes) != 1:
        raise ValueError("all input arrays must have the same shape")
    ax = canonical_axis(axis, arrays[0].ndim + 1)
    return concatenate([lax.expand_dims(a, (ax,)) for a in arrays], ax, dtype)


def hstack(tup, dtype=None):
    check_arraylike("hstack", *_sequence(tup))
    arrays = [atleast_1d(a) for a in tup]
    return concatenate(arrays, 0 if arrays[0].ndim == 1 else 1, dtype)


def vstack(tup, dtype=None):
    check_arraylike("vstack", *_sequence(tup))
    return concatenate([atleast_2d(a) for a in tup], 0, dtype)


row_stack = vstack


def dstack(tup, dtype=None):
    check_arraylike("dstack", *_sequence(tup))
    return concatenate([atleast_3d(a) for a in tup], 2, dtype)


def column_stack(tup):
    check_arraylike("column_stack", *_sequence(tup))
    arrays = [asarray(a) for a in tup]
    return concatenate([reshape(a, (a.size, 1)) if a.ndim < 2 else a for a in arrays], 1)


def split(ary, indices_or_sections, axis=0):
    check_arraylike("split", ary)
    return _split(ary, indices_or_sections, axis, strict=True)


def array_split(ary, indices_or_sections, axis=0):
    check_arraylike("array_split", ary)
    return _split(ary, indices_or_sections, axis, strict=False)


def _split(ary, sections, axis, strict):
    ary = asarray(ary)
    ax = canonical_axis(axis, ary.ndim)
    n = ary.shape[ax]
    if isinstance(sections, int):
        if strict and n % sections:
            raise ValueError(f"array split does not result in an equal division: {n} into "
                             f"{sections}")
        q, r = divmod(n, sections)
        sizes = [q + 1] * r + [q] * (sections - r)
        bounds = list(np.cumsum([0] + sizes))
    else:
        bounds = [0] + [builtins.min(builtins.max(int(i) if i >= 0 else n + int(i), 0), n)
                        for i in sections] + [n]
    return [lax.slice_in_dim(ary, bounds[i], builtins.max(bounds[i], bounds[i + 1]), 1, ax)
            for i in range(len(bounds) - 1)]


def hsplit(ary, indices_or_sections):
    check_arraylike("hsplit", ary)
    return split(ary, indices_or_sections, 1 if asarray(ary).ndim > 1 else 0)


def vsplit(ary, indices_or_sections):
    check_arraylike("vsplit", ary)
    return split(ary, indices_or_sections, 0)


def tile(A, reps):
    check_arraylike("tile", A)
    A = asarray(A)
    reps = (reps,) if isinstance(reps, int) else tuple(reps)
    if builtins.any(r < 0 for r in reps):
        raise ValueError(f"tile: negative repetitions in {reps}")
    n = builtins.max(len(reps), A.ndim)
    reps = (1,) * (n - len(reps)) + reps
    A = reshape(A, (1,) * (n - A.ndim) + A.shape)
    # broadcast to (r0, d0, r1, d1, ...) then merge each pair
    shape = []
    for r, d in zip(reps, A.shape):
        shape += [r, d]
    expanded = lax.broadcast_in_dim(A, shape, tuple(range(1, 2 * n, 2)))
    return lax.reshape(expanded, tuple(r * d for r, d in zip(reps, A.shape)))


def repeat(a, repeats, axis=None, *, total_repeat_length=None):
    check_arraylike("repeat", a)          # list repeats allowed, as list indices are
    a = asarray(a)
    if axis is None:
        a, axis = ravel(a), 0
    ax = canonical_axis(axis, a.ndim)
    if isinstance(repeats, int):
        shape = list(a.shape)
        expanded_shape = shape[:ax + 1] + [repeats] + shape[ax + 1:]
        dims = tuple(i if i <= ax else i + 1 for i in range(a.ndim))
        out = lax.broadcast_in_dim(a, expanded_shape, dims)
        shape[ax] *= repeats
        return lax.reshape(out, shape)
    reps = np.asarray(repeats)           # needs concrete repeats: the output size depends on them
    idx = np.repeat(np.arange(a.shape[ax]), np.broadcast_to(reps, (a.shape[ax],)))
    from .sorting import take
    return take(a, asarray(idx), axis=ax)


def flip(m, axis=None):
    check_arraylike("flip", m)
    m = asarray(m)
    return lax.rev(m, canonical_axes(axis, m.ndim))


def fliplr(m):
    check_arraylike("fliplr", m)
    return flip(m, 1)


def flipud(m):
    check_arraylike("flipud", m)
    return flip(m, 0)


def roll(a, shift, axis=None):
    check_arraylike("roll", a)
    a = asarray(a)
    if axis is None:
        return reshape(roll(ravel(a), shift, 0), a.shape)
    shifts = (shift,) if isinstance(shift, int) else tuple(shift)
    axes = (axis,) if isinstance(axis, int) else tuple(axis)
    for s, ax in zip(np.broadcast_to(shifts, len(axes)) if len(shifts) == 1 else shifts, axes):
        ax = canonical_axis(ax, a.ndim)
        n = a.shape[ax]
        if n == 0:
            continue
        s = int(s) % n
        if s:
            a = lax.concatenate([lax.slice_in_dim(a, n - s, n, 1, ax),
                                 lax.slice_in_dim(a, 0, n - s, 1, ax)], ax)
    return a


def pad(array, pad_width, mode="constant", constant_values=0):
    check_arraylike("pad", array)
    if mode != "constant":
        raise NotImplementedError(f"pad mode '{mode}' is not supported yet (only 'constant')")
    array = asarray(array)
    widths = np.broadcast_to(np.asarray(pad_width, dtype=np.int64), (array.ndim, 2))
    value = lax.convert_element_type(constant_values, array.aval.dtype)
    return lax.pad(array, value, [(int(lo), int(hi), 0) for lo, hi in widths])


def _lower_mask(shape, k):
    """True on and below the k-th diagonal."""
    rows = lax.broadcasted_iota("int32", shape, 0)
    cols = lax.broadcasted_iota("int32", shape, 1)
    return lax.ge(lax.add(rows, k), cols)


def tril(m, k=0):
    check_arraylike("tril", m)
    m = asarray(m)
    mask = broadcast_to(_lower_mask(m.shape[-2:], k), m.shape)
    return with_weak(lax.select(mask, m, lax.full(m.shape, 0, m.aval.dtype)), m.weak_type)


def triu(m, k=0):
    check_arraylike("triu", m)
    m = asarray(m)
    mask = broadcast_to(lax.bitwise_not(_lower_mask(m.shape[-2:], k - 1)), m.shape)
    return with_weak(lax.select(mask, m, lax.full(m.shape, 0, m.aval.dtype)), m.weak_type)
