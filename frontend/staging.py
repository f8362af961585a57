"""What the transforms and control flow share: running a function staged (inside the
active trace, or jitted when none is), and tracing a user's function into a function of the
module being built."""
from __future__ import annotations

import functools

from . import core, tree_util
from .avals import ShapedArray
from .jit import abstractify, call_retraced, jit, leaf_names, positional_names


def name_of(fun) -> str:
    return getattr(fun, "__name__", type(fun).__name__)


def staged(transformed, static_argnums=()):
    """Runs `transformed` inside the active trace, or jitted (cached) when none is active."""
    compiled = jit(transformed, static_argnums=static_argnums)

    @functools.wraps(transformed)
    def run(*args, **kwargs):
        if core._TRACES:
            return transformed(*args, **kwargs)
        return compiled(*args, **kwargs)
    return run


def retraced(transformed):
    """A transform as JAX runs it outside jit: inside a trace it traces through; else it is
    traced anew at each call with the arguments' values known (jit.call_retraced)."""
    @functools.wraps(transformed)
    def run(*args, **kwargs):
        if core._TRACES:
            return transformed(*args, **kwargs)
        return call_retraced(transformed, args, kwargs)
    return run


def trace_function(fun, avals, names, description, body, sources=None):
    """Traces body(arguments) -> flat outputs into a private function of the active module,
    located where `fun` is defined; returns its FunctionTrace. `sources`: what each argument
    stands for, where its value may be known (FunctionTrace.concrete)."""
    ft = core.current_trace().module.function(name_of(fun), avals, names, description,
                                              source=fun, private=True)
    ft.sources = sources
    with ft:
        ft.finish(body(ft.args))
    return ft


def trace_callee(fun, args, kwargs, description, finish):
    """Traces fun(*args, **kwargs) into a private function of the active module.
    finish(out) -> flat list of output values. Returns (trace, FunctionTrace, flat inputs)."""
    leaves, in_tree = tree_util.tree_flatten((args, kwargs))
    avals = [abstractify(x) for x in leaves]
    names = leaf_names(positional_names(fun), args, kwargs)

    def body(arguments):
        a, k = tree_util.tree_unflatten(in_tree, arguments)
        return finish(fun(*a, **k))
    inputs = as_arrays(leaves, "arguments")
    ft = trace_function(fun, avals, names, description, body, sources=inputs)
    return core.current_trace(), ft, inputs


def as_arrays(xs, what):
    from .numpy import asarray
    out = []
    for x in xs:
        try:
            out.append(x if isinstance(x, (core.Tracer,)) or hasattr(x, "aval") else asarray(x))
        except TypeError:
            raise TypeError(f"{what} must be arrays (pytrees of arrays), got a "
                            f"{type(x).__name__}") from None
    return out


def aval_of(x) -> ShapedArray:
    return x.aval if hasattr(x, "aval") else abstractify(x)
