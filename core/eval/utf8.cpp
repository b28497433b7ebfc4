#include "utf8.h"

#include <array>

namespace ql::utf8 {

size_t sequenceLength(unsigned char lead)
{
    // By the high nibble: 0x0–0xB → 1 (ASCII, or a stray continuation byte), 0xC–0xD → 2, 0xE → 3, 0xF → 4.
    const unsigned hi = lead >> 4;
    return hi < 0xC ? 1 : hi < 0xE ? 2 : hi == 0xE ? 3 : 4;
}

namespace {
    bool continuation(unsigned char c)
    {
        return (c & 0xC0) == 0x80;
    }

    /// Decodes one sequence at \p i; returns false (and leaves \p i) when it is not a complete sequence.
    bool decodeOne(std::string_view s, size_t& i, char32_t& cp)
    {
        const auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
        const unsigned char c0 = b(0);
        if (!(c0 & 0x80)) {
            cp = c0;
            i += 1;
            return true;
        }
        if (!(c0 & 0x40))
            return false; // a continuation byte cannot start a sequence
        int n = !(c0 & 0x20) ? 2 : !(c0 & 0x10) ? 3 : !(c0 & 0x08) ? 4 : 0;
        if (n == 0 || i + size_t(n) > s.size())
            return false;
        for (int k = 1; k < n; ++k)
            if (!continuation(b(k)))
                return false;
        static constexpr unsigned char kLeadMask[5] = { 0, 0, 0x1F, 0x0F, 0x07 };
        char32_t v = c0 & kLeadMask[n];
        for (int k = 1; k < n; ++k)
            v = (v << 6) | (b(k) & 0x3F);
        cp = v;
        i += size_t(n);
        return true;
    }

    std::array<char32_t, 256> makeByteTable()
    {
        std::array<char32_t, 256> t {};
        char32_t next = 256;
        for (int b = 0; b < 256; ++b) {
            const bool printable = (b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            t[size_t(b)] = printable ? char32_t(b) : next++;
        }
        return t;
    }
    const std::array<char32_t, 256>& byteTable()
    {
        static const auto t = makeByteTable();
        return t;
    }
} // namespace

std::vector<char32_t> decode(std::string_view text)
{
    std::vector<char32_t> out;
    out.reserve(text.size());
    size_t i = 0;
    while (i < text.size()) {
        char32_t cp;
        if (decodeOne(text, i, cp)) {
            out.push_back(cp);
        } else {
            out.push_back(kReplacement);
            ++i;
        }
    }
    return out;
}

void append(std::string& out, char32_t cp)
{
    if (cp > 0x10FFFF)
        cp = kReplacement;
    if (cp < 0x80) {
        out.push_back(char(cp));
    } else if (cp < 0x800) {
        out.push_back(char(0xC0 | (cp >> 6)));
        out.push_back(char(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(char(0xE0 | (cp >> 12)));
        out.push_back(char(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(char(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(char(0xF0 | (cp >> 18)));
        out.push_back(char(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(char(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(char(0x80 | (cp & 0x3F)));
    }
}

std::string encode(const std::vector<char32_t>& cps, size_t begin, size_t end)
{
    std::string out;
    end = std::min(end, cps.size());
    for (size_t i = begin; i < end; ++i)
        append(out, cps[i]);
    return out;
}

bool valid(std::string_view text)
{
    size_t i = 0;
    while (i < text.size()) {
        const size_t start = i;
        char32_t cp;
        if (!decodeOne(text, i, cp))
            return false;
        const size_t n = i - start;
        const bool overlong = (n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000);
        if (overlong || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
            return false;
    }
    return true;
}

char32_t byteToUnicode(unsigned char b)
{
    return byteTable()[b];
}

int unicodeToByte(char32_t cp)
{
    static const auto reverse = [] {
        std::array<int16_t, 512> r;
        r.fill(-1);
        for (int b = 0; b < 256; ++b)
            r[byteTable()[size_t(b)]] = int16_t(b);
        return r;
    }();
    return cp < reverse.size() ? reverse[cp] : -1;
}

std::string byteEncode(std::string_view bytes)
{
    std::string out;
    out.reserve(bytes.size() * 2);
    for (const char c : bytes)
        append(out, byteToUnicode(static_cast<unsigned char>(c)));
    return out;
}

std::string byteDecode(std::string_view text)
{
    std::string out;
    size_t i = 0;
    while (i < text.size()) {
        const size_t start = i;
        char32_t cp;
        if (!decodeOne(text, i, cp)) {
            out.push_back(text[i++]);
            continue;
        }
        const int b = unicodeToByte(cp);
        if (b >= 0)
            out.push_back(char(b));
        else
            out.append(text.substr(start, i - start));
    }
    return out;
}

} // namespace ql::utf8
