#include "packing.h"

#include "elementformat.h"
#include "formats.h"
#include "ggmlquant.h"
#include "nvfp4.h"
#include "quantizer.h"

#include "core/io/dtype.h"
#include "core/io/ggmlblocks.h"
#include "core/io/ggmlgrids.h"
#include "core/util/error.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace ql {

namespace {

    QFormat ggmlFormat(PackLayout l)
    {
        switch (l) {
        case PackLayout::Q4_0:
            return QFormat::Q4_0;
        case PackLayout::Q4_1:
            return QFormat::Q4_1;
        case PackLayout::Q8_0:
            return QFormat::Q8_0;
        case PackLayout::Q4_K:
            return QFormat::Q4_K;
        case PackLayout::IQ4_XS:
            return QFormat::IQ4_XS;
        case PackLayout::IQ3_XXS:
            return QFormat::IQ3_XXS;
        case PackLayout::NVFP4:
            return QFormat::NVFP4;
        case PackLayout::Int4:
            break;
        }
        return QFormat::Int;
    }

    uint16_t loadU16(const uint8_t* p)
    {
        uint16_t v;
        std::memcpy(&v, p, 2);
        return v;
    }

    uint32_t loadU32(const uint8_t* p)
    {
        uint32_t v;
        std::memcpy(&v, p, 4);
        return v;
    }

    /// Where the 6-bit scale (or min) of Q4_K sub-block j lives (the layout kScaleMin reads):
    /// sub-blocks 0-3 use the low six bits of byte j (scale) or j+4 (min); sub-blocks 4-7 take
    /// their low four bits from byte j+4 (low nibble: scale, high nibble: min) and their top two
    /// from bits 6-7 of byte j-4 (scale) or byte j (min).
    void sixBitPlace(int j, bool min, BitsAt& low, BitsAt& high)
    {
        constexpr int base = 4; // the scale bytes follow d and dmin
        if (j < 4) {
            low = { base + j + (min ? 4 : 0), 0, 6 };
            high = {};
        } else {
            low = { base + j + 4, min ? 4 : 0, 4 };
            high = { base + (min ? j : j - 4), 6, 2 };
        }
    }

    /// NVIDIA NVFP4, as ModelOpt packs it: value 2i in the low nibble of byte i, 2i+1 in the high one,
    /// then the block's E4M3 scale (the FP32 tensor scale is stored once per tensor).
    void describeNvfp4(PackedBlock& b, const float* x, float tensorAmax)
    {
        const QuantSpec spec = parseSpec("nvfp4"), raw = parseSpec("fp8_e4m3:raw");
        const ElementFormat& f = elementFormatOf(spec);
        float blockAmax = 0;
        for (int j = 0; j < kNvfp4Block; ++j)
            blockAmax = std::max(blockAmax, std::fabs(x[j]));
        b.tensorScale = nvfp4TensorScale(std::max(tensorAmax, blockAmax));
        const float e4m3 = nvfp4BlockScale(blockAmax, b.tensorScale);
        b.d = e4m3;
        b.dBits = uint16_t(elementFormatOf(raw).code(raw, e4m3, 1.0f, 0, 0));
        const float scale = e4m3 * b.tensorScale;
        b.bytes.assign(kNvfp4Block / 2 + 1, 0);
        b.bytes.back() = uint8_t(b.dBits);
        b.fields
            = { { PackRole::Codes, 0, kNvfp4Block / 2 }, { PackRole::Scale, kNvfp4Block / 2, kNvfp4Block / 2 + 1 } };
        for (int j = 0; j < kNvfp4Block; ++j) {
            PackedValue& v = b.values[size_t(j)];
            v.code = f.code(spec, x[j], scale, 0, 0) & 0xF;
            v.byte = j / 2;
            v.shift = (j % 2) * 4;
            v.width = 4;
            b.bytes[size_t(v.byte)] |= uint8_t(v.code << v.shift);
            v.scale = scale;
            v.hasLevel = true;
            v.level = scale == 0 ? 0.0f : roundMiniFloat(x[j] / scale, kE2M1);
            v.negative = (v.code & 8) != 0;
            v.dequantized = f.quantizeValue(spec, x[j], scale, 0, 0);
        }
    }

