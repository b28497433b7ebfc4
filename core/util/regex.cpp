#include "regex.h"

#include "error.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

namespace ql {

namespace {
    /// Backtracking steps and heap (KiB) one match may use: ample for any name a person would
    /// write a pattern for, small enough that a pathological pattern fails in milliseconds.
    constexpr uint32_t kMatchLimit = 10'000'000;
    constexpr uint32_t kHeapLimitKiB = 64 * 1024;
}

struct Regex::Impl {
    pcre2_code* code = nullptr;
    pcre2_match_context* context = nullptr;
    ~Impl()
    {
        pcre2_match_context_free(context);
        pcre2_code_free(code);
    }
};

Regex::Regex(const std::string& pattern)
    : m_pattern(pattern)
    , m_impl(std::make_unique<Impl>())
{
    int err = 0;
    PCRE2_SIZE offset = 0;
    m_impl->code
        = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(), 0, &err, &offset, nullptr);
    if (!m_impl->code) {
        PCRE2_UCHAR buf[256];
        pcre2_get_error_message(err, buf, sizeof buf);
        throw Error(ErrorCode::BadSpec, {},
            { pattern,
                "invalid pattern at character " + std::to_string(offset) + ": " + reinterpret_cast<const char*>(buf),
                "Patterns are Perl-compatible regular expressions." });
    }
    m_impl->context = pcre2_match_context_create(nullptr);
    pcre2_set_match_limit(m_impl->context, kMatchLimit);
    pcre2_set_heap_limit(m_impl->context, kHeapLimitKiB);
}

Regex::~Regex() = default;
Regex::Regex(Regex&&) noexcept = default;
Regex& Regex::operator=(Regex&&) noexcept = default;

std::optional<std::vector<std::string>> Regex::captures(std::string_view subject) const
{
    pcre2_match_data* md = pcre2_match_data_create_from_pattern(m_impl->code, nullptr);
    if (!md)
        throw Error(ErrorCode::OutOfMemory, {});
    const int rc = pcre2_match(
        m_impl->code, reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(), 0, 0, md, m_impl->context);
    if (rc == PCRE2_ERROR_NOMATCH) {
        pcre2_match_data_free(md);
        return std::nullopt;
    }
    if (rc < 0) {
        pcre2_match_data_free(md);
        throw Error(ErrorCode::Unsupported, {},
            { "the pattern '" + m_pattern + "' needs too much work on a name of " + std::to_string(subject.size())
                + " characters" });
    }
    const uint32_t groups = pcre2_get_ovector_count(md);
    const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(md);
    std::vector<std::string> out;
    for (uint32_t g = 1; g < groups; ++g) {
        const PCRE2_SIZE b = ov[2 * g], e = ov[2 * g + 1];
        out.push_back(b == PCRE2_UNSET || e < b ? std::string() : std::string(subject.substr(b, e - b)));
    }
    pcre2_match_data_free(md);
    return out;
}

bool Regex::search(std::string_view subject) const
{
    return captures(subject).has_value();
}

} // namespace ql
