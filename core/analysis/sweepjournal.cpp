#include "sweepjournal.h"

#include "../util/error.h"
#include "../util/jsonparse.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <unistd.h>

namespace ql {

namespace {
    using json = nlohmann::ordered_json;
    constexpr const char* kFormat = "quantlens-sweep-journal";

    json keyJson(const SweepJournalKey& k)
    {
        return json { { "format", kFormat }, { "version", 2 }, { "model", k.model }, { "model_bytes", k.modelBytes },
            { "header_hash", k.headerHash }, { "specs", k.specs }, { "method", k.method }, { "calibration", k.calibration },
            { "judge", k.judge } };
    }

    /// FNV-1a, 64 bits: a fingerprint of the header, not a security measure.
    struct Fnv {
        uint64_t h = 1469598103934665603ull;
        void add(const void* p, size_t n)
        {
            const auto* b = static_cast<const unsigned char*>(p);
            for (size_t i = 0; i < n; ++i)
                h = (h ^ b[i]) * 1099511628211ull;
        }
        void add(const std::string& s)
        {
            add(s.data(), s.size());
            add("\0", 1);
        }
        template <class T> void value(T v) { add(&v, sizeof v); }
    };
} // namespace

std::string modelHeaderHash(const Model& model)
{
    Fnv f;
    for (const auto& t : model.tensors) {
        f.add(t.name);
        f.value(int(t.dtype));
        for (auto d : t.shape)
            f.value(d);
        f.value(t.offset);
    }
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", (unsigned long long)f.h);
    return hex;
}

SweepJournalKey sweepJournalKey(const Model& model, const std::vector<std::string>& specs, const std::string& method,
    const std::string& calibrationPath)
{
    SweepJournalKey k;
    k.model = model.path;
    k.modelBytes = model.fileBytes;
    k.headerHash = modelHeaderHash(model);
    k.specs = specs;
    k.method = method;
    if (!calibrationPath.empty()) {
        std::error_code ec;
        const auto size = std::filesystem::file_size(calibrationPath, ec);
        k.calibration = calibrationPath + " (" + std::to_string(ec ? 0 : size) + " bytes)";
    }
    return k;
}

SweepJournal::SweepJournal(std::string path, const SweepJournalKey& key, bool resume)
    : m_path(std::move(path))
    , m_specs(key.specs)
{
    const json want = keyJson(key);
    std::error_code ec;
    const bool exists = std::filesystem::exists(m_path, ec);
    if (exists && !resume)
        throw Error(ErrorCode::Unsupported, m_path, { "the journal of an interrupted sweep is here: continue it with --resume, or delete it to start again" });
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
        const json have = parseJsonBounded(lines.front(), m_path, defaultLoadLimits(), lines.front().size() + 1);
        const auto format = have.is_object() ? have.find("format") : have.end();
        if (!have.is_object() || format == have.end() || !format->is_string() || format->get<std::string>() != kFormat)
            throw Error(ErrorCode::BadHeader, m_path, { "not a QuantLens sweep journal" });
        for (const auto& [field, value] : want.items()) {
            const auto it = have.find(field);
            if (it == have.end() || *it != value)
                throw Error(ErrorCode::Unsupported, m_path, { "the journal is of another sweep: its " + field + " is "
                        + (it == have.end() ? std::string("missing") : it->dump()) + ", this sweep's is " + value.dump() });
        }
        kept = lines.front() + "\n";
        std::map<std::string, size_t> at; // a tensor's row in m_done
        for (size_t i = 1; i < lines.size(); ++i) {
            if (i + 1 == lines.size() && tornTail)
                break; // the process died while writing this row: it is measured again
            SweepRow row = parseSweepRow(lines[i], m_path, m_specs);
            if (const auto it = at.find(row.name); it != at.end())
                m_done[it->second] = std::move(row); // later figures of the same tensor (its end-to-end column)
            else {
                at.emplace(row.name, m_done.size());
                m_done.push_back(std::move(row));
            }
            kept += lines[i] + "\n";
        }
    } else {
        kept = want.dump() + "\n";
    }
    // Write what is kept to a new file and rename it over the journal, then append to it.
    const std::string tmp = m_path + ".tmp";
    std::FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f)
        throw Error(ErrorCode::CannotOpen, tmp, { std::strerror(errno) });
    const bool ok = std::fwrite(kept.data(), 1, kept.size(), f) == kept.size() && std::fflush(f) == 0 && ::fsync(fileno(f)) == 0;
    if (!ok || std::rename(tmp.c_str(), m_path.c_str()) != 0) {
        const std::string why = std::strerror(errno);
        std::fclose(f);
        std::remove(tmp.c_str());
        throw Error(ErrorCode::CannotOpen, m_path, { why });
    }
    m_file = f;
}

SweepJournal::~SweepJournal()
{
    if (m_file)
        std::fclose(m_file);
}

void SweepJournal::append(const SweepRow& row)
{
    const std::string line = sweepRowJson(row) + "\n";
    if (std::fwrite(line.data(), 1, line.size(), m_file) != line.size() || std::fflush(m_file) != 0 || ::fsync(fileno(m_file)) != 0)
        throw Error(ErrorCode::CannotOpen, m_path, { std::strerror(errno) });
}

void SweepJournal::finish()
{
    if (m_file) {
        std::fclose(m_file);
        m_file = nullptr;
    }
    std::remove(m_path.c_str());
}

} // namespace ql
