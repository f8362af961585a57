"""Diagnostics as a compiler prints them: `file:line:col: error: message`, the source line
and a caret. Shared by the command-line tools."""
from __future__ import annotations

from mlir import ir

from ..dialect.ir import file_location

SEVERITY = {ir.DiagnosticSeverity.ERROR: "error", ir.DiagnosticSeverity.WARNING: "warning",
            ir.DiagnosticSeverity.NOTE: "note", ir.DiagnosticSeverity.REMARK: "remark"}


class Diag:
    """A plain copy of an MLIR diagnostic (MLIR's own object dies with its handler)."""

    def __init__(self, severity: str, location, message: str, notes=()):
        self.severity, self.location, self.message = severity, location, message
        self.notes = list(notes)

    @classmethod
    def of(cls, d) -> "Diag":
        return cls(SEVERITY.get(d.severity, "error"), file_location(d.location), d.message,
                   [cls.of(n) for n in d.notes])

    def format(self, sources: dict | None = None) -> str:
        if self.location is None:
            head = f"<unknown>: {self.severity}: {self.message}"
        else:
            fname, line, col = self.location
            head = f"{fname}:{line}:{col}: {self.severity}: {self.message}"
            text = (sources or {}).get(fname)
            if text is not None and 0 < line <= len(text):
                src = text[line - 1]
                head += f"\n{src}\n{' ' * (col - 1)}^"
        return "\n".join([head] + [n.format(sources) for n in self.notes])


def run_tool(prog: str, run) -> None:
    """A tool's entry point: exits with run()'s status; a bug of ours is said plainly, with
    the traceback on request (MLAX_TRACEBACK=1)."""
    import os
    import sys
    try:
        sys.exit(run())
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as e:
        if os.environ.get("MLAX_TRACEBACK"):
            raise
        sys.stderr.write(f"{prog}: internal error: {type(e).__name__}: {e}\n"
                         "(set MLAX_TRACEBACK=1 for the traceback)\n")
        sys.exit(2)
