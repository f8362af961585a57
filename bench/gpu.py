"""The GPU benchmark: B1, B2 and B3 at GPU sizes, the first-call compile time and a cached
call's overhead, for mlax, JAX and torch.compile in one process, on one CUDA device.

    python -m bench.gpu [--quick] [--json out.json] [--profile]

Each number is the median over timed calls after a warm-up call, each call ended by a device
synchronization (block_until_ready / torch.cuda.synchronize). Results are checked against
JAX's. Prints a markdown table for docs/benchmarks.md. --profile then prints each framework's
kernels per workload (torch.profiler's CUDA times), to tell kernel time from launch overhead.
"""
from __future__ import annotations

import argparse
import json
import os
import time

import numpy as np

from .workloads import mlp_loss

os.environ.setdefault("TRITON_DEFAULT_FP_FUSION", "1")
os.environ.setdefault("XLA_PYTHON_CLIENT_PREALLOCATE", "false")    # leave memory to torch

B3_SIZES = (4096, 4096, 4096, 10)
B3_BATCH = 4096


def _inputs(quick: bool):
    rng = np.random.default_rng(0)
    n1, n2 = (1 << 20, 1024) if quick else (1 << 26, 8192)
    sizes = (256, 256, 256, 10) if quick else B3_SIZES
    batch = 256 if quick else B3_BATCH
    params = [(rng.standard_normal((m, n), np.float32) / np.float32(np.sqrt(m)),
               np.float32(0.1) * rng.standard_normal(n, np.float32))
              for m, n in zip(sizes[:-1], sizes[1:])]
    x = rng.standard_normal((batch, sizes[0]), np.float32)
    y = np.eye(sizes[-1], dtype=np.float32)[rng.integers(0, sizes[-1], batch)]
    return {"B1": (rng.standard_normal(n1, np.float32),),
            "B2": (rng.standard_normal((n2, n2), np.float32),),
            "B3": (params, x, y), "B6a": (np.float32(1.5),)}


def _jaxlike(mod):
    jnp = mod.numpy

    def chain(x):
        return jnp.sum(jnp.sin(x) * jnp.exp(-x * x) + jnp.tanh(x))

    def softmax(x):
        e = jnp.exp(x - jnp.max(x, axis=1, keepdims=True))
        return e / jnp.sum(e, axis=1, keepdims=True)

    def loss(params, x, y):
        return mlp_loss(jnp, params, x, y)
    return {"B1": mod.jit(chain), "B2": mod.jit(softmax), "B3": mod.jit(mod.grad(loss)),
            "B6a": mod.jit(lambda x: x + 1)}


def _torch():
    import torch

    def chain(x):
        return torch.sum(torch.sin(x) * torch.exp(-x * x) + torch.tanh(x))

    def softmax(x):
        e = torch.exp(x - torch.amax(x, dim=1, keepdim=True))
        return e / torch.sum(e, dim=1, keepdim=True)

    def grad(params, x, y):
        params = [(w.detach().requires_grad_(), b.detach().requires_grad_()) for w, b in params]
        h = x
        for w, b in params[:-1]:
            h = torch.tanh(h @ w + b)
        w, b = params[-1]
        logits = h @ w + b
        logits = logits - torch.amax(logits, dim=1, keepdim=True)
        logp = logits - torch.log(torch.sum(torch.exp(logits), dim=1, keepdim=True))
        loss = -torch.mean(torch.sum(logp * y, dim=1))
        return torch.autograd.grad(loss, [p for wb in params for p in wb])
    return {"B1": torch.compile(chain), "B2": torch.compile(softmax), "B3": torch.compile(grad),
            "B6a": torch.compile(lambda x: x + 1)}


def _to_torch(tree):
    import torch
    if isinstance(tree, (list, tuple)):
        return type(tree)(_to_torch(t) for t in tree)
    return torch.as_tensor(np.asarray(tree)).cuda()


def _time(fn, args, sync, min_time):
    t0 = time.perf_counter()
    out = fn(*args)
    sync(out)
    first = time.perf_counter() - t0
    times, start = [], time.perf_counter()
    while len(times) < 5 or time.perf_counter() - start < min_time:
        t0 = time.perf_counter()
        sync(fn(*args))
        times.append(time.perf_counter() - t0)
    return out, first, float(np.median(times))


