// RUN: %mlax-opt %s --mlax-outline-native | FileCheck %s --check-prefix=OUTLINE
// RUN: %mlax-opt %s --mlax-outline-native --mlax-native-to-linalg | FileCheck %s --check-prefix=LINALG
// RUN: %mlax-opt %s --pass-pipeline='builtin.module(mlax-outline-native, mlax-native-to-linalg, func.func(linalg-fuse-elementwise-ops))' | FileCheck %s --check-prefix=FUSED

// A scan whose body has native rules moves whole into a native function; so does the
// elementwise chain after it (big enough to beat numpy). The sort has no native rule and
// stays a numpy kernel between them.
// OUTLINE-LABEL: func.func @main
// OUTLINE-NEXT: %[[S:.*]] = call @main_native0(%arg0, %arg1)
// OUTLINE-NEXT: %[[Q:.*]] = "mlax.sort"(%[[S]])
// OUTLINE-NEXT: %[[C:.*]] = call @main_native1(%[[Q]])
// OUTLINE-NEXT: return %[[C]]
// OUTLINE: func.func private @main_native0({{.*}}) -> tensor<4096xf32> attributes {mlax.native}
// OUTLINE-NEXT: call @step_scan
// OUTLINE-NEXT: "mlax.reshape"
// OUTLINE: func.func private @main_native1({{.*}}) -> tensor<4096xf32> attributes {mlax.native}
// OUTLINE-NEXT: "mlax.exp"
// OUTLINE-NEXT: "mlax.tanh"

// Native functions take operands and results as memrefs; the scan becomes an scf.for
// whose carry lives in a buffer; each op is one linalg.generic until fusion.
// LINALG-LABEL: func.func @main_native0
// LINALG-SAME: (%{{.*}}: memref<64xf32> {llvm.noalias}, %{{.*}}: memref<64x64xf32> {llvm.noalias}, %[[OUT:.*]]: memref<4096xf32> {llvm.noalias})
// LINALG: %[[CARRY:.*]] = memref.alloc() : memref<64xf32>
// LINALG: scf.for
// LINALG: tensor.extract_slice
// LINALG: bufferization.to_tensor %[[CARRY]] restrict
// LINALG: linalg.generic
// LINALG: arith.mulf
// LINALG: memref.copy {{.*}}, %[[CARRY]]
// LINALG: bufferization.materialize_in_destination {{.*}} in restrict writable %[[OUT]]
// LINALG-LABEL: func.func @main_native1
// LINALG-COUNT-2: linalg.generic

// After fusion, exp and tanh are one loop nest.
// FUSED-LABEL: func.func @main_native1
// FUSED-COUNT-1: linalg.generic
// FUSED-NOT: linalg.generic
// FUSED: return

func.func @main(%h: tensor<64xf32>, %xs: tensor<64x64xf32>) -> tensor<4096xf32> {
  %c:2 = call @step_scan(%h, %xs) : (tensor<64xf32>, tensor<64x64xf32>) -> (tensor<64xf32>, tensor<64x64xf32>)
  %flat = "mlax.reshape"(%c#1) : (tensor<64x64xf32>) -> tensor<4096xf32>
  %s = "mlax.sort"(%flat) {dimension = 0 : i64, is_stable = true} : (tensor<4096xf32>) -> tensor<4096xf32>
  %e = "mlax.exp"(%s) : (tensor<4096xf32>) -> tensor<4096xf32>
  %t = "mlax.tanh"(%e) : (tensor<4096xf32>) -> tensor<4096xf32>
  return %t : tensor<4096xf32>
}
func.func private @step(%h: tensor<64xf32>, %x: tensor<64xf32>) -> (tensor<64xf32>, tensor<64xf32>) {
  %0 = "mlax.mul"(%h, %x) : (tensor<64xf32>, tensor<64xf32>) -> tensor<64xf32>
  return %0, %0 : tensor<64xf32>, tensor<64xf32>
}
func.func private @step_scan(tensor<64xf32>, tensor<64x64xf32>) -> (tensor<64xf32>, tensor<64x64xf32>) attributes {mlax.scan = {body = @step, length = 64 : i64, num_carry = 1 : i64, num_consts = 0 : i64, reverse = false}}
