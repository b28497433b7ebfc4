#pragma once
/// \file numberformat.h
/// \brief One object per number format. A spec is resolved once (formatOf) into the object that knows
/// the format's grammar, how it chooses its scales, quantizes rows, sums its error, stores its codes
/// and blocks, and how many bits per weight it takes. Each family lives in its own file under
/// quant/family/ (int, minifloat, lookup, ggml_classic, ggml_kquant, …) and is listed once in the
/// registry (formatregistry.cpp), so adding a type touches its family's file, the registry and its
/// tests.

#include "spec.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ql {

struct WeightMatrix;
struct QuantParams;
struct ErrorSums;
class ElementFormat;
class BlockFormat;

/// \brief The options a spec may give after a format's name (the rest is an error).
struct SpecRules {
    bool granularity = false; ///< tensor, channel or gN
    bool raw = false; ///< "raw": cast without a scale
    bool asym = false; ///< "asym": a zero-point
    bool clip = false; ///< minmax, pP, mse, kl
    bool rounding = false; ///< away or stochN besides rne
};

/// \brief A number format: what every layer asks of it.
class NumberFormat {
public:
    NumberFormat(QFormat id, const char* name, int bits = 0)
        : id_(id)
        , name_(name)
        , bits_(bits)
    {
    }
    virtual ~NumberFormat() = default;
    NumberFormat(const NumberFormat&) = delete;
    NumberFormat& operator=(const NumberFormat&) = delete;

    /// \returns the format's id (QuantSpec::format).
    QFormat id() const { return id_; }
    /// \returns the name the spec grammar uses ("int4", "q4_k", "iq4_xs", …).
    const char* name() const { return name_; }
    /// \returns the integer width of an integer format (QuantSpec::bits), else 0.
    int bits() const { return bits_; }

    /// \brief Sets what the bare name means: granularity, group or block, integer bits.
    virtual void defaults(QuantSpec& s) const = 0;
    /// \returns the options a spec of this format may give.
    virtual SpecRules rules() const { return {}; }
    /// \returns bits per weight including scales, zero-points and block metadata (see bitsPerWeight()).
    virtual double bitsPerWeight(const QuantSpec& s, int64_t rowLength, int64_t values) const = 0;

    /// \brief The scales of \p w (see computeParams()).
    virtual QuantParams params(const QuantSpec& s, const WeightMatrix& w, const float* importance) const = 0;
    /// \brief Dequantized rows [r0, r1) into \p out (see fakeQuantizeRows()).
    virtual void quantizeRows(
        const QuantSpec& s, const WeightMatrix& w, const QuantParams& p, int64_t r0, int64_t r1, float* out) const = 0;
    /// \brief Adds the error of rows [r0, r1) under \p p to \p e without materialising Q(w) beyond a
    /// row; \p columnWeights (optional, per column) weights the weighted sums.
    virtual void addError(const QuantSpec& s, const WeightMatrix& w, const QuantParams& p, const float* columnWeights,
        int64_t r0, int64_t r1, ErrorSums& e) const = 0;
    /// \returns whether addErrorOnePass() serves \p s (scales computed on the way, equal to params()).
    virtual bool hasOnePass(const QuantSpec& s) const { return false; }
    /// \brief The error of rows [r0, r1) with the spec's own scales taken while the row is read;
    /// \p tensor holds the one scale of a per-tensor spec (computed first), else null.
    virtual void addErrorOnePass(const QuantSpec& s, const WeightMatrix& w, int64_t r0, int64_t r1,
        const QuantParams* tensor, ErrorSums& e) const
    {
    }

    /// \returns the elementwise view (scale groups, value codes), or null for block formats.
    virtual const ElementFormat* element() const { return nullptr; }
    /// \returns the block view (llama.cpp types), or null for elementwise formats.
    virtual const BlockFormat* blocks() const { return nullptr; }

private:
    QFormat id_;
    const char* name_;
    int bits_;
};

/// \returns the format object of \p s (throws ql::Error(BadSpec) for an id no family registered).
const NumberFormat& formatOf(const QuantSpec& s);
/// \returns the format object of \p f (integers: the 8-bit one; use formatOf(spec) for the others).
const NumberFormat& formatOf(QFormat f);
/// \returns the format called \p name, or null.
const NumberFormat* findFormat(std::string_view name);
/// \returns every registered format, in the order the grammar lists them.
const std::vector<const NumberFormat*>& allFormats();

} // namespace ql
