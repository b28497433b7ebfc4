// The llama.cpp block types through their format objects (family/ggml.h).
#include "ggmlquant.h"

#include "core/quant/family/ggml.h"

namespace ql {

DType ggmlStorageType(QFormat f)
{
    return blockFormatOf(f).dtype();
}

int64_t ggmlRowBytes(QFormat f, int64_t n)
{
    return blockFormatOf(f).rowBytes(n);
}

void quantizeGgmlRow(QFormat f, const float* x, int64_t n, uint8_t* out, const float* importance)
{
    blockFormatOf(f).quantizeRow(x, n, out, importance, true);
}

void detail::quantizeGgmlRowScalar(QFormat f, const float* x, int64_t n, uint8_t* out, const float* importance)
{
    blockFormatOf(f).quantizeRow(x, n, out, importance, false);
}

} // namespace ql
