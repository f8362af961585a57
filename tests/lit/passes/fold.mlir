// RUN: %mlax-opt %s --mlax-fold --mlax-dce | FileCheck %s
// RUN: %mlax-opt %s --mlax-fold=max-elements=2 --mlax-dce | FileCheck %s --check-prefix=SMALL

// CHECK-LABEL: func.func @arith
// CHECK-NEXT: %[[C:.*]] = "mlax.constant"() {value = dense<[5.000000e+00, 1.000000e+01, 1.500000e+01]> : tensor<3xf32>}
// CHECK-NEXT: return %[[C]]
// SMALL-LABEL: func.func @arith
// SMALL: "mlax.mul"
func.func @arith() -> tensor<3xf32> {
  %a = "mlax.constant"() {value = dense<[1.0, 2.0, 3.0]> : tensor<3xf32>} : () -> tensor<3xf32>
  %b = "mlax.constant"() {value = dense<4.0> : tensor<3xf32>} : () -> tensor<3xf32>
  %0 = "mlax.mul"(%a, %b) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %1 = "mlax.add"(%0, %a) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %1 : tensor<3xf32>
}

// Folding goes through shapes and integer ops; operands that are not constant stop it.
// CHECK-LABEL: func.func @partial
// CHECK-SAME: (%[[X:.*]]: tensor<2xi32>)
// CHECK-NEXT: %[[C:.*]] = "mlax.constant"() {value = dense<[3, 7]> : tensor<2xi32>}
// CHECK-NEXT: %[[S:.*]] = "mlax.add"(%[[X]], %[[C]])
// CHECK-NEXT: return %[[S]]
func.func @partial(%x: tensor<2xi32>) -> tensor<2xi32> {
  %a = "mlax.iota"() {iota_dimension = 0 : i64} : () -> tensor<2xi32>
  %b = "mlax.constant"() {value = dense<[[3, 6]]> : tensor<1x2xi32>} : () -> tensor<1x2xi32>
  %r = "mlax.reshape"(%b) : (tensor<1x2xi32>) -> tensor<2xi32>
  %0 = "mlax.add"(%a, %r) : (tensor<2xi32>, tensor<2xi32>) -> tensor<2xi32>
  %1 = "mlax.add"(%x, %0) : (tensor<2xi32>, tensor<2xi32>) -> tensor<2xi32>
  return %1 : tensor<2xi32>
}
