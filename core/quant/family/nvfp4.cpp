// NVIDIA's NVFP4 (see nvfp4.h): a two-level scaled E2M1 format. The per-tensor FP32 scale comes
// first (from the finite max |x| of the whole tensor), then each block of 16 gets its E4M3 scale;
// QuantParams::scale holds the product E4M3 · FP32 that values are divided by and multiplied with,
// QuantParams::tensorScale the FP32 one. Bits per weight: 4 + 8 / 16 + 32 / values.
#include "families.h"
#include "minifloatbase.h"

#include "core/quant/nvfp4.h"
#include "core/quant/rowchunks.h"

#include "core/util/error.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ql {

float nvfp4TensorScale(float amax)
{
    return amax > 0 && std::isfinite(amax) ? amax / (6.0f * 448.0f) : 0.0f;
}

float nvfp4BlockScale(float blockAmax, float tensorScale)
{
    if (!(tensorScale > 0))
        return 0.0f;
    float q = blockAmax / (6.0f * tensorScale); // both FP32 operations, as ModelOpt computes them
    if (q == 0)
        q = 1.0f;
    return roundMiniFloat(q, kE4M3);
}

namespace family {

    namespace {
        float finiteAbsMax(const float* x, int64_t n)
        {
            float mn = std::numeric_limits<float>::infinity(), mx = -std::numeric_limits<float>::infinity();
            simd::finiteMinMax(x, n, mn, mx);
            return mn <= mx ? std::max(-mn, mx) : 0.0f;
        }

        class NvFp4Format final : public MiniFloatBase {
        public:
            NvFp4Format()
                : MiniFloatBase(QFormat::NVFP4, "nvfp4", kE2M1, kE2M1)
            {
            }
            void defaults(QuantSpec& s) const override
            {
                s.granularity = Granularity::Block;
                s.group = kNvfp4Block;
            }
            double bitsPerWeight(const QuantSpec&, int64_t, int64_t values) const override
            {
                return 4.0 + 8.0 / kNvfp4Block + (values > 0 ? 32.0 / double(values) : 0.0);
            }
            bool tensorWideScales() const override { return true; }
            void scaleFromRange(const QuantSpec&, const ClipRange&, float&, float&) const override
            {
                // A block's scale depends on the tensor's scale, which one group's range cannot give.
                throw Error(ErrorCode::Unsupported, {},
                    { "nvfp4 scales of single groups (its block scales follow the tensor's FP32 scale; quantize "
                      "whole tensors)" });
            }
            QuantParams params(const QuantSpec&, const WeightMatrix& w, const float*) const override
            {
                QuantParams p;
                p.groupCols = kNvfp4Block;
                p.groupsPerRow = (w.cols + kNvfp4Block - 1) / kNvfp4Block;
                const size_t chunks = size_t(detail::rowChunks(w.rows, w.cols));
                std::vector<float> amax(chunks, 0.0f);
                detail::forRowChunks(w.rows, w.cols, [&](int64_t c, int64_t r0, int64_t r1) {
                    amax[size_t(c)] = finiteAbsMax(w.data + r0 * w.cols, (r1 - r0) * w.cols);
                });
                p.tensorScale = nvfp4TensorScale(amax.empty() ? 0.0f : *std::max_element(amax.begin(), amax.end()));
                p.scale.assign(size_t(w.rows * p.groupsPerRow), 0.0f);
                detail::forRowChunks(w.rows, w.cols, [&](int64_t, int64_t r0, int64_t r1) {
                    for (int64_t r = r0; r < r1; ++r)
                        for (int64_t g = 0; g < p.groupsPerRow; ++g) {
                            const int64_t c0 = g * kNvfp4Block, n = std::min<int64_t>(kNvfp4Block, w.cols - c0);
                            const float e4m3
                                = nvfp4BlockScale(finiteAbsMax(w.data + r * w.cols + c0, n), p.tensorScale);
                            p.scale[size_t(r * p.groupsPerRow + g)] = e4m3 * p.tensorScale;
                        }
                });
                return p;
            }
        };
    } // namespace

    void addNvFp4(FormatList& out)
    {
        static const NvFp4Format nvfp4;
        out.push_back(&nvfp4);
    }

} // namespace family

} // namespace ql
