#include "ggmlgrids.h"

namespace ql::ggml {

namespace {
#include "ggmlgrids.inc"

    const int8_t kIq2Levels[4] = { 8, 25, 43, 0 };
    const int8_t kIq1Levels[4] = { -1, 0, 1, 0 };
    const int8_t kIq3xxsLevels[8] = { 4, 12, 20, 28, 36, 44, 52, 62 };
    const int8_t kIq3sLevels[8] = { 1, 3, 5, 7, 9, 11, 13, 15 };
} // namespace

const int8_t kIq4nlValues[16] = { -127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113 };
const int8_t kFp4Doubled[16] = { 0, 1, 2, 3, 4, 6, 8, 12, 0, -1, -2, -3, -4, -6, -8, -12 };

const LatticeGrid& iq2xxsGrid()
{
    static const LatticeGrid g { 256, 8, 2, kGridIq2xxs, kIq2Levels };
    return g;
}
const LatticeGrid& iq2xsGrid()
{
    static const LatticeGrid g { 512, 8, 2, kGridIq2xs, kIq2Levels };
    return g;
}
const LatticeGrid& iq2sGrid()
{
    static const LatticeGrid g { 1024, 8, 2, kGridIq2s, kIq2Levels };
    return g;
}
const LatticeGrid& iq1sGrid()
{
    static const LatticeGrid g { 2048, 8, 2, kGridIq1s, kIq1Levels };
    return g;
}
const LatticeGrid& iq3xxsGrid()
{
    static const LatticeGrid g { 256, 4, 3, kGridIq3xxs, kIq3xxsLevels };
    return g;
}
const LatticeGrid& iq3sGrid()
{
    static const LatticeGrid g { 512, 4, 3, kGridIq3s, kIq3sLevels };
    return g;
}

} // namespace ql::ggml
