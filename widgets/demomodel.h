#pragma once
// The demo models embedded in the application's resources, written to the cache folder on first
// use (loaders map files, so they need a real path).

#include <QString>

namespace ql {

enum class Demo {
    DigitsMlp, ///< MLP trained on the scikit-learn digits, with its evaluation data
    Stories260K, ///< the tiny Llama from llama2.c (GGUF)
    DigitsCnn, ///< a small CNN (batch norm folded) on the same digits, with the same evaluation data
};

/// \returns the path of the demo model file, extracting it (atomically) when needed, or an empty
/// string with \p error set.
QString demoModelPath(Demo demo, QString* error = nullptr);

} // namespace ql
