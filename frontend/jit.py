"""`mlax.jit` and the staged view of compilation: `jit(f).lower(*args)` gives the traced
module (`.as_text(stage)` prints it after any pass of the pipeline), `.compile()` runs the
pipeline and lowers to an executable for the CPU backend; `make_ir(f)(*args)` shows the IR.

A jitted function caches one compiled entry per call signature (argument structure, shapes,
dtypes, weak types, static values, x64 flag); a cached call flattens its arguments, looks up
the entry and runs generated Python over numpy buffers. No MLIR is touched on that path.
"""
from __future__ import annotations

import functools
import inspect
from typing import NamedTuple

import numpy as np
import optree

from . import core, dtypes, tree_util
from .array import Array, DeviceArray
from .config import config
from .core import ShapedArray, Tracer

_SCALARS = (bool, int, float)


class ShapeDtypeStruct:
    """A stand-in argument for `jit(f).lower(...)`: just a shape and a dtype (a pytree leaf)."""
    __slots__ = ("shape", "dtype", "weak_type")

    def __init__(self, shape, dtype, weak_type: bool = False):
        self.shape = tuple(shape)
        self.dtype = dtypes.np_dtype(dtypes.name_of(dtype))
        self.weak_type = weak_type

    @property
    def ndim(self) -> int:
        return len(self.shape)

    def __repr__(self):
        return f"ShapeDtypeStruct(shape={self.shape}, dtype={self.dtype.name})"

    def __eq__(self, other):
        return isinstance(other, ShapeDtypeStruct) and (self.shape, self.dtype, self.weak_type) \
            == (other.shape, other.dtype, other.weak_type)

    def __hash__(self):
        return hash((self.shape, self.dtype, self.weak_type))


def abstractify(x) -> ShapedArray:
    """The abstract value a jitted function sees for an argument leaf."""
    if isinstance(x, (Array, Tracer)):
        return x.aval
    if type(x) in _SCALARS:
        return ShapedArray((), *dtypes.python_scalar(x))
    if isinstance(x, (np.ndarray, np.generic)):
        return ShapedArray(x.shape, dtypes.name_of(x.dtype))
    if isinstance(x, ShapeDtypeStruct):
        return ShapedArray(tuple(x.shape), dtypes.name_of(x.dtype), x.weak_type)
    raise TypeError(f"a value of type {type(x).__name__} is not a valid mlax array; pass it "
                    "as a static argument (static_argnums/static_argnames) instead")


def _leaf_key(x):
    t = type(x)
    if t is Array:
        return (x._value.shape, x._value.dtype, x.weak_type)
    if t is DeviceArray:                # its aval: the buffer stays where it is
        return (x._aval.shape, x._aval.dtype, x.weak_type)
    if t in _SCALARS:
        return t
    if t is np.ndarray or isinstance(x, np.generic):
        return (x.shape, x.dtype)
    if isinstance(x, Tracer):
        raise x.trace.leaked_error(x)
    return abstractify(x)          # raises for what is not an array


def _to_buffer(x, aval: ShapedArray) -> np.ndarray:
    if type(x) is Array:
        return x._value
    if type(x) is int and aval.dtype != "bool":
        dtypes.check_int_range(x, aval.dtype)
    return np.asarray(x, dtype=dtypes.np_dtype(aval.dtype))


# ------------------------------------------------------------------------- argument names

def _path_text(path) -> str:
    return "".join(f"[{p!r}]" for p in path)


def leaf_names(param_names, args, kwargs) -> list:
    """A name per flat argument leaf, as the user wrote it: 'x', 'params[0]', 'batch['x']'."""
    paths, _, _ = optree.tree_flatten_with_path((args, kwargs), namespace=tree_util.NAMESPACE)
    names = []
    for path in paths:
        kind, key, rest = path[0], path[1], path[2:]
        if kind == 0:
            base = param_names[key] if key < len(param_names) else f"args[{key}]"
        else:
            base = key
        names.append(base + _path_text(rest))
    return names


