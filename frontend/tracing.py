"""Tracing Python into mlax IR: a FunctionTrace builds one func.func of a module; while it
is active (a `with` block), `core.bind` emits every op into it through the typed builders,
located at the user's file:line.

Values from outside the function become operands: concrete arrays are embedded as
`mlax.constant`, tracers of an enclosing active trace become extra function arguments
(closure conversion, recorded in `captures` for the caller to pass).
"""
from __future__ import annotations

import functools

import numpy as np
from mlir import ir
from mlir.dialects import func

from . import core
from .array import Array
from .core import ShapedArray, Tracer
from .errors import (ConcretizationTypeError, TracerArrayConversionError,
                     TracerBoolConversionError, TracerIntegerConversionError,
                     UnexpectedTracerError)
from .dialect import builders
from .dialect import rules as R
from .dialect.ir import aval_of_type, default_context, tensor_type


@functools.lru_cache(maxsize=4096)
def _file_loc(filename: str, line: int, col: int, context) -> ir.Location:
    return ir.Location.file(filename, line, col, context=context)


def user_location(context) -> ir.Location:
    found = core.user_frame()
    if found is None:
        return ir.Location.unknown(context=context)
    return _file_loc(*found, context)


def _definition(fun, context) -> ir.Location | None:
    import inspect
    code = getattr(inspect.unwrap(fun), "__code__", None) if fun is not None else None
    if code is None:
        return None
    return _file_loc(code.co_filename, code.co_firstlineno, 1, context)


class ModuleTrace:
    """A module under construction; functions are added with unique symbol names."""

    def __init__(self):
        self.context = default_context()
        with self.context, ir.Location.unknown():
            self.module = ir.Module.create()
        self.names: set = set()

    def unique(self, base: str) -> str:
        base = "".join(c if c.isalnum() or c == "_" else "_" for c in base) or "f"
        name, i = base, 0
        while name in self.names:
            i += 1
            name = f"{base}_{i}"
        self.names.add(name)
        return name

    def function(self, name: str, in_avals, arg_names, description: str,
                 source=None, private: bool = False) -> "FunctionTrace":
        """A new function of the module, located where `source` (a Python function) is
        defined, or else at the user's current line."""
        ft = FunctionTrace(self, self.unique(name), in_avals, arg_names, description,
                           _definition(source, self.context))
        if private:
            with self.context:
                ft.func.attributes["sym_visibility"] = ir.StringAttr.get("private")
        return ft

    def declare(self, opname: str, base: str, inputs, **params) -> R.FuncSig:
        """Adds the declaration of a higher-order op (`grad`, `jvp`...) to the module."""
        with self.context, user_location(self.context), ir.InsertionPoint(self.module.body):
            builder = getattr(builders, builders.python_name(opname))
            return builder(self.unique(base), [a.aval for a in inputs], **params)


