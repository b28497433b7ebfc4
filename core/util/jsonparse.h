#pragma once
/// \file jsonparse.h
/// \brief Parsing JSON from untrusted files within LoadLimits: bounded size, bounded nesting (a
/// value nested 10,000 deep would overflow the stack of every recursive copy, comparison and dump
/// later), and any parser failure reported as Error(BadJson) naming the file.

#include "limits.h"

#include <nlohmann/json.hpp>

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

} // namespace ql
