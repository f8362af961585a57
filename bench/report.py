"""Presenting results: the machine description, a plain-text table, Markdown, JSON."""
import datetime
import importlib.metadata
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

import numpy as np

COLUMNS = ("workload", "mlax median", "jax median", "numpy median", "mlax/jax", "notes")
NOTE_WIDTH = 80  # the table's notes are cut here; the JSON keeps the whole reason


def machine():
    """What the numbers depend on, for the JSON and the table's header line."""
    info = {
        "platform": platform.platform(),
        "cpu": _cpu_model(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "jax": _dist_version("jax"),
        "mlax": _dist_version("mlax"),
        "mlax_commit": _git_commit(),
    }
    if "jax" in sys.modules:  # only describe JAX's device if this run used it
        try:
            info["jax_device"] = str(sys.modules["jax"].devices()[0])
        except Exception:
            pass
    return info


def _dist_version(name):
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def _cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _git_commit():
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                             text=True, cwd=Path(__file__).parent, timeout=5)
        return out.stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        return None


def report(results, options):
    now = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    return {"date": now, "machine": machine(), "options": options, "results": results}


def write_json(rep, path):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(rep, indent=2) + "\n")


def fmt_time(seconds):
    if seconds < 1e-3:
        return f"{seconds * 1e6:.1f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds:.2f} s"


def _cell(cell):
    if cell is None or cell["status"] == "skip":
        return "-"
    if cell["status"] == "ok":
        return fmt_time(cell["median_s"])
    if cell["status"] == "mismatch":  # a fast wrong answer must not read as a result
        return f"WRONG ({fmt_time(cell['median_s'])})"
    return cell["status"]


def _ratio(result):
    if result["frameworks"].get("mlax", {}).get("status") == "mismatch":
        return "WRONG"
    return "-" if result["ratio"] is None else f"{result['ratio']:.2f}"


def _notes(result):
    notes = [f"{name} {cell['status']}: {cell['reason']}"
             for name, cell in result["frameworks"].items() if "reason" in cell]
    return "; ".join(n if len(n) <= NOTE_WIDTH else n[:NOTE_WIDTH - 3] + "..." for n in notes)


def rows(rep):
    for r in rep["results"]:
        cells = [_cell(r["frameworks"].get(name)) for name in ("mlax", "jax", "numpy")]
        yield [f"{r['id']} {r['title']}", *cells, _ratio(r), _notes(r)]


def header(rep):
    m = rep["machine"]
    jax = f"jax {m['jax']} ({m.get('jax_device', 'unused')})" if m["jax"] else "no jax"
    return (f"{rep['date']} | {m['cpu']}, {m['cpus']} CPUs | Python {m['python']} | "
            f"numpy {m['numpy']} | {jax} | mlax {m['mlax']} ({m['mlax_commit']})")


def text_table(rep):
    table = [list(COLUMNS), *rows(rep)]
    widths = [max(len(row[i]) for row in table) for i in range(len(COLUMNS))]

    def line(row):  # numbers right-aligned, names and notes left
        return "  ".join(c.rjust(w) if 0 < i < 5 else c.ljust(w)
                         for i, (c, w) in enumerate(zip(row, widths))).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([header(rep), "", line(table[0]), rule, *map(line, table[1:])])


def markdown(rep):
    def line(row):
        return "| " + " | ".join(c.replace("|", "\\|") for c in row) + " |"

    align = "| --- | ---: | ---: | ---: | ---: | --- |"
    return "\n".join([f"Machine: {header(rep)}", "", line(COLUMNS), align,
                      *map(line, rows(rep))])


def problems(rep):
    """Lines naming every wrong result and every framework error, for the end of the run."""
    return [f"!! {r['id']} {name} {cell['status'].upper()}: {cell['reason']}"
            for r in rep["results"] for name, cell in r["frameworks"].items()
            if cell["status"] in ("mismatch", "error")]
