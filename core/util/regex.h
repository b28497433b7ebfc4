#pragma once
/// \file regex.h
/// \brief Regular expressions over untrusted names, by PCRE2: its matcher keeps its backtracking
/// state on the heap within set limits (std::regex recurses once per character and overflows the
/// stack on a 70,000-character name), and a pattern that runs past the limits is an error, not a hang.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ql {

/// \brief A compiled Perl-compatible regular expression (UTF-8 not assumed: names are bytes).
class Regex {
public:
    /// \brief Compiles \p pattern; throws Error(BadSpec) saying what is wrong with it.
    explicit Regex(const std::string& pattern);
    ~Regex();
    Regex(Regex&&) noexcept;
    Regex& operator=(Regex&&) noexcept;

    /// \returns whether the pattern matches anywhere in \p subject. Throws Error(Unsupported) if
    /// the match needs more work than the limits allow (a pathological pattern).
    bool search(std::string_view subject) const;
    /// \returns the capture groups 1… of the first match in \p subject (an unset group is empty),
    /// or nothing when there is no match.
    std::optional<std::vector<std::string>> captures(std::string_view subject) const;
    const std::string& pattern() const { return m_pattern; }

private:
    struct Impl;
    std::string m_pattern;
    std::unique_ptr<Impl> m_impl;
};

} // namespace ql
