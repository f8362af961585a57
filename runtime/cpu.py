"""The CPU backend: turns an Executable's functions into Python callables over numpy.

Each function becomes straight-line Python generated once (one kernel call per step, each
slot freed after its last use), so a cached call costs the kernels and little else.
"""
from __future__ import annotations

import functools
import itertools

from .executable import Executable, Function, checked
from . import control_flow, native
from .kernels import KERNELS, quiet

_counter = itertools.count()
_CALLS = ("call", "scan", "while", "cond", "native", "kernel")  # steps calling compiled code


class ExecutionError(RuntimeError):
    pass


def compile_function(fn: Function, functions: dict, compiled: dict, entry: bool = False,
                     library=None, table=KERNELS, constant=None,
                     empty=control_flow.host_empty):
    """Python callable(*arrays) -> tuple of arrays for `fn`; an entry function sets the
    kernels' floating-point error state for everything it calls. `library` holds the
    native (or GPU kernel) steps' compiled code (None: run their plans); `table` maps op
    names to the callables that run them, `constant` (if given) places each bound
    constant where the table's callables want it (a device), and `empty(shape, dtype)`
    makes the buffers a scan stacks its outputs in."""
    if fn.name in compiled:
        return compiled[fn.name]
    env = {"ExecutionError": ExecutionError, "quiet": quiet}
    last_use = {}
    for i, step in enumerate(fn.steps):
        for s in step.inputs:
            last_use[s] = i
    lines = []                          # the body, indented below
    for slot, value in fn.constants.items():
        value = value.view()            # kernels may return views of their inputs: a caller
        value.flags.writeable = False   # writing into an output must not change a constant
        env[f"c{slot}"] = value if constant is None else constant(value)
        lines.append(f"s{slot} = c{slot}")
    keep = set(fn.results)
    for i, step in enumerate(fn.steps):
        if step.kernel == "call" or step.kernel == "native" and library is None:
            callee = functions[step.params.get("callee") or step.params["symbol"]]
            kernel = compile_function(callee, functions, compiled, library=library, table=table,
                                      constant=constant, empty=empty)
        elif step.kernel == "native":
            kernel = library.function(step.params["symbol"], len(step.inputs),
                                      step.params["result_types"])
        elif step.kernel == "kernel":
            kernel = library.function(step.params["symbol"], len(step.inputs),
                                      step.params["result_types"], where=step.where or fn.name)
        elif step.kernel in _CALLS:
            kernel = _control_flow(step, functions, compiled, library, table, constant, empty)
        elif step.kernel in table:
            kernel = table[step.kernel]
        else:
            raise ExecutionError(f"{step.where or fn.name}: the CPU backend has no kernel "
                                 f"for '{step.kernel}'")
        params = {} if step.kernel in _CALLS else step.params
        env[f"k{i}"] = functools.partial(kernel, **params) if params else kernel
        args = ", ".join(f"s{s}" for s in step.inputs)
        outs = step.outputs
        if step.kernel in _CALLS or len(outs) > 1:
            lines.append(f"{''.join(f's{o}, ' for o in outs)}= k{i}({args})")
        else:
            lines.append(f"s{outs[0]} = k{i}({args})")
        dead = [s for s in set(step.inputs) if last_use[s] == i and s not in keep]
        if dead:
            lines.append(f"del {', '.join(f's{s}' for s in sorted(dead))}")
    lines.append(f"return ({''.join(f's{r}, ' for r in fn.results)})")
    header = [f"def {_ident(fn.name)}({', '.join(f's{p}' for p in fn.params)}):"]
    if entry:                           # the error state is set once, by the entry function
        header.append("    with quiet():")
    indent = " " * 4 * len(header)
    source = "\n".join(header + [indent + line for line in lines]) + "\n"
    code = compile(source, f"<mlax:{fn.name}:{next(_counter)}>", "exec")
    exec(code, env)
    compiled[fn.name] = env[_ident(fn.name)]
    compiled[fn.name].__mlax_source__ = source
    return compiled[fn.name]


def _control_flow(step, functions: dict, compiled: dict, library, table, constant, empty):
    def fn(name):
        return compile_function(functions[name], functions, compiled, library=library,
                                table=table, constant=constant, empty=empty)
    p = dict(step.params)
    if step.kernel == "scan":
        return control_flow.scan(fn(p.pop("body")), empty=empty, **p)
    if step.kernel == "while":
        return control_flow.while_(fn(p.pop("cond")), fn(p.pop("body")), **p)
    return control_flow.cond([fn(b) for b in p.pop("branches")], **p)


def _ident(name: str) -> str:
    return "f_" + "".join(c if c.isalnum() else "_" for c in name)


def load(executable: Executable, check: bool = True):
    """The entry function of an executable as a callable(*arrays) -> tuple of arrays; it
    checks its arguments' shapes and dtypes unless its caller has (`check=False`: jit, whose
    cache is keyed on them)."""
    entry = executable.functions[executable.entry]
    run = compile_function(entry, executable.functions, {}, entry=True,
                           library=native.library(executable.native))
    return checked(entry, run) if check else run
