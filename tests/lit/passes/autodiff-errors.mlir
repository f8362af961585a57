// RUN: %mlax-opt %s --split-input-file --verify-diagnostics --mlax-autodiff

// Control flow has no derivative rules yet: the error names the op, at the call.
func.func private @body(%c: tensor<f32>, %x: tensor<f32>) -> (tensor<f32>) {
  %0 = "mlax.mul"(%c, %x) : (tensor<f32>, tensor<f32>) -> tensor<f32>
  return %0 : tensor<f32>
}
func.func private @loop(tensor<f32>, tensor<3xf32>) -> tensor<f32> attributes {mlax.scan = {body = @body, length = 3 : i64, num_carry = 1 : i64, num_consts = 0 : i64, reverse = false}}
func.func private @f(%c: tensor<f32>, %xs: tensor<3xf32>) -> tensor<f32> {
  // expected-error @+1 {{'mlax.scan' (control flow) cannot be differentiated or batched yet}}
  %0 = func.call @loop(%c, %xs) : (tensor<f32>, tensor<3xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}
func.func private @df(tensor<f32>, tensor<3xf32>) -> tensor<f32> attributes {mlax.grad = {argnums = array<i64: 0>, callee = @f, has_aux = false}}

// -----

// Forward mode through a custom_vjp function is JAX's error.
func.func private @g(%x: tensor<f32>) -> tensor<f32> {
  return %x : tensor<f32>
}
func.func private @g_fwd(%x: tensor<f32>) -> (tensor<f32>, tensor<f32>) {
  return %x, %x : tensor<f32>, tensor<f32>
}
func.func private @g_bwd(%r: tensor<f32>, %ct: tensor<f32>) -> tensor<f32> {
  return %ct : tensor<f32>
}
func.func private @cg(tensor<f32>) -> tensor<f32> attributes {mlax.custom_vjp = {bwd = @g_bwd, callee = @g, fwd = @g_fwd}}
func.func private @h(%x: tensor<f32>) -> tensor<f32> {
  // expected-error @+1 {{can't apply forward-mode autodiff (jvp) to a custom_vjp function}}
  %0 = func.call @cg(%x) : (tensor<f32>) -> tensor<f32>
  return %0 : tensor<f32>
}
func.func private @jh(tensor<f32>, tensor<f32>) -> (tensor<f32>, tensor<f32>) attributes {mlax.jvp = {callee = @h}}

// -----

// A transform whose callee reaches the transform itself.
func.func private @h(%x: tensor<f32>) -> tensor<f32> {
  %0 = func.call @dh(%x) : (tensor<f32>) -> tensor<f32>
  return %0 : tensor<f32>
}
// expected-error @+1 {{its transform reaches itself}}
func.func private @dh(tensor<f32>) -> tensor<f32> attributes {mlax.grad = {argnums = array<i64: 0>, callee = @h, has_aux = false}}

// -----

// Integer values need no rules: argmax and the comparison are not differentiated.
func.func private @k(%x: tensor<3xf32>) -> tensor<f32> {
  %0 = "mlax.argmax"(%x) {axis = 0 : i64} : (tensor<3xf32>) -> tensor<i32>
  %1 = "mlax.convert"(%0) : (tensor<i32>) -> tensor<f32>
  %2 = "mlax.reduce_sum"(%x) {axes = array<i64: 0>} : (tensor<3xf32>) -> tensor<f32>
  %3 = "mlax.mul"(%1, %2) : (tensor<f32>, tensor<f32>) -> tensor<f32>
  return %3 : tensor<f32>
}
func.func private @dk(tensor<3xf32>) -> tensor<3xf32> attributes {mlax.grad = {argnums = array<i64: 0>, callee = @k, has_aux = false}}
