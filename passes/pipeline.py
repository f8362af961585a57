"""Textual pass pipelines, `builtin.module(mlax-dce,canonicalize,func.func(cse))`, mixing
our registered passes with upstream ones in one MLIR PassManager."""
from __future__ import annotations

from mlir import ir
from mlir.passmanager import PassManager

from .registry import PASSES, add_pass, parse_options


def split_top(text: str) -> list[str]:
    """Splits at commas outside (), {} and quotes; ValueError if those are unbalanced."""
    items, opened, cur, quote = [], [], [], False
    for i, ch in enumerate(text):
        if ch == '"':
            quote = not quote
        elif not quote and ch in "({":
            opened.append(")" if ch == "(" else "}")
        elif not quote and ch in ")}":
            if not opened or opened.pop() != ch:
                raise ValueError(f"unbalanced '{ch}' at column {i + 1} of the pass pipeline "
                                 f"'{text}'")
        if ch == "," and not opened and not quote:
            items.append("".join(cur).strip())
            cur = []
        else:
            cur.append(ch)
    if opened or quote:
        raise ValueError(f"the pass pipeline '{text}' lacks a closing "
                         f"'{opened[-1] if opened else chr(34)}'")
    if "".join(cur).strip():
        items.append("".join(cur).strip())
    return items


def parse_element(elem: str):
    """-> (name, options text, nested text or None)."""
    name, rest = elem, ""
    for i, ch in enumerate(elem):
        if ch in "({":
            name, rest = elem[:i].strip(), elem[i:].strip()
            break
    if rest.startswith("{"):
        return name, rest[1:rest.rindex("}")].strip(), None
    if rest.startswith("("):
        return name, "", rest[1:rest.rindex(")")]
    return name, "", None


def strip_anchor(pipeline: str) -> str:
    """`builtin.module(a,b)` -> `a,b`; a bare list is taken as is."""
    pipeline = pipeline.strip()
    split_top(pipeline)                             # balanced, or a ValueError saying where
    name, _, nested = parse_element(pipeline) if pipeline else ("", "", None)
    if name == "builtin.module" and nested is not None:
        return nested
    return pipeline


def add_pipeline(pm: PassManager, elements: list[str]):
    """Adds pipeline elements in order; ours by registry, the rest parsed by MLIR."""
    for elem in elements:
        name, opts, nested = parse_element(elem)
        if name in PASSES:
            add_pass(pm, name, parse_options(PASSES[name], opts))
        elif nested is not None and any(parse_element(e)[0] in PASSES for e in split_top(nested)):
            raise ValueError(f"'{elem}': mlax passes run on the whole module; "
                             "put them at the top level of the pipeline")
        else:
            try:
                pm.add(elem)
            except ValueError as e:
                raise ValueError(f"unknown pass or bad pipeline element '{elem}': "
                                 f"{str(e).strip()}") from None


def pass_manager(pipeline: str | list[str], context: ir.Context | None = None) -> PassManager:
    if context is None:
        from ..dialect.ir import default_context
        context = default_context()
    elements = split_top(strip_anchor(pipeline)) if isinstance(pipeline, str) else list(pipeline)
    pm = PassManager("builtin.module", context=context)
    add_pipeline(pm, elements)
    return pm


def run_pipeline(module_op: ir.Operation, pipeline: str | list[str]):
    """Runs a pipeline in place; raises ir.MLIRError carrying the diagnostics on failure."""
    pass_manager(pipeline, module_op.context).run(module_op)


# What `mlax.jit` runs between tracing and lowering, in order: transforms expand their
# declarations, calls are inlined, then simplification. Every stage's IR can be printed by
# these names (`jit(f).lower(x).as_text("mlax-autodiff")`).
COMPILE_PIPELINE = ("mlax-transforms", "mlax-inline", "symbol-dce", "mlax-canonicalize",
                    "mlax-fold", "mlax-cse", "mlax-dce")
