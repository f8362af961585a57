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


class ToolError(Exception):
    """A failure the user can fix (unreadable input, unwritable output, a bad pipeline):
    the tool says it in one line, `PROG: error: MESSAGE` (or `FILE:LINE:COL: error: ...`
    where it has a place), and exits with 1."""

    def __init__(self, message: str, location=None):
        super().__init__(message)
        self.location = location            # (file, line, column) or None

    def format(self, prog: str) -> str:
        if self.location is None:
            return f"{prog}: error: {self}"
        return Diag("error", self.location, str(self)).format()


def read_input(path: str) -> tuple[str, str]:
    """(name for diagnostics, text) of an input file, `-` being stdin."""
    import sys
    filename = "<stdin>" if path == "-" else path
    try:
        data = sys.stdin.buffer.read() if path == "-" else open(path, "rb").read()
    except OSError as e:
        raise ToolError(f"cannot read '{path}': {e.strerror}") from None
    try:
        return filename, data.decode()
    except UnicodeDecodeError as e:
        before = data[:e.start]
        line, col = before.count(b"\n") + 1, e.start - (before.rfind(b"\n") + 1) + 1
        raise ToolError(f"invalid UTF-8 byte 0x{data[e.start]:02x}: the input must be MLIR "
                        "text", (filename, line, col)) from None


def write_output(path: str, data) -> None:
    """Writes data (str or bytes) to the file path, `-` being stdout."""
    import sys
    if path == "-":
        sys.stdout.write(data) if isinstance(data, str) else sys.stdout.buffer.write(data)
        return
    try:
        with open(path, "w" if isinstance(data, str) else "wb") as f:
            f.write(data)
    except OSError as e:
        raise ToolError(f"cannot write '{path}': {e.strerror}") from None


# What a user's input can exhaust, said in words: a limit of the machine, not a bug of ours.
_LIMITS = {RecursionError: "the input nests too deeply to process",
           MemoryError: "out of memory"}


def reports_errors(prog: str):
    """Decorator of a tool's run(argv) -> status: a ToolError, or a limit the input exhausted,
    is written as one line and gives status 1."""
    import functools
    import os
    import sys

    def wrap(run):
        @functools.wraps(run)
        def wrapped(*args, **kwargs):
            try:
                return run(*args, **kwargs)
            except ToolError as e:
                sys.stderr.write(e.format(prog) + "\n")
            except tuple(_LIMITS) as e:
                if os.environ.get("MLAX_TRACEBACK"):
                    raise
                what = next(text for kind, text in _LIMITS.items() if isinstance(e, kind))
                sys.stderr.write(f"{prog}: error: {what}{f' ({e})' if str(e) else ''}\n")
            return 1
        return wrapped
    return wrap


def run_tool(prog: str, run) -> None:
    """A tool's entry point: exits with run()'s status; a bug of ours is said plainly (status
    2), with the traceback on request (MLAX_TRACEBACK=1)."""
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
