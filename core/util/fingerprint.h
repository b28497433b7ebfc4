#pragma once
/// \file fingerprint.h
/// \brief Small helpers for journals, sessions and MPI messages: doubles as text that reads back to
/// the same bits, an FNV-1a fingerprint, and a file's path-and-size key.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

namespace ql {

/// \returns \p v as hexadecimal floating point ("%a"; nan, inf): strtod reads back the same bits.
inline std::string exactDouble(double v)
{
    char b[64];
    std::snprintf(b, sizeof b, "%a", v);
    return b;
}

/// \returns the double \p s holds (as exactDouble writes it, or any strtod number), or nothing when
/// \p s is empty or has anything after the number.
inline std::optional<double> parseExactDouble(const std::string& s)
{
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (s.empty() || *end != '\0')
        return std::nullopt;
    return v;
}

/// \brief FNV-1a, 64 bits: a fingerprint to tell that something changed, not a security measure.
struct Fnv {
    uint64_t h = 1469598103934665603ull;
    void add(const void* p, size_t n)
    {
        const auto* b = static_cast<const unsigned char*>(p);
        for (size_t i = 0; i < n; ++i)
            h = (h ^ b[i]) * 1099511628211ull;
    }
    void add(const std::string& s) { add(s.c_str(), s.size() + 1); }
    template <class T> void value(T v) { add(&v, sizeof v); }
};

/// \returns "PATH (N bytes)" for a journal's or session's key (0 bytes when it cannot be read; empty
/// for an empty path): a file replaced by another of another size is another input.
std::string fileKey(const std::string& path);

} // namespace ql
