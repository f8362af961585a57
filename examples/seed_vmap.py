"""The seed document's vmap examples, with only the import lines changed (jax -> mlax).
The sine/cosine plot is saved as sine_cosine.png (the Agg backend makes plt.show() a no-op)."""
import matplotlib
matplotlib.use("Agg")

from mlax import vmap
import mlax.numpy as jnp
# Dummy prediction function
fhat = lambda params, x: params[0]*x+params[1]
# Squared error loss function
loss = lambda params, x, y: (fhat(params, x)-y)**2
vmap_loss = vmap(loss, in_axes=(None, 0, 1))
samples=5
xs = jnp.linspace(0,2,samples)
ys = 5*xs + 2
loss_vals = vmap_loss(jnp.array([5.,2.]), xs.reshape((samples,1)), ys.reshape((1, samples)))
print(loss_vals) # should be all 0s since params are true values

import sys
from mlax import grad, vmap
import mlax.numpy as jnp
import matplotlib.pyplot as plt
f = lambda x: jnp.sin(x)
dx_f = grad(f)
x = jnp.linspace(0,2*jnp.pi,100)
y = f(x)
dy = vmap(dx_f)(x)
plt.plot(x, y, x, dy)
plt.legend(["sine(x)", "d/dx(sine)(x) = cosine(x)"])
plt.savefig("sine_cosine.png")
plt.show()
print(jnp.allclose(dy, jnp.cos(x), atol=1e-6))

from mlax import vmap
import mlax as jax
import mlax.numpy as jnp
# From JAX repo
def apply_double_arg_func(func, xs, xs2=None):
    if xs2 is None:
        return vmap(lambda x: vmap(lambda y: func(x, y))(xs))(xs)
    else:
        return vmap(lambda x: vmap(lambda y: func(x, y))(xs))(xs2).T
# From Matthew Johnson
def apply_double_arg_func2(func, xs, xs2=None):
    if xs2 is None:
        return vmap(vmap(func, (0, None)), (None, 0))(xs, xs)
    else:
        return vmap(vmap(func, (0, None)), (None, 0))(xs,xs2).T
def l1dist(x,y):
    return jnp.sum(jnp.abs(x-y))
x1=jnp.linspace(1,10,100)
y1=jnp.linspace(1,5,20)
print(jnp.allclose(apply_double_arg_func(l1dist, x1, y1), apply_double_arg_func2(l1dist, x1, y1)))
