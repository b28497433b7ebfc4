#pragma once
/// \file nvfp4.h
/// \brief NVIDIA's NVFP4 (as ModelOpt's NVFP4QTensor and TensorRT store it): E2M1 values, one FP8
/// E4M3 scale per block of 16 values and one FP32 scale per tensor. The tensor scale is
/// amax / (6 · 448), so that the largest block scale lands on E4M3's largest value 448; a block's
/// scale is its max |x| / (6 · tensor scale) rounded to E4M3 (nearest even; a block of zeros gets
/// 1, as ModelOpt sets it); a value is x / (E4M3 scale · tensor scale) rounded to E2M1 (nearest
/// even, saturating at 6) and dequantizes to code · (E4M3 scale · tensor scale), the product in FP32.

namespace ql {

/// \brief Values per NVFP4 block.
inline constexpr int kNvfp4Block = 16;

/// \returns the FP32 per-tensor scale of a tensor whose largest finite magnitude is \p amax
/// (0 for an empty or all-zero tensor).
float nvfp4TensorScale(float amax);
/// \returns the E4M3 scale of a block whose largest finite magnitude is \p blockAmax, as a float
/// (a value of the E4M3 grid: 0 when the quotient is below half of E4M3's smallest subnormal, 2^−10).
float nvfp4BlockScale(float blockAmax, float tensorScale);

} // namespace ql
