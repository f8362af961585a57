"""Derives the IRDL definition of the `mlax` dialect from the op table.

`python -m mlax.dialect.irdl` prints it; dialect/mlax.irdl.mlir is that output, checked in
so that upstream `mlir-opt --irdl-file=` reads our IR, and a test keeps the two equal.
IRDL checks structure (operand/result counts, tensor types, attribute kinds); the rules
in rules.py check the rest in the `mlax-verify` pass.
"""
from pathlib import Path

from .rules import OPS, TYPE_PARAMS

IRDL_PATH = Path(__file__).with_name("mlax.irdl.mlir")


def irdl_text() -> str:
    lines = ["// The `mlax` dialect, generated from dialect/rules.py by `python -m mlax.dialect.irdl`.",
             "irdl.dialect @mlax {"]
    for name in sorted(OPS):
        opdef = OPS[name]
        if opdef.declaration:        # declared as func.func + attribute; see rules.py
            continue
        lines.append(f"  irdl.operation @{name} {{")
        body, n = [], 0

        def constraint(base):
            nonlocal n
            body.append(f"    %{n} = irdl.base \"{base}\"")
            n += 1
            return f"%{n - 1}"

        operands = [f"{o}: {'variadic ' if var else ''}{constraint('!builtin.tensor')}"
                    for o, var in opdef.operands]
        attrs = [f"\"{p.name}\" = {constraint(p.kind.irdl_base)}"
                 for p in opdef.params if p.kind not in TYPE_PARAMS]
        result = (f"results: variadic {constraint('!builtin.tensor')}" if opdef.variadic_results
                  else f"result: {constraint('!builtin.tensor')}")
        lines += body
        if attrs:
            lines.append(f"    irdl.attributes {{{', '.join(attrs)}}}")
        if operands:
            lines.append(f"    irdl.operands({', '.join(operands)})")
        lines.append(f"    irdl.results({result})")
        lines.append("  }")
    lines.append("}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(irdl_text(), end="")
