#!/usr/bin/env bash
# On a machine with a CUDA GPU, torch, Triton and JAX: the GPU tests, then the GPU benchmark
# (B1, B2, B3 at GPU sizes for mlax, JAX and torch.compile), then each workload's kernels
# (torch.profiler). Writes gpu.json into $1 (or .).
set -u
cd "$(dirname "$0")/.."
out="${1:-.}"
python3 -m pytest -q -m gpu tests/test_gpu.py 2>&1 | tail -15
python3 -m bench.gpu --json "$out/gpu.json" --profile
