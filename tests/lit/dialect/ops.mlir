// Round trip of every op of the op table (dialect/rules.py) and of every higher-order
// declaration: mlax-opt prints what it parsed, and parsing the printed form again gives the
// same text. Ops print in generic form; attribute dictionaries print sorted by name.
// RUN: %mlax-opt %s | FileCheck %s
// RUN: %mlax-opt %s | %mlax-opt | FileCheck %s
// RUN: %mlax-opt %s --mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC

// In generic form func.func, func.call and func.return print generically too; mlax ops and
// the declarations' attribute dictionaries look the same.
// GENERIC: "builtin.module"() ({
// GENERIC: "func.func"() <{function_type = (tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xi1>), sym_name = "float_unary"}> ({
// GENERIC-NEXT: ^bb0(%[[X:.*]]: tensor<2x3xf32>):
// GENERIC-NEXT: %[[E:.*]] = "mlax.exp"(%[[X]]) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// GENERIC-NEXT: "mlax.exp2"(%[[E]]) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// GENERIC: "func.return"
// GENERIC: "func.func"() <{function_type = (tensor<2xf32>, tensor<5xf32>) -> (tensor<2xf32>, tensor<5xf32>), sym_name = "loss_grad", sym_visibility = "private"}> ({
// GENERIC-NEXT: }) {mlax.grad = {argnums = array<i64: 0>, callee = @loss, has_aux = true}} : () -> ()
// GENERIC: "func.func"() <{function_type = (tensor<i32>, tensor<2xf32>) -> tensor<2xf32>, sym_name = "switch", sym_visibility = "private"}> ({
// GENERIC-NEXT: }) {mlax.cond = {branches = [@branch0, @branch1]}} : () -> ()
// GENERIC: "func.call"(%{{.*}}, %{{.*}}) <{callee = @loss_grad}> : (tensor<2xf32>, tensor<5xf32>) -> (tensor<2xf32>, tensor<5xf32>)

// CHECK: module {

