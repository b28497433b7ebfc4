#include "ladder.h"

#include "formats.h"
#include "groupkernel.h"
#include "nvfp4.h"

#include "core/io/dtype.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

namespace ql {

namespace {
    constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

    /// Decodes a small float's bits (the inverse of its encoding; E4M3 has NaN only at S.1111.111).
    double decodeMini(uint32_t bits, const MiniFloat& f)
    {
        const uint32_t sign = (bits >> (f.ebits + f.mbits)) & 1u;
        const uint32_t e = (bits >> f.mbits) & ((1u << f.ebits) - 1);
        const uint32_t m = bits & ((1u << f.mbits) - 1);
        double v;
        if (&f == &kE4M3 && e == 15 && m == 7)
            v = kNaN;
        else if (&f == &kE5M2 && e == 31)
            v = m ? kNaN : std::numeric_limits<double>::infinity();
        else
            v = e == 0 ? std::ldexp(double(m), 1 - f.bias - f.mbits)
                       : std::ldexp(double((1u << f.mbits) | m), int(e) - f.bias - f.mbits);
        return sign ? -v : v;
    }

    uint32_t encodeMini(float q, const MiniFloat& f)
    {
        // Search the code whose value is q: the grids are at most 256 values.
        const uint32_t n = 1u << (1 + f.ebits + f.mbits);
        for (uint32_t b = 0; b < n; ++b) {
            const double v = decodeMini(b, f);
            if (v == double(q) && std::signbit(v) == std::signbit(q))
                return b;
            if (std::isnan(v) && std::isnan(q))
                return b;
        }
        return 0;
    }

    /// The stored value and up to kAround values of \p grid (ascending, distinct, finite) on each side.
    void fillAround(LadderRow& r, const std::vector<double>& grid)
    {
        r.around.clear();
        const auto at = std::lower_bound(grid.begin(), grid.end(), r.value);
        const auto from = at - std::min<std::ptrdiff_t>(kAround, at - grid.begin());
        auto to = at;
        if (to != grid.end() && *to == r.value)
            ++to;
        to += std::min<std::ptrdiff_t>(kAround, grid.end() - to);
        r.around.assign(from, at);
        r.around.push_back(r.value);
        r.around.insert(r.around.end(), (at != grid.end() && *at == r.value) ? at + 1 : at, to);
    }

    /// Neighbours on a grid of codes: the closest values below and above the stored value, and the
    /// number line around it.
    template <typename Decode> void neighbours(LadderRow& r, uint32_t codes, Decode decode)
    {
        std::vector<double> grid;
        grid.reserve(codes);
        for (uint32_t b = 0; b < codes; ++b) {
            const double v = decode(b);
            if (std::isfinite(v))
                grid.push_back(v == 0 ? 0.0 : v); // −0 and +0 are one point
        }
        std::sort(grid.begin(), grid.end());
        grid.erase(std::unique(grid.begin(), grid.end()), grid.end());
        const auto at = std::lower_bound(grid.begin(), grid.end(), r.value);
        r.below = at != grid.begin() ? *(at - 1) : kNaN;
        const auto up = std::upper_bound(grid.begin(), grid.end(), r.value);
        r.above = up != grid.end() ? *up : kNaN;
        fillAround(r, grid);
    }

    /// The block floats' scale for a block whose largest magnitude is \p range: OCP MX's power of two
    /// (emax of the element format) or NVFP4's E4M3 × FP32 product, the block being the whole tensor.
    double blockScale(const std::string& format, float range)
    {
        if (!(range > 0) || !std::isfinite(range))
            return 0;
        if (format == "NVFP4") {
            const float t = nvfp4TensorScale(range);
            return double(nvfp4BlockScale(range, t) * t);
        }
        const MiniFloat& f = format == "MXFP8 E4M3" ? kE4M3 : format == "MXFP6 E2M3" ? kE2M3 : kE2M1;
        return double(detail::mxScale(range, std::ilogb(f.maxValue)));
    }

    const MiniFloat& blockElement(const std::string& format)
    {
        return format == "MXFP8 E4M3" ? kE4M3 : format == "MXFP6 E2M3" ? kE2M3 : kE2M1;
    }