# ---------------------------------------------------------------------------- tracing

class Traced(NamedTuple):
    module: object              # tracing.ModuleTrace
    in_tree: object
    in_avals: list
    out_tree: object
    out_avals: list


def trace(fun, args, kwargs, description: str, param_names=(), source=None,
          concrete: bool = False) -> Traced:
    """Traces fun(*args, **kwargs) into a module whose @main takes the flat argument leaves;
    `concrete`: the arguments' values are known to the trace (an un-jitted transform), so
    bool()/int() of what is computed from them work as in JAX."""
    from .tracing import ModuleTrace
    leaves, in_tree = tree_util.tree_flatten((args, kwargs))
    in_avals = [abstractify(x) for x in leaves]
    names = leaf_names(param_names, args, kwargs)
    module = ModuleTrace()
    ft = module.function("main", in_avals, names, description, source or fun)
    if concrete:
        ft.sources = leaves
    with ft:
        a, k = tree_util.tree_unflatten(in_tree, ft.args)
        out = fun(*a, **k)
        out_leaves, out_tree = tree_util.tree_flatten(out)
        out_leaves = [_output(o, i, description) for i, o in enumerate(out_leaves)]
        out_avals = ft.finish(out_leaves)
    return Traced(module, in_tree, in_avals, out_tree, out_avals)


def _output(x, i, description):
    if isinstance(x, (Tracer, Array)):
        return x
    from .numpy import asarray
    try:
        return asarray(x)
    except TypeError:
        raise TypeError(f"output {i} of {description} is a {type(x).__name__}; a traced "
                        "function must return arrays (pytrees of arrays)") from None


# ------------------------------------------------------------------ stages: lower/compile

GPU_STAGES = ("triton-python", "ttir", "ttgir", "llir", "ptx")


class Lowered:
    """A traced module before the compilation pipeline."""

    def __init__(self, traced: Traced, name: str):
        self.traced, self.name = traced, name
        self.text = traced.module.module.operation.get_asm(enable_debug_info=True)

    @property
    def stages(self) -> tuple:
        """Every printable stage: the mlax pipeline; on the CPU path the native functions in
        linalg and in the LLVM dialect; on the GPU path the kernels (`mlax-fuse`), as Triton
        source and through Triton's compiler for sm_90."""
        from .passes import COMPILE_PIPELINE
        return ("traced", *COMPILE_PIPELINE, "mlax-outline-native", "linalg", "llvm",
                "mlax-fuse", *GPU_STAGES)

    def _gpu_text(self, stage: str) -> str:
        from .passes import COMPILE_PIPELINE, run_pipeline
        from .tools.translate import fused_kernels, render
        module = self.module_after(COMPILE_PIPELINE[-1])
        run_pipeline(module.operation, ["mlax-fuse"])
        if stage == "mlax-fuse":
            return module
        return render(fused_kernels(module.operation), stage)

    def module_after(self, stage: str = "traced"):
        """A fresh module holding the IR after `stage` (a name from `stages`)."""
        from mlir import ir
        from .passes import COMPILE_PIPELINE, run_pipeline
        from .passes.native import NATIVE_PIPELINE
        if stage not in self.stages or stage in GPU_STAGES:
            raise ValueError(f"unknown stage '{stage}'; module stages are "
                             f"{', '.join(s for s in self.stages if s not in GPU_STAGES)}")
        if stage == "mlax-fuse":
            return self._gpu_text(stage)
        ctx = self.traced.module.context
        module = ir.Module.parse(self.text, context=ctx)
        passes = [*COMPILE_PIPELINE, "mlax-outline-native", "mlax-native-to-linalg",
                  *NATIVE_PIPELINE]
        passes = passes[:len(passes) if stage == "llvm" else self.stages.index(stage)]
        if passes:
            run_pipeline(module.operation, passes)
        return module

    def as_text(self, stage: str = "traced", debug_info: bool = False) -> str:
        from .dialect.ir import module_text
        if stage in GPU_STAGES:
            return self._gpu_text(stage)
        return module_text(self.module_after(stage).operation, debug_info)

    def compile(self) -> "Compiled":
        """Compiled for the default backend: the CPU plan (with native code), or on a GPU
        (or Triton's interpreter) the kernels of mlax-fuse and their launch plan."""
        from .devices import default_backend, runtime_device
        from .passes import COMPILE_PIPELINE
        from .passes.lower_cpu import lower
        backend = default_backend()
        if backend != "cpu":        # the plan and kernels, from the disk cache if there
            from .runtime import disk_cache, gpu
            executable = disk_cache.executable(
                [self.text, backend, repr(config.compile_key)],
                lambda: lower(self.module_after("mlax-fuse").operation, entry="main"))
            device = runtime_device(backend)
            return Compiled(self, lambda: self.module_after("mlax-fuse"), executable,
                            gpu.load(executable, device, check=False), device)
        from .runtime import cpu
        module = self.module_after("mlax-outline-native" if config.mlax_native_cpu
                                   else COMPILE_PIPELINE[-1])
        executable = lower(module.operation, entry="main")
        return Compiled(self, lambda: module, executable, cpu.load(executable, check=False))


