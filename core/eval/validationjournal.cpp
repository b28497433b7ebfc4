#include "validationjournal.h"

#include "core/util/error.h"
#include "core/util/fingerprint.h"
#include "core/util/jsonparse.h"
#include "core/util/limits.h"


namespace ql {

namespace {
    using json = nlohmann::ordered_json;

    json keyJson(const ValidationJournalKey& k)
    {
        json budgets = json::array();
        for (double b : k.budgets)
            budgets.push_back(exactDouble(b));
        return json { { "format", "quantlens-validation-journal" }, { "version", 1 }, { "sweep", k.sweep }, { "model", k.model },
            { "model_bytes", k.modelBytes }, { "header_hash", k.headerHash }, { "budgets", std::move(budgets) },
            { "metric", k.metric }, { "judge", k.judge }, { "calibration", k.calibration } };
    }
} // namespace

ValidationJournal::ValidationJournal(std::string path, const ValidationJournalKey& key, bool resume)
    : m_journal(std::move(path), keyJson(key), resume, "validation")
{
    for (const auto& line : m_journal.lines()) {
        const auto bad = [&](const std::string& why) { return Error(ErrorCode::BadHeader, m_journal.path(), { "a plan line " + why }); };
        const json j = parseJsonBounded(line, m_journal.path(), defaultLoadLimits(), line.size() + 1);
        const auto plan = j.is_object() ? j.find("plan") : j.end();
        if (plan == j.end() || !plan->is_number_unsigned() || plan->get<uint64_t>() >= key.budgets.size())
            throw bad("names no plan of this validation");
        double v[3];
        const char* fields[3] = { "bits_per_weight", "predicted_error", "measured_kld" };
        for (int f = 0; f < 3; ++f) {
            const auto it = j.find(fields[f]);
            const auto x = it != j.end() && it->is_string() ? parseExactDouble(it->get<std::string>()) : std::nullopt;
            if (!x)
                throw bad(std::string("has no number ") + fields[f]);
            v[f] = *x;
        }
        m_done[size_t(plan->get<uint64_t>())] = { v[0], v[1], v[2] };
    }
}

void ValidationJournal::append(size_t k, const ValidationPoint& p)
{
    const json j { { "plan", k }, { "bits_per_weight", exactDouble(p.bitsPerWeight) }, { "predicted_error", exactDouble(p.predicted) },
        { "measured_kld", exactDouble(p.measured) } };
    m_journal.append(j.dump());
    m_done[k] = p;
}

} // namespace ql