    void describeInt4(PackedBlock& b, const float* x)
    {
        const OwnedMatrix m { std::vector<float>(x, x + 32), 1, 32 };
        const QuantSpec spec = parseSpec("int4:g32:sym");
        const QuantParams p = computeParams(spec, m.view());
        const std::vector<int32_t> codes = quantizeCodes(spec, m.view(), p);
        const std::vector<float> deq = fakeQuantize(spec, m.view(), p);
        b.bytes = packInt4(codes, true);
        b.fields = { { PackRole::Codes, 0, 16 } };
        b.d = p.scale[0]; // group scales are FP16 values (see scaleFromRange)
        b.dBits = floatToHalf(b.d);
        for (int j = 0; j < 32; ++j) {
            PackedValue& v = b.values[size_t(j)];
            v.byte = j / 2;
            v.shift = (j % 2) * 4;
            v.width = 4;
            v.code = (b.bytes[size_t(v.byte)] >> v.shift) & 0xF;
            v.scale = b.d;
            v.zero = 8;
            v.dequantized = deq[size_t(j)];
        }
    }

    void describeGgml(PackedBlock& b, const float* x)
    {
        const QFormat f = ggmlFormat(b.layout);
        const int n = blockValues(b.layout);
        b.bytes.assign(size_t(ggmlRowBytes(f, n)), 0);
        quantizeGgmlRow(f, x, n, b.bytes.data());
        std::vector<float> deq(static_cast<size_t>(n), 0.0f);
        dequantizeGgml(ggmlStorageType(f), b.bytes.data(), 1, deq.data());
        const uint8_t* B = b.bytes.data();
        for (int j = 0; j < n; ++j)
            b.values[size_t(j)].dequantized = deq[size_t(j)];

        switch (b.layout) {
        case PackLayout::Q4_0:
        case PackLayout::Q4_1:
        case PackLayout::Q8_0: {
            const bool hasMin = b.layout == PackLayout::Q4_1;
            const int codes = hasMin ? 4 : 2;
            b.dBits = loadU16(B);
            b.d = halfToFloat(b.dBits);
            b.fields = { { PackRole::Scale, 0, 2 } };
            if (hasMin) {
                b.mBits = loadU16(B + 2);
                b.m = halfToFloat(b.mBits);
                b.fields.push_back({ PackRole::Min, 2, 4 });
            }
            b.fields.push_back({ PackRole::Codes, codes, int(b.bytes.size()) });
            for (int j = 0; j < n; ++j) {
                PackedValue& v = b.values[size_t(j)];
                v.scale = b.d;
                if (b.layout == PackLayout::Q8_0) {
                    v.byte = codes + j;
                    v.width = 8;
                    v.code = int(int8_t(B[v.byte]));
                } else {
                    v.byte = codes + j % 16; // value j in the low nibble, j+16 in the high one
                    v.shift = j < 16 ? 0 : 4;
                    v.width = 4;
                    v.code = (B[v.byte] >> v.shift) & 0xF;
                    v.zero = hasMin ? 0 : 8;
                    v.min = hasMin ? -b.m : 0.0f;
                }
            }
            break;
        }
        case PackLayout::Q4_K: {
            const auto* k = reinterpret_cast<const BlockQ4_K*>(B);
            b.dBits = loadU16(B);
            b.mBits = loadU16(B + 2);
            b.d = halfToFloat(b.dBits);
            b.m = halfToFloat(b.mBits);
            b.fields
                = { { PackRole::Scale, 0, 2 }, { PackRole::Min, 2, 4 }, { PackRole::SubScales, 4, 4 + kKScaleBytes },
                      { PackRole::Codes, 4 + kKScaleBytes, int(b.bytes.size()) } };
            b.subScales.resize(8);
            for (int j = 0; j < 8; ++j) {
                uint8_t sc = 0, mn = 0;
                kScaleMin(j, k->scales, sc, mn);
                SubScale& s = b.subScales[size_t(j)];
                s.scale6 = sc;
                s.min6 = mn;
                s.scale = b.d * float(sc);
                s.min = b.m * float(mn);
                sixBitPlace(j, false, s.scaleLow, s.scaleHigh);
                sixBitPlace(j, true, s.minLow, s.minHigh);
            }
            const int codes = 4 + kKScaleBytes;
            for (int j = 0; j < n; ++j) {
                PackedValue& v = b.values[size_t(j)];
                const int chunk = j / 64, l = j % 64; // 64 values share 32 bytes: low nibbles, then high
                v.byte = codes + chunk * 32 + l % 32;
                v.shift = l < 32 ? 0 : 4;
                v.width = 4;
                v.code = (B[v.byte] >> v.shift) & 0xF;
                v.subBlock = j / 32;
                v.scale = b.subScales[size_t(v.subBlock)].scale;
                v.min = b.subScales[size_t(v.subBlock)].min;
            }
            break;
        }
        case PackLayout::IQ4_XS: {
            b.dBits = loadU16(B);
            b.d = halfToFloat(b.dBits);
            const uint16_t high = loadU16(B + 2);
            b.fields = { { PackRole::Scale, 0, 2 }, { PackRole::SubScales, 2, 8 },
                { PackRole::Codes, 8, int(b.bytes.size()) } };
            b.subScales.resize(8);
            for (int ib = 0; ib < 8; ++ib) {
                SubScale& s = b.subScales[size_t(ib)];
                s.scale6 = ((B[4 + ib / 2] >> 4 * (ib % 2)) & 0xF) | (((high >> 2 * ib) & 3) << 4);
                s.scale = b.d * float(s.scale6 - 32);
                s.scaleLow = { 4 + ib / 2, 4 * (ib % 2), 4 };
                s.scaleHigh = { 2 + ib / 4, 2 * (ib % 4), 2 };
            }
            for (int j = 0; j < n; ++j) {
                PackedValue& v = b.values[size_t(j)];
                const int ib = j / 32, l = j % 32; // per 32 values 16 bytes: low nibbles, then high
                v.byte = 8 + 16 * ib + l % 16;
                v.shift = l < 16 ? 0 : 4;
                v.width = 4;
                v.code = (B[v.byte] >> v.shift) & 0xF;
                v.subBlock = ib;
                v.scale = b.subScales[size_t(ib)].scale;
                v.hasLevel = true;
                v.level = float(ggml::kIq4nlValues[v.code]);
                v.negative = v.level < 0;
            }
            break;
        }
        case PackLayout::IQ3_XXS: {
            const ggml::LatticeGrid& grid = ggml::iq3xxsGrid();
            b.dBits = loadU16(B);
            b.d = halfToFloat(b.dBits);
            constexpr int signs = 2 + kQK_K / 4; // the 64 index bytes, then one 32-bit word per 32 values
            b.fields = { { PackRole::Scale, 0, 2 }, { PackRole::Codes, 2, signs },
                { PackRole::Signs, signs, int(b.bytes.size()) } };
            b.subScales.resize(8);
            for (int ib = 0; ib < 8; ++ib) {
                const uint32_t aux = loadU32(B + signs + 4 * ib);
                SubScale& s = b.subScales[size_t(ib)];
                s.scale6 = int(aux >> 28);
                s.scale = b.d * (0.5f + float(s.scale6)) * 0.5f;
                s.scaleLow = { signs + 4 * ib + 3, 4, 4 };
                for (int l = 0; l < 4; ++l) {
                    const uint8_t bits = ggml::evenSigns(uint8_t((aux >> 7 * l) & 127));
                    for (int k = 0; k < 8; ++k) {
                        const int j = 32 * ib + 8 * l + k;
                        PackedValue& v = b.values[size_t(j)];
                        v.point = 8 * ib + 2 * l + k / 4;
                        v.pointPos = k % 4;
                        v.byte = 2 + v.point;
                        v.width = 8;
                        v.code = B[v.byte];
                        v.subBlock = ib;
                        v.scale = s.scale;
                        v.negative = (bits >> k) & 1;
                        v.hasLevel = true;
                        v.level = float(grid.value(v.code, v.pointPos)) * (v.negative ? -1.0f : 1.0f);
                        if (k < 7) {
                            const int bit = 7 * l + k;
                            v.signByte = signs + 4 * ib + bit / 8;
                            v.signBit = bit % 8;
                        } else {
                            v.signImplied = true;
                        }
                    }
                }
            }
            break;
        }
        case PackLayout::NVFP4:
        case PackLayout::Int4:
            break;
        }
    }

} // namespace

