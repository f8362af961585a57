func.func @main(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %e = "mlax.exp"(%x) : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return %e : tensor<4x8xf32>
}
