"""Coefficients of the polynomial approximations that the code generators write out (native
CPU code in passes/native_rules.py, Triton kernels in passes/triton_rules.py) and, for
erf_inv, the numpy kernels evaluate: one table each. (The numpy kernels keep numpy's exp,
log and tanh: evaluated op by op in numpy, these polynomials cost an eager scalar exp 4x.)"""

# XLA's f32 tanh (EmitFastTanh): x * P(x^2) / Q(x^2) on |x| <= TANH_BOUND, x itself below
# TANH_SMALL.
TANH_P = (-2.76076847742355e-16, 2.00018790482477e-13, -8.60467152213735e-11,
          5.12229709037114e-08, 1.48572235717979e-05, 6.37261928875436e-04,
          4.89352455891786e-03)
TANH_Q = (1.19825839466702e-06, 1.18534705686654e-04, 2.26843463243900e-03,
          4.89352518554385e-03)
TANH_BOUND = 7.90531110763549805
TANH_SMALL = 0.0004

# XLA's ErfInv32 (Giles' single-precision approximation), which JAX's erf_inv lowers to for
# 32-bit and narrower floats: a polynomial in w - 2.5 (w < 5) or sqrt(w) - 3, with
# w = -log1p(-y * y).
ERF_INV_SMALL = (2.81022636e-08, 3.43273939e-07, -3.5233877e-06, -4.39150654e-06,
                 0.00021858087, -0.00125372503, -0.00417768164, 0.246640727, 1.50140941)
ERF_INV_LARGE = (-0.000200214257, 0.000100950558, 0.00134934322, -0.00367342844,
                 0.00573950773, -0.0076224613, 0.00943887047, 1.00167406, 2.83297682)

# Cephes' expf (XLA's CPU exp computes the same function): x = n ln2 + r with n = floor(x
# log2(e) + 1/2), ln2 in two parts; exp(r) = 1 + r + r^2 P(r); 2^n built in the exponent.
EXP_CLAMP = (-104.0, 88.8)
EXP_LOG2E = 1.44269504088896341
EXP_LN2 = (0.693359375, -2.12194440e-4)
EXP_P = (1.9875691500e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2,
         1.6666665459e-1, 5.0000001201e-1)

# Cephes atan (double): atan(x) = x + x z P(z) / Q(z), z = x^2, after reducing x >= 0 by
# tan(3 pi / 8) (to -1/x, adding pi/2) or 0.66 (to (x - 1) / (x + 1), adding pi/4).
ATAN_P = (-8.750608600031904122785e-1, -1.615753718733365076637e1, -7.500855792314704667340e1,
          -1.228866684490136173410e2, -6.485021904942025371773e1)
ATAN_Q = (1.0, 2.485846490142306297962e1, 1.650270098316988542046e2, 4.328810604912902668951e2,
          4.853903996359136964868e2, 1.945506571482613964425e2)
ATAN_MOREBITS = 6.123233995736765886130e-17      # pi/2 - its double
ATAN_T3P8 = 2.41421356237309504880
