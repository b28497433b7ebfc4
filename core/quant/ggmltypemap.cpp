#include "ggmltypemap.h"

#include "core/quant/family/ggml.h"
#include "numberformat.h"

#include "core/io/ggmltypes.h"
#include "core/util/error.h"

#include <cctype>

namespace ql {

std::optional<uint32_t> ggmlTypeOfSpec(const QuantSpec& s)
{
    if (s.format == QFormat::FP16)
        return ggml::F16;
    if (s.format == QFormat::BF16)
        return ggml::BF16;
    // The llama.cpp block formats know their ggml type (mxfp4_ggml is ggml's MXFP4; mxfp4 is OCP's).
    if (const BlockFormat* b = formatOf(s).blocks())
        return b->ggmlType();
    return std::nullopt;
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
    for (const NumberFormat* f : allFormats())
        if (f->blocks() && f->blocks()->ggmlType() == type)
            return f->name();
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
