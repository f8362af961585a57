// Not a test: input for cli.mlir. Well-formed, but two ops break their rules.
func.func @invalid(%x: tensor<3xf32>, %n: tensor<3xi32>) -> (tensor<3xf32>, tensor<3xi32>) {
  %0 = "mlax.add"(%x, %n) : (tensor<3xf32>, tensor<3xi32>) -> tensor<3xf32>
  %1 = "mlax.exp"(%n) : (tensor<3xi32>) -> tensor<3xi32>
  return %0, %1 : tensor<3xf32>, tensor<3xi32>
}
