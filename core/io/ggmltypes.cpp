#include "ggmltypes.h"

#include <array>
#include <cctype>

#include "core/util/error.h"

namespace ql {

namespace {
    // Ids, names and block geometry as ggml's type traits give them in the pinned release; removed
    // ids keep their slot so that an old file's type is named rather than misread.
    constexpr std::array<GgmlTypeInfo, ggml::Count> kTypes { {
        { 0, "f32", 1, 4, false, true },
        { 1, "f16", 1, 2, false, true },
        { 2, "q4_0", 32, 18, true, true },
        { 3, "q4_1", 32, 20, true, true },
        { 4, "DEPRECATED", 0, 0, false, false },
        { 5, "DEPRECATED", 0, 0, false, false },
        { 6, "q5_0", 32, 22, true, true },
        { 7, "q5_1", 32, 24, true, true },
        { 8, "q8_0", 32, 34, true, true },
        { 9, "q8_1", 32, 36, true, false },
        { 10, "q2_K", 256, 84, true, true },
        { 11, "q3_K", 256, 110, true, true },
        { 12, "q4_K", 256, 144, true, true },
        { 13, "q5_K", 256, 176, true, true },
        { 14, "q6_K", 256, 210, true, true },
        { 15, "q8_K", 256, 292, true, false },
        { 16, "iq2_xxs", 256, 66, true, true },
        { 17, "iq2_xs", 256, 74, true, true },
        { 18, "iq3_xxs", 256, 98, true, true },
        { 19, "iq1_s", 256, 50, true, true },
        { 20, "iq4_nl", 32, 18, true, true },
        { 21, "iq3_s", 256, 110, true, true },
        { 22, "iq2_s", 256, 82, true, true },
        { 23, "iq4_xs", 256, 136, true, true },
        { 24, "i8", 1, 1, false, false },
        { 25, "i16", 1, 2, false, false },
        { 26, "i32", 1, 4, false, false },
        { 27, "i64", 1, 8, false, false },
        { 28, "f64", 1, 8, false, false },
        { 29, "iq1_m", 256, 56, true, true },
        { 30, "bf16", 1, 2, false, true },
        { 31, "q4_0_4_4 (removed)", 0, 0, false, false },
        { 32, "q4_0_4_8 (removed)", 0, 0, false, false },
        { 33, "q4_0_8_8 (removed)", 0, 0, false, false },
        { 34, "tq1_0", 256, 54, true, true },
        { 35, "tq2_0", 256, 66, true, true },
        { 36, "iq4_nl_4_4 (removed)", 0, 0, false, false },
        { 37, "iq4_nl_4_8 (removed)", 0, 0, false, false },
        { 38, "iq4_nl_8_8 (removed)", 0, 0, false, false },
        { 39, "mxfp4", 32, 17, true, true },
        { 40, "nvfp4", 64, 36, true, true },
        { 41, "q1_0", 128, 18, true, true },
        { 42, "q2_0", 64, 18, true, true },
    } };

    bool equalsIgnoringCase(std::string_view a, std::string_view b)
    {
        if (a.size() != b.size())
            return false;
        for (size_t i = 0; i < a.size(); ++i)
            if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
                return false;
        return true;
    }
} // namespace

std::optional<uint32_t> ggmlTypeOfDType(DType t)
{
    for (uint32_t id = 0; id < ggml::Count; ++id)
        if (const auto d = dtypeFromGgml(id); d && *d == t)
            return id;
    return std::nullopt;
}

std::optional<GgmlTypeInfo> ggmlType(uint32_t id)
{
    if (id >= kTypes.size())
        return std::nullopt;
    return kTypes[id];
}

std::optional<GgmlTypeInfo> ggmlTypeByName(std::string_view name)
{
    for (const auto& t : kTypes)
        if (t.blockSize > 0 && equalsIgnoringCase(t.name, name))
            return t;
    return std::nullopt;
}

std::string ggmlWritableTypeNames()
{
    std::string out;
    for (const auto& t : kTypes)
        if (t.writable)
            out += (out.empty() ? "" : ", ") + std::string(t.name);
    return out;
}

namespace {
    uint32_t blockSize(uint32_t type) { return uint32_t(ggmlType(type).value_or(GgmlTypeInfo {}).blockSize); }
}

uint32_t llamaFallbackType(uint32_t type, int64_t rowLength)
{
    const uint32_t qk = blockSize(type);
    if (qk == 0 || rowLength % qk == 0)
        return type;
    uint32_t r = type;
    switch (type) {
    case ggml::IQ1_S:
    case ggml::IQ1_M:
    case ggml::IQ2_XXS:
    case ggml::IQ2_XS:
    case ggml::IQ2_S:
    case ggml::IQ3_XXS:
    case ggml::IQ3_S:
    case ggml::IQ4_XS: r = ggml::IQ4_NL; break;
    case ggml::Q2_0:
    case ggml::Q2_K:
    case ggml::Q3_K:
    case ggml::TQ1_0:
    case ggml::TQ2_0: r = ggml::Q4_0; break;
    case ggml::Q4_K: r = ggml::Q5_0; break;
    case ggml::Q5_K: r = ggml::Q5_1; break;
    case ggml::Q6_K: r = ggml::Q8_0; break;
    default:
        if (qk > 32)
            throw Error(ErrorCode::Unsupported, {},
                { "llama-quantize has no fallback for type " + std::string(ggmlType(type)->name) + " on rows of " + std::to_string(rowLength) + " values (it stops)" });
        break; // a 32-value block type that does not fit becomes F16 below
    }
    return rowLength % blockSize(r) == 0 ? r : ggml::F16;
}

} // namespace ql
