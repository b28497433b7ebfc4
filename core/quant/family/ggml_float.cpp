// llama.cpp's FP4 block types as ggml computes them (they differ from the OCP and NVIDIA recipes in
// rounding and scale details, so they have their own spec names):
// - mxfp4_ggml (ggml type MXFP4, 4.25 bpw): 32 E2M1 values and an E8M0 exponent
//   floor(log2f(max|x|)) − 2 (ggml's libm log2f and its wrap-around for tiny blocks included);
// - nvfp4_ggml (ggml type NVFP4, 4.5 bpw): 64 values in four sub-blocks of 16, each with an
//   unsigned E4M3 scale max|x| / 6 (ggml's rounding of it), no per-tensor scale.
// Each value takes the first of E2M1's sixteen codes nearest to it; importance is ignored.
#include "families.h"
#include "ggml.h"

#include "core/io/ggmlgrids.h"
#include "core/io/ggmllowbit.h"

#include <cmath>
#include <cstring>

namespace ql::family {

namespace {
    /// The first code whose doubled E2M1 value times \p d is nearest to \p x (ggml's best_index_mxfp4).
    inline int nearestFp4(float x, float d)
    {
        int best = 0;
        float bestErr = std::fabs(float(ggml::kFp4Doubled[0]) * d - x);
        for (int i = 1; i < 16; ++i) {
            const float err = std::fabs(float(ggml::kFp4Doubled[i]) * d - x);
            if (err < bestErr) {
                best = i;
                bestErr = err;
            }
        }
        return best;
    }

    /// ggml's E8M0 exponent of a block: floor(log2f(amax)) − 2 + 127 in float, converted through a
    /// 32-bit integer (so a block below 2^−126 wraps around as ggml's build does).
    inline uint8_t mxExponent(float amax)
    {
        if (!(amax > 0.0f))
            return 0;
        return uint8_t(int32_t(std::floor(std::log2(amax)) - 2 + 127));
    }

    void mxfp4(const float* x, int64_t nb, uint8_t* out)
    {
        for (int64_t i = 0; i < nb; ++i, x += 32, out += sizeof(BlockMXFP4)) {
            float amax = 0.0f;
            for (int j = 0; j < 32; ++j)
                if (amax < std::fabs(x[j]))
                    amax = std::fabs(x[j]);
            const uint8_t e = mxExponent(amax);
            const float d = e8m0HalfToFloat(e);
            out[0] = e;
            for (int j = 0; j < 16; ++j)
                out[1 + j] = uint8_t(nearestFp4(x[j], d) | (nearestFp4(x[16 + j], d) << 4));
        }
    }

    /// ggml's float → unsigned E4M3 (the scale of NVFP4): clamped to 448, the mantissa rounded half up.
    uint8_t toUe4m3(float x)
    {
        if (!(x > 0.0f))
            return 0;
        if (x > 448.0f)
            x = 448.0f;
        uint32_t bits;
        std::memcpy(&bits, &x, 4);
        const int exp = int((bits >> 23) & 0xFF) - 127;
        const int man = int((bits >> 20) & 0x7);
        int e = exp + 7;
        if (e <= 0) {
            int m = int(x * 512.0f + 0.5f);
            if (m > 7)
                m = 7;
            return m < 1 ? 0 : uint8_t(m);
        }
        if (e >= 15)
            return 0x7E;
        int m = man + int((bits >> 19) & 1);
        if (m > 7) {
            m = 0;
            if (++e >= 15)
                return 0x7E;
        }
        return uint8_t((e << 3) | m);
    }

    void nvfp4(const float* x, int64_t nb, uint8_t* out)
    {
        for (int64_t i = 0; i < nb; ++i, out += sizeof(BlockNVFP4)) {
            for (int s = 0; s < 4; ++s, x += 16) {
                float amax = 0.0f;
                for (int j = 0; j < 16; ++j)
                    if (amax < std::fabs(x[j]))
                        amax = std::fabs(x[j]);
                const uint8_t ue = toUe4m3(amax / 6.0f);
                out[s] = ue;
                const float d = ue4m3HalfToFloat(ue);
                for (int j = 0; j < 8; ++j)
                    out[4 + 8 * s + j] = uint8_t(nearestFp4(x[j], d) | (nearestFp4(x[8 + j], d) << 4));
            }
        }
    }

    using BlocksFn = void (*)(const float*, int64_t, uint8_t*);

    class Fp4Blocks final : public BlockFormat {
    public:
        Fp4Blocks(QFormat id, const char* name, DType dtype, uint32_t ggmlType, const char* llamaName, BlocksFn fn)
            : BlockFormat(id, name, dtype, ggmlType, llamaName)
            , fn_(fn)
        {
        }
        void quantizeBlocks(const float* x, int64_t n, uint8_t* out, const float*, bool) const override
        {
            fn_(x, n / blockValues(), out);
        }

    private:
        BlocksFn fn_;
    };
} // namespace

void addGgmlFloat(FormatList& out)
{
    static const Fp4Blocks mx(QFormat::MXFP4_GGML, "mxfp4_ggml", DType::MXFP4, 39, "mxfp4", mxfp4),
        nv(QFormat::NVFP4_GGML, "nvfp4_ggml", DType::NVFP4, 40, "nvfp4", nvfp4);
    out.insert(out.end(), { &mx, &nv });
}

} // namespace ql::family
