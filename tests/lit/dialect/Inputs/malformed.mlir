// Not a test: input for cli.mlir. The operand list of the op on line 4 is not closed.
func.func @malformed(%x: tensor<3xf32>) -> tensor<3xf32> {
  %0 = "mlax.neg"(%x) : (tensor<3xf32>) -> tensor<3xf32>
  %1 = "mlax.exp"(%0 : (tensor<3xf32>) -> tensor<3xf32>
  return %1 : tensor<3xf32>
}
