"""The seed document's grad examples, with only the import lines changed (jax -> mlax)."""
from mlax import grad
import mlax.numpy as jnp

sq = lambda x: jnp.sum(x**2)
dx_sq = grad(sq)
print(dx_sq(jnp.arange(3.)))

poly_3d = lambda x,y,z: jnp.sum(x**2 + y**3 + z**4)
# output derivative with respect to x only
# note arnums=0 by default
dx_poly_3d = grad(poly_3d, argnums=0)
print("dpoly_3d/dx is ", dx_poly_3d(jnp.arange(3.), jnp.arange(3.), jnp.arange(3.)))
# output derivative with respect to x,y,z
dxdydz_poly_3d = grad(poly_3d, argnums=(0,1,2))
print("dpoly_3d/dxdydz is ", dxdydz_poly_3d(jnp.arange(3.), jnp.arange(3.), jnp.arange(3.)))
# or more clearly
dx_poly_3d, dy_poly_3d, dz_poly_3d = dxdydz_poly_3d(jnp.arange(3.), jnp.arange(3.), jnp.arange(3.))
print("dpoly_3d/dx is ", dx_poly_3d, "dpoly_3d_dy is ", dy_poly_3d, "dpoly_3d_dz is ", dz_poly_3d)

# value_and_grad returns the loss value and the gradients at once
from mlax import value_and_grad
value, grads = value_and_grad(poly_3d, argnums=(0, 1, 2))(jnp.arange(3.), jnp.arange(3.), jnp.arange(3.))
print("value is ", value, "gradients are ", grads)