// Elementwise unary ops on floats: every floating-point math op, round, integer_pow,
// is_finite and stop_gradient.
// CHECK-LABEL: func.func @float_unary(
// CHECK-SAME: %[[X:.*]]: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xi1>)
// CHECK-NEXT: %[[EXP:.*]] = "mlax.exp"(%[[X]]) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[EXP2:.*]] = "mlax.exp2"(%[[EXP]]) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[LOG:.*]] = "mlax.log"(%[[EXP2]]) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[LOG1P:.*]] = "mlax.log1p"(%[[LOG]]) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[EXPM1:.*]] = "mlax.expm1"(%[[LOG1P]]) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[SIN:.*]] = "mlax.sin"(%[[EXPM1]]) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[COS:.*]] = "mlax.cos"(%[[SIN]]) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[TAN:.*]] = "mlax.tan"(%[[COS]]) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[TANH:.*]] = "mlax.tanh"(%[[TAN]]) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[LOGISTIC:.*]] = "mlax.logistic"(%[[TANH]]) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[SQRT:.*]] = "mlax.sqrt"(%[[LOGISTIC]]) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[RSQRT:.*]] = "mlax.rsqrt"(%[[SQRT]]) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[CBRT:.*]] = "mlax.cbrt"(%[[RSQRT]]) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[ERF:.*]] = "mlax.erf"(%[[CBRT]]) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[ERF_INV:.*]] = "mlax.erf_inv"(%[[ERF]]) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[FLOOR:.*]] = "mlax.floor"(%[[ERF_INV]]) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[CEIL:.*]] = "mlax.ceil"(%[[FLOOR]]) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[ROUND0:.*]] = "mlax.round"(%[[CEIL]]) {rounding_method = 0 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[ROUND1:.*]] = "mlax.round"(%[[ROUND0]]) {rounding_method = 1 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[IPOW:.*]] = "mlax.integer_pow"(%[[ROUND1]]) {y = -2 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[SG:.*]] = "mlax.stop_gradient"(%[[IPOW]]) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[FIN:.*]] = "mlax.is_finite"(%[[SG]]) : (tensor<2x3xf32>) -> tensor<2x3xi1>
// CHECK-NEXT: return %[[SG]], %[[FIN]] : tensor<2x3xf32>, tensor<2x3xi1>
func.func @float_unary(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xi1>) {
  %exp = "mlax.exp"(%x) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %exp2 = "mlax.exp2"(%exp) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %log = "mlax.log"(%exp2) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %log1p = "mlax.log1p"(%log) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %expm1 = "mlax.expm1"(%log1p) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %sin = "mlax.sin"(%expm1) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %cos = "mlax.cos"(%sin) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %tan = "mlax.tan"(%cos) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %tanh = "mlax.tanh"(%tan) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %logistic = "mlax.logistic"(%tanh) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %sqrt = "mlax.sqrt"(%logistic) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %rsqrt = "mlax.rsqrt"(%sqrt) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %cbrt = "mlax.cbrt"(%rsqrt) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %erf = "mlax.erf"(%cbrt) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %erf_inv = "mlax.erf_inv"(%erf) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %floor = "mlax.floor"(%erf_inv) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %ceil = "mlax.ceil"(%floor) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %round0 = "mlax.round"(%ceil) {rounding_method = 0 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %round1 = "mlax.round"(%round0) {rounding_method = 1 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %ipow = "mlax.integer_pow"(%round1) {y = -2 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %sg = "mlax.stop_gradient"(%ipow) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %fin = "mlax.is_finite"(%sg) : (tensor<2x3xf32>) -> tensor<2x3xi1>
  return %sg, %fin : tensor<2x3xf32>, tensor<2x3xi1>
}

// The same ops on the other float types.
// CHECK-LABEL: func.func @float_types(
// CHECK-SAME: %[[H:.*]]: tensor<4xf16>, %[[B:.*]]: tensor<4xbf16>, %[[D:.*]]: tensor<f64>) -> (tensor<4xf16>, tensor<4xbf16>, tensor<f64>)
// CHECK-NEXT: %[[V0:.*]] = "mlax.tanh"(%[[H]]) : (tensor<4xf16>) -> tensor<4xf16>
// CHECK-NEXT: %[[V1:.*]] = "mlax.exp"(%[[B]]) : (tensor<4xbf16>) -> tensor<4xbf16>
// CHECK-NEXT: %[[V2:.*]] = "mlax.sqrt"(%[[D]]) : (tensor<f64>) -> tensor<f64>
// CHECK-NEXT: return %[[V0]], %[[V1]], %[[V2]] : tensor<4xf16>, tensor<4xbf16>, tensor<f64>
func.func @float_types(%h: tensor<4xf16>, %b: tensor<4xbf16>, %d: tensor<f64>) -> (tensor<4xf16>, tensor<4xbf16>, tensor<f64>) {
  %0 = "mlax.tanh"(%h) : (tensor<4xf16>) -> tensor<4xf16>
  %1 = "mlax.exp"(%b) : (tensor<4xbf16>) -> tensor<4xbf16>
  %2 = "mlax.sqrt"(%d) : (tensor<f64>) -> tensor<f64>
  return %0, %1, %2 : tensor<4xf16>, tensor<4xbf16>, tensor<f64>
}

// Elementwise unary ops on integers and booleans.
// CHECK-LABEL: func.func @int_unary(
// CHECK-SAME: %[[I:.*]]: tensor<4xi32>, %[[U:.*]]: tensor<4xui32>, %[[P:.*]]: tensor<4xi1>) -> (tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xui32>, tensor<4xi1>, tensor<4xi1>)
// CHECK-NEXT: %[[NEG:.*]] = "mlax.neg"(%[[I]]) : (tensor<4xi32>) -> tensor<4xi32>
// CHECK-NEXT: %[[ABS:.*]] = "mlax.abs"(%[[NEG]]) : (tensor<4xi32>) -> tensor<4xi32>
// CHECK-NEXT: %[[SIGN:.*]] = "mlax.sign"(%[[ABS]]) : (tensor<4xi32>) -> tensor<4xi32>
// CHECK-NEXT: %[[POW:.*]] = "mlax.integer_pow"(%[[SIGN]]) {y = 3 : i64} : (tensor<4xi32>) -> tensor<4xi32>
// CHECK-NEXT: %[[NOTI:.*]] = "mlax.not"(%[[U]]) : (tensor<4xui32>) -> tensor<4xui32>
// CHECK-NEXT: %[[NOTP:.*]] = "mlax.not"(%[[P]]) : (tensor<4xi1>) -> tensor<4xi1>
// CHECK-NEXT: %[[SG:.*]] = "mlax.stop_gradient"(%[[NOTP]]) : (tensor<4xi1>) -> tensor<4xi1>
// CHECK-NEXT: return %[[NEG]], %[[ABS]], %[[SIGN]], %[[POW]], %[[NOTI]], %[[NOTP]], %[[SG]] : tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xui32>, tensor<4xi1>, tensor<4xi1>
func.func @int_unary(%i: tensor<4xi32>, %u: tensor<4xui32>, %p: tensor<4xi1>) -> (tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xui32>, tensor<4xi1>, tensor<4xi1>) {
  %neg = "mlax.neg"(%i) : (tensor<4xi32>) -> tensor<4xi32>
  %abs = "mlax.abs"(%neg) : (tensor<4xi32>) -> tensor<4xi32>
  %sign = "mlax.sign"(%abs) : (tensor<4xi32>) -> tensor<4xi32>
  %pow = "mlax.integer_pow"(%sign) {y = 3 : i64} : (tensor<4xi32>) -> tensor<4xi32>
  %noti = "mlax.not"(%u) : (tensor<4xui32>) -> tensor<4xui32>
  %notp = "mlax.not"(%p) : (tensor<4xi1>) -> tensor<4xi1>
  %sg = "mlax.stop_gradient"(%notp) : (tensor<4xi1>) -> tensor<4xi1>
  return %neg, %abs, %sign, %pow, %noti, %notp, %sg : tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xui32>, tensor<4xi1>, tensor<4xi1>
}

// Elementwise binary arithmetic on floats.
// CHECK-LABEL: func.func @float_binary(
// CHECK-SAME: %[[X:.*]]: tensor<3xf32>, %[[Y:.*]]: tensor<3xf32>) -> tensor<3xf32>
// CHECK-NEXT: %[[ADD:.*]] = "mlax.add"(%[[X]], %[[Y]]) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
// CHECK-NEXT: %[[SUB:.*]] = "mlax.sub"(%[[ADD]], %[[Y]]) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
// CHECK-NEXT: %[[MUL:.*]] = "mlax.mul"(%[[SUB]], %[[Y]]) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
// CHECK-NEXT: %[[DIV:.*]] = "mlax.div"(%[[MUL]], %[[Y]]) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
// CHECK-NEXT: %[[REM:.*]] = "mlax.rem"(%[[DIV]], %[[Y]]) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
// CHECK-NEXT: %[[MAX:.*]] = "mlax.max"(%[[REM]], %[[Y]]) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
// CHECK-NEXT: %[[MIN:.*]] = "mlax.min"(%[[MAX]], %[[Y]]) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
// CHECK-NEXT: %[[POW:.*]] = "mlax.pow"(%[[MIN]], %[[Y]]) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
// CHECK-NEXT: %[[ATAN2:.*]] = "mlax.atan2"(%[[POW]], %[[Y]]) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
// CHECK-NEXT: return %[[ATAN2]] : tensor<3xf32>
func.func @float_binary(%x: tensor<3xf32>, %y: tensor<3xf32>) -> tensor<3xf32> {
  %add = "mlax.add"(%x, %y) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %sub = "mlax.sub"(%add, %y) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %mul = "mlax.mul"(%sub, %y) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %div = "mlax.div"(%mul, %y) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %rem = "mlax.rem"(%div, %y) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %max = "mlax.max"(%rem, %y) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %min = "mlax.min"(%max, %y) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %pow = "mlax.pow"(%min, %y) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %atan2 = "mlax.atan2"(%pow, %y) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %atan2 : tensor<3xf32>
}

// Elementwise binary ops on integers and booleans.
// CHECK-LABEL: func.func @int_binary(
// CHECK-SAME: %[[I:.*]]: tensor<2x2xi64>, %[[J:.*]]: tensor<2x2xi64>, %[[U:.*]]: tensor<2xui32>, %[[P:.*]]: tensor<2xi1>, %[[Q:.*]]: tensor<2xi1>) -> (tensor<2x2xi64>, tensor<2xui32>, tensor<2xi1>)
// CHECK-NEXT: %[[ADD:.*]] = "mlax.add"(%[[I]], %[[J]]) : (tensor<2x2xi64>, tensor<2x2xi64>) -> tensor<2x2xi64>
// CHECK-NEXT: %[[REM:.*]] = "mlax.rem"(%[[ADD]], %[[J]]) : (tensor<2x2xi64>, tensor<2x2xi64>) -> tensor<2x2xi64>
// CHECK-NEXT: %[[AND:.*]] = "mlax.and"(%[[REM]], %[[J]]) : (tensor<2x2xi64>, tensor<2x2xi64>) -> tensor<2x2xi64>
// CHECK-NEXT: %[[OR:.*]] = "mlax.or"(%[[AND]], %[[J]]) : (tensor<2x2xi64>, tensor<2x2xi64>) -> tensor<2x2xi64>
// CHECK-NEXT: %[[XOR:.*]] = "mlax.xor"(%[[OR]], %[[J]]) : (tensor<2x2xi64>, tensor<2x2xi64>) -> tensor<2x2xi64>
// CHECK-NEXT: %[[SHL:.*]] = "mlax.shift_left"(%[[XOR]], %[[J]]) : (tensor<2x2xi64>, tensor<2x2xi64>) -> tensor<2x2xi64>
// CHECK-NEXT: %[[SHRL:.*]] = "mlax.shift_right_logical"(%[[SHL]], %[[J]]) : (tensor<2x2xi64>, tensor<2x2xi64>) -> tensor<2x2xi64>
// CHECK-NEXT: %[[SHRA:.*]] = "mlax.shift_right_arithmetic"(%[[SHRL]], %[[J]]) : (tensor<2x2xi64>, tensor<2x2xi64>) -> tensor<2x2xi64>
// CHECK-NEXT: %[[UMUL:.*]] = "mlax.mul"(%[[U]], %[[U]]) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
// CHECK-NEXT: %[[USHL:.*]] = "mlax.shift_left"(%[[UMUL]], %[[U]]) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
// CHECK-NEXT: %[[PAND:.*]] = "mlax.and"(%[[P]], %[[Q]]) : (tensor<2xi1>, tensor<2xi1>) -> tensor<2xi1>
// CHECK-NEXT: %[[POR:.*]] = "mlax.or"(%[[PAND]], %[[Q]]) : (tensor<2xi1>, tensor<2xi1>) -> tensor<2xi1>
// CHECK-NEXT: %[[PXOR:.*]] = "mlax.xor"(%[[POR]], %[[Q]]) : (tensor<2xi1>, tensor<2xi1>) -> tensor<2xi1>
// CHECK-NEXT: %[[PMAX:.*]] = "mlax.max"(%[[PXOR]], %[[Q]]) : (tensor<2xi1>, tensor<2xi1>) -> tensor<2xi1>
// CHECK-NEXT: %[[PMIN:.*]] = "mlax.min"(%[[PMAX]], %[[Q]]) : (tensor<2xi1>, tensor<2xi1>) -> tensor<2xi1>
// CHECK-NEXT: return %[[SHRA]], %[[USHL]], %[[PMIN]] : tensor<2x2xi64>, tensor<2xui32>, tensor<2xi1>
func.func @int_binary(%i: tensor<2x2xi64>, %j: tensor<2x2xi64>, %u: tensor<2xui32>, %p: tensor<2xi1>, %q: tensor<2xi1>) -> (tensor<2x2xi64>, tensor<2xui32>, tensor<2xi1>) {
  %add = "mlax.add"(%i, %j) : (tensor<2x2xi64>, tensor<2x2xi64>) -> tensor<2x2xi64>
  %rem = "mlax.rem"(%add, %j) : (tensor<2x2xi64>, tensor<2x2xi64>) -> tensor<2x2xi64>
  %and = "mlax.and"(%rem, %j) : (tensor<2x2xi64>, tensor<2x2xi64>) -> tensor<2x2xi64>
  %or = "mlax.or"(%and, %j) : (tensor<2x2xi64>, tensor<2x2xi64>) -> tensor<2x2xi64>
  %xor = "mlax.xor"(%or, %j) : (tensor<2x2xi64>, tensor<2x2xi64>) -> tensor<2x2xi64>
  %shl = "mlax.shift_left"(%xor, %j) : (tensor<2x2xi64>, tensor<2x2xi64>) -> tensor<2x2xi64>
  %shrl = "mlax.shift_right_logical"(%shl, %j) : (tensor<2x2xi64>, tensor<2x2xi64>) -> tensor<2x2xi64>
  %shra = "mlax.shift_right_arithmetic"(%shrl, %j) : (tensor<2x2xi64>, tensor<2x2xi64>) -> tensor<2x2xi64>
  %umul = "mlax.mul"(%u, %u) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
  %ushl = "mlax.shift_left"(%umul, %u) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
  %pand = "mlax.and"(%p, %q) : (tensor<2xi1>, tensor<2xi1>) -> tensor<2xi1>
  %por = "mlax.or"(%pand, %q) : (tensor<2xi1>, tensor<2xi1>) -> tensor<2xi1>
  %pxor = "mlax.xor"(%por, %q) : (tensor<2xi1>, tensor<2xi1>) -> tensor<2xi1>
  %pmax = "mlax.max"(%pxor, %q) : (tensor<2xi1>, tensor<2xi1>) -> tensor<2xi1>
  %pmin = "mlax.min"(%pmax, %q) : (tensor<2xi1>, tensor<2xi1>) -> tensor<2xi1>
  return %shra, %ushl, %pmin : tensor<2x2xi64>, tensor<2xui32>, tensor<2xi1>
}

// compare in every direction, and select with a full-shape and with a scalar predicate.
// CHECK-LABEL: func.func @compare_select(
// CHECK-SAME: %[[X:.*]]: tensor<3xf32>, %[[Y:.*]]: tensor<3xf32>, %[[S:.*]]: tensor<i1>) -> (tensor<3xi1>, tensor<3xi1>, tensor<3xi1>, tensor<3xi1>, tensor<3xi1>, tensor<3xi1>, tensor<3xf32>)
// CHECK-NEXT: %[[EQ:.*]] = "mlax.compare"(%[[X]], %[[Y]]) {comparison_direction = "EQ"} : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xi1>
// CHECK-NEXT: %[[NE:.*]] = "mlax.compare"(%[[X]], %[[Y]]) {comparison_direction = "NE"} : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xi1>
// CHECK-NEXT: %[[LT:.*]] = "mlax.compare"(%[[X]], %[[Y]]) {comparison_direction = "LT"} : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xi1>
// CHECK-NEXT: %[[LE:.*]] = "mlax.compare"(%[[X]], %[[Y]]) {comparison_direction = "LE"} : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xi1>
// CHECK-NEXT: %[[GT:.*]] = "mlax.compare"(%[[X]], %[[Y]]) {comparison_direction = "GT"} : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xi1>
// CHECK-NEXT: %[[GE:.*]] = "mlax.compare"(%[[EQ]], %[[NE]]) {comparison_direction = "GE"} : (tensor<3xi1>, tensor<3xi1>) -> tensor<3xi1>
// CHECK-NEXT: %[[SEL:.*]] = "mlax.select"(%[[LT]], %[[X]], %[[Y]]) : (tensor<3xi1>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
// CHECK-NEXT: %[[SEL2:.*]] = "mlax.select"(%[[S]], %[[SEL]], %[[Y]]) : (tensor<i1>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
// CHECK-NEXT: return %[[EQ]], %[[NE]], %[[LT]], %[[LE]], %[[GT]], %[[GE]], %[[SEL2]] : tensor<3xi1>, tensor<3xi1>, tensor<3xi1>, tensor<3xi1>, tensor<3xi1>, tensor<3xi1>, tensor<3xf32>
func.func @compare_select(%x: tensor<3xf32>, %y: tensor<3xf32>, %s: tensor<i1>) -> (tensor<3xi1>, tensor<3xi1>, tensor<3xi1>, tensor<3xi1>, tensor<3xi1>, tensor<3xi1>, tensor<3xf32>) {
  %eq = "mlax.compare"(%x, %y) {comparison_direction = "EQ"} : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xi1>
  %ne = "mlax.compare"(%x, %y) {comparison_direction = "NE"} : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xi1>
  %lt = "mlax.compare"(%x, %y) {comparison_direction = "LT"} : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xi1>
  %le = "mlax.compare"(%x, %y) {comparison_direction = "LE"} : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xi1>
  %gt = "mlax.compare"(%x, %y) {comparison_direction = "GT"} : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xi1>
  %ge = "mlax.compare"(%eq, %ne) {comparison_direction = "GE"} : (tensor<3xi1>, tensor<3xi1>) -> tensor<3xi1>
  %sel = "mlax.select"(%lt, %x, %y) : (tensor<3xi1>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %sel2 = "mlax.select"(%s, %sel, %y) : (tensor<i1>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %eq, %ne, %lt, %le, %gt, %ge, %sel2 : tensor<3xi1>, tensor<3xi1>, tensor<3xi1>, tensor<3xi1>, tensor<3xi1>, tensor<3xi1>, tensor<3xf32>
}

// Element type conversions.
// CHECK-LABEL: func.func @conversions(
// CHECK-SAME: %[[X:.*]]: tensor<2xf32>, %[[H:.*]]: tensor<2xf16>, %[[U:.*]]: tensor<2xui32>) -> (tensor<2xi32>, tensor<2xbf16>, tensor<2xi1>, tensor<2xi32>, tensor<2xbf16>, tensor<2xf32>)
// CHECK-NEXT: %[[V0:.*]] = "mlax.convert"(%[[X]]) : (tensor<2xf32>) -> tensor<2xi32>
// CHECK-NEXT: %[[V1:.*]] = "mlax.convert"(%[[X]]) : (tensor<2xf32>) -> tensor<2xbf16>
// CHECK-NEXT: %[[V2:.*]] = "mlax.convert"(%[[U]]) : (tensor<2xui32>) -> tensor<2xi1>
// CHECK-NEXT: %[[V3:.*]] = "mlax.bitcast_convert"(%[[X]]) : (tensor<2xf32>) -> tensor<2xi32>
// CHECK-NEXT: %[[V4:.*]] = "mlax.bitcast_convert"(%[[H]]) : (tensor<2xf16>) -> tensor<2xbf16>
// CHECK-NEXT: %[[V5:.*]] = "mlax.bitcast_convert"(%[[U]]) : (tensor<2xui32>) -> tensor<2xf32>
// CHECK-NEXT: return %[[V0]], %[[V1]], %[[V2]], %[[V3]], %[[V4]], %[[V5]] : tensor<2xi32>, tensor<2xbf16>, tensor<2xi1>, tensor<2xi32>, tensor<2xbf16>, tensor<2xf32>
func.func @conversions(%x: tensor<2xf32>, %h: tensor<2xf16>, %u: tensor<2xui32>) -> (tensor<2xi32>, tensor<2xbf16>, tensor<2xi1>, tensor<2xi32>, tensor<2xbf16>, tensor<2xf32>) {
  %0 = "mlax.convert"(%x) : (tensor<2xf32>) -> tensor<2xi32>
  %1 = "mlax.convert"(%x) : (tensor<2xf32>) -> tensor<2xbf16>
  %2 = "mlax.convert"(%u) : (tensor<2xui32>) -> tensor<2xi1>
  %3 = "mlax.bitcast_convert"(%x) : (tensor<2xf32>) -> tensor<2xi32>
  %4 = "mlax.bitcast_convert"(%h) : (tensor<2xf16>) -> tensor<2xbf16>
  %5 = "mlax.bitcast_convert"(%u) : (tensor<2xui32>) -> tensor<2xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<2xi32>, tensor<2xbf16>, tensor<2xi1>, tensor<2xi32>, tensor<2xbf16>, tensor<2xf32>
}

// Shape manipulation.
// CHECK-LABEL: func.func @shapes(
// CHECK-SAME: %[[X:.*]]: tensor<2x3xf32>, %[[V:.*]]: tensor<3xf32>, %[[I:.*]]: tensor<i32>, %[[J:.*]]: tensor<i32>, %[[Z:.*]]: tensor<f32>) -> (tensor<4x2x3xf32>, tensor<3x2xf32>, tensor<1x2xf32>, tensor<2x2xf32>, tensor<2x3xf32>, tensor<4x3xf32>, tensor<4x8xf32>)
// CHECK-NEXT: %[[BC:.*]] = "mlax.broadcast_in_dim"(%[[V]]) {broadcast_dimensions = array<i64: 2>} : (tensor<3xf32>) -> tensor<4x2x3xf32>
// CHECK-NEXT: %[[BC1:.*]] = "mlax.broadcast_in_dim"(%[[Z]]) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[RS:.*]] = "mlax.reshape"(%[[X]]) : (tensor<2x3xf32>) -> tensor<6xf32>
// CHECK-NEXT: %[[RS2:.*]] = "mlax.reshape"(%[[RS]]) : (tensor<6xf32>) -> tensor<3x2xf32>
// CHECK-NEXT: %[[TR:.*]] = "mlax.transpose"(%[[X]]) {permutation = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
// CHECK-NEXT: %[[REV:.*]] = "mlax.rev"(%[[TR]]) {dimensions = array<i64: 0, 1>} : (tensor<3x2xf32>) -> tensor<3x2xf32>
// CHECK-NEXT: %[[SL:.*]] = "mlax.slice"(%[[X]]) {limit_indices = array<i64: 2, 3>, start_indices = array<i64: 1, 0>, strides = array<i64: 1, 2>} : (tensor<2x3xf32>) -> tensor<1x2xf32>
// CHECK-NEXT: %[[DS:.*]] = "mlax.dynamic_slice"(%[[X]], %[[I]], %[[J]]) {slice_sizes = array<i64: 2, 2>} : (tensor<2x3xf32>, tensor<i32>, tensor<i32>) -> tensor<2x2xf32>
// CHECK-NEXT: %[[DUS:.*]] = "mlax.dynamic_update_slice"(%[[BC1]], %[[DS]], %[[I]], %[[J]]) : (tensor<2x3xf32>, tensor<2x2xf32>, tensor<i32>, tensor<i32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[CAT:.*]] = "mlax.concatenate"(%[[X]], %[[DUS]]) {dimension = 0 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<4x3xf32>
// CHECK-NEXT: %[[PAD:.*]] = "mlax.pad"(%[[CAT]], %[[Z]]) {edge_padding_high = array<i64: -1, 2>, edge_padding_low = array<i64: 1, 1>, interior_padding = array<i64: 0, 1>} : (tensor<4x3xf32>, tensor<f32>) -> tensor<4x8xf32>
// CHECK-NEXT: return %[[BC]], %[[REV]], %[[SL]], %[[DS]], %[[DUS]], %[[CAT]], %[[PAD]] : tensor<4x2x3xf32>, tensor<3x2xf32>, tensor<1x2xf32>, tensor<2x2xf32>, tensor<2x3xf32>, tensor<4x3xf32>, tensor<4x8xf32>
func.func @shapes(%x: tensor<2x3xf32>, %v: tensor<3xf32>, %i: tensor<i32>, %j: tensor<i32>, %z: tensor<f32>) -> (tensor<4x2x3xf32>, tensor<3x2xf32>, tensor<1x2xf32>, tensor<2x2xf32>, tensor<2x3xf32>, tensor<4x3xf32>, tensor<4x8xf32>) {
  %bc = "mlax.broadcast_in_dim"(%v) {broadcast_dimensions = array<i64: 2>} : (tensor<3xf32>) -> tensor<4x2x3xf32>
  %bc1 = "mlax.broadcast_in_dim"(%z) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x3xf32>
  %rs = "mlax.reshape"(%x) : (tensor<2x3xf32>) -> tensor<6xf32>
  %rs2 = "mlax.reshape"(%rs) : (tensor<6xf32>) -> tensor<3x2xf32>
  %tr = "mlax.transpose"(%x) {permutation = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %rev = "mlax.rev"(%tr) {dimensions = array<i64: 0, 1>} : (tensor<3x2xf32>) -> tensor<3x2xf32>
  %sl = "mlax.slice"(%x) {limit_indices = array<i64: 2, 3>, start_indices = array<i64: 1, 0>, strides = array<i64: 1, 2>} : (tensor<2x3xf32>) -> tensor<1x2xf32>
  %ds = "mlax.dynamic_slice"(%x, %i, %j) {slice_sizes = array<i64: 2, 2>} : (tensor<2x3xf32>, tensor<i32>, tensor<i32>) -> tensor<2x2xf32>
  %dus = "mlax.dynamic_update_slice"(%bc1, %ds, %i, %j) : (tensor<2x3xf32>, tensor<2x2xf32>, tensor<i32>, tensor<i32>) -> tensor<2x3xf32>
  %cat = "mlax.concatenate"(%x, %dus) {dimension = 0 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<4x3xf32>
  %pad = "mlax.pad"(%cat, %z) {edge_padding_high = array<i64: -1, 2>, edge_padding_low = array<i64: 1, 1>, interior_padding = array<i64: 0, 1>} : (tensor<4x3xf32>, tensor<f32>) -> tensor<4x8xf32>
  return %bc, %rev, %sl, %ds, %dus, %cat, %pad : tensor<4x2x3xf32>, tensor<3x2xf32>, tensor<1x2xf32>, tensor<2x2xf32>, tensor<2x3xf32>, tensor<4x3xf32>, tensor<4x8xf32>
}

// gather rows of a matrix, then every scatter variant writing rows back.
// CHECK-LABEL: func.func @gather_scatter(
// CHECK-SAME: %[[X:.*]]: tensor<5x3xf32>, %[[IDX:.*]]: tensor<2x1xi32>, %[[UPD:.*]]: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<5x3xf32>, tensor<5x3xf32>, tensor<5x3xf32>, tensor<5x3xf32>, tensor<5x3xf32>)
// CHECK-NEXT: %[[G:.*]] = "mlax.gather"(%[[X]], %[[IDX]]) {collapsed_slice_dims = array<i64: 0>, index_vector_dim = 1 : i64, offset_dims = array<i64: 1>, operand_batching_dims = array<i64>, slice_sizes = array<i64: 1, 3>, start_index_map = array<i64: 0>, start_indices_batching_dims = array<i64>} : (tensor<5x3xf32>, tensor<2x1xi32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[S:.*]] = "mlax.scatter"(%[[X]], %[[IDX]], %[[UPD]]) {index_vector_dim = 1 : i64, input_batching_dims = array<i64>, inserted_window_dims = array<i64: 0>, scatter_dims_to_operand_dims = array<i64: 0>, scatter_indices_batching_dims = array<i64>, update_window_dims = array<i64: 1>} : (tensor<5x3xf32>, tensor<2x1xi32>, tensor<2x3xf32>) -> tensor<5x3xf32>
// CHECK-NEXT: %[[SA:.*]] = "mlax.scatter_add"(%[[X]], %[[IDX]], %[[UPD]]) {index_vector_dim = 1 : i64, input_batching_dims = array<i64>, inserted_window_dims = array<i64: 0>, scatter_dims_to_operand_dims = array<i64: 0>, scatter_indices_batching_dims = array<i64>, update_window_dims = array<i64: 1>} : (tensor<5x3xf32>, tensor<2x1xi32>, tensor<2x3xf32>) -> tensor<5x3xf32>
// CHECK-NEXT: %[[SM:.*]] = "mlax.scatter_mul"(%[[X]], %[[IDX]], %[[UPD]]) {index_vector_dim = 1 : i64, input_batching_dims = array<i64>, inserted_window_dims = array<i64: 0>, scatter_dims_to_operand_dims = array<i64: 0>, scatter_indices_batching_dims = array<i64>, update_window_dims = array<i64: 1>} : (tensor<5x3xf32>, tensor<2x1xi32>, tensor<2x3xf32>) -> tensor<5x3xf32>
// CHECK-NEXT: %[[SMIN:.*]] = "mlax.scatter_min"(%[[X]], %[[IDX]], %[[UPD]]) {index_vector_dim = 1 : i64, input_batching_dims = array<i64>, inserted_window_dims = array<i64: 0>, scatter_dims_to_operand_dims = array<i64: 0>, scatter_indices_batching_dims = array<i64>, update_window_dims = array<i64: 1>} : (tensor<5x3xf32>, tensor<2x1xi32>, tensor<2x3xf32>) -> tensor<5x3xf32>
// CHECK-NEXT: %[[SMAX:.*]] = "mlax.scatter_max"(%[[X]], %[[IDX]], %[[UPD]]) {index_vector_dim = 1 : i64, input_batching_dims = array<i64>, inserted_window_dims = array<i64: 0>, scatter_dims_to_operand_dims = array<i64: 0>, scatter_indices_batching_dims = array<i64>, update_window_dims = array<i64: 1>} : (tensor<5x3xf32>, tensor<2x1xi32>, tensor<2x3xf32>) -> tensor<5x3xf32>
// CHECK-NEXT: return %[[G]], %[[S]], %[[SA]], %[[SM]], %[[SMIN]], %[[SMAX]] : tensor<2x3xf32>, tensor<5x3xf32>, tensor<5x3xf32>, tensor<5x3xf32>, tensor<5x3xf32>, tensor<5x3xf32>
func.func @gather_scatter(%x: tensor<5x3xf32>, %idx: tensor<2x1xi32>, %upd: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<5x3xf32>, tensor<5x3xf32>, tensor<5x3xf32>, tensor<5x3xf32>, tensor<5x3xf32>) {
  %g = "mlax.gather"(%x, %idx) {collapsed_slice_dims = array<i64: 0>, index_vector_dim = 1 : i64, offset_dims = array<i64: 1>, operand_batching_dims = array<i64>, slice_sizes = array<i64: 1, 3>, start_index_map = array<i64: 0>, start_indices_batching_dims = array<i64>} : (tensor<5x3xf32>, tensor<2x1xi32>) -> tensor<2x3xf32>
  %s = "mlax.scatter"(%x, %idx, %upd) {index_vector_dim = 1 : i64, input_batching_dims = array<i64>, inserted_window_dims = array<i64: 0>, scatter_dims_to_operand_dims = array<i64: 0>, scatter_indices_batching_dims = array<i64>, update_window_dims = array<i64: 1>} : (tensor<5x3xf32>, tensor<2x1xi32>, tensor<2x3xf32>) -> tensor<5x3xf32>
  %sa = "mlax.scatter_add"(%x, %idx, %upd) {index_vector_dim = 1 : i64, input_batching_dims = array<i64>, inserted_window_dims = array<i64: 0>, scatter_dims_to_operand_dims = array<i64: 0>, scatter_indices_batching_dims = array<i64>, update_window_dims = array<i64: 1>} : (tensor<5x3xf32>, tensor<2x1xi32>, tensor<2x3xf32>) -> tensor<5x3xf32>
  %sm = "mlax.scatter_mul"(%x, %idx, %upd) {index_vector_dim = 1 : i64, input_batching_dims = array<i64>, inserted_window_dims = array<i64: 0>, scatter_dims_to_operand_dims = array<i64: 0>, scatter_indices_batching_dims = array<i64>, update_window_dims = array<i64: 1>} : (tensor<5x3xf32>, tensor<2x1xi32>, tensor<2x3xf32>) -> tensor<5x3xf32>
  %smin = "mlax.scatter_min"(%x, %idx, %upd) {index_vector_dim = 1 : i64, input_batching_dims = array<i64>, inserted_window_dims = array<i64: 0>, scatter_dims_to_operand_dims = array<i64: 0>, scatter_indices_batching_dims = array<i64>, update_window_dims = array<i64: 1>} : (tensor<5x3xf32>, tensor<2x1xi32>, tensor<2x3xf32>) -> tensor<5x3xf32>
  %smax = "mlax.scatter_max"(%x, %idx, %upd) {index_vector_dim = 1 : i64, input_batching_dims = array<i64>, inserted_window_dims = array<i64: 0>, scatter_dims_to_operand_dims = array<i64: 0>, scatter_indices_batching_dims = array<i64>, update_window_dims = array<i64: 1>} : (tensor<5x3xf32>, tensor<2x1xi32>, tensor<2x3xf32>) -> tensor<5x3xf32>
  return %g, %s, %sa, %sm, %smin, %smax : tensor<2x3xf32>, tensor<5x3xf32>, tensor<5x3xf32>, tensor<5x3xf32>, tensor<5x3xf32>, tensor<5x3xf32>
}

// Batched gather and scatter (operand_batching_dims / input_batching_dims).
// CHECK-LABEL: func.func @batched_gather_scatter(
// CHECK-SAME: %[[X:.*]]: tensor<2x5xf32>, %[[IDX:.*]]: tensor<2x1xi64>, %[[UPD:.*]]: tensor<2xf32>) -> (tensor<2xf32>, tensor<2x5xf32>)
// CHECK-NEXT: %[[G:.*]] = "mlax.gather"(%[[X]], %[[IDX]]) {collapsed_slice_dims = array<i64: 1>, index_vector_dim = 1 : i64, offset_dims = array<i64>, operand_batching_dims = array<i64: 0>, slice_sizes = array<i64: 1, 1>, start_index_map = array<i64: 1>, start_indices_batching_dims = array<i64: 0>} : (tensor<2x5xf32>, tensor<2x1xi64>) -> tensor<2xf32>
// CHECK-NEXT: %[[S:.*]] = "mlax.scatter_add"(%[[X]], %[[IDX]], %[[UPD]]) {index_vector_dim = 1 : i64, input_batching_dims = array<i64: 0>, inserted_window_dims = array<i64: 1>, scatter_dims_to_operand_dims = array<i64: 1>, scatter_indices_batching_dims = array<i64: 0>, update_window_dims = array<i64>} : (tensor<2x5xf32>, tensor<2x1xi64>, tensor<2xf32>) -> tensor<2x5xf32>
// CHECK-NEXT: return %[[G]], %[[S]] : tensor<2xf32>, tensor<2x5xf32>
func.func @batched_gather_scatter(%x: tensor<2x5xf32>, %idx: tensor<2x1xi64>, %upd: tensor<2xf32>) -> (tensor<2xf32>, tensor<2x5xf32>) {
  %g = "mlax.gather"(%x, %idx) {collapsed_slice_dims = array<i64: 1>, index_vector_dim = 1 : i64, offset_dims = array<i64>, operand_batching_dims = array<i64: 0>, slice_sizes = array<i64: 1, 1>, start_index_map = array<i64: 1>, start_indices_batching_dims = array<i64: 0>} : (tensor<2x5xf32>, tensor<2x1xi64>) -> tensor<2xf32>
  %s = "mlax.scatter_add"(%x, %idx, %upd) {index_vector_dim = 1 : i64, input_batching_dims = array<i64: 0>, inserted_window_dims = array<i64: 1>, scatter_dims_to_operand_dims = array<i64: 1>, scatter_indices_batching_dims = array<i64: 0>, update_window_dims = array<i64>} : (tensor<2x5xf32>, tensor<2x1xi64>, tensor<2xf32>) -> tensor<2x5xf32>
  return %g, %s : tensor<2xf32>, tensor<2x5xf32>
}

// Reductions, arg-reductions and cumulative ops.
// CHECK-LABEL: func.func @reductions(
// CHECK-SAME: %[[X:.*]]: tensor<2x3xf32>, %[[P:.*]]: tensor<2x3xi1>) -> (tensor<3xf32>, tensor<f32>, tensor<2xf32>, tensor<3xf32>, tensor<2xi1>, tensor<i1>, tensor<2xi32>, tensor<3xi64>)
// CHECK-NEXT: %[[SUM:.*]] = "mlax.reduce_sum"(%[[X]]) {axes = array<i64: 0>} : (tensor<2x3xf32>) -> tensor<3xf32>
// CHECK-NEXT: %[[PROD:.*]] = "mlax.reduce_prod"(%[[X]]) {axes = array<i64: 0, 1>} : (tensor<2x3xf32>) -> tensor<f32>
// CHECK-NEXT: %[[MAX:.*]] = "mlax.reduce_max"(%[[X]]) {axes = array<i64: 1>} : (tensor<2x3xf32>) -> tensor<2xf32>
// CHECK-NEXT: %[[MIN:.*]] = "mlax.reduce_min"(%[[X]]) {axes = array<i64: 0>} : (tensor<2x3xf32>) -> tensor<3xf32>
// CHECK-NEXT: %[[AND:.*]] = "mlax.reduce_and"(%[[P]]) {axes = array<i64: 1>} : (tensor<2x3xi1>) -> tensor<2xi1>
// CHECK-NEXT: %[[OR:.*]] = "mlax.reduce_or"(%[[P]]) {axes = array<i64: 1, 0>} : (tensor<2x3xi1>) -> tensor<i1>
// CHECK-NEXT: %[[AMAX:.*]] = "mlax.argmax"(%[[X]]) {axis = 1 : i64} : (tensor<2x3xf32>) -> tensor<2xi32>
// CHECK-NEXT: %[[AMIN:.*]] = "mlax.argmin"(%[[X]]) {axis = 0 : i64} : (tensor<2x3xf32>) -> tensor<3xi64>
// CHECK-NEXT: return %[[SUM]], %[[PROD]], %[[MAX]], %[[MIN]], %[[AND]], %[[OR]], %[[AMAX]], %[[AMIN]] : tensor<3xf32>, tensor<f32>, tensor<2xf32>, tensor<3xf32>, tensor<2xi1>, tensor<i1>, tensor<2xi32>, tensor<3xi64>
func.func @reductions(%x: tensor<2x3xf32>, %p: tensor<2x3xi1>) -> (tensor<3xf32>, tensor<f32>, tensor<2xf32>, tensor<3xf32>, tensor<2xi1>, tensor<i1>, tensor<2xi32>, tensor<3xi64>) {
  %sum = "mlax.reduce_sum"(%x) {axes = array<i64: 0>} : (tensor<2x3xf32>) -> tensor<3xf32>
  %prod = "mlax.reduce_prod"(%x) {axes = array<i64: 0, 1>} : (tensor<2x3xf32>) -> tensor<f32>
  %max = "mlax.reduce_max"(%x) {axes = array<i64: 1>} : (tensor<2x3xf32>) -> tensor<2xf32>
  %min = "mlax.reduce_min"(%x) {axes = array<i64: 0>} : (tensor<2x3xf32>) -> tensor<3xf32>
  %and = "mlax.reduce_and"(%p) {axes = array<i64: 1>} : (tensor<2x3xi1>) -> tensor<2xi1>
  %or = "mlax.reduce_or"(%p) {axes = array<i64: 1, 0>} : (tensor<2x3xi1>) -> tensor<i1>
  %amax = "mlax.argmax"(%x) {axis = 1 : i64} : (tensor<2x3xf32>) -> tensor<2xi32>
  %amin = "mlax.argmin"(%x) {axis = 0 : i64} : (tensor<2x3xf32>) -> tensor<3xi64>
  return %sum, %prod, %max, %min, %and, %or, %amax, %amin : tensor<3xf32>, tensor<f32>, tensor<2xf32>, tensor<3xf32>, tensor<2xi1>, tensor<i1>, tensor<2xi32>, tensor<3xi64>
}

// CHECK-LABEL: func.func @cumulative(
// CHECK-SAME: %[[X:.*]]: tensor<2x3xf32>, %[[I:.*]]: tensor<4xi32>) -> (tensor<2x3xf32>, tensor<4xi32>)
// CHECK-NEXT: %[[CS:.*]] = "mlax.cumsum"(%[[X]]) {axis = 1 : i64, reverse = false} : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[CP:.*]] = "mlax.cumprod"(%[[CS]]) {axis = 0 : i64, reverse = true} : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[CMAX:.*]] = "mlax.cummax"(%[[I]]) {axis = 0 : i64, reverse = false} : (tensor<4xi32>) -> tensor<4xi32>
// CHECK-NEXT: %[[CMIN:.*]] = "mlax.cummin"(%[[CMAX]]) {axis = 0 : i64, reverse = true} : (tensor<4xi32>) -> tensor<4xi32>
// CHECK-NEXT: return %[[CP]], %[[CMIN]] : tensor<2x3xf32>, tensor<4xi32>
func.func @cumulative(%x: tensor<2x3xf32>, %i: tensor<4xi32>) -> (tensor<2x3xf32>, tensor<4xi32>) {
  %cs = "mlax.cumsum"(%x) {axis = 1 : i64, reverse = false} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %cp = "mlax.cumprod"(%cs) {axis = 0 : i64, reverse = true} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %cmax = "mlax.cummax"(%i) {axis = 0 : i64, reverse = false} : (tensor<4xi32>) -> tensor<4xi32>
  %cmin = "mlax.cummin"(%cmax) {axis = 0 : i64, reverse = true} : (tensor<4xi32>) -> tensor<4xi32>
  return %cp, %cmin : tensor<2x3xf32>, tensor<4xi32>
}

// dot_general: a plain matrix product and a batched one.
// CHECK-LABEL: func.func @dot(
// CHECK-SAME: %[[A:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<3x4xf32>, %[[C:.*]]: tensor<5x2x3xbf16>, %[[D:.*]]: tensor<5x3xbf16>) -> (tensor<2x4xf32>, tensor<5x2xbf16>)
// CHECK-NEXT: %[[MM:.*]] = "mlax.dot_general"(%[[A]], %[[B]]) {lhs_batching_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 1>, rhs_batching_dimensions = array<i64>, rhs_contracting_dimensions = array<i64: 0>} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
// CHECK-NEXT: %[[BMV:.*]] = "mlax.dot_general"(%[[C]], %[[D]]) {lhs_batching_dimensions = array<i64: 0>, lhs_contracting_dimensions = array<i64: 2>, rhs_batching_dimensions = array<i64: 0>, rhs_contracting_dimensions = array<i64: 1>} : (tensor<5x2x3xbf16>, tensor<5x3xbf16>) -> tensor<5x2xbf16>
// CHECK-NEXT: return %[[MM]], %[[BMV]] : tensor<2x4xf32>, tensor<5x2xbf16>
func.func @dot(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>, %c: tensor<5x2x3xbf16>, %d: tensor<5x3xbf16>) -> (tensor<2x4xf32>, tensor<5x2xbf16>) {
  %mm = "mlax.dot_general"(%a, %b) {lhs_batching_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 1>, rhs_batching_dimensions = array<i64>, rhs_contracting_dimensions = array<i64: 0>} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %bmv = "mlax.dot_general"(%c, %d) {lhs_batching_dimensions = array<i64: 0>, lhs_contracting_dimensions = array<i64: 2>, rhs_batching_dimensions = array<i64: 0>, rhs_contracting_dimensions = array<i64: 1>} : (tensor<5x2x3xbf16>, tensor<5x3xbf16>) -> tensor<5x2xbf16>
  return %mm, %bmv : tensor<2x4xf32>, tensor<5x2xbf16>
}

// sort and argsort, stable or not.
// CHECK-LABEL: func.func @sorting(
// CHECK-SAME: %[[X:.*]]: tensor<2x4xf32>, %[[P:.*]]: tensor<3xi1>) -> (tensor<2x4xf32>, tensor<3xi1>, tensor<2x4xi32>, tensor<2x4xi64>)
// CHECK-NEXT: %[[S:.*]] = "mlax.sort"(%[[X]]) {dimension = 1 : i64, is_stable = true} : (tensor<2x4xf32>) -> tensor<2x4xf32>
// CHECK-NEXT: %[[SP:.*]] = "mlax.sort"(%[[P]]) {dimension = 0 : i64, is_stable = false} : (tensor<3xi1>) -> tensor<3xi1>
// CHECK-NEXT: %[[A:.*]] = "mlax.argsort"(%[[X]]) {dimension = 1 : i64, is_stable = true} : (tensor<2x4xf32>) -> tensor<2x4xi32>
// CHECK-NEXT: %[[A64:.*]] = "mlax.argsort"(%[[X]]) {dimension = 0 : i64, is_stable = false} : (tensor<2x4xf32>) -> tensor<2x4xi64>
// CHECK-NEXT: return %[[S]], %[[SP]], %[[A]], %[[A64]] : tensor<2x4xf32>, tensor<3xi1>, tensor<2x4xi32>, tensor<2x4xi64>
func.func @sorting(%x: tensor<2x4xf32>, %p: tensor<3xi1>) -> (tensor<2x4xf32>, tensor<3xi1>, tensor<2x4xi32>, tensor<2x4xi64>) {
  %s = "mlax.sort"(%x) {dimension = 1 : i64, is_stable = true} : (tensor<2x4xf32>) -> tensor<2x4xf32>
  %sp = "mlax.sort"(%p) {dimension = 0 : i64, is_stable = false} : (tensor<3xi1>) -> tensor<3xi1>
  %a = "mlax.argsort"(%x) {dimension = 1 : i64, is_stable = true} : (tensor<2x4xf32>) -> tensor<2x4xi32>
  %a64 = "mlax.argsort"(%x) {dimension = 0 : i64, is_stable = false} : (tensor<2x4xf32>) -> tensor<2x4xi64>
  return %s, %sp, %a, %a64 : tensor<2x4xf32>, tensor<3xi1>, tensor<2x4xi32>, tensor<2x4xi64>
}

// Constants of every element type, splat and not, and iota.
// CHECK-LABEL: func.func @constants(
// CHECK-SAME: ) -> (tensor<2x2xf32>, tensor<3xf32>, tensor<f32>, tensor<2xf64>, tensor<3xf16>, tensor<2xbf16>, tensor<2xbf16>, tensor<3xi1>, tensor<2xi1>, tensor<3xi32>, tensor<i32>, tensor<2xi64>, tensor<2xui32>, tensor<4xui32>)
// CHECK-NEXT: %[[F32:.*]] = "mlax.constant"() {value = dense<{{\[\[}}1.000000e+00, -2.500000e+00], [0.000000e+00, 3.000000e+00]]> : tensor<2x2xf32>} : () -> tensor<2x2xf32>
// CHECK-NEXT: %[[F32S:.*]] = "mlax.constant"() {value = dense<5.000000e-01> : tensor<3xf32>} : () -> tensor<3xf32>
// CHECK-NEXT: %[[F32R0:.*]] = "mlax.constant"() {value = dense<-1.000000e+00> : tensor<f32>} : () -> tensor<f32>
// CHECK-NEXT: %[[F64:.*]] = "mlax.constant"() {value = dense<[1.000000e+00, 1.000000e+100]> : tensor<2xf64>} : () -> tensor<2xf64>
// CHECK-NEXT: %[[F16:.*]] = "mlax.constant"() {value = dense<[1.000000e+00, 5.000000e-01, -2.000000e+00]> : tensor<3xf16>} : () -> tensor<3xf16>
// CHECK-NEXT: %[[BF16:.*]] = "mlax.constant"() {value = dense<[1.000000e+00, 2.500000e+00]> : tensor<2xbf16>} : () -> tensor<2xbf16>
// CHECK-NEXT: %[[BF16S:.*]] = "mlax.constant"() {value = dense<-4.000000e+00> : tensor<2xbf16>} : () -> tensor<2xbf16>
// CHECK-NEXT: %[[I1:.*]] = "mlax.constant"() {value = dense<[true, false, true]> : tensor<3xi1>} : () -> tensor<3xi1>
// CHECK-NEXT: %[[I1S:.*]] = "mlax.constant"() {value = dense<false> : tensor<2xi1>} : () -> tensor<2xi1>
// CHECK-NEXT: %[[I32:.*]] = "mlax.constant"() {value = dense<[1, -2, 3]> : tensor<3xi32>} : () -> tensor<3xi32>
// CHECK-NEXT: %[[I32R0:.*]] = "mlax.constant"() {value = dense<7> : tensor<i32>} : () -> tensor<i32>
// CHECK-NEXT: %[[I64:.*]] = "mlax.constant"() {value = dense<[-9223372036854775808, 9223372036854775807]> : tensor<2xi64>} : () -> tensor<2xi64>
// CHECK-NEXT: %[[UI32:.*]] = "mlax.constant"() {value = dense<[0, 4294967295]> : tensor<2xui32>} : () -> tensor<2xui32>
// CHECK-NEXT: %[[UI32S:.*]] = "mlax.constant"() {value = dense<42> : tensor<4xui32>} : () -> tensor<4xui32>
// CHECK-NEXT: return %[[F32]], %[[F32S]], %[[F32R0]], %[[F64]], %[[F16]], %[[BF16]], %[[BF16S]], %[[I1]], %[[I1S]], %[[I32]], %[[I32R0]], %[[I64]], %[[UI32]], %[[UI32S]] : tensor<2x2xf32>, tensor<3xf32>, tensor<f32>, tensor<2xf64>, tensor<3xf16>, tensor<2xbf16>, tensor<2xbf16>, tensor<3xi1>, tensor<2xi1>, tensor<3xi32>, tensor<i32>, tensor<2xi64>, tensor<2xui32>, tensor<4xui32>
func.func @constants() -> (tensor<2x2xf32>, tensor<3xf32>, tensor<f32>, tensor<2xf64>, tensor<3xf16>, tensor<2xbf16>, tensor<2xbf16>, tensor<3xi1>, tensor<2xi1>, tensor<3xi32>, tensor<i32>, tensor<2xi64>, tensor<2xui32>, tensor<4xui32>) {
  %f32 = "mlax.constant"() {value = dense<[[1.000000e+00, -2.500000e+00], [0.000000e+00, 3.000000e+00]]> : tensor<2x2xf32>} : () -> tensor<2x2xf32>
  %f32s = "mlax.constant"() {value = dense<5.000000e-01> : tensor<3xf32>} : () -> tensor<3xf32>
  %f32r0 = "mlax.constant"() {value = dense<-1.000000e+00> : tensor<f32>} : () -> tensor<f32>
  %f64 = "mlax.constant"() {value = dense<[1.000000e+00, 1.000000e+100]> : tensor<2xf64>} : () -> tensor<2xf64>
  %f16 = "mlax.constant"() {value = dense<[1.000000e+00, 5.000000e-01, -2.000000e+00]> : tensor<3xf16>} : () -> tensor<3xf16>
  %bf16 = "mlax.constant"() {value = dense<[1.000000e+00, 2.500000e+00]> : tensor<2xbf16>} : () -> tensor<2xbf16>
  %bf16s = "mlax.constant"() {value = dense<-4.000000e+00> : tensor<2xbf16>} : () -> tensor<2xbf16>
  %i1 = "mlax.constant"() {value = dense<[true, false, true]> : tensor<3xi1>} : () -> tensor<3xi1>
  %i1s = "mlax.constant"() {value = dense<false> : tensor<2xi1>} : () -> tensor<2xi1>
  %i32 = "mlax.constant"() {value = dense<[1, -2, 3]> : tensor<3xi32>} : () -> tensor<3xi32>
  %i32r0 = "mlax.constant"() {value = dense<7> : tensor<i32>} : () -> tensor<i32>
  %i64 = "mlax.constant"() {value = dense<[-9223372036854775808, 9223372036854775807]> : tensor<2xi64>} : () -> tensor<2xi64>
  %ui32 = "mlax.constant"() {value = dense<[0, 4294967295]> : tensor<2xui32>} : () -> tensor<2xui32>
  %ui32s = "mlax.constant"() {value = dense<42> : tensor<4xui32>} : () -> tensor<4xui32>
  return %f32, %f32s, %f32r0, %f64, %f16, %bf16, %bf16s, %i1, %i1s, %i32, %i32r0, %i64, %ui32, %ui32s : tensor<2x2xf32>, tensor<3xf32>, tensor<f32>, tensor<2xf64>, tensor<3xf16>, tensor<2xbf16>, tensor<2xbf16>, tensor<3xi1>, tensor<2xi1>, tensor<3xi32>, tensor<i32>, tensor<2xi64>, tensor<2xui32>, tensor<4xui32>
}

// CHECK-LABEL: func.func @iotas(
// CHECK-SAME: ) -> (tensor<5xi32>, tensor<2x3xf32>, tensor<4xui32>)
// CHECK-NEXT: %[[V0:.*]] = "mlax.iota"() {iota_dimension = 0 : i64} : () -> tensor<5xi32>
// CHECK-NEXT: %[[V1:.*]] = "mlax.iota"() {iota_dimension = 1 : i64} : () -> tensor<2x3xf32>
// CHECK-NEXT: %[[V2:.*]] = "mlax.iota"() {iota_dimension = 0 : i64} : () -> tensor<4xui32>
// CHECK-NEXT: return %[[V0]], %[[V1]], %[[V2]] : tensor<5xi32>, tensor<2x3xf32>, tensor<4xui32>
func.func @iotas() -> (tensor<5xi32>, tensor<2x3xf32>, tensor<4xui32>) {
  %0 = "mlax.iota"() {iota_dimension = 0 : i64} : () -> tensor<5xi32>
  %1 = "mlax.iota"() {iota_dimension = 1 : i64} : () -> tensor<2x3xf32>
  %2 = "mlax.iota"() {iota_dimension = 0 : i64} : () -> tensor<4xui32>
  return %0, %1, %2 : tensor<5xi32>, tensor<2x3xf32>, tensor<4xui32>
}

// Higher-order ops: func.func declarations carrying the op's attribute dictionary, and the
// functions they name.
// CHECK-LABEL: func.func @loss(
// CHECK-SAME: %[[W:.*]]: tensor<2xf32>, %[[X:.*]]: tensor<5xf32>) -> (tensor<f32>, tensor<5xf32>)
// CHECK-NEXT: %[[V0:.*]] = "mlax.reduce_sum"(%[[X]]) {axes = array<i64: 0>} : (tensor<5xf32>) -> tensor<f32>
// CHECK-NEXT: return %[[V0]], %[[X]] : tensor<f32>, tensor<5xf32>
func.func @loss(%w: tensor<2xf32>, %x: tensor<5xf32>) -> (tensor<f32>, tensor<5xf32>) {
  %0 = "mlax.reduce_sum"(%x) {axes = array<i64: 0>} : (tensor<5xf32>) -> tensor<f32>
  return %0, %x : tensor<f32>, tensor<5xf32>
}
// CHECK-LABEL: func.func private @loss_grad(
// CHECK-SAME: tensor<2xf32>, tensor<5xf32>) -> (tensor<2xf32>, tensor<5xf32>) attributes {mlax.grad = {argnums = array<i64: 0>, callee = @loss, has_aux = true}}
func.func private @loss_grad(tensor<2xf32>, tensor<5xf32>) -> (tensor<2xf32>, tensor<5xf32>) attributes {mlax.grad = {argnums = array<i64: 0>, callee = @loss, has_aux = true}}
// CHECK-LABEL: func.func private @loss_grad_all(
// CHECK-SAME: tensor<2xf32>, tensor<5xf32>) -> (tensor<2xf32>, tensor<5xf32>) attributes {mlax.grad = {argnums = array<i64: 0, 1>, callee = @loss, has_aux = false}}
func.func private @loss_grad_all(tensor<2xf32>, tensor<5xf32>) -> (tensor<2xf32>, tensor<5xf32>) attributes {mlax.grad = {argnums = array<i64: 0, 1>, callee = @loss, has_aux = false}}

// CHECK-LABEL: func.func @f(
// CHECK-SAME: %[[X:.*]]: tensor<3xf32>) -> tensor<3xf32>
// CHECK-NEXT: %[[V0:.*]] = "mlax.sin"(%[[X]]) : (tensor<3xf32>) -> tensor<3xf32>
// CHECK-NEXT: return %[[V0]] : tensor<3xf32>
func.func @f(%x: tensor<3xf32>) -> tensor<3xf32> {
  %0 = "mlax.sin"(%x) : (tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}
// CHECK-LABEL: func.func private @f_jvp(
// CHECK-SAME: tensor<3xf32>, tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>) attributes {mlax.jvp = {callee = @f}}
func.func private @f_jvp(tensor<3xf32>, tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>) attributes {mlax.jvp = {callee = @f}}
// CHECK-LABEL: func.func private @f_vjp(
// CHECK-SAME: tensor<3xf32>, tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>) attributes {mlax.vjp = {callee = @f}}
func.func private @f_vjp(tensor<3xf32>, tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>) attributes {mlax.vjp = {callee = @f}}

// CHECK-LABEL: func.func @pair(
// CHECK-SAME: %[[X:.*]]: tensor<3xf32>, %[[Y:.*]]: tensor<2xf32>) -> (tensor<3xf32>, tensor<2xf32>)
// CHECK-NEXT: return %[[X]], %[[Y]] : tensor<3xf32>, tensor<2xf32>
func.func @pair(%x: tensor<3xf32>, %y: tensor<2xf32>) -> (tensor<3xf32>, tensor<2xf32>) {
  return %x, %y : tensor<3xf32>, tensor<2xf32>
}
// CHECK-LABEL: func.func private @pair_vmap(
// CHECK-SAME: tensor<4x3xf32>, tensor<2xf32>) -> (tensor<3x4xf32>, tensor<2xf32>) attributes {mlax.vmap = {axis_size = 4 : i64, callee = @pair, in_axes = [0, unit], out_axes = [1, unit]}}
func.func private @pair_vmap(tensor<4x3xf32>, tensor<2xf32>) -> (tensor<3x4xf32>, tensor<2xf32>) attributes {mlax.vmap = {axis_size = 4 : i64, callee = @pair, in_axes = [0, unit], out_axes = [1, unit]}}

// CHECK-LABEL: func.func @step(
// CHECK-SAME: %[[K:.*]]: tensor<f32>, %[[C:.*]]: tensor<2xf32>, %[[X:.*]]: tensor<2xf32>) -> (tensor<2xf32>, tensor<f32>)
// CHECK-NEXT: %[[V0:.*]] = "mlax.add"(%[[C]], %[[X]]) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
// CHECK-NEXT: return %[[V0]], %[[K]] : tensor<2xf32>, tensor<f32>
func.func @step(%k: tensor<f32>, %c: tensor<2xf32>, %x: tensor<2xf32>) -> (tensor<2xf32>, tensor<f32>) {
  %0 = "mlax.add"(%c, %x) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0, %k : tensor<2xf32>, tensor<f32>
}
// CHECK-LABEL: func.func private @scan(
// CHECK-SAME: tensor<f32>, tensor<2xf32>, tensor<5x2xf32>) -> (tensor<2xf32>, tensor<5xf32>) attributes {mlax.scan = {body = @step, length = 5 : i64, num_carry = 1 : i64, num_consts = 1 : i64, reverse = false}}
func.func private @scan(tensor<f32>, tensor<2xf32>, tensor<5x2xf32>) -> (tensor<2xf32>, tensor<5xf32>) attributes {mlax.scan = {body = @step, length = 5 : i64, num_carry = 1 : i64, num_consts = 1 : i64, reverse = false}}

// CHECK-LABEL: func.func @keep_going(
// CHECK-SAME: %[[LIMIT:.*]]: tensor<i32>, %[[I:.*]]: tensor<i32>, %[[V:.*]]: tensor<2xf32>) -> tensor<i1>
// CHECK-NEXT: %[[V0:.*]] = "mlax.compare"(%[[I]], %[[LIMIT]]) {comparison_direction = "LT"} : (tensor<i32>, tensor<i32>) -> tensor<i1>
// CHECK-NEXT: return %[[V0]] : tensor<i1>
func.func @keep_going(%limit: tensor<i32>, %i: tensor<i32>, %v: tensor<2xf32>) -> tensor<i1> {
  %0 = "mlax.compare"(%i, %limit) {comparison_direction = "LT"} : (tensor<i32>, tensor<i32>) -> tensor<i1>
  return %0 : tensor<i1>
}
// CHECK-LABEL: func.func @advance(
// CHECK-SAME: %[[D:.*]]: tensor<2xf32>, %[[I:.*]]: tensor<i32>, %[[V:.*]]: tensor<2xf32>) -> (tensor<i32>, tensor<2xf32>)
// CHECK-NEXT: %[[V0:.*]] = "mlax.add"(%[[V]], %[[D]]) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
// CHECK-NEXT: return %[[I]], %[[V0]] : tensor<i32>, tensor<2xf32>
func.func @advance(%d: tensor<2xf32>, %i: tensor<i32>, %v: tensor<2xf32>) -> (tensor<i32>, tensor<2xf32>) {
  %0 = "mlax.add"(%v, %d) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %i, %0 : tensor<i32>, tensor<2xf32>
}
// CHECK-LABEL: func.func private @loop(
// CHECK-SAME: tensor<i32>, tensor<2xf32>, tensor<i32>, tensor<2xf32>) -> (tensor<i32>, tensor<2xf32>) attributes {mlax.while = {body = @advance, body_nconsts = 1 : i64, cond = @keep_going, cond_nconsts = 1 : i64}}
func.func private @loop(tensor<i32>, tensor<2xf32>, tensor<i32>, tensor<2xf32>) -> (tensor<i32>, tensor<2xf32>) attributes {mlax.while = {body = @advance, body_nconsts = 1 : i64, cond = @keep_going, cond_nconsts = 1 : i64}}

// CHECK-LABEL: func.func @branch0(
// CHECK-SAME: %[[X:.*]]: tensor<2xf32>) -> tensor<2xf32>
// CHECK-NEXT: return %[[X]] : tensor<2xf32>
func.func @branch0(%x: tensor<2xf32>) -> tensor<2xf32> {
  return %x : tensor<2xf32>
}
// CHECK-LABEL: func.func @branch1(
// CHECK-SAME: %[[X:.*]]: tensor<2xf32>) -> tensor<2xf32>
// CHECK-NEXT: %[[V0:.*]] = "mlax.neg"(%[[X]]) : (tensor<2xf32>) -> tensor<2xf32>
// CHECK-NEXT: return %[[V0]] : tensor<2xf32>
func.func @branch1(%x: tensor<2xf32>) -> tensor<2xf32> {
  %0 = "mlax.neg"(%x) : (tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}
// CHECK-LABEL: func.func private @switch(
// CHECK-SAME: tensor<i32>, tensor<2xf32>) -> tensor<2xf32> attributes {mlax.cond = {branches = [@branch0, @branch1]}}
func.func private @switch(tensor<i32>, tensor<2xf32>) -> tensor<2xf32> attributes {mlax.cond = {branches = [@branch0, @branch1]}}

// Each declaration is called like any function.
// CHECK-LABEL: func.func @calls(
// CHECK-SAME: %[[W:.*]]: tensor<2xf32>, %[[X:.*]]: tensor<5xf32>, %[[V:.*]]: tensor<3xf32>, %[[B:.*]]: tensor<4x3xf32>, %[[Y:.*]]: tensor<2xf32>, %[[K:.*]]: tensor<f32>, %[[XS:.*]]: tensor<5x2xf32>, %[[N:.*]]: tensor<i32>, %[[IDX:.*]]: tensor<i32>) -> (tensor<2xf32>, tensor<5xf32>, tensor<5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3x4xf32>, tensor<5xf32>, tensor<2xf32>, tensor<2xf32>)
// CHECK-NEXT: %[[G:.*]]:2 = call @loss_grad(%[[W]], %[[X]]) : (tensor<2xf32>, tensor<5xf32>) -> (tensor<2xf32>, tensor<5xf32>)
// CHECK-NEXT: %[[GA:.*]]:2 = call @loss_grad_all(%[[W]], %[[X]]) : (tensor<2xf32>, tensor<5xf32>) -> (tensor<2xf32>, tensor<5xf32>)
// CHECK-NEXT: %[[J:.*]]:2 = call @f_jvp(%[[V]], %[[V]]) : (tensor<3xf32>, tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>)
// CHECK-NEXT: %[[R:.*]]:2 = call @f_vjp(%[[V]], %[[J]]#1) : (tensor<3xf32>, tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>)
// CHECK-NEXT: %[[M:.*]]:2 = call @pair_vmap(%[[B]], %[[Y]]) : (tensor<4x3xf32>, tensor<2xf32>) -> (tensor<3x4xf32>, tensor<2xf32>)
// CHECK-NEXT: %[[S:.*]]:2 = call @scan(%[[K]], %[[Y]], %[[XS]]) : (tensor<f32>, tensor<2xf32>, tensor<5x2xf32>) -> (tensor<2xf32>, tensor<5xf32>)
// CHECK-NEXT: %[[L:.*]]:2 = call @loop(%[[N]], %[[Y]], %[[N]], %[[S]]#0) : (tensor<i32>, tensor<2xf32>, tensor<i32>, tensor<2xf32>) -> (tensor<i32>, tensor<2xf32>)
// CHECK-NEXT: %[[C:.*]] = call @switch(%[[IDX]], %[[L]]#1) : (tensor<i32>, tensor<2xf32>) -> tensor<2xf32>
// CHECK-NEXT: return %[[G]]#0, %[[G]]#1, %[[GA]]#1, %[[R]]#0, %[[R]]#1, %[[M]]#0, %[[S]]#1, %[[C]], %[[GA]]#0 : tensor<2xf32>, tensor<5xf32>, tensor<5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3x4xf32>, tensor<5xf32>, tensor<2xf32>, tensor<2xf32>
func.func @calls(%w: tensor<2xf32>, %x: tensor<5xf32>, %v: tensor<3xf32>, %b: tensor<4x3xf32>, %y: tensor<2xf32>, %k: tensor<f32>, %xs: tensor<5x2xf32>, %n: tensor<i32>, %idx: tensor<i32>) -> (tensor<2xf32>, tensor<5xf32>, tensor<5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3x4xf32>, tensor<5xf32>, tensor<2xf32>, tensor<2xf32>) {
  %g:2 = call @loss_grad(%w, %x) : (tensor<2xf32>, tensor<5xf32>) -> (tensor<2xf32>, tensor<5xf32>)
  %ga:2 = call @loss_grad_all(%w, %x) : (tensor<2xf32>, tensor<5xf32>) -> (tensor<2xf32>, tensor<5xf32>)
  %j:2 = call @f_jvp(%v, %v) : (tensor<3xf32>, tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>)
  %r:2 = call @f_vjp(%v, %j#1) : (tensor<3xf32>, tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>)
  %m:2 = call @pair_vmap(%b, %y) : (tensor<4x3xf32>, tensor<2xf32>) -> (tensor<3x4xf32>, tensor<2xf32>)
  %s:2 = call @scan(%k, %y, %xs) : (tensor<f32>, tensor<2xf32>, tensor<5x2xf32>) -> (tensor<2xf32>, tensor<5xf32>)
  %l:2 = call @loop(%n, %y, %n, %s#0) : (tensor<i32>, tensor<2xf32>, tensor<i32>, tensor<2xf32>) -> (tensor<i32>, tensor<2xf32>)
  %c = call @switch(%idx, %l#1) : (tensor<i32>, tensor<2xf32>) -> tensor<2xf32>
  return %g#0, %g#1, %ga#1, %r#0, %r#1, %m#0, %s#1, %c, %ga#0 : tensor<2xf32>, tensor<5xf32>, tensor<5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3x4xf32>, tensor<5xf32>, tensor<2xf32>, tensor<2xf32>
}
