#pragma once
// Internal: each family of number formats lists its formats here (called once by the registry,
// formatregistry.cpp, in the order the spec grammar shows them).

#include <vector>

namespace ql {
class NumberFormat;
}

namespace ql::family {

using FormatList = std::vector<const NumberFormat*>;

void addInt(FormatList& out); ///< int2 … int8 (int.cpp)
void addMiniFloat(FormatList& out); ///< fp16, bf16, fp8_e4m3, fp8_e5m2, fp4_e2m1 (minifloat.cpp)
void addMx(FormatList& out); ///< mxfp4, mxfp6_e2m3, mxfp6_e3m2, mxfp8_e4m3, mxfp8_e5m2 (mx.cpp)
void addNvFp4(FormatList& out); ///< nvfp4 (nvfp4.cpp)
void addLookup(FormatList& out); ///< nf4 (lookup.cpp)
void addGgmlClassic(FormatList& out); ///< q8_0, q4_0, q4_1, q5_0, q5_1 (ggml_classic.cpp)
void addGgmlKQuant(FormatList& out); ///< q2_k … q6_k (ggml_kquant.cpp)
void addGgmlIq4(FormatList& out); ///< iq4_nl, iq4_xs (ggml_iq4.cpp)
void addGgmlTernary(FormatList& out); ///< tq1_0, tq2_0, q1_0, q2_0 (ggml_ternary.cpp)
void addGgmlFloat(FormatList& out); ///< mxfp4_ggml, nvfp4_ggml (ggml_float.cpp)
void addGgmlIq2(FormatList& out); ///< iq2_xxs, iq2_xs, iq2_s (ggml_iq2.cpp)
void addGgmlIq3(FormatList& out); ///< iq3_xxs, iq3_s (ggml_iq3.cpp)
void addGgmlIq1(FormatList& out); ///< iq1_s, iq1_m (ggml_iq1.cpp)

} // namespace ql::family