class FunctionTrace:
    def __init__(self, module: ModuleTrace, name: str, in_avals, arg_names, description: str,
                 loc: ir.Location | None = None):
        self.module, self.name, self.description = module, name, description
        self.context = module.context
        loc = loc or user_location(self.context)
        with self.context, loc:
            ftype = ir.FunctionType.get([tensor_type(a.aval) for a in in_avals], [])
            self.func = func.FuncOp(name, ftype, ip=ir.InsertionPoint(module.module.body))
            self.block = self.func.add_entry_block()
        self.args = [Tracer(self, v, a, frozenset({n}))
                     for v, a, n in zip(self.block.arguments, in_avals, arg_names)]
        self._arg_index = {id(a): i for i, a in enumerate(self.args)}
        self.in_avals = list(in_avals)
        self.captures: list = []            # outer tracers that became extra arguments
        self._captured: dict = {}           # id(outer tracer) -> block argument
        self._constants: dict = {}          # id(array) -> (array, value): one op per array
        self.out_avals = None
        # Concrete values, for bool()/int() as JAX's un-jitted transforms allow: what each
        # argument stands for (set by an eager transform, and for a callee traced inside it),
        # and how each op's result was computed, so a value is evaluated only when asked for.
        self.sources = None                 # per argument: a value, a Tracer, or None
        self._recipes: dict = {}            # id(tracer) -> (tracer, op, operands, params, weak)
        self._values: dict = {}             # id(tracer) -> Array, once evaluated

    # ------------------------------------------------------------------ activation
    def __enter__(self):
        core._TRACES.append(self)
        return self

    def __exit__(self, *exc):
        assert core._TRACES[-1] is self
        core._TRACES.pop()

    # ------------------------------------------------------------------ operands
    def value_of(self, x) -> ir.Value:
        if isinstance(x, Tracer):
            if x.trace is self:
                return x.value
            if x.trace in core._TRACES:
                return self._capture(x)
            raise x.trace.leaked_error(x)
        if isinstance(x, Array):
            return self._constant(x, x._value)
        raise TypeError(f"{type(x).__name__} is not an mlax array")

    def _capture(self, x: Tracer) -> ir.Value:
        found = self._captured.get(id(x))
        if found is None:
            with self.context, self.func.location:
                found = self.block.add_argument(tensor_type(x.aval.aval), self.func.location)
            self._captured[id(x)] = found
            self.captures.append(x)
        return found

    def _constant(self, owner, value: np.ndarray) -> ir.Value:
        found = self._constants.get(id(owner))
        if found is None:
            with self.context, ir.InsertionPoint(self.block), user_location(self.context):
                found = (owner, builders.constant(value=value))
            self._constants[id(owner)] = found
        return found[1]

    # ------------------------------------------------------------------ ops
    def emit(self, name: str, args, params: dict, weak_type):
        values = [self.value_of(a) for a in args]
        avals = [a.aval for a in args]
        loc = user_location(self.context)
        opdef = R.OPS[name]
        try:
            with self.context, loc, ir.InsertionPoint(self.block):
                (value,) = builders.build(opdef, values, params, loc=loc,
                                          operand_avals=[a.aval for a in avals])
        except R.RuleError as e:
            raise e.python_error(f"{core.user_frame_text()}mlax.{name}: {e}") from None
        out = aval_of_type(value.type)
        if weak_type is None:
            weak_type = core.result_weak(name, avals, out.dtype)
        deps = frozenset().union(*(a.deps for a in args if isinstance(a, Tracer)))
        out = Tracer(self, value, ShapedArray(out.shape, out.dtype, weak_type), deps)
        if self.sources is not None and not core._ABSTRACT:
            self._recipes[id(out)] = (out, name, args, params, weak_type)
        return out

    def call(self, callee: R.FuncSig, operands, weak_types) -> list:
        """Emits `func.call @callee(operands)`; returns its results as tracers."""
        values = [self.value_of(o) for o in operands]
        with self.context, user_location(self.context), ir.InsertionPoint(self.block):
            op = func.CallOp([tensor_type(a) for a in callee.outputs], callee.name, values)
        deps = frozenset().union(*(o.deps for o in operands if isinstance(o, Tracer)))
        return [Tracer(self, r, ShapedArray(a.shape, a.dtype, w), deps)
                for r, a, w in zip(op.results, callee.outputs, weak_types)]

    @property
    def signature(self) -> R.FuncSig:
        """Inputs (arguments, then captures) and outputs; valid after finish()."""
        inputs = [a.aval for a in self.in_avals] + [c.aval.aval for c in self.captures]
        return R.FuncSig(self.name, tuple(inputs), tuple(a.aval for a in self.out_avals))

    def finish(self, outputs) -> list:
        """Returns `outputs` (Tracers or Arrays) from the function; returns their avals."""
        values = [self.value_of(o) for o in outputs]
        with self.context, user_location(self.context), ir.InsertionPoint(self.block):
            func.ReturnOp(values)
            inputs = [tensor_type(a.aval) for a in self.in_avals]
            inputs += [tensor_type(c.aval.aval) for c in self.captures]
            self.func.attributes["function_type"] = ir.TypeAttr.get(
                ir.FunctionType.get(inputs, [v.type for v in values]))
        self.out_avals = [o.aval for o in outputs]
        return self.out_avals

    # ------------------------------------------------------------------ concrete values
    def concrete(self, tracer: Tracer):
        """tracer's value as an Array, if every input it was computed from is known (an
        argument of an un-jitted transform, a constant) and no op on the way was traced
        abstractly (inside jit or a loop body); else None. Evaluated on the eager kernels."""
        stack = [tracer]
        while stack:
            t = stack[-1]
            ft = t.trace
            if id(t) in ft._values:
                stack.pop()
                continue
            inputs = ft._inputs_of(t)
            if inputs is None:
                return None
            todo = [x for x in inputs if isinstance(x, Tracer) and id(x) not in x.trace._values]
            if todo:
                stack.extend(todo)
                continue
            stack.pop()
            ft._values[id(t)] = ft._evaluate(t, [x.trace._values[id(x)] if isinstance(x, Tracer)
                                                 else x for x in inputs])
        return tracer.trace._values[id(tracer)]

    def _inputs_of(self, t: Tracer):
        recipe = self._recipes.get(id(t))
        if recipe is not None:
            return recipe[2]
        i = self._arg_index.get(id(t)) if self.sources is not None else None
        if i is None or self.sources[i] is None:
            return None
        return [self.sources[i]]

    def _evaluate(self, t: Tracer, inputs) -> Array:
        recipe = self._recipes.get(id(t))
        if recipe is not None:
            return core._eager(recipe[1], inputs, recipe[3], recipe[4])
        (x,) = inputs                       # an argument: its source, at the argument's type
        if isinstance(x, Array) and x.aval == t.aval:
            return x
        from .jit import _to_buffer
        return Array(_to_buffer(x, t.aval), t.aval.weak_type)

    # ------------------------------------------------------------------ errors
    def concretization_error(self, tracer: Tracer, what: str,
                             error=ConcretizationTypeError) -> ConcretizationTypeError:
        """`error` (a JAXTypeError class) for `what` (e.g. "int()") needing tracer's value:
        JAX's headline, then the user's line, which arguments the value depends on, a fix."""
        shown = f"traced array with shape {tracer.aval}"
        headline = _HEADLINES.get(error, _HEADLINES[ConcretizationTypeError]).format(
            shown=shown, what=what)
        if tracer.deps:
            names = ", ".join(f"'{d}'" for d in sorted(tracer.deps))
            cause = (f"its value depends on argument{'s' if len(tracer.deps) > 1 else ''} "
                     f"{names} of {self.description}, unknown while tracing")
            fix = (f"{_FIXES.get(error, _FIXES[ConcretizationTypeError])}, or mark the argument "
                   f"static (static_argnames=({sorted(tracer.deps)[0]!r},))")
        else:
            cause = (f"it was computed inside {self.description}, where every op is traced, "
                     "even on constants")
            fix = "compute it with numpy (np.) outside the traced function if it is a constant"
        return error(f"{core.user_frame_text()}{headline}: {cause}. To fix: {fix}.")

    def leaked_error(self, tracer: Tracer) -> UnexpectedTracerError:
        return UnexpectedTracerError(
            f"{core.user_frame_text()}Encountered an unexpected tracer: a traced "
            f"{tracer.aval} from {self.description} is used after that trace ended (was it "
            "stored in a global or a closure?); return it from the function instead")


# JAX's wording of each error's first line.
_HEADLINES = {
    ConcretizationTypeError: "Abstract tracer value encountered where concrete value is "
                             "expected, in {what}: {shown}",
    TracerBoolConversionError: "Attempted boolean conversion of {shown} (bool(), as in "
                               "`if x:`, `while x:`, `and`/`or`)",
    TracerArrayConversionError: "The numpy.ndarray conversion method __array__() was called "
                                "on {shown} (np.asarray, or a numpy function given it)",
    TracerIntegerConversionError: "The __index__() method was called on {shown} (used as a "
                                  "Python index or size)",
}
_FIXES = {
    ConcretizationTypeError: "use jnp.where or lax.cond/while_loop for value-dependent choices",
    TracerArrayConversionError: "use mlax.numpy (jnp.) instead of numpy on traced values",
    TracerIntegerConversionError: "index with lax.dynamic_slice / dynamic_index_in_dim or "
                                  "jnp.take for traced positions",
}
