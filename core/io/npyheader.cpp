#include "npyheader.h"

#include "core/util/error.h"

#include <algorithm>
#include <cctype>
#include <cstring>

namespace ql {

namespace {
    /// The header is a Python dict literal; this reads just the three keys NumPy writes.
    class DictReader {
    public:
        DictReader(std::string_view s, const std::string& file)
            : m_s(s)
            , m_file(file)
        {
        }
        void skipSpace()
        {
            while (m_i < m_s.size() && std::isspace(static_cast<unsigned char>(m_s[m_i])))
                ++m_i;
        }
        bool eat(char c)
        {
            skipSpace();
            if (m_i < m_s.size() && m_s[m_i] == c) {
                ++m_i;
                return true;
            }
            return false;
        }
        void expect(char c)
        {
            if (!eat(c))
                fail(std::string("expected '") + c + "'");
        }
        std::string quoted()
        {
            skipSpace();
            if (m_i >= m_s.size() || (m_s[m_i] != '\'' && m_s[m_i] != '"'))
                fail("expected a string");
            const char q = m_s[m_i++];
            const size_t end = m_s.find(q, m_i);
            if (end == std::string_view::npos)
                fail("unterminated string");
            std::string out(m_s.substr(m_i, end - m_i));
            m_i = end + 1;
            return out;
        }
        std::string word()
        {
            skipSpace();
            size_t start = m_i;
            while (m_i < m_s.size() && std::isalnum(static_cast<unsigned char>(m_s[m_i])))
                ++m_i;
            return std::string(m_s.substr(start, m_i - start));
        }
        std::vector<int64_t> tuple(const std::string& name)
        {
            expect('(');
            std::vector<int64_t> out;
            while (!eat(')')) {
                std::string w = word();
                if (w.empty() || w.size() > 18 || !std::all_of(w.begin(), w.end(), ::isdigit))
                    throw Error(ErrorCode::ShapeOverflow, m_file, { name });
                out.push_back(std::stoll(w));
                if (out.size() > 64)
                    fail("too many dimensions");
                eat(',');
            }
            return out;
        }
        [[noreturn]] void fail(const std::string& why) const
        {
            throw Error(ErrorCode::BadHeader, m_file, { "NumPy header: " + why });
        }
        bool atEnd()
        {
            skipSpace();
            return m_i >= m_s.size();
        }

    private:
        std::string_view m_s;
        const std::string& m_file;
        size_t m_i = 0;
    };

    bool parseDescr(const std::string& d, NpyHeader& h)
    {
        if (d.size() < 3)
            return false;
        const char order = d[0];
        if (order != '<' && order != '>' && order != '|' && order != '=')
            return false;
        h.bigEndian = order == '>';
        const std::string kind = d.substr(1);
        static const std::pair<const char*, DType> table[] = {
            { "f8", DType::F64 }, { "f4", DType::F32 }, { "f2", DType::F16 }, { "i8", DType::I64 },
            { "i4", DType::I32 }, { "i2", DType::I16 }, { "i1", DType::I8 }, { "u8", DType::U64 },
            { "u4", DType::U32 }, { "u2", DType::U16 }, { "u1", DType::U8 }, { "b1", DType::Bool },
            { "c8", DType::C64 }, { "c16", DType::C128 },
        };
        for (const auto& [k, t] : table)
            if (kind == k) {
                h.dtype = t;
                return true;
            }
        return false;
    }
} // namespace

NpyHeader parseNpyHeader(const uint8_t* p, uint64_t size, const std::string& file, const std::string& name)
{
    if (size < 10)
        throw Error(ErrorCode::Truncated, file, { "the NumPy header of '" + name + "'" });
    if (std::memcmp(p, "\x93NUMPY", 6) != 0)
        throw Error(ErrorCode::NotNpyMember, file, { name });
    const uint8_t major = p[6];
    uint64_t headerLen, prefix;
    if (major == 1) {
        headerLen = uint64_t(p[8]) | uint64_t(p[9]) << 8;
        prefix = 10;
    } else if (major == 2 || major == 3) {
        if (size < 12)
            throw Error(ErrorCode::Truncated, file, { "the NumPy header of '" + name + "'" });
        headerLen = uint64_t(p[8]) | uint64_t(p[9]) << 8 | uint64_t(p[10]) << 16 | uint64_t(p[11]) << 24;
        prefix = 12;
    } else {
        throw Error(ErrorCode::BadHeader, file, { "unsupported NumPy format version " + std::to_string(major) });
    }
    if (headerLen > size - prefix)
        throw Error(ErrorCode::HeaderTooLarge, file, { std::to_string(headerLen), std::to_string(size) });

    NpyHeader h;
    h.dataOffset = prefix + headerLen;
    DictReader r(std::string_view(reinterpret_cast<const char*>(p + prefix), size_t(headerLen)), file);
    bool haveDescr = false, haveShape = false;
    r.expect('{');
    while (!r.eat('}')) {
        const std::string key = r.quoted();
        r.expect(':');
        if (key == "descr") {
            r.skipSpace();
            std::string d;
            if (r.eat('['))
                throw Error(ErrorCode::UnknownDtype, file, { "structured dtype", name });
            d = r.quoted();
            if (!parseDescr(d, h))
                throw Error(ErrorCode::UnknownDtype, file, { d, name });
            haveDescr = true;
        } else if (key == "fortran_order") {
            const std::string w = r.word();
            if (w != "True" && w != "False")
                r.fail("fortran_order is neither True nor False");
            h.fortranOrder = w == "True";
        } else if (key == "shape") {
            h.shape = r.tuple(name);
            haveShape = true;
        } else {
            r.fail("unexpected key '" + key + "'");
        }
        r.eat(',');
    }
    if (!haveDescr || !haveShape)
        r.fail("descr or shape missing");
    return h;
}

} // namespace ql
