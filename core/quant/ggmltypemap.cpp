#include "ggmltypemap.h"

#include "../io/ggmltypes.h"
#include "../util/error.h"

#include <cctype>

namespace ql {

std::optional<uint32_t> ggmlTypeOfSpec(const QuantSpec& s)
{
    if (s.format == QFormat::FP16)
        return ggml::F16;
    if (s.format == QFormat::BF16)
        return ggml::BF16;
    if (!s.isGgml())
        return std::nullopt;
    // The llama.cpp formats are named as ggml names them (ignoring case) and take no options.
    const auto t = ggmlTypeByName(s.toString());
    return t ? std::optional<uint32_t>(t->id) : std::nullopt;
}

std::optional<uint32_t> ggmlTypeForSpec(const std::string& spec)
{
    try {
        return ggmlTypeOfSpec(parseSpec(spec));
    } catch (const Error&) {
        return std::nullopt;
    }
}

std::string specForGgmlType(uint32_t type)
{
    const auto info = ggmlType(type);
    if (!info || info->blockSize == 0 || type == ggml::F32)
        return {};
    std::string name = type == ggml::F16 ? std::string("fp16") : std::string(info->name);
    for (auto& c : name)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    try {
        const QuantSpec s = parseSpec(name);
        return ggmlTypeOfSpec(s) == type ? s.toString() : std::string();
    } catch (const Error&) {
        return {};
    }
}

} // namespace ql
