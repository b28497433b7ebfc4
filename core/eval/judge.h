#pragma once
/// \file judge.h
/// \brief End-to-end judges: how much a plan changes a model's answers, measured on its own
/// forward pass against the full-precision model.

#include "kldstats.h"
#include "llama.h"
#include "numerics.h"
#include "weights.h"

#include "core/io/calibration.h"
#include "core/plan/planner.h"
#include "core/quant/gptq.h"
#include "core/util/limits.h"
#include "core/util/progress.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ql {

/// \brief Whether plan entry \p name names one expert of a GGUF expert stack of \p model ("NAME#e", the
/// convention of the capture's entries, expertEntryName): \returns the stack's name and the expert.
std::optional<std::pair<std::string, int64_t>> planExpert(const Model& model, const std::string& name);

/// \brief Fake-quantized values (in each tensor's own layout) of every tensor the plan names
/// (tensors the plan leaves out stay as they are), each with its entry's method, and the llama.cpp type
/// of each llama.cpp spec. A name the model lacks is an error, and so is a GPTQ or AWQ entry without a
/// Hessian of its width in \p calibration — for a GGUF expert stack, one per expert (quantizeTensorWithMethod).
/// An entry "NAME#e" (planExpert) quantizes only expert e of the stack NAME, with its own spec, method and
/// calibration entry, over the stack's own entry if the plan has one; its llama.cpp type is kept under
/// "NAME#e" in QuantizedWeights::ggmlTypes (the stack's other experts keep the stack's type).
QuantizedWeights fakeQuantizedWeights(const Model& model, const Plan& plan, Progress* progress = nullptr,
    const CalibrationStore* calibration = nullptr, const GptqOptions& gptq = {});

/// \brief Language-model metrics of a candidate against the reference on the same token sequences.
struct LmMetrics {
    int64_t positions = 0; ///< scored positions
    double kldMean = 0, kldP99 = 0; ///< KL(P_reference || P_candidate) per position, in nats
    double top1Agreement = 1; ///< fraction of positions where both pick the same next token
    double perplexity = 0; ///< candidate's perplexity on the sequences' next tokens
    double referencePerplexity = 0;
    KlDivergenceStats kl; ///< everything llama-perplexity --kl-divergence prints
    double tokensPerSecond = 0; ///< candidate's forward pass
};

/// \brief How sequences are scored.
struct LmEvalOptions {
    Numerics numerics; ///< both models compute in it (the reference too, as llama.cpp computes the base logits)
    /// llama-perplexity's chunks: each sequence's first token is replaced by the start token (when the
    /// vocabulary adds one) and only its second half is scored; false: every position is scored.
    bool perplexityChunks = false;
};

/// \brief Scores the sequences with both models (in parallel over sequences; identical results for
/// any thread count). Under llama.cpp numerics the statistics are computed as llama-perplexity does
/// (the base's log-probabilities stored in 16 bits); under float numerics exactly, in double.
LmMetrics evaluateLanguageModel(const LlamaModel& reference, const LlamaModel& candidate, const std::vector<std::vector<int>>& sequences,
    Progress* progress = nullptr, const LmEvalOptions& options = {});

/// \brief The reference's logits at the scored positions of every sequence, computed once — what
/// llama-perplexity keeps in its base file — so that many candidates are compared without rerunning it.
struct LmReference {
    LmEvalOptions options;
    int vocab = 0;
    std::vector<size_t> first; ///< per sequence: the first scored position
    std::vector<std::vector<float>> logits; ///< per sequence: [scored positions × vocab]
    /// \returns the bytes the logits of \p sequences would take.
    static double bytesFor(const std::vector<std::vector<int>>& sequences, int vocab, const LmEvalOptions& options);
};
LmReference referencePass(const LlamaModel& reference, const std::vector<std::vector<int>>& sequences, const LmEvalOptions& options = {},
    Progress* progress = nullptr);
/// \brief evaluateLanguageModel() against a reference computed beforehand (the same sequences).
LmMetrics evaluateLanguageModel(const LmReference& reference, const LlamaModel& candidate, const std::vector<std::vector<int>>& sequences,
    Progress* progress = nullptr);

/// \brief A token stream cut as llama-perplexity cuts it: whole chunks of \p ctx tokens (the rest is
/// dropped). Throws Error(Unsupported) when the stream holds fewer than one chunk.
std::vector<std::vector<int>> perplexityChunks(const std::vector<int>& stream, int ctx);

/// \brief Sequences sampled from \p model (temperature 1) after the start token \p bos, seeded.
std::vector<std::vector<int>> sampleSequences(const LlamaModel& model, int count, int length, uint64_t seed, int bos = 1);

/// \brief Runs \p model over \p sequences and records the input of every linear layer
/// (Hessian XᵀX, mean squares, absmax and up to \p keepRows raw rows per layer).
CalibrationStore captureCalibration(const LlamaModel& model, const std::vector<std::vector<int>>& sequences, int64_t keepRows = 256,
    Progress* progress = nullptr);

/// \brief Reads token sequences: a text file with whitespace-separated ids, one sequence per line,
/// or an .npy of integers [n, len]. Throws ql::Error naming the file on bad input.
std::vector<std::vector<int>> readTokenFile(const std::string& path, const LoadLimits& limits = defaultLoadLimits());

} // namespace ql
