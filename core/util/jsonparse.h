#pragma once
/// \file jsonparse.h
/// \brief Parsing JSON from untrusted files within LoadLimits: bounded size, bounded nesting (a
/// value nested 10,000 deep would overflow the stack of every recursive copy, comparison and dump
/// later), and any parser failure reported as Error(BadJson) naming the file.

#include "limits.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

namespace ql {

/// \brief Parses \p text (from \p file; object keys come out in sorted order; \p what says which part, e.g. "the header", in messages).
/// Throws Error(BadJson) for malformed JSON and Error(LimitExceeded) for a document larger than
/// \p maxBytes or nested deeper than limits.maxJsonDepth.
nlohmann::ordered_json parseJsonBounded(
    std::string_view text, const std::string& file, const LoadLimits& limits, uint64_t maxBytes);
/// \brief The same for the plain (unordered) json type.
nlohmann::json parseJsonBoundedPlain(
    std::string_view text, const std::string& file, const LoadLimits& limits, uint64_t maxBytes);

/// \brief Reads a whole JSON file of at most \p maxBytes and parses it as parseJsonBounded does.
/// Throws Error(CannotOpen) when the file cannot be read.
nlohmann::ordered_json readJsonFile(const std::string& path, const LoadLimits& limits, uint64_t maxBytes);

/// \returns \p v as an ordered_json in linear time (its keys in \p v's sorted order); \p v must be
/// nested no deeper than the limits allow (the conversion recurses).
nlohmann::ordered_json toOrdered(const nlohmann::json& v);

/// \returns \p v's nesting depth (0 for a scalar), computed without recursion.
size_t jsonDepth(const nlohmann::ordered_json& v);

/// \brief Throws Error(BadHeader) naming \p file: field \p field is \p value, not an integer in [lo, hi].
[[noreturn]] void throwNotAnInteger(const std::string& file, std::string_view field, const std::string& value, int64_t lo, int64_t hi);

/// \returns \p v as an integer in [\p lo, \p hi]: an integer JSON number, or a float of integral
/// value (4096.0). Anything else (a string, 1e300, 2.5, a value out of range) throws
/// Error(BadHeader) naming \p file and \p field. nlohmann's own get<int64_t>() casts a float that
/// does not fit, which is undefined behaviour.
template <class Json>
int64_t jsonInt(const Json& v, const std::string& file, std::string_view field, int64_t lo = std::numeric_limits<int64_t>::min(),
    int64_t hi = std::numeric_limits<int64_t>::max())
{
    int64_t x = 0;
    bool ok = false;
    if (v.is_number_unsigned()) {
        const auto u = v.template get<uint64_t>();
        ok = u <= uint64_t(std::numeric_limits<int64_t>::max());
        x = ok ? int64_t(u) : 0;
    } else if (v.is_number_integer()) {
        x = v.template get<int64_t>();
        ok = true;
    } else if (v.is_number_float()) {
        const double d = v.template get<double>();
        ok = d >= -9.2e18 && d <= 9.2e18 && std::floor(d) == d; // NaN fails every comparison
        x = ok ? int64_t(d) : 0;
    }
    if (!ok || x < lo || x > hi)
        throwNotAnInteger(file, field, v.dump(), lo, hi);
    return x;
}

/// \returns \p obj[\p key] as jsonInt reads it, or \p fallback when \p obj has no such key (or is not an object).
template <class Json>
int64_t jsonIntOr(const Json& obj, const char* key, int64_t fallback, const std::string& file,
    int64_t lo = std::numeric_limits<int64_t>::min(), int64_t hi = std::numeric_limits<int64_t>::max())
{
    if (!obj.is_object())
        return fallback;
    const auto it = obj.find(key);
    return it == obj.end() ? fallback : jsonInt(*it, file, key, lo, hi);
}

} // namespace ql