int blockValues(PackLayout layout)
{
    switch (layout) {
    case PackLayout::Q4_K:
    case PackLayout::IQ4_XS:
    case PackLayout::IQ3_XXS:
        return kQK_K;
    case PackLayout::NVFP4:
        return kNvfp4Block;
    default:
        return kQK;
    }
}

const char* layoutName(PackLayout layout)
{
    switch (layout) {
    case PackLayout::Int4:
        return "int4";
    case PackLayout::Q4_0:
        return "q4_0";
    case PackLayout::Q4_1:
        return "q4_1";
    case PackLayout::Q8_0:
        return "q8_0";
    case PackLayout::Q4_K:
        return "q4_k";
    case PackLayout::IQ4_XS:
        return "iq4_xs";
    case PackLayout::IQ3_XXS:
        return "iq3_xxs";
    case PackLayout::NVFP4:
        return "nvfp4";
    }
    return "";
}

double PackedBlock::bitsPerWeight() const
{
    const double n = double(values.size());
    return (double(bytes.size()) * 8 + (layout == PackLayout::Int4 ? 16 : 0)) / n;
}

PackRole PackedBlock::roleOf(int b) const
{
    for (const PackField& f : fields)
        if (b >= f.begin && b < f.end)
            return f.role;
    return PackRole::Codes;
}

