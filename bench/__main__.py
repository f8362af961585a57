"""Benchmarks of mlax against JAX (and numpy where meaningful), run from the repo root:

    python -m bench                      # every workload; table on stdout, bench/results.json
    python -m bench --quick              # a smoke run at CI speed
    python -m bench --only B1,B6 --frameworks mlax,jax
    python -m bench --markdown           # the table as Markdown, for docs/benchmarks.md

Workloads (bench/workloads.py): B1 fused elementwise chain + sum, B2 row softmax, B3 MLP
jit(grad), B4 vmap(grad) per-example gradients, B5 lax.scan, B6 call overhead (a cached jitted
call, one eager op), B7 trace+compile time of B3.

Each cell is the median time per call after one warm-up call (which compiles; B7 times exactly
that, on a fresh function each time), repeated for at least --min-time seconds and 5 runs.
mlax/jax is the key number: the target is <= 1.0. Every result is checked against JAX's (else
numpy's); a wrong one reads WRONG. A framework lacking a piece (NotImplementedError,
ImportError) gets n/a with the reason. Exit status 1 if any result is wrong or
any framework raised another error.
"""
import argparse
import os
import sys
from pathlib import Path

from . import report
from .frameworks import FRAMEWORKS
from .runner import run_workload
from .workloads import WORKLOADS


def parse_args(argv):
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true",
                   help="3 runs / 0.05 s per cell instead of 5 runs / --min-time")
    p.add_argument("--only", metavar="IDS", type=_split,
                   help="comma-separated workload ids or prefixes, e.g. B1,B6")
    p.add_argument("--frameworks", metavar="NAMES", type=_split, default=list(FRAMEWORKS),
                   help="comma-separated subset of: %(default)s")
    p.add_argument("--min-time", type=float, default=0.5, metavar="S",
                   help="seconds of repetitions per cell (default %(default)s)")
    p.add_argument("--platform", default="cpu",
                   help="JAX_PLATFORMS for jax (default %(default)s)")
    p.add_argument("--json", metavar="PATH", default=Path(__file__).parent / "results.json",
                   help="where to write all numbers (default bench/results.json)")
    p.add_argument("--markdown", action="store_true",
                   help="print the table as Markdown instead of plain text")
    args = p.parse_args(argv)
    unknown = set(args.frameworks) - set(FRAMEWORKS)
    if unknown:
        p.error(f"unknown frameworks: {', '.join(sorted(unknown))}")
    if args.only and not _select(args.only):
        p.error(f"no workload matches {','.join(args.only)}")
    return args


def _split(text):
    return [s.strip() for s in text.split(",") if s.strip()]


def _select(only):
    if not only:
        return WORKLOADS
    return [w for w in WORKLOADS if any(w.id.lower().startswith(o.lower()) for o in only)]


def main(argv=None):
    args = parse_args(argv)
    os.environ["JAX_PLATFORMS"] = args.platform  # read when jax is first imported, later
    min_time, min_runs = (0.05, 3) if args.quick else (args.min_time, 5)
    frameworks = {name: FRAMEWORKS[name] for name in args.frameworks}

    def log(msg):  # progress on stderr, so stdout is just the table
        print(msg, file=sys.stderr, flush=True)

    results = [run_workload(w, frameworks, min_time, min_runs, log) for w in _select(args.only)]
    options = {"quick": args.quick, "min_time_s": min_time, "min_runs": min_runs,
               "frameworks": args.frameworks, "platform": args.platform}
    rep = report.report(results, options)
    report.write_json(rep, args.json)
    print(report.markdown(rep) if args.markdown else report.text_table(rep))
    bad = report.problems(rep)
    if bad:
        print("\n" + "\n".join(bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
