#include "journal.h"

#include "error.h"
#include "jsonparse.h"
#include "limits.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace ql {

Journal::Journal(std::string path, const nlohmann::ordered_json& key, bool resume, const std::string& what)
    : m_path(std::move(path))
{
    std::error_code ec;
    const bool exists = std::filesystem::exists(m_path, ec);
    if (exists && !resume)
        throw Error(ErrorCode::Unsupported, m_path,
            { "the journal of an interrupted " + what + " is here: continue it with --resume, or delete it to start again" });
    std::string kept; // the journal's valid lines, rewritten without a torn tail
    if (exists) {
        std::ifstream in(m_path, std::ios::binary);
        if (!in)
            throw Error(ErrorCode::CannotOpen, m_path, { std::strerror(errno) });
        std::vector<std::string> lines;
        for (std::string line; std::getline(in, line);)
            lines.push_back(line);
        const bool tornTail = !lines.empty() && [&] {
            in.clear();
            in.seekg(-1, std::ios::end);
            char last = 0;
            in.get(last);
            return last != '\n';
        }();
        if (lines.empty())
            throw Error(ErrorCode::Empty, m_path);
        const auto have = parseJsonBounded(lines.front(), m_path, defaultLoadLimits(), lines.front().size() + 1);
        const std::string format = key.value("format", std::string());
        const auto f = have.is_object() ? have.find("format") : have.end();
        if (!have.is_object() || f == have.end() || !f->is_string() || f->get<std::string>() != format)
            throw Error(ErrorCode::BadHeader, m_path, { "not a QuantLens " + what + " journal" });
        for (const auto& [field, value] : key.items()) {
            const auto it = have.find(field);
            if (it == have.end() || *it != value)
                throw Error(ErrorCode::Unsupported, m_path, { "the journal is of another " + what + ": its " + field + " is "
                        + (it == have.end() ? std::string("missing") : it->dump()) + ", this " + what + "'s is " + value.dump() });
        }
        kept = lines.front() + "\n";
        for (size_t i = 1; i < lines.size(); ++i) {
            if (i + 1 == lines.size() && tornTail)
                break; // the process died while writing this unit: it is done again
            kept += lines[i] + "\n";
            m_lines.push_back(std::move(lines[i]));
        }
    } else {
        kept = key.dump() + "\n";
    }
    // Write what is kept to a new file and rename it over the journal, then append to it.
    const std::string tmp = m_path + ".tmp";
    std::FILE* file = std::fopen(tmp.c_str(), "wb");
    if (!file)
        throw Error(ErrorCode::CannotOpen, tmp, { std::strerror(errno) });
    const bool ok = std::fwrite(kept.data(), 1, kept.size(), file) == kept.size() && std::fflush(file) == 0 && ::fsync(fileno(file)) == 0;
    if (!ok || std::rename(tmp.c_str(), m_path.c_str()) != 0) {
        const std::string why = std::strerror(errno);
        std::fclose(file);
        std::remove(tmp.c_str());
        throw Error(ErrorCode::CannotOpen, m_path, { why });
    }
    m_file = file;
}

Journal::~Journal()
{
    if (m_file)
        std::fclose(m_file);
}

void Journal::append(const std::string& line)
{
    const std::string l = line + "\n";
    if (!m_file || std::fwrite(l.data(), 1, l.size(), m_file) != l.size() || std::fflush(m_file) != 0 || ::fsync(fileno(m_file)) != 0)
        throw Error(ErrorCode::CannotOpen, m_path, { std::strerror(errno) });
}

void Journal::finish()
{
    if (m_file) {
        std::fclose(m_file);
        m_file = nullptr;
    }
    std::remove(m_path.c_str());
}

} // namespace ql
