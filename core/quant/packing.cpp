#include "packing.h"

#include "formats.h"
#include "ggmlquant.h"
#include "quantizer.h"

#include "../io/dtype.h"
#include "../io/ggmlblocks.h"
#include "../util/error.h"

#include <cmath>
#include <cstring>

namespace ql {

namespace {

    QFormat ggmlFormat(PackLayout l)
    {
        switch (l) {
        case PackLayout::Q4_0: return QFormat::Q4_0;
        case PackLayout::Q4_1: return QFormat::Q4_1;
        case PackLayout::Q8_0: return QFormat::Q8_0;
        case PackLayout::Q4_K: return QFormat::Q4_K;
        case PackLayout::Int4: break;
        }
        return QFormat::Int;
    }

    uint16_t loadU16(const uint8_t* p)
    {
        uint16_t v;
        std::memcpy(&v, p, 2);
        return v;
    }

    /// Where the 6-bit scale (or min) of Q4_K sub-block j lives (the layout kScaleMin reads):
    /// sub-blocks 0-3 use the low six bits of byte j (scale) or j+4 (min); sub-blocks 4-7 take
    /// their low four bits from byte j+4 (low nibble: scale, high nibble: min) and their top two
    /// from bits 6-7 of byte j-4 (scale) or byte j (min).
    void sixBitPlace(int j, bool min, BitsAt& low, BitsAt& high)
    {
        if (j < 4) {
            low = { j + (min ? 4 : 0), 0, 6 };
            high = {};
        } else {
            low = { j + 4, min ? 4 : 0, 4 };
            high = { min ? j : j - 4, 6, 2 };
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
            b.fields = { { PackRole::Scale, 0, 2 }, { PackRole::Min, 2, 4 }, { PackRole::SubScales, 4, 4 + kKScaleBytes },
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
        case PackLayout::Int4: break;
        }
    }

} // namespace

int blockValues(PackLayout layout) { return layout == PackLayout::Q4_K ? kQK_K : kQK; }

const char* layoutName(PackLayout layout)
{
    switch (layout) {
    case PackLayout::Int4: return "int4";
    case PackLayout::Q4_0: return "q4_0";
    case PackLayout::Q4_1: return "q4_1";
    case PackLayout::Q8_0: return "q8_0";
    case PackLayout::Q4_K: return "q4_k";
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

PackedBlock packBlock(PackLayout layout, const float* row, int64_t n, int64_t block)
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
    if (layout == PackLayout::Int4)
        describeInt4(b, x.data());
    else
        describeGgml(b, x.data());
    return b;
}

} // namespace ql
