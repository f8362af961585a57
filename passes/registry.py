"""The pass registry: a pass registered here runs from mlax-opt, from pipelines given as
text, and from the Python compilation pipeline alike.

A pass is a function `fn(module_op, **options)` over a `builtin.module` operation. It
reports a problem in the user's program by raising PassError with the offending op's
location; the wrapper turns that into an MLIR diagnostic and a pass failure.
"""
from __future__ import annotations

from typing import Callable, NamedTuple

from mlir import ir


class PassError(Exception):
    """A diagnostic at `location`; `more` holds further errors found in the same run."""

    def __init__(self, message: str, location: ir.Location | None = None, more=()):
        super().__init__(message)
        self.location = location
        self.more = list(more)


class PassInfo(NamedTuple):
    name: str
    summary: str
    fn: Callable
    options: dict        # option name -> (type, default, help)


PASSES: dict[str, PassInfo] = {}


def register(name: str, summary: str, options: dict | None = None):
    """Decorator: registers fn(module_op, **options) as pass `name`."""
    def deco(fn):
        assert name not in PASSES, name
        PASSES[name] = PassInfo(name, summary, fn, options or {})
        return fn
    return deco


def parse_options(info: PassInfo, text: str) -> dict:
    """`key=value key2=value2` (MLIR's pass option syntax) -> typed kwargs."""
    out = {}
    for item in text.split():
        key, _, value = item.partition("=")
        if key not in info.options:
            known = ", ".join(info.options) or "none"
            raise ValueError(f"pass '{info.name}' has no option '{key}' (options: {known})")
        typ = info.options[key][0]
        try:
            out[key] = (value.lower() in ("1", "true")) if typ is bool else typ(value)
        except ValueError:
            raise ValueError(f"option '{key}' of pass '{info.name}' needs a value of type "
                             f"{typ.__name__}, got '{value}'") from None
    return out


def emit(error: PassError, fallback: ir.Location):
    for e in [error, *error.more]:
        (e.location or fallback).emit_error(str(e))


def add_pass(pm, name: str, options: dict | None = None):
    """Adds registered pass `name` to an MLIR PassManager."""
    info = PASSES[name]
    options = options or {}

    def run(op, pass_):
        try:
            with op.context:
                info.fn(op, **options)
        except PassError as e:
            emit(e, op.location)
            pass_.signal_pass_failure()

    pm.add(run, name=name, argument=name, description=info.summary)
