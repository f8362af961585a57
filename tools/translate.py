"""mlax-translate: a module at any stage -> its GPU kernels, at any stage of Triton's compiler.

    mlax-translate input.mlir --triton-python          # the generated kernels' Python source
    mlax-translate input.mlir --ttir --target=sm_90    # Triton IR; also --ttgir, --llir, --ptx
    mlax-translate input.mlir --cubin=kernels.cubin --target=sm_80

The module is verified as mlax-opt verifies it (each broken op reported at its location),
then runs through the compilation pipeline (`passes.COMPILE_PIPELINE`: transform
declarations are expanded, so a traced module works as well as a simplified one) and
`mlax-fuse`; each kernel then goes through Triton's own compiler for an explicit target, so
no GPU is needed. Locations are left out of Triton's IR unless --keep-locations is given.
"""
from __future__ import annotations

import argparse
import os
import re
import sys

from .diagnostics import Diag, ToolError, read_input, reports_errors, run_tool, write_output

STAGES = ("triton-python", "ttir", "ttgir", "llir", "ptx")
TARGETS = {"sm_90": 90, "sm_80": 80, "sm_89": 89, "sm_86": 86}
_LOC_DEF = re.compile(r"^#loc\d*\s*=.*\n", re.M)
_LOC_USE = re.compile(r"\s+loc\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\)")


def arg_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="mlax-translate", description=__doc__.split("\n")[0])
    p.add_argument("input", nargs="?", default="-", help="input .mlir file, or - for stdin")
    p.add_argument("-o", dest="output", default="-", help="output file (default: stdout)")
    group = p.add_mutually_exclusive_group(required=True)
    for stage in STAGES:
        group.add_argument(f"--{stage}", dest="stage", action="store_const", const=stage)
    group.add_argument("--cubin", metavar="FILE", help="write the kernels' cubins to FILE "
                       "(one kernel) or FILE.<kernel>.cubin (several)")
    p.add_argument("--target", default="sm_90", choices=sorted(TARGETS),
                   help="the GPU architecture to compile for (default sm_90)")
    p.add_argument("--keep-locations", action="store_true", help="keep loc() in Triton's IR")
    return p


def strip_locations(text: str) -> str:
    return _LOC_USE.sub("", _LOC_DEF.sub("", text))


def kernels_of(text: str, filename: str):
    """The Kernels (passes/triton_emit.py) of a module's text, in module order."""
    from ..dialect import context as new_context
    from ..passes import COMPILE_PIPELINE, pass_manager
    from .opt import parse
    context = new_context()
    module = parse(text, filename, context)
    # Verified first: a kernel written from IR that breaks the op rules would read and
    # write out of bounds.
    pass_manager(["mlax-verify", *COMPILE_PIPELINE, "mlax-fuse"], context).run(module)
    return fused_kernels(module)


def fused_kernels(module):
    """The Kernels of a module after mlax-fuse."""
    from ..passes.fusion import is_kernel
    from ..passes.triton_emit import write_kernel
    from ..passes.walk import functions
    return [write_kernel(f) for f in functions(module).values() if is_kernel(f)]


def render(kernels, stage: str, target: str = "sm_90", keep_locations: bool = False) -> str:
    """Every kernel at one stage (a name of STAGES), each after a comment naming it."""
    parts = []
    comment = "#" if stage == "triton-python" else ";" if stage == "llir" else "//"
    for k in kernels:
        if stage == "triton-python":
            grids = f"grid {list(k.grid)}" if len(k.launches) == 1 else "launches " + ", ".join(
                f"@{l['fn']} grid {l['grid']}" for l in k.launches)
            parts.append(f"{comment} kernel @{k.name} ({k.kind}), {grids}\n{k.source}")
            continue
        for launch in k.launches:               # each launched function, in turn
            body = compile_kernel(k, target, launch["fn"]).asm[stage]
            if not keep_locations and stage in ("ttir", "ttgir"):
                body = strip_locations(body)
            parts.append(f"{comment} kernel @{launch['fn']} ({k.kind}), grid {launch['grid']}"
                         f"\n{body}")
    return "\n".join(parts)


def compile_kernel(kernel, target: str, fn: str | None = None):
    """Triton's compiled kernel function `fn` (the kernel's own by default; its `.asm` holds
    every stage) for an sm_XX target."""
    os.environ.setdefault("TRITON_DEFAULT_FP_FUSION", "1")     # today's default, said aloud
    import triton
    from triton.backends.compiler import GPUTarget
    from triton.compiler import ASTSource, make_backend

    from ..runtime.triton_kernels import load
    launch = {l["fn"]: l for l in kernel.launches}[fn or kernel.name]
    gpu = GPUTarget("cuda", TARGETS[target], 32)
    signature = kernel.signature(launch["constexprs"])
    # The runtime's buffers are whole allocations (16-byte aligned at least), so its launches
    # specialize every pointer as divisible by 16, which lets loads and stores be vectorized:
    # the code shown is the code that runs.
    aligned = make_backend(gpu).parse_attr("D")
    attrs = {(i,): aligned for i, kind in enumerate(signature.values()) if kind.startswith("*")}
    src = ASTSource(fn=load(kernel, fn), signature=signature, constexprs=launch["constexprs"],
                    attrs=attrs)
    return triton.compile(src, target=gpu, options=launch["options"])


@reports_errors("mlax-translate")
def run(argv=None) -> int:
    args = arg_parser().parse_args(argv)
    from mlir import ir

    filename, text = read_input(args.input)
    try:
        kernels = kernels_of(text, filename)
    except ir.MLIRError as e:
        for d in e.error_diagnostics:
            sys.stderr.write(Diag.of(d).format({filename: text.splitlines()}) + "\n")
        return 1
    except NotImplementedError as e:                 # an op no kernel covers yet
        raise ToolError(str(e)) from None
    if args.cubin:
        fns = [(k, launch["fn"]) for k in kernels for launch in k.launches]
        for k, fn in fns:
            path = args.cubin if len(fns) == 1 else f"{args.cubin}.{fn}.cubin"
            write_output(path, compile_kernel(k, args.target, fn).asm["cubin"])
        return 0
    write_output(args.output, render(kernels, args.stage, args.target, args.keep_locations))
    return 0


def main():
    run_tool("mlax-translate", run)


if __name__ == "__main__":
    main()
