"""mlax-opt: parse mlax IR, run passes, print IR; the mlir-opt of the mlax dialect.

    mlax-opt input.mlir --mlax-fold --mlax-dce
    mlax-opt input.mlir --pass-pipeline='builtin.module(mlax-canonicalize,cse)'
    mlax-opt --list-passes

Passes named by flag run in the order given; any upstream MLIR pass is accepted by name.
"""
from __future__ import annotations

import argparse
import io
import os
import re
import sys

from .diagnostics import Diag, ToolError, read_input, reports_errors, run_tool, write_output

SPLIT_MARKER = re.compile(r"^// -----[ \t]*$", re.M)

USAGE = """mlax-opt [options] [input.mlir | -] [--PASS[=OPTIONS] ...]

Pass flags (mlax passes from --list-passes, or any upstream MLIR pass such as
--canonicalize, --cse, --symbol-dce, --inline) run in the order given."""


def arg_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="mlax-opt", usage=USAGE, description=__doc__.split("\n")[0])
    p.add_argument("input", nargs="?", default="-", help="input .mlir file, or - for stdin")
    p.add_argument("-o", dest="output", default="-", help="output file (default: stdout)")
    p.add_argument("--pass-pipeline", default=None,
                   help="textual pipeline, e.g. 'builtin.module(mlax-dce,cse)'")
    p.add_argument("--list-passes", action="store_true", help="list the registered passes")
    p.add_argument("--print-ir-after-all", action="store_true")
    p.add_argument("--print-ir-before-all", action="store_true")
    p.add_argument("--mlir-print-debuginfo", action="store_true", help="print locations")
    p.add_argument("--mlir-print-op-generic", action="store_true", help="print the generic op form")
    p.add_argument("--split-input-file", action="store_true",
                   help="process each '// -----' separated chunk on its own")
    p.add_argument("--verify-diagnostics", action="store_true",
                   help="check emitted diagnostics against expected-* comments")
    return p


def list_passes(out):
    from ..passes import PASSES
    out.write("mlax passes:\n")
    width = max(len(n) for n in PASSES) + 2
    for name in sorted(PASSES):
        info = PASSES[name]
        out.write(f"  --{name:<{width}} {info.summary}\n")
        for opt, (typ, default, help_) in info.options.items():
            out.write(f"  {'':<{width + 2}}   {opt}={typ.__name__} (default {default}): {help_}\n")
    out.write("Upstream MLIR passes run by name too, e.g. --canonicalize, --cse, --symbol-dce, "
              "--inline, --symbol-privatize, --strip-debuginfo.\n")


def pass_flags(extra: list[str]) -> list[str]:
    """Unrecognized `--name[=opts]` flags -> pipeline elements, in order."""
    elements = []
    for flag in extra:
        if not flag.startswith("-") or flag in ("-", "--"):
            raise ToolError(f"unexpected argument '{flag}'")
        name, eq, opts = flag.lstrip("-").partition("=")
        elements.append(f"{name}{{{opts}}}" if eq else name)
    return elements


def chunks(text: str, split: bool):
    """The chunks, each padded with newlines so its line numbers are those of the file."""
    if not split:
        return [text]
    out, line = [], 0
    for piece in SPLIT_MARKER.split(text):
        out.append("\n" * line + piece)
        line += piece.count("\n")
    return out


def parse(text: str, filename: str, context):
    """Parses a chunk into a builtin.module, wrapping bare top-level ops as mlir-opt does."""
    from mlir import ir
    try:
        op = ir.Operation.parse(text, source_name=filename, context=context)
    except ir.MLIRError as e:
        if "single top-level operation" not in str(e):
            raise
        # Several top-level ops: parse them inside a module. The prefix goes on the first
        # line, so every other line keeps its number.
        return ir.Operation.parse("module {" + text + "\n}", source_name=filename,
                                  context=context).operation
    if op.operation.name == "builtin.module":
        return op.operation
    with context, ir.Location.unknown():
        module = ir.Module.create()
        module.body.append(op.operation)
    return module.operation


def process(text, filename, args, pipeline, context, out):
    """Parses, verifies, runs the pipeline, prints. Raises ir.MLIRError on diagnostics."""
    from ..passes import pass_manager
    module = parse(text, filename, context)
    pass_manager(["mlax-verify"], context).run(module)
    if pipeline:
        pm = pass_manager(pipeline, context)
        if args.print_ir_after_all or args.print_ir_before_all:
            pm.enable_ir_printing(print_before_all=args.print_ir_before_all,
                                  print_after_all=args.print_ir_after_all,
                                  enable_debug_info=args.mlir_print_debuginfo,
                                  print_generic_op_form=args.mlir_print_op_generic)
        pm.run(module)
        pass_manager(["mlax-verify"], context).run(module)
    out.write(module.get_asm(enable_debug_info=args.mlir_print_debuginfo,
                             print_generic_op_form=args.mlir_print_op_generic))


@reports_errors("mlax-opt")
def run(argv=None) -> int:
    args, extra = arg_parser().parse_known_args(argv)
    out = sys.stdout if args.output == "-" else None
    if args.list_passes:
        list_passes(sys.stdout)
        return 0

    from mlir import ir

    from ..dialect import context as new_context
    from .expected import check_expected

    pipeline = pass_flags(extra)
    if args.pass_pipeline:
        from ..passes.pipeline import split_top, strip_anchor
        try:
            pipeline = split_top(strip_anchor(args.pass_pipeline)) + pipeline
        except ValueError as e:
            raise ToolError(str(e)) from None

    filename, text = read_input(args.input)
    sources = {filename: text.splitlines()}
    context = new_context()
    emitted: list[Diag] = []

    def handler(d):           # warnings and remarks; errors arrive through MLIRError
        emitted.append(Diag.of(d))
        return True
    context.attach_diagnostic_handler(handler)

    outputs, failed = [], False
    for chunk in chunks(text, args.split_input_file):
        buf = io.StringIO()
        try:
            process(chunk, filename, args, pipeline, context, buf)
            outputs.append(buf.getvalue())
        except ir.MLIRError as e:
            emitted.extend(Diag.of(d) for d in e.error_diagnostics)
            failed = True
        except ValueError as e:         # bad pipeline text or pass options
            raise ToolError(str(e)) from None

    if args.verify_diagnostics:
        problems = check_expected(text, filename, emitted)
        for p in problems:
            sys.stderr.write(p.format(sources) + "\n")
        failed = bool(problems)
    else:
        for d in emitted:
            sys.stderr.write(d.format(sources) + "\n")
    result = "\n// -----\n".join(o.rstrip("\n") for o in outputs)
    if result:
        result += "\n"
    if out is not None:
        out.write(result)
    elif not failed:
        write_output(args.output, result)
    elif os.path.exists(args.output):     # as mlir-opt: no stale output after a failure
        os.remove(args.output)
    return 1 if failed else 0


def main():
    run_tool("mlax-opt", run)


if __name__ == "__main__":
    main()