def _leaves(tree):
    if isinstance(tree, (list, tuple)):
        return [x for t in tree for x in _leaves(t)]
    return [tree]


def _profile(frameworks, inputs, workloads=("B1", "B2", "B3")):
    from torch.profiler import ProfilerActivity, profile
    for wid in workloads:
        for name, (fns, put, sync) in frameworks.items():
            try:
                args = put(inputs[wid])
                sync(fns[wid](*args))
                with profile(activities=[ProfilerActivity.CUDA]) as prof:
                    for _ in range(10):
                        sync(fns[wid](*args))
            except Exception as e:
                print(f"{wid} {name}: profile failed: {type(e).__name__}: {e}"[:300])
                continue
            events = [e for e in prof.key_averages() if e.self_device_time_total > 0]
            events.sort(key=lambda e: -e.self_device_time_total)
            total = sum(e.self_device_time_total for e in events) / 10
            print(f"\n{wid} {name}: {total:.1f} us of kernels per call")
            for e in events[:12]:
                print(f"  {e.self_device_time_total / 10:9.1f} us  x{e.count // 10:<3} {e.key[:90]}")


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--quick", action="store_true", help="small sizes: a smoke run")
    p.add_argument("--json", default=None, help="also write the numbers here")
    p.add_argument("--min-time", type=float, default=1.0)
    p.add_argument("--profile", action="store_true", help="print each workload's kernels")
    args = p.parse_args(argv)
    import jax
    import torch

    import mlax
    assert mlax.default_backend() == "gpu", "bench.gpu needs a CUDA GPU"
    jax.config.update("jax_default_matmul_precision", "highest")     # f32, no TF32
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    inputs = _inputs(args.quick)
    frameworks = {"jax": (_jaxlike(jax), lambda t: jax.device_put(t),
                          lambda out: jax.block_until_ready(out)),
                  "mlax": (_jaxlike(mlax), lambda t: mlax.device_put(t),
                           lambda out: mlax.block_until_ready(out)),
                  "torch.compile": (_torch(), _to_torch, lambda out: torch.cuda.synchronize())}
    rows, reference = {}, {}
    for wid, wargs in inputs.items():
        for name, (fns, put, sync) in frameworks.items():
            try:
                out, first, median = _time(fns[wid], put(wargs), sync, args.min_time)
            except Exception as e:          # one framework's failure must not end the run
                rows.setdefault(wid, {})[name] = {"error": f"{type(e).__name__}: {e}"[:200]}
                continue
            leaves = [np.asarray(x.detach().cpu() if hasattr(x, "detach") else x)
                      for x in _leaves(out)]
            if name == "jax":
                reference[wid] = leaves
            ok = all(np.allclose(a, b, rtol=1e-3, atol=1e-4)
                     for a, b in zip(leaves, reference.get(wid, leaves)))
            rows.setdefault(wid, {})[name] = {"median_s": median, "first_s": first, "ok": ok}
    device = torch.cuda.get_device_name(0)
    print(f"device: {device}; {'quick sizes' if args.quick else 'full sizes'}")
    print("| workload | mlax | jax | torch.compile | mlax/jax | mlax/torch | mlax first call |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for wid, cells in rows.items():
        def fmt(name):
            c = cells.get(name, {})
            if "error" in c:
                return "error"
            return f"{c['median_s'] * 1e3:.3f} ms" + ("" if c["ok"] else " (mismatch)")
        m, j, t = (cells.get(k, {}).get("median_s") for k in ("mlax", "jax", "torch.compile"))
        first = cells.get("mlax", {}).get("first_s")
        print(f"| {wid} | {fmt('mlax')} | {fmt('jax')} | {fmt('torch.compile')} | "
              f"{m / j if m and j else float('nan'):.2f} | {m / t if m and t else float('nan'):.2f} | "
              f"{first if first else float('nan'):.2f} s |")
    for wid, cells in rows.items():
        for name, c in cells.items():
            if "error" in c:
                print(f"{wid} {name}: {c['error']}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"device": device, "rows": rows}, f, indent=1)
    if args.profile:
        _profile(frameworks, inputs)


if __name__ == "__main__":
    main()
