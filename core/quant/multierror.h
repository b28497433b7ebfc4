#pragma once
/// \file multierror.h
/// \brief The error of several specs on one visit of a weight matrix (what a sweep measures).

#include "quantizer.h"

#include <functional>
#include <string>
#include <vector>

namespace ql {

class Progress;

/// \brief One spec of measureErrors().
struct ErrorJob {
    QuantSpec spec;
    ErrorMetrics metrics; ///< the result, when the spec applies
    std::string unsupported; ///< why the spec does not apply (its format's Error(Unsupported) text), or empty
};

/// \brief Error metrics of several specs with one visit of \p w: each fixed chunk of rows is taken
/// once and every spec's fused error path runs on it while it is in cache, in parallel over the
/// chunks. Each job's metrics are bit-identical to measureError(job.spec, w), whatever the number of
/// threads (the same chunks, reduced in the same order). A spec whose format refuses the matrix gets
/// ErrorJob::unsupported instead. \p progress (optional) is checked for cancellation per chunk and
/// advanced by each chunk's values times the jobs that apply. \returns the units it advanced.
int64_t measureErrors(const WeightMatrix& w, std::vector<ErrorJob>& jobs, Progress* progress = nullptr);

/// \returns whether \p spec's error needs nothing beyond each chunk of rows (its scales come from the
/// rows themselves: llama.cpp block types, and groups or channels with min-max ranges rounded to nearest).
bool chunkLocalError(const QuantSpec& spec);

/// \brief Reads rows [firstRow, firstRow + rows) of a matrix into \p out (rows × cols floats).
using RowReader = std::function<void(int64_t firstRow, int64_t rows, float* out)>;

/// \brief measureErrors over a rows × cols matrix that is never held whole: each chunk of rows is
/// read and converted once, by \p read into a cache-sized buffer of the thread, and every job runs
/// on it there. Every job must be chunkLocalError(); the results equal measureErrors' on the whole
/// matrix bit for bit.
int64_t measureErrorsStreamed(
    int64_t rows, int64_t cols, const RowReader& read, std::vector<ErrorJob>& jobs, Progress* progress = nullptr);

/// \brief How readWeightMatrix() lays tensor \p index out: rows × cols, and whether its values are
/// already in that row-major order in the file (false: Keras kernels, which are transposed).
struct WeightShape {
    int64_t rows = 0, cols = 0;
    bool rowMajor = true;
};
WeightShape weightShape(const Model& model, size_t index);

} // namespace ql
