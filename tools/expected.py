"""--verify-diagnostics: match emitted diagnostics against `expected-*` comments, as
mlir-opt does:

    // expected-error @+1 {{message substring}}
    // expected-error {{on this line}}     // expected-warning @-2 {{...}}
    // expected-error @above {{...}}       // expected-error @below {{...}}
"""
from __future__ import annotations

import re

from .diagnostics import Diag

EXPECTED = re.compile(
    r"expected-(error|warning|note|remark)(-re)?\s*(@([+-]\d+|above|below|unknown))?\s*\{\{(.*?)\}\}")


class Expectation:
    def __init__(self, severity, line, message, regex, at_line):
        self.severity, self.line, self.message = severity, line, message
        self.regex, self.at_line, self.matched = regex, at_line, False

    def matches(self, d: Diag, filename: str) -> bool:
        if d.severity != self.severity:
            return False
        where = d.location[1] if d.location and d.location[0] == filename else None
        if where != self.line:
            return False
        if self.regex:
            return re.search(self.message, d.message) is not None
        return self.message in d.message


def expectations(text: str):
    out = []
    lines = text.splitlines()
    for lineno, line in enumerate(lines, start=1):
        for m in EXPECTED.finditer(line):
            severity, regex, _, where, message = m.groups()
            target = lineno
            if where == "unknown":
                target = None
            elif where in ("above", "below"):
                step = -1 if where == "above" else 1
                target = lineno + step
                while 0 < target <= len(lines) and "expected-" in lines[target - 1] \
                        and lines[target - 1].strip().startswith("//"):
                    target += step
            elif where:
                target = lineno + int(where)
            if regex:
                message = re.sub(r"\{\{(.*?)\}\}", r"\1", message)
            out.append(Expectation(severity, target, message, bool(regex), lineno))
    return out


def check_expected(text: str, filename: str, emitted: list[Diag]) -> list[Diag]:
    """The problems: unexpected diagnostics and expectations no diagnostic met."""
    expected = expectations(text)
    check_notes = any(e.severity == "note" for e in expected)
    problems = []
    flat = []
    for d in emitted:
        flat.append(d)
        if check_notes:
            flat.extend(d.notes)
    for d in flat:
        for e in expected:
            if not e.matched and e.matches(d, filename):
                e.matched = True
                break
        else:
            problems.append(Diag("error", d.location, f"unexpected {d.severity}: {d.message}"))
    for e in expected:
        if not e.matched:
            problems.append(Diag("error", (filename, e.at_line, 1),
                                 f"expected {e.severity} \"{e.message}\" was not produced"))
    return problems
