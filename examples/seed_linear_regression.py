"""The seed document's SGD linear regression, with only the import lines changed (jax -> mlax)."""
from mlax import vmap, grad, tree_map
import mlax.numpy as jnp
import mlax.random as jrandom
batch_size=10
samples=batch_size*10
key=jrandom.PRNGKey(1)
x = jnp.linspace(-2,2,samples)
y = 5*x + 2 + 0.001*jrandom.normal(key, shape=x.shape)
f = lambda params, x: params[0]*x+params[1]
loss = lambda params, x, y: jnp.mean((y-f(params,x))**2)
grad_loss = grad(loss)
lr=0.1
update = lambda params, xs, ys: tree_map(lambda p, g: p-lr*g, params, grad_loss(params, xs, ys))
params = jnp.array([0.,1.])
for _ in range(20):
    key, _ = jrandom.split(key)
    batch_indices = jrandom.choice(key, jnp.arange(samples, dtype=int), (batch_size,))
    xbatch, ybatch = x[batch_indices], y[batch_indices]
    params = update(params, xbatch, ybatch)
print(params)
