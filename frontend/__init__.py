"""mlax: JAX's programming model as an MLIR compiler.

`import mlax as jax; import mlax.numpy as jnp` runs numpy-style programs eagerly (op by op,
through the op table's rules and the CPU kernels) or under `jit` (traced into the `mlax`
dialect, run through the pass pipeline, lowered to a plain-data executable).
"""
__version__ = "0.1.0"

from . import dtypes, errors, lax, nn, numpy, random, tree_util
from .array import Array as _Concrete, ArrayBase as Array
from .array_methods import install as _install
from .config import config
from .core import ShapedArray, Tracer
from .errors import ConcretizationTypeError, UnexpectedTracerError
from .ad import grad, hessian, jacfwd, jacrev, jvp, linearize, value_and_grad, vjp
from .custom import custom_jvp, custom_vjp
from .devices import default_backend, device_count, devices, local_devices
from .jit import ShapeDtypeStruct, eval_shape, jit, make_ir
from .vmap import vmap
from .tree_util import tree_flatten, tree_leaves, tree_map, tree_structure, tree_unflatten

_install(_Concrete)
_install(Tracer)


def block_until_ready(x):
    """x, once every array in it is computed: each device holding some is waited for once."""
    waited = set()
    for v in tree_leaves(x):
        device = getattr(v, "_device", None)
        if device is None or id(device) not in waited:
            if hasattr(v, "block_until_ready"):
                v.block_until_ready()
            waited.add(id(device))
    return x


def device_put(x, device=None):
    """Arrays on `device` (default: the default backend's first device); on the CPU, host
    arrays."""
    platform = device.platform if device is not None else default_backend()
    if platform == "cpu":
        return tree_map(numpy.asarray, x)
    from .array import DeviceArray
    from .devices import runtime_device
    from .jit import abstractify
    dev = runtime_device(platform)

    def put(v):
        if type(v) is DeviceArray and v._device is dev:
            return v
        a = abstractify(v)
        return DeviceArray(dev.put(numpy.asarray(v)._value), dev, a, a.weak_type)
    return tree_map(put, x)


def device_get(x):
    import numpy as _np
    return tree_map(lambda v: _np.asarray(v) if isinstance(v, _Concrete) else v, x)


__all__ = ["Array", "ShapedArray", "ShapeDtypeStruct", "Tracer", "ConcretizationTypeError",
           "UnexpectedTracerError", "config", "dtypes", "errors", "eval_shape", "jit", "lax",
           "make_ir", "nn", "numpy", "tree_util", "tree_flatten", "tree_leaves", "tree_map",
           "tree_structure", "tree_unflatten", "block_until_ready", "device_put", "device_get",
           "grad", "value_and_grad", "jvp", "vjp", "linearize", "custom_jvp", "custom_vjp",
           "jacfwd", "jacrev", "hessian", "vmap", "devices", "local_devices", "device_count",
           "default_backend"]
