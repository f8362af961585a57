"""mlax demo: a numpy-style program, jitted. Prints the traced IR (with the source line of
every op), the IR after the compilation pipeline, the GPU kernels it cuts the program into
(as Triton source), and the result, checked against numpy."""
import numpy as np

import mlax as jax
import mlax.numpy as jnp


def predict(params, x):
    w, b = params
    logits = jnp.tanh(x @ w + b)
    return jax.nn.softmax(logits * 1.0, axis=-1)


def loss(params, x, labels):
    probs = predict(params, x)
    picked = jnp.take_along_axis(probs, labels[:, None], axis=1)
    return -jnp.mean(jnp.log(picked))


rng = np.random.default_rng(0)
params = (jnp.asarray(rng.normal(size=(4, 3)), dtype=jnp.float32), jnp.zeros(3))
x = jnp.asarray(rng.normal(size=(8, 4)), dtype=jnp.float32)
labels = jnp.asarray(rng.integers(0, 3, size=8))

print("== traced IR (make_ir), each op at its source line ==")
print(jax.make_ir(loss)(params, x, labels))
lowered = jax.jit(loss).lower(params, x, labels)
from mlax.passes import COMPILE_PIPELINE  # noqa: E402
print(f"== after the pipeline {' -> '.join(COMPILE_PIPELINE)} ==")
print(lowered.as_text(COMPILE_PIPELINE[-1]))
print("== GPU kernels (mlax-fuse, then Triton); more stages: " + ", ".join(lowered.stages) + " ==")
print(lowered.as_text("triton-python"))

fast_loss = jax.jit(loss)
value = fast_loss(params, x, labels)
print("loss:", value)

w, b = (np.asarray(p, np.float64) for p in params)
z = np.tanh(np.asarray(x, np.float64) @ w + b)
p = np.exp(z - z.max(1, keepdims=True))
p /= p.sum(1, keepdims=True)
expected = -np.mean(np.log(p[np.arange(8), np.asarray(labels)]))
print("numpy:", np.float32(expected))
assert abs(float(value) - expected) < 1e-5
