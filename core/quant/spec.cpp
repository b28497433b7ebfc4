#include "spec.h"

#include <charconv>

#include "numberformat.h"

#include "core/util/error.h"

#include <cmath>
#include <cstdio>
#include <map>
#include <vector>

namespace ql {

namespace {
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

    bool fixedFormat(const SpecRules& r)
    {
        return !r.granularity && !r.raw && !r.asym && !r.clip && !r.rounding;
    }
} // namespace

std::string specHelp()
{
    std::string names, fixed;
    for (const NumberFormat* f : allFormats()) {
        if (f->id() == QFormat::Int) {
            if (f->bits() == 2)
                names += "int2 … int8";
            continue;
        }
        names += std::string(", ") + f->name();
        if (!f->blocks() && fixedFormat(f->rules()))
            fixed += std::string(f->name()) + ", ";
    }
    return "Allowed: FORMAT[:GRANULARITY][:sym|asym][:CLIP][:ROUNDING] with FORMAT one of " + names
        + "; GRANULARITY tensor, channel or gN (N values per group along the input dimension; nf4 defaults to g64), "
          "raw for fp8/fp4 without a scale; CLIP minmax, pP (percentile, e.g. p99.9), mse or kl (integer and "
          "scaled float formats); ROUNDING rne (default), away or stochN (seed N). "
        + fixed + "and the llama.cpp types take no options.";
}

QuantSpec parseSpec(std::string_view text)
{
    const std::string t = lower(text);
    auto fail = [&](const std::string& why) -> QuantSpec {
        throw Error(ErrorCode::BadSpec, {}, { std::string(text), why, specHelp() });
    };
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
    const NumberFormat* f = findFormat(parts[0]);
    if (!f)
        return fail("unknown format '" + parts[0] + "'");
    s.format = f->id();
    s.bits = 0;
    f->defaults(s);
    const SpecRules rules = f->rules();
    bool haveGran = false, haveSym = false, haveClip = false, haveRound = false;
    const bool fixed = fixedFormat(rules);
    for (size_t i = 1; i < parts.size(); ++i) {
        const std::string& p = parts[i];
        if (p.empty())
            return fail("empty option");
        if (fixed)
            return fail("'" + parts[0] + "' takes no options (got '" + p + "')");
        const bool isGroup = p.size() > 1 && p[0] == 'g' && p.find_first_not_of("0123456789", 1) == std::string::npos;
        if (p == "tensor" || p == "channel" || p == "raw" || isGroup) {
            if (!rules.granularity)
                return fail("'" + parts[0] + "' takes no granularity (got '" + p + "')");
            if (haveGran)
                return fail("more than one granularity");
            haveGran = true;
            if (p == "tensor") {
                s.granularity = Granularity::Tensor;
            } else if (p == "channel") {
                s.granularity = Granularity::Channel;
            } else if (p == "raw") {
                if (!rules.raw)
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
            if (p == "asym" && !rules.asym)
                return fail("asym (zero-point) applies to integer formats only");
            s.symmetric = p == "sym";
        } else if (p == "minmax" || p == "mse" || p == "kl" || (p.size() > 1 && p[0] == 'p')) {
            if (!rules.clip)
                return fail("'" + parts[0] + "' takes no clip method (got '" + p + "')");
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
        } else if (p == "rne" || p == "away"
            || (p.starts_with("stoch") && p.find_first_not_of("0123456789", 5) == std::string::npos)) {
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
    if (!rules.rounding && haveRound && s.rounding != Rounding::NearestEven)
        return fail("float formats round to nearest even only");
    return s;
}

std::string QuantSpec::toString() const
{
    const NumberFormat& f = formatOf(*this);
    std::string out = f.name();
    const SpecRules rules = f.rules();
    if (granularity == Granularity::Block || fixedFormat(rules))
        return out;
    switch (granularity) {
    case Granularity::None:
        out += ":raw";
        return out;
    case Granularity::Tensor:
        out += ":tensor";
        break;
    case Granularity::Channel:
        out += ":channel";
        break;
    case Granularity::Group:
        out += ":g" + std::to_string(group);
        break;
    case Granularity::Block:
        break;
    }
    if (rules.asym)
        out += symmetric ? ":sym" : ":asym";
    switch (clip) {
    case ClipMethod::MinMax:
        out += ":minmax";
        break;
    case ClipMethod::Percentile:
        out += ":p" + number(percentile);
        break;
    case ClipMethod::Mse:
        out += ":mse";
        break;
    case ClipMethod::Kl:
        out += ":kl";
        break;
    }
    if (rounding == Rounding::HalfAway)
        out += ":away";
    else if (rounding == Rounding::Stochastic)
        out += ":stoch" + std::to_string(seed);
    return out;
}

double bitsPerWeight(const QuantSpec& s, int64_t rowLength, int64_t values)
{
    return formatOf(s).bitsPerWeight(s, rowLength, values);
}

} // namespace ql
