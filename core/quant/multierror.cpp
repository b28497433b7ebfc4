#include "multierror.h"

#include "elementformat.h"
#include "errorsums.h"
#include "numberformat.h"
#include "rowchunks.h"

#include "core/util/error.h"
#include "core/util/progress.h"

#include <tbb/enumerable_thread_specific.h>

#include <atomic>

namespace ql {

namespace {
    /// What each spec needs before the shared visit: the parameters of formats without a one-pass
    /// path and a per-tensor spec's one scale (exactly what measureError computes first).
    struct Job {
        const NumberFormat* format = nullptr;
        bool onePass = false, tensorScale = false, applies = false;
        QuantParams params;
        std::vector<ErrorSums> chunks;
        std::vector<std::string> refused; ///< per chunk: an Unsupported raised there
    };

    std::string refusal(const Error& e)
    {
        return e.arg(0).empty() ? std::string("unsupported") : e.arg(0);
    }

    class MultiError {
    public:
        /// \p w is the whole matrix; its data may be null when every job is chunk-local.
        MultiError(const WeightMatrix& w, std::vector<ErrorJob>& jobs, Progress* progress)
            : m_jobs(jobs)
            , m_plan(jobs.size())
            , m_progress(progress)
        {
            const int64_t chunkCount = detail::rowChunks(w.rows, w.cols);
            for (size_t j = 0; j < jobs.size(); ++j) {
                ErrorJob& job = jobs[j];
                Job& p = m_plan[j];
                job.unsupported.clear();
                job.metrics = {};
                try {
                    p.format = &formatOf(job.spec);
                    p.onePass = p.format->hasOnePass(job.spec);
                    if (!p.onePass) {
                        p.params = p.format->params(job.spec, w, nullptr);
                    } else if (job.spec.granularity == Granularity::Tensor) {
                        p.params = p.format->params(job.spec, w, nullptr);
                        p.tensorScale = true;
                    }
                    p.applies = true;
                } catch (const Error& e) {
                    if (e.code() != ErrorCode::Unsupported)
                        throw;
                    job.unsupported = refusal(e);
                    continue;
                }
                p.chunks.resize(size_t(chunkCount));
                p.refused.resize(size_t(chunkCount));
                ++m_applying;
            }
        }

        /// Every job on chunk \p c, rows [r0, r1) of \p view.
        void chunk(int64_t c, const WeightMatrix& view, int64_t r0, int64_t r1)
        {
            for (size_t j = 0; j < m_jobs.size(); ++j) {
                Job& p = m_plan[j];
                if (!p.applies)
                    continue;
                try {
                    if (p.onePass)
                        p.format->addErrorOnePass(
                            m_jobs[j].spec, view, r0, r1, p.tensorScale ? &p.params : nullptr, p.chunks[size_t(c)]);
                    else
                        p.format->addError(m_jobs[j].spec, view, p.params, nullptr, r0, r1, p.chunks[size_t(c)]);
                } catch (const Error& e) {
                    if (e.code() != ErrorCode::Unsupported)
                        throw;
                    p.refused[size_t(c)] = refusal(e);
                    m_anyRefused = true;
                }
            }
            if (m_progress)
                m_progress->advance((r1 - r0) * view.cols * m_applying);
        }

        int64_t finish(int64_t values)
        {
            for (size_t j = 0; j < m_jobs.size(); ++j) {
                Job& p = m_plan[j];
                if (!p.applies)
                    continue;
                if (m_anyRefused) {
                    // The first chunk's refusal, so the message does not depend on the threads' timing.
                    for (const auto& r : p.refused)
                        if (!r.empty()) {
                            m_jobs[j].unsupported = r;
                            break;
                        }
                    if (!m_jobs[j].unsupported.empty())
                        continue;
                }
                ErrorSums t;
                for (const auto& e : p.chunks)
                    t.merge(e);
                m_jobs[j].metrics = t.metrics(false);
            }
            return values * m_applying;
        }

    private:
        std::vector<ErrorJob>& m_jobs;
        std::vector<Job> m_plan;
        Progress* m_progress;
        int64_t m_applying = 0;
        std::atomic<bool> m_anyRefused { false };
    };
} // namespace

int64_t measureErrors(const WeightMatrix& w, std::vector<ErrorJob>& jobs, Progress* progress)
{
    MultiError m(w, jobs, progress);
    detail::forRowChunks(w.rows, w.cols, [&](int64_t c, int64_t r0, int64_t r1) {
        if (progress)
            progress->check();
        m.chunk(c, w, r0, r1);
    });
    return m.finish(w.rows * w.cols);
}

bool chunkLocalError(const QuantSpec& spec)
{
    const NumberFormat& f = formatOf(spec);
    if (f.blocks())
        return true; // block types choose their scales block by block; params() only checks the row length
    const ElementFormat* e = f.element();
    return e && f.hasOnePass(spec) && spec.granularity != Granularity::Tensor && !e->tensorWideScales();
}

int64_t measureErrorsStreamed(
    int64_t rows, int64_t cols, const RowReader& read, std::vector<ErrorJob>& jobs, Progress* progress)
{
    for (const auto& j : jobs)
        if (!chunkLocalError(j.spec))
            throw Error(ErrorCode::Unsupported, {}, { j.spec.toString() + " needs the whole matrix" });
    // Nothing is prepared from the values: a shape without data.
    const WeightMatrix shape { nullptr, rows, cols };
    MultiError m(shape, jobs, progress);
    tbb::enumerable_thread_specific<std::vector<float>> buffers;
    const int64_t step = detail::rowsPerChunk(cols);
    detail::forRowChunks(rows, cols, [&](int64_t c, int64_t r0, int64_t r1) {
        if (progress)
            progress->check();
        auto& buf = buffers.local();
        buf.resize(size_t(step * cols));
        read(r0, r1 - r0, buf.data());
        m.chunk(c, WeightMatrix { buf.data(), r1 - r0, cols }, 0, r1 - r0);
    });
    return m.finish(rows * cols);
}

WeightShape weightShape(const Model& model, size_t index)
{
    const TensorInfo& t = model.tensors.at(index);
    WeightShape s;
    if (t.shape.size() < 2) {
        s.rows = 1;
        s.cols = t.parameters;
    } else if (t.layout == Layout::OutIn && model.format == Format::Gguf && t.shape.size() > 2) {
        // ggml's rows are its innermost axis: a 3-D tensor of experts [experts, out, in] is experts × out rows of in.
        s.cols = t.shape.back();
        s.rows = s.cols ? t.parameters / s.cols : 0;
    } else if (t.layout == Layout::OutIn) {
        s.rows = t.shape[0];
        s.cols = s.rows ? t.parameters / s.rows : 0;
    } else {
        // Keras: the output channel is the last axis; [rest, out] is transposed into [out, rest].
        s.rows = t.shape.back();
        s.cols = s.rows ? t.parameters / s.rows : 0;
        s.rowMajor = false;
    }
    return s;
}

} // namespace ql
