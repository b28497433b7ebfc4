#include "spec.h"

#include <charconv>

#include "../util/error.h"

#include <cmath>
#include <cstdio>
#include <map>
#include <vector>

namespace ql {

namespace {
    struct FormatRow {
        const char* name;
        QFormat format;
        int bits; ///< integer bits, or 0
        int block; ///< fixed block for Block formats, else 0
    };
    const FormatRow kFormats[] = {
        { "int2", QFormat::Int, 2, 0 }, { "int3", QFormat::Int, 3, 0 }, { "int4", QFormat::Int, 4, 0 },
        { "int5", QFormat::Int, 5, 0 }, { "int6", QFormat::Int, 6, 0 }, { "int7", QFormat::Int, 7, 0 },
        { "int8", QFormat::Int, 8, 0 }, { "fp16", QFormat::FP16, 0, 0 }, { "bf16", QFormat::BF16, 0, 0 },
        { "fp8_e4m3", QFormat::FP8_E4M3, 0, 0 }, { "fp8_e5m2", QFormat::FP8_E5M2, 0, 0 },
        { "fp4_e2m1", QFormat::FP4_E2M1, 0, 0 }, { "mxfp4", QFormat::MXFP4, 0, 32 }, { "nf4", QFormat::NF4, 0, 0 },
        { "q8_0", QFormat::Q8_0, 0, 32 }, { "q4_0", QFormat::Q4_0, 0, 32 }, { "q4_1", QFormat::Q4_1, 0, 32 },
        { "q5_0", QFormat::Q5_0, 0, 32 }, { "q5_1", QFormat::Q5_1, 0, 32 }, { "q2_k", QFormat::Q2_K, 0, 256 },
        { "q3_k", QFormat::Q3_K, 0, 256 }, { "q4_k", QFormat::Q4_K, 0, 256 }, { "q5_k", QFormat::Q5_K, 0, 256 },
        { "q6_k", QFormat::Q6_K, 0, 256 },
    };

    const FormatRow& rowOf(QFormat f, int bits)
    {
        for (const auto& r : kFormats)
            if (r.format == f && (f != QFormat::Int || r.bits == bits))
                return r;
        return kFormats[6];
    }

    std::string lower(std::string_view s)
    {
        std::string out(s);
        for (auto& c : out)
            c = char(std::tolower(static_cast<unsigned char>(c)));
        return out;
    }

    std::string number(double v)
    {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%g", v);
        return buf;
    }

    /// Bits per weight of the llama.cpp block formats (block bytes × 8 / block values).
    double ggmlBits(QFormat f)
    {
        switch (f) {
        case QFormat::Q8_0: return 34.0 * 8 / 32;
        case QFormat::Q4_0: return 18.0 * 8 / 32;
        case QFormat::Q4_1: return 20.0 * 8 / 32;
        case QFormat::Q5_0: return 22.0 * 8 / 32;
        case QFormat::Q5_1: return 24.0 * 8 / 32;
        case QFormat::Q2_K: return 84.0 * 8 / 256;
        case QFormat::Q3_K: return 110.0 * 8 / 256;
        case QFormat::Q4_K: return 144.0 * 8 / 256;
        case QFormat::Q5_K: return 176.0 * 8 / 256;
        case QFormat::Q6_K: return 210.0 * 8 / 256;
        default: return 0;
        }
    }