class Compiled:
    """A compiled signature: callable on arguments of the shapes it was lowered for. With a
    device, arguments are copied there unless they already live there, and results stay
    there (DeviceArray) until the host asks for them."""

    def __init__(self, lowered: Lowered, module, executable, run, device=None):
        """module: a callable giving the module the executable was lowered from."""
        self.lowered, self._module, self.executable, self._run = lowered, module, executable, run
        self.device = device
        t = lowered.traced
        self._out_avals = list(t.out_avals)
        self.in_avals, self.out_tree = t.in_avals, t.out_tree
        self._out_weak = [a.weak_type for a in t.out_avals]
        self._single = t.out_tree.num_leaves == 1 and t.out_tree.is_leaf()

    @property
    def module(self):
        return self._module()

    def as_text(self, debug_info: bool = False) -> str:
        from .dialect.ir import module_text
        return module_text(self.module.operation, debug_info)

    def save(self, path) -> None:
        """Saves the executable (plain data; `mlax.runtime.executable.Executable.load`)."""
        self.executable.save(path)

    def call_flat(self, leaves):
        if self.device is not None:
            return self._call_on_device(leaves)
        bufs = [x._value if type(x) is Array else _to_buffer(x, a)
                for x, a in zip(leaves, self.in_avals)]
        outs = self._run(*bufs)                 # kernels silence IEEE warnings themselves
        if self._single:
            return Array(outs[0], self._out_weak[0])
        return tree_util.tree_unflatten(
            self.out_tree, [Array(o, w) for o, w in zip(outs, self._out_weak)])

    def _call_on_device(self, leaves):
        device = self.device
        bufs = [x._buffer if type(x) is DeviceArray and x._device is device
                else device.put(_to_buffer(x, a)) for x, a in zip(leaves, self.in_avals)]
        outs = [DeviceArray(o, device, a, a.weak_type)
                for o, a in zip(self._run(*bufs), self._out_avals)]
        return outs[0] if self._single else tree_util.tree_unflatten(self.out_tree, outs)

    def __call__(self, *args, **kwargs):
        leaves, tree = tree_util.tree_flatten((args, kwargs))
        if tree != self.lowered.traced.in_tree or [abstractify(x) for x in leaves] != \
                list(self.in_avals):
            raise TypeError(f"{self.lowered.name} was compiled for "
                            f"{[a.str_short() for a in self.in_avals]}, got "
                            f"{[abstractify(x).str_short() for x in leaves]}")
        return self.call_flat(leaves)


# -------------------------------------------------------------------------------- jit