PackedBlock packBlock(PackLayout layout, const float* row, int64_t n, int64_t block, float tensorAmax)
{
    const int64_t bn = blockValues(layout);
    PackedBlock b;
    b.layout = layout;
    b.rowLength = n;
    b.blocks = (n + bn - 1) / bn;
    b.block = block;
    if (n <= 0 || block < 0 || block >= b.blocks)
        throw Error(ErrorCode::Unsupported, {},
            { "block " + std::to_string(block) + " of a row of " + std::to_string(n) + " values ("
                + std::to_string(b.blocks) + " blocks of " + std::to_string(bn) + ")" });
    std::vector<float> x(size_t(bn), 0.0f);
    const int64_t first = block * bn, count = std::min(bn, n - first);
    for (int64_t j = 0; j < count; ++j) // non-finite inputs have no code: the block shows them as 0
        x[size_t(j)] = std::isfinite(row[first + j]) ? row[first + j] : 0.0f;
    b.padded = n % bn != 0;
    b.values.resize(size_t(bn));
    for (int64_t j = 0; j < bn; ++j) {
        PackedValue& v = b.values[size_t(j)];
        v.column = first + j;
        v.original = j < count ? row[first + j] : 0.0f;
        v.padding = j >= count;
    }
    if (layout == PackLayout::Int4) {
        describeInt4(b, x.data());
    } else if (layout == PackLayout::NVFP4) {
        if (tensorAmax < 0)
            for (int64_t j = 0; j < n; ++j)
                if (std::isfinite(row[j]))
                    tensorAmax = std::max(tensorAmax, std::fabs(row[j]));
        describeNvfp4(b, x.data(), tensorAmax);
    } else {
        describeGgml(b, x.data());
    }
    return b;
}

} // namespace ql