    /// Element bits of the float and lookup formats.
    int elementBits(QFormat f)
    {
        switch (f) {
        case QFormat::FP16:
        case QFormat::BF16: return 16;
        case QFormat::FP8_E4M3:
        case QFormat::FP8_E5M2: return 8;
        case QFormat::FP4_E2M1:
        case QFormat::MXFP4:
        case QFormat::NF4: return 4;
        default: return 0;
        }
    }
} // namespace

std::string specHelp()
{
    return "Allowed: FORMAT[:GRANULARITY][:sym|asym][:CLIP][:ROUNDING] with FORMAT one of int2 … int8, fp16, bf16, "
           "fp8_e4m3, fp8_e5m2, fp4_e2m1, mxfp4, nf4, q8_0, q4_0, q4_1, q5_0, q5_1, q2_k, q3_k, q4_k, q5_k, q6_k; "
           "GRANULARITY tensor, channel or gN (N values per group along the input dimension; nf4 defaults to g64), "
           "raw for fp8/fp4 without a scale; CLIP minmax, pP (percentile, e.g. p99.9), mse or kl (integer and "
           "scaled float formats); ROUNDING rne (default), away or stochN (seed N). "
           "fp16, bf16, mxfp4 and the q* formats take no options.";
}

QuantSpec parseSpec(std::string_view text)
{
    const std::string t = lower(text);
    auto fail = [&](const std::string& why) -> QuantSpec { throw Error(ErrorCode::BadSpec, {}, { std::string(text), why, specHelp() }); };
    std::vector<std::string> parts;
    size_t start = 0;
    while (start <= t.size()) {
        size_t colon = t.find(':', start);
        if (colon == std::string::npos)
            colon = t.size();
        parts.push_back(t.substr(start, colon - start));
        start = colon + 1;
    }
    if (parts.empty() || parts[0].empty())
        return fail("no format");
    QuantSpec s;
    const FormatRow* fr = nullptr;
    for (const auto& r : kFormats)
        if (parts[0] == r.name)
            fr = &r;
    if (!fr)
        return fail("unknown format '" + parts[0] + "'");
    s.format = fr->format;
    s.bits = fr->bits ? fr->bits : 0;
    if (s.isGgml() || s.format == QFormat::MXFP4) {
        s.granularity = Granularity::Block;
        s.group = fr->block;
    } else if (s.format == QFormat::FP16 || s.format == QFormat::BF16) {
        s.granularity = Granularity::None;
    } else if (s.format == QFormat::NF4) {
        s.granularity = Granularity::Group;
        s.group = 64;
    } else if (s.isFloat()) {
        s.granularity = Granularity::Tensor;
    }
    bool haveGran = false, haveSym = false, haveClip = false, haveRound = false;
    const bool fixed = s.granularity == Granularity::Block || s.granularity == Granularity::None;
    for (size_t i = 1; i < parts.size(); ++i) {
        const std::string& p = parts[i];
        if (p.empty())
            return fail("empty option");
        if (fixed)
            return fail("'" + parts[0] + "' takes no options (got '" + p + "')");
        const bool isGroup = p.size() > 1 && p[0] == 'g' && p.find_first_not_of("0123456789", 1) == std::string::npos;
        if (p == "tensor" || p == "channel" || p == "raw" || isGroup) {
            if (haveGran)
                return fail("more than one granularity");
            haveGran = true;
            if (p == "tensor") {
                s.granularity = Granularity::Tensor;
            } else if (p == "channel") {
                s.granularity = Granularity::Channel;
            } else if (p == "raw") {
                if (s.format == QFormat::Int || s.format == QFormat::NF4)
                    return fail("'raw' (no scale) is only for fp8 and fp4 formats");
                s.granularity = Granularity::None;
            } else {
                if (p.size() > 7)
                    return fail("group size too large");
                std::from_chars(p.data() + 1, p.data() + p.size(), s.group);
                if (s.group < 2 || s.group > 1 << 20)
                    return fail("group size must be between 2 and 1048576");
                s.granularity = Granularity::Group;
            }
        } else if (p == "sym" || p == "asym") {
            if (haveSym)
                return fail("both sym and asym");
            haveSym = true;
            if (p == "asym" && s.format != QFormat::Int)
                return fail("asym (zero-point) applies to integer formats only");
            s.symmetric = p == "sym";
        } else if (p == "minmax" || p == "mse" || p == "kl" || (p.size() > 1 && p[0] == 'p')) {
            if (haveClip)
                return fail("more than one clip method");
            haveClip = true;
            if (p == "minmax") {
                s.clip = ClipMethod::MinMax;
            } else if (p == "mse") {
                s.clip = ClipMethod::Mse;
            } else if (p == "kl") {
                s.clip = ClipMethod::Kl;
            } else {
                char* end = nullptr;
                const double v = std::strtod(p.c_str() + 1, &end);
                if (!end || *end != '\0' || !(v > 50.0 && v <= 100.0))
                    return fail("percentile '" + p + "' must be pP with 50 < P <= 100");
                s.clip = ClipMethod::Percentile;
                s.percentile = v;
            }
        } else if (p == "rne" || p == "away" || (p.starts_with("stoch") && p.find_first_not_of("0123456789", 5) == std::string::npos)) {
            if (haveRound)
                return fail("more than one rounding mode");
            haveRound = true;
            if (p == "rne") {
                s.rounding = Rounding::NearestEven;
            } else if (p == "away") {
                s.rounding = Rounding::HalfAway;
            } else {
                s.rounding = Rounding::Stochastic;
                s.seed = 0;
                if (p.size() > 5 && std::from_chars(p.data() + 5, p.data() + p.size(), s.seed).ec != std::errc())
                    return fail("seed too large");
            }
        } else {
            return fail("unknown option '" + p + "'");
        }
    }
    if (s.granularity == Granularity::None && haveClip)
        return fail("a clip method needs a scale (raw casts have none)");
    if (s.isFloat() && s.format != QFormat::NF4 && haveRound && s.rounding != Rounding::NearestEven)
        return fail("float formats round to nearest even only");
    return s;
}

std::string QuantSpec::toString() const
{
    std::string out = rowOf(format, bits).name;
    if (granularity == Granularity::Block || (granularity == Granularity::None && (format == QFormat::FP16 || format == QFormat::BF16)))
        return out;
    switch (granularity) {
    case Granularity::None: out += ":raw"; return out;
    case Granularity::Tensor: out += ":tensor"; break;
    case Granularity::Channel: out += ":channel"; break;
    case Granularity::Group: out += ":g" + std::to_string(group); break;
    case Granularity::Block: break;
    }
    if (format == QFormat::Int)
        out += symmetric ? ":sym" : ":asym";
    switch (clip) {
    case ClipMethod::MinMax: out += ":minmax"; break;
    case ClipMethod::Percentile: out += ":p" + number(percentile); break;
    case ClipMethod::Mse: out += ":mse"; break;
    case ClipMethod::Kl: out += ":kl"; break;
    }
    if (rounding == Rounding::HalfAway)
        out += ":away";
    else if (rounding == Rounding::Stochastic)
        out += ":stoch" + std::to_string(seed);
    return out;
}

double bitsPerWeight(const QuantSpec& s, int64_t rowLength, int64_t values)
{
    if (s.isGgml())
        return ggmlBits(s.format);
    const double element = s.format == QFormat::Int ? double(s.bits) : double(elementBits(s.format));
    // Scale storage: FP16 per group (as GPTQ/AWQ checkpoints store it), FP32 per channel and per
    // tensor (as torch's per-channel quantization does), E8M0 per MX block, FP32 absmax per NF4 block.
    // An asymmetric zero-point takes the code's own width.
    const double zeroBits = (s.format == QFormat::Int && !s.symmetric) ? double(s.bits) : 0.0;
    switch (s.granularity) {
    case Granularity::None: return element;
    case Granularity::Block: return element + 8.0 / double(s.group); // mxfp4: E8M0 per 32
    case Granularity::Group:
        return element + ((s.format == QFormat::NF4 ? 32.0 : 16.0) + zeroBits) / double(s.group);
    case Granularity::Channel: return rowLength > 0 ? element + (32.0 + zeroBits) / double(rowLength) : element;
    case Granularity::Tensor: return values > 0 ? element + (32.0 + zeroBits) / double(values) : element;
    }
    return element;
}

} // namespace ql
