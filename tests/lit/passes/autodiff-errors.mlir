// RUN: %mlax-opt %s --split-input-file --verify-diagnostics --mlax-autodiff

// Reverse mode through a while loop is JAX's error, at the call.
func.func private @cond(%c: tensor<f32>) -> tensor<i1> {
  %0 = "mlax.constant"() {value = dense<1.0e+01> : tensor<f32>} : () -> tensor<f32>
  %1 = "mlax.compare"(%c, %0) {comparison_direction = "LT"} : (tensor<f32>, tensor<f32>) -> tensor<i1>
  return %1 : tensor<i1>
}
func.func private @body(%c: tensor<f32>) -> tensor<f32> {
  %0 = "mlax.mul"(%c, %c) : (tensor<f32>, tensor<f32>) -> tensor<f32>
  return %0 : tensor<f32>
}
func.func private @loop(tensor<f32>) -> tensor<f32> attributes {mlax.while = {body = @body, body_nconsts = 0 : i64, cond = @cond, cond_nconsts = 0 : i64}}
func.func private @f(%x: tensor<f32>) -> tensor<f32> {
  // expected-error @+1 {{Reverse-mode differentiation does not work for lax.while_loop}}
  %0 = func.call @loop(%x) : (tensor<f32>) -> tensor<f32>
  return %0 : tensor<f32>
}
func.func private @df(tensor<f32>) -> tensor<f32> attributes {mlax.grad = {argnums = array<i64: 0>, callee = @f, has_aux = false}}

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