    double fp32Neighbour(float v, bool up)
    {
        return std::nextafter(v, up ? std::numeric_limits<float>::infinity() : -std::numeric_limits<float>::infinity());
    }
} // namespace

std::vector<LadderRow> precisionLadder(float x, float scale)
{
    std::vector<LadderRow> out;
    LadderRow f32 { "FP32", 1, 8, 23, std::bit_cast<uint32_t>(x), x, fp32Neighbour(x, false), fp32Neighbour(x, true),
        {} };
    if (std::isfinite(x)) {
        std::vector<double> grid { double(x) };
        float lo = x, hi = x;
        for (int i = 0; i < kAround; ++i) {
            lo = std::nextafter(lo, -std::numeric_limits<float>::infinity());
            hi = std::nextafter(hi, std::numeric_limits<float>::infinity());
            if (std::isfinite(lo))
                grid.insert(grid.begin(), lo);
            if (std::isfinite(hi))
                grid.push_back(hi);
        }
        fillAround(f32, grid);
    }
    out.push_back(f32);

    const float bf = roundToBf16(x);
    LadderRow b16 { "BF16", 1, 8, 7, std::bit_cast<uint32_t>(bf) >> 16, bf, 0, 0, {} };
    neighbours(b16, 1u << 16, [](uint32_t b) { return double(bf16ToFloat(uint16_t(b))); });
    out.push_back(b16);

    const uint16_t h = floatToHalf(x);
    LadderRow f16 { "FP16", 1, 5, 10, h, halfToFloat(h), 0, 0, {} };
    neighbours(f16, 1u << 16, [](uint32_t b) { return double(halfToFloat(uint16_t(b))); });
    out.push_back(f16);

    const std::pair<const char*, const MiniFloat*> minis[]
        = { { "FP8 E4M3", &kE4M3 }, { "FP8 E5M2", &kE5M2 }, { "FP4 E2M1", &kE2M1 } };
    for (const auto& [name, fmt] : minis) {
        const float q = roundMiniFloat(x, *fmt);
        LadderRow r { name, 1, fmt->ebits, fmt->mbits, encodeMini(q, *fmt), q, 0, 0, {} };
        neighbours(r, 1u << r.bits(), [&, fmt = fmt](uint32_t b) { return decodeMini(b, *fmt); });
        out.push_back(r);
    }

    for (int bits : { 8, 4 }) {
        const int qmax = (1 << (bits - 1)) - 1;
        const double s = double(scale) / qmax;
        const double c = s > 0 ? std::clamp(std::nearbyint(double(x) / s), double(-qmax - 1), double(qmax)) : 0.0;
        LadderRow r { bits == 8 ? "INT8" : "INT4", 0, 0, bits, uint32_t(int32_t(c)) & ((1u << bits) - 1), c * s,
            (c - 1) * s, (c + 1) * s, {} };
        if (c <= -qmax - 1)
            r.below = kNaN;
        if (c >= qmax)
            r.above = kNaN;
        std::vector<double> grid;
        for (double k = std::max(c - kAround, double(-qmax - 1)); k <= std::min(c + kAround, double(qmax)); ++k)
            grid.push_back(k * s);
        if (s > 0)
            fillAround(r, grid);
        else
            r.around = { 0.0 };
        out.push_back(r);
    }

    const int code = scale > 0 ? nf4Code(x / scale) : 7;
    LadderRow nf { "NF4", 0, 0, 4, uint32_t(code), double(kNf4Levels[code]) * scale,
        code > 0 ? double(kNf4Levels[code - 1]) * scale : kNaN, code < 15 ? double(kNf4Levels[code + 1]) * scale : kNaN,
        {} };
    std::vector<double> levels;
    for (float l : kNf4Levels)
        levels.push_back(double(l) * scale);
    if (scale > 0)
        fillAround(nf, levels);
    else
        nf.around = { 0.0 };
    out.push_back(nf);

    // The six-bit elements of MXFP6, cast raw.
    const std::pair<const char*, const MiniFloat*> fp6[] = { { "FP6 E2M3", &kE2M3 }, { "FP6 E3M2", &kE3M2 } };
    for (const auto& [name, fmt] : fp6) {
        const float q = roundMiniFloat(x, *fmt);
        LadderRow r { name, 1, fmt->ebits, fmt->mbits, encodeMini(q, *fmt), q, 0, 0, {} };
        neighbours(r, 1u << r.bits(), [&, fmt = fmt](uint32_t b) { return decodeMini(b, *fmt); });
        out.push_back(r);
    }
    // The block floats, in a block whose largest magnitude is the range: the element's bits, and the
    // value times the block's scale.
    for (const char* name : { "MXFP8 E4M3", "MXFP6 E2M3", "MXFP4", "NVFP4" }) {
        const MiniFloat& fmt = blockElement(name);
        const double bs = blockScale(name, scale);
        const float e = bs > 0 ? roundMiniFloat(float(double(x) / bs), fmt) : 0.0f;
        LadderRow r { name, 1, fmt.ebits, fmt.mbits, encodeMini(e, fmt), double(e) * bs, 0, 0, {} };
        if (bs > 0)
            neighbours(r, 1u << r.bits(), [&](uint32_t b) { return decodeMini(b, fmt) * bs; });
        else
            r.around = { 0.0 };
        out.push_back(r);
    }
    return out;
}

double flipBit(const LadderRow& row, int bit, float scale)
{
    if (bit < 0 || bit >= row.bits())
        return row.value;
    const uint32_t code = row.code ^ (1u << bit);
    if (row.format == "FP32")
        return std::bit_cast<float>(code);
    if (row.format == "BF16")
        return bf16ToFloat(uint16_t(code));
    if (row.format == "FP16")
        return halfToFloat(uint16_t(code));
    if (row.format == "FP8 E4M3")
        return decodeMini(code, kE4M3);
    if (row.format == "FP8 E5M2")
        return decodeMini(code, kE5M2);
    if (row.format == "FP4 E2M1")
        return decodeMini(code, kE2M1);
    if (row.format == "NF4")
        return double(kNf4Levels[code & 15u]) * scale;
    if (row.format == "FP6 E2M3")
        return decodeMini(code, kE2M3);
    if (row.format == "FP6 E3M2")
        return decodeMini(code, kE3M2);
    if (row.format == "MXFP8 E4M3" || row.format == "MXFP6 E2M3" || row.format == "MXFP4" || row.format == "NVFP4")
        return decodeMini(code, blockElement(row.format)) * blockScale(row.format, scale);
    // Integers: two's complement of the row's width.
    const int bits = row.bits();
    int32_t c = int32_t(code);
    if (c & (1 << (bits - 1)))
        c -= 1 << bits;
    const int qmax = (1 << (bits - 1)) - 1;
    return double(c) * double(scale) / qmax;
}

} // namespace ql
