#include "sweepjournal.h"

#include "core/util/fingerprint.h"

#include <nlohmann/json.hpp>

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
    k.calibration = fileKey(calibrationPath);
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
