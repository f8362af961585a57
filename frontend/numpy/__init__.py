"""`mlax.numpy`: numpy's API with JAX's semantics (immutable arrays, JAX's type promotion,
float32 by default), usable eagerly and under jit/grad/vmap."""
import numpy as _np

from . import linalg
from ._base import (_ScalarType, array, asarray, broadcast_arrays, broadcast_shapes,
                    broadcast_to, result_type)
from .creation import (arange, copy, empty, empty_like, eye, full, full_like, identity,
                       linspace, logspace, meshgrid, ones, ones_like, tri, zeros, zeros_like)
from .indexing import getitem as _getitem  # noqa: F401  (used by Array.__getitem__)
from .products import dot, einsum, inner, matmul, outer, tensordot, vdot
from .reductions import (all, amax, amin, any, argmax, argmin, average, count_nonzero, cumprod,
                         cumsum, cumulative_prod, cumulative_sum, max, mean, min, prod, ptp,
                         std, sum, var)
from .shapes import (array_split, atleast_1d, atleast_2d, atleast_3d, column_stack, concat,
                     concatenate, dstack, expand_dims, flip, fliplr, flipud, hsplit, hstack,
                     moveaxis, ndim, pad, permute_dims, ravel, repeat, reshape, roll, row_stack,
                     shape, size, split, squeeze, stack, swapaxes, tile, transpose, tril, triu,
                     vsplit, vstack)
from .sorting import argsort, sort, take, take_along_axis
from .ufuncs import *  # noqa: F401,F403  (the elementwise functions)
from .ufuncs import round, abs  # noqa: F401  (shadow the builtins on purpose, as numpy does)
from ..array import ArrayBase as ndarray  # mlax.Array: concrete arrays and tracers
from ..dtypes import finfo, iinfo, issubdtype, promote_types

bool_ = _ScalarType("bool")
int32 = _ScalarType("int32")
int64 = _ScalarType("int64")
uint32 = _ScalarType("uint32")
float16 = _ScalarType("float16")
bfloat16 = _ScalarType("bfloat16")
float32 = _ScalarType("float32")
float64 = _ScalarType("float64")
# numpy's abstract types, for issubdtype(x.dtype, jnp.floating)
floating, integer, signedinteger, unsignedinteger, inexact, number, generic = (
    _np.floating, _np.integer, _np.signedinteger, _np.unsignedinteger, _np.inexact, _np.number,
    _np.generic)
dtype = _np.dtype

pi, e, inf, nan, euler_gamma = _np.pi, _np.e, _np.inf, _np.nan, _np.euler_gamma
newaxis = None


def isscalar(element) -> bool:
    return _np.isscalar(element) or (hasattr(element, "ndim") and element.ndim == 0)


def iscomplexobj(x) -> bool:
    return False
