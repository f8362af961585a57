"""Running a workload under each framework: warm-up, adaptive timing, result checks.

Nothing here raises for a framework's failure: each cell records a status instead
('ok', 'mismatch', 'n/a', 'error', or 'skip' where the workload does not apply).
"""
import gc
import time

import numpy as np

from .frameworks import NA_ERRORS, block, leaves, tree_map
from .report import fmt_time

# JAX first: its result is the reference; numpy's where JAX has none.
ORDER = ("jax", "numpy", "mlax")


def measure(thunk, min_time, min_runs):
    """Seconds per call, over at least `min_runs` calls and `min_time` seconds in all."""
    times = []
    gc.disable()  # a collection landing in one call would skew that sample
    try:
        start = time.perf_counter()
        while len(times) < min_runs or time.perf_counter() - start < min_time:
            t0 = time.perf_counter()
            block(thunk())
            times.append(time.perf_counter() - t0)
    finally:
        gc.enable()
    return times


def first_line(exc):
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def run_cell(workload, fw, inputs, min_time, min_runs):
    """Time `workload` under `fw`; the result is kept (under 'result') for checking."""
    if fw.name not in workload.frameworks:
        return {"status": "skip"}
    try:
        thunk = workload.build(fw, *tree_map(fw.np.asarray, inputs))
        t0 = time.perf_counter()
        result = block(thunk())  # warm-up: the first call traces and compiles
        first = time.perf_counter() - t0
        times = measure(thunk, min_time, min_runs)
    except NA_ERRORS as e:
        return {"status": "n/a", "reason": first_line(e)}
    except Exception as e:  # a bug in a framework must not end the run
        return {"status": "error", "reason": f"{type(e).__name__}: {first_line(e)}"}
    # first_s: the warm-up call, compilation included.
    return {"status": "ok", "median_s": float(np.median(times)), "min_s": min(times),
            "first_s": first, "runs": len(times), "result": result}


def compare(result, ref, rtol, atol):
    """None if `result` matches `ref` array by array, else what differs."""
    got, want = leaves(result), leaves(ref)
    if len(got) != len(want):
        return f"{len(got)} outputs, expected {len(want)}"
    for g, w in zip(got, want):
        g, w = np.asarray(g, np.float64), np.asarray(w, np.float64)
        if g.shape != w.shape:
            return f"shape {g.shape}, expected {w.shape}"
        err = np.max(np.abs(g - w), initial=0.0)
        bound = atol + rtol * np.max(np.abs(w), initial=0.0)
        if not err <= bound:  # written so that NaN fails
            return f"max error {err:.3g} > {bound:.3g}"
    return None


def check(workload, cells):
    """Compare every ok cell with the reference (JAX's, else numpy's), in place."""
    if workload.tol is None:
        return
    ref_name = next((n for n in ORDER[:2] if cells.get(n, {}).get("status") == "ok"), None)
    for name, cell in cells.items():
        if cell["status"] != "ok" or ref_name is None:
            continue
        if name == ref_name:
            cell["check"] = "reference"
            continue
        try:
            why = compare(cell["result"], cells[ref_name]["result"], *workload.tol)
        except Exception as e:  # e.g. a result numpy cannot convert
            why = f"cannot compare: {first_line(e)}"
        cell["check"] = f"vs {ref_name}"
        if why:
            cell.update(status="mismatch", reason=f"{why} (vs {ref_name})")


def run_workload(workload, frameworks, min_time, min_runs, log=print):
    """One table row: every framework's cell, checked, and the mlax/jax ratio."""
    inputs = workload.inputs(np.random.default_rng(0))
    cells = {}
    for name in ORDER:
        if name in frameworks:
            cell = cells[name] = run_cell(workload, frameworks[name], inputs, min_time, min_runs)
            if cell["status"] != "skip":
                detail = fmt_time(cell["median_s"]) if "median_s" in cell else cell["reason"]
                log(f"{workload.id} {name}: {cell['status']} {detail}")
    check(workload, cells)
    for cell in cells.values():
        cell.pop("result", None)
    mlax, jax = cells.get("mlax", {}), cells.get("jax", {})
    ratio = (mlax["median_s"] / jax["median_s"]
             if mlax.get("status") == "ok" and jax.get("status") == "ok" else None)
    return {"id": workload.id, "title": workload.title, "frameworks": cells, "ratio": ratio}