def positional_names(fun) -> list:
    """Names of fun's positional parameters (for messages), or [] if unknown."""
    try:
        sig = inspect.signature(fun)
    except (TypeError, ValueError):
        return []
    return [n for n, p in sig.parameters.items()
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]


def _static_config(fun, static_argnums, static_argnames):
    """Resolves static arguments to positions and names, as JAX does."""
    nums = (static_argnums,) if isinstance(static_argnums, int) else tuple(static_argnums or ())
    names = (static_argnames,) if isinstance(static_argnames, str) else tuple(static_argnames or ())
    positional = positional_names(fun)
    try:
        variadic = any(p.kind is p.VAR_POSITIONAL
                       for p in inspect.signature(fun).parameters.values())
    except (TypeError, ValueError):
        variadic = True                     # unknown signature: nothing to check
    if not variadic and any(not -len(positional) <= i < len(positional) for i in nums):
        raise ValueError(f"Jitted function has static_argnums={nums}, but only accepts "
                         f"{len(positional)} positional arguments.")
    for n in names:
        if n in positional and positional.index(n) not in nums:
            nums += (positional.index(n),)
    for i in nums:
        if 0 <= i < len(positional) and positional[i] not in names:
            names += (positional[i],)
    dynamic = [n for i, n in enumerate(positional) if i not in nums]
    return frozenset(nums), frozenset(names), dynamic


def _hashable(value, what: str):
    try:
        hash(value)
    except TypeError:
        raise ValueError(f"static argument {what} of type {type(value).__name__} must be "
                         "hashable (use a tuple instead of a list)") from None
    return value


class JitFunction:
    def __init__(self, fun, static_argnums=None, static_argnames=None, donate_argnums=None):
        if not callable(fun):
            raise TypeError(f"jit needs a callable, got {type(fun).__name__}")
        functools.update_wrapper(self, fun)   # first: it copies fun.__dict__ over ours
        self.fun = fun
        self.static_nums, self.static_names, self.param_names = _static_config(
            fun, static_argnums, static_argnames)
        self._cache: dict = {}
        self._fast: dict = {}                 # the same entries, keyed without flattening
        self.name = getattr(fun, "__name__", type(fun).__name__)

    def __get__(self, obj, objtype=None):     # methods: jit applied to a function in a class
        return self if obj is None else functools.partial(self, obj)

    def _split(self, args, kwargs):
        statics = []
        if self.static_nums:
            for i in sorted(self.static_nums):
                if i < len(args):
                    statics.append((i, _hashable(args[i], f"#{i}")))
            args = tuple(a for i, a in enumerate(args) if i not in self.static_nums)
        if self.static_names and kwargs:
            for k in sorted(self.static_names & kwargs.keys()):
                statics.append((k, _hashable(kwargs[k], f"'{k}'")))
            kwargs = {k: v for k, v in kwargs.items() if k not in self.static_names}
        return args, kwargs, tuple(statics)

    def _bind_statics(self, statics):
        """The function of the dynamic arguments alone, with static values closed over."""
        pos = {k: v for k, v in statics if isinstance(k, int)}
        kw = {k: v for k, v in statics if isinstance(k, str)}

        def dynamic(*args, **kwargs):
            full, it = [], iter(args)
            for i in range(len(args) + len(pos)):
                full.append(pos[i] if i in pos else next(it))
            return self.fun(*full, **kwargs, **kw)
        return dynamic

    def __call__(self, *args, **kwargs):
        if core._TRACES:                      # inside another trace: trace through, abstractly
            core._ABSTRACT += 1
            try:
                return self.fun(*args, **kwargs)
            finally:
                core._ABSTRACT -= 1
        simple = not kwargs and not self.static_nums and not self.static_names and all(
            type(a) is Array or type(a) is DeviceArray for a in args)
        if simple:                            # arrays only: the arguments are the leaves
            fast = (len(args), config.compile_key, *map(_leaf_key, args))
            compiled = self._fast.get(fast)
            if compiled is not None:
                return compiled.call_flat(args)
        if self.static_nums or self.static_names:
            args, kwargs, statics = self._split(args, kwargs)
        else:
            statics = ()
        leaves, tree = tree_util.tree_flatten((args, kwargs))
        key = (tree, statics, config.compile_key, *map(_leaf_key, leaves))
        compiled = self._cache.get(key)
        if compiled is None:
            compiled = self._cache[key] = self._lower(args, kwargs, statics).compile()
        if simple:
            self._fast[fast] = compiled
        return compiled.call_flat(leaves)

    def _lower(self, args, kwargs, statics) -> Lowered:
        fun = self._bind_statics(statics) if statics else self.fun
        description = f"jit({self.name})"
        return Lowered(trace(fun, args, kwargs, description, self.param_names, self.fun),
                       description)

    def lower(self, *args, **kwargs) -> Lowered:
        args, kwargs, statics = self._split(args, kwargs)
        return self._lower(args, kwargs, statics)

    def eval_shape(self, *args, **kwargs):
        t = self.lower(*args, **kwargs).traced
        return tree_util.tree_unflatten(t.out_tree, [
            ShapeDtypeStruct(a.shape, dtypes.np_dtype(a.dtype), a.weak_type) for a in t.out_avals])

    def _cache_size(self) -> int:
        return len(self._cache)

    def clear_cache(self) -> None:
        self._cache.clear()
        self._fast.clear()


