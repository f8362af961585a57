// RUN: %mlax-opt %s --mlax-autodiff | FileCheck %s
// RUN: %mlax-opt %s --mlax-autodiff | %mlax-opt --mlax-verify | FileCheck %s --check-prefix=VERIFIED
// VERIFIED-NOT: mlax.grad =
// VERIFIED-NOT: mlax.vjp =

// The gradient of a scan: a forward scan that also stacks each step's carry, then a reverse
// scan over those carries whose body is the vjp of the loop body (expanded in the same pass).
// CHECK-LABEL: func.func private @df
// CHECK: %[[FWD:.*]]:3 = call @[[FSCAN:body_fwd_scan]](%arg0, %{{.*}}, %arg1) : (tensor<f32>, tensor<f32>, tensor<3xf32>) -> (tensor<f32>, tensor<3xf32>, tensor<3xf32>)
// CHECK: %[[BWD:.*]]:3 = call @[[BSCAN:body_bwd_scan]](%arg0, %{{.*}}, %{{.*}}, %[[FWD]]#2, %arg1, %{{.*}}) : (tensor<f32>, tensor<f32>, tensor<f32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<f32>, tensor<f32>, tensor<3xf32>)
// CHECK: return %[[BWD]]#1 : tensor<f32>
// CHECK-DAG: func.func private @[[FSCAN]]({{.*}}) attributes {mlax.scan = {body = @body_saving, length = 3 : i64, num_carry = 1 : i64, num_consts = 1 : i64, reverse = false}}
// CHECK-DAG: func.func private @[[BSCAN]]({{.*}}) attributes {mlax.scan = {body = @body_bwd_step, length = 3 : i64, num_carry = 2 : i64, num_consts = 1 : i64, reverse = true}}
// CHECK-DAG: func.func private @body_vjp(
func.func private @body(%w: tensor<f32>, %h: tensor<f32>, %x: tensor<f32>) -> (tensor<f32>, tensor<f32>) {
  %0 = "mlax.mul"(%w, %h) : (tensor<f32>, tensor<f32>) -> tensor<f32>
  %1 = "mlax.add"(%0, %x) : (tensor<f32>, tensor<f32>) -> tensor<f32>
  %2 = "mlax.tanh"(%1) : (tensor<f32>) -> tensor<f32>
  return %2, %h : tensor<f32>, tensor<f32>
}
func.func private @loop(tensor<f32>, tensor<f32>, tensor<3xf32>) -> (tensor<f32>, tensor<3xf32>) attributes {mlax.scan = {body = @body, length = 3 : i64, num_carry = 1 : i64, num_consts = 1 : i64, reverse = false}}
func.func private @f(%w: tensor<f32>, %xs: tensor<3xf32>) -> tensor<f32> {
  %h0 = "mlax.constant"() {value = dense<0.0> : tensor<f32>} : () -> tensor<f32>
  %0:2 = func.call @loop(%w, %h0, %xs) : (tensor<f32>, tensor<f32>, tensor<3xf32>) -> (tensor<f32>, tensor<3xf32>)
  return %0#0 : tensor<f32>
}
func.func private @df(tensor<f32>, tensor<3xf32>) -> tensor<f32> attributes {mlax.grad = {argnums = array<i64: 0>, callee = @f, has_aux = false}}
