#include "sweepjournal.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>

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
    : m_journal(std::move(path), keyJson(key), resume, "sweep")
{
    std::map<std::string, size_t> at; // a tensor's row in m_done
    for (const auto& line : m_journal.lines()) {
        SweepRow row = parseSweepRow(line, m_journal.path(), key.specs);
        if (const auto it = at.find(row.name); it != at.end())
            m_done[it->second] = std::move(row); // later figures of the same tensor (its end-to-end column)
        else {
            at.emplace(row.name, m_done.size());
            m_done.push_back(std::move(row));
        }
    }
}

void SweepJournal::append(const SweepRow& row) { m_journal.append(sweepRowJson(row)); }

void SweepJournal::finish() { m_journal.finish(); }

} // namespace ql