# ------------------------------------------------------- un-jitted transforms: retraced

_RETRACED: dict = {}                # (module text, weak types, options) -> Compiled
_RETRACED_MAX = 512


def call_retraced(fun, args, kwargs):
    """Runs fun (a transform's staged body) as JAX runs an un-jitted transform: traced anew
    at every call, with the arguments' values known (so globals, closures and arrays mutated
    in place are read again, and Python control flow on values works), and compiled once
    per distinct traced program: the cache key is the module's text, constants included."""
    description = getattr(fun, "__name__", "transform")
    traced = trace(fun, args, kwargs, description, positional_names(fun), fun, concrete=True)
    lowered = Lowered(traced, description)
    key = (lowered.text, tuple(a.weak_type for a in traced.in_avals),
           tuple(a.weak_type for a in traced.out_avals), traced.out_tree, config.compile_key)
    compiled = _RETRACED.pop(key, None)
    if compiled is None:
        compiled = lowered.compile()
        if len(_RETRACED) >= _RETRACED_MAX:
            del _RETRACED[next(iter(_RETRACED))]     # least recently used
    _RETRACED[key] = compiled
    return compiled.call_flat(tree_util.tree_leaves((args, kwargs)))


def jit(fun=None, *, static_argnums=None, static_argnames=None, donate_argnums=None, **unused):
    """Compiles `fun` once per call signature; see JitFunction."""
    if fun is None:
        return functools.partial(jit, static_argnums=static_argnums,
                                 static_argnames=static_argnames, donate_argnums=donate_argnums)
    return JitFunction(fun, static_argnums, static_argnames, donate_argnums)


class IR:
    """What make_ir returns: the traced module, printed with the user's file:line."""

    def __init__(self, lowered: Lowered):
        self.lowered = lowered
        self.in_avals = lowered.traced.in_avals
        self.out_avals = lowered.traced.out_avals

    def as_text(self, stage: str = "traced", debug_info: bool = True) -> str:
        return self.lowered.as_text(stage, debug_info)

    def __str__(self):
        return self.as_text()

    __repr__ = __str__


def make_ir(fun, static_argnums=None, static_argnames=None):
    """Like jax.make_jaxpr: `make_ir(f)(*args)` traces f and returns its IR."""
    jitted = JitFunction(fun, static_argnums, static_argnames)

    @functools.wraps(fun)
    def make(*args, **kwargs):
        lowered = jitted.lower(*args, **kwargs)
        return IR(lowered)
    return make


def eval_shape(fun, *args, **kwargs):
    return JitFunction(fun).eval_shape(*args, **kwargs)
