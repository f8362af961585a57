// RUN: %mlax-opt %s --mlax-inline --symbol-dce | FileCheck %s

// Calls of defined functions are replaced by their bodies, nested ones too; the private
// callees are then unused and symbol-dce removes them. Declarations stay called.
// CHECK-LABEL: func.func @main
// CHECK-SAME: (%[[X:.*]]: tensor<2xf32>)
// CHECK-NEXT: %[[S:.*]] = "mlax.sin"(%[[X]])
// CHECK-NEXT: %[[M:.*]] = "mlax.mul"(%[[S]], %[[S]])
// CHECK-NEXT: %[[D:.*]] = call @decl(%[[M]])
// CHECK-NEXT: return %[[D]]
// CHECK-NOT: func.func private @square
// CHECK-NOT: func.func private @sin_square
// CHECK: func.func private @decl
func.func @main(%x: tensor<2xf32>) -> tensor<2xf32> {
  %0 = func.call @sin_square(%x) : (tensor<2xf32>) -> tensor<2xf32>
  %1 = func.call @decl(%0) : (tensor<2xf32>) -> tensor<2xf32>
  return %1 : tensor<2xf32>
}
func.func private @sin_square(%x: tensor<2xf32>) -> tensor<2xf32> {
  %0 = "mlax.sin"(%x) : (tensor<2xf32>) -> tensor<2xf32>
  %1 = func.call @square(%0) : (tensor<2xf32>) -> tensor<2xf32>
  return %1 : tensor<2xf32>
}
func.func private @square(%x: tensor<2xf32>) -> tensor<2xf32> {
  %0 = "mlax.mul"(%x, %x) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}
func.func private @decl(tensor<2xf32>) -> tensor<2xf32>
