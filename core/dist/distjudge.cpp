#include "distjudge.h"

#include "workqueue.h"

#include "core/analysis/sweepjournal.h"
#include "core/util/error.h"
#include "core/util/fingerprint.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>

namespace ql::dist {

namespace {
    double parseExact(const std::string& s, int rank)
    {
        const auto v = parseExactDouble(s);
        if (!v)
            throw Error(ErrorCode::RankFailed, {}, { std::to_string(rank), "", "a malformed result" });
        return *v;
    }

    std::string fingerprintOf(const Model& model, const std::vector<std::string>& specs, const std::string& what)
    {
        std::string f
            = what + " of model " + modelHeaderHash(model) + " of " + std::to_string(model.fileBytes) + " bytes, specs";
        for (const auto& s : specs)
            f += " " + s;
        return f;
    }

    /// Names the model in a rank's failure, once.
    template <typename Fn> void namingModel(const Model& model, Fn&& fn)
    {
        try {
            fn();
        } catch (const Error& e) {
            if (e.code() != ErrorCode::RankFailed || !e.file().empty())
                throw;
            std::vector<std::string> args = e.args();
            const std::string prefix = model.path + ": ";
            if (args.size() > 2 && args[2].compare(0, prefix.size(), prefix) == 0)
                args[2].erase(0, prefix.size());
            throw Error(e.code(), model.path, args);
        }
    }
}

void endToEndOverRanks(Communicator& comm, SweepResult* sweep, const std::vector<std::string>& specs,
    const Model& model, const Judge& judge, const EndToEndDone& done)
{
    const size_t nSpecs = specs.size();
    if (nSpecs == 0)
        return;
    // Unit id: tensor index × specs + the cell's index; its payload the spec to measure.
    std::vector<WorkUnit> units;
    std::map<size_t, std::pair<SweepRow*, SweepCell*>> cells;
    if (comm.rank() == 0) {
        for (auto& row : sweep->rows) {
            const int ti = model.find(row.name);
            if (ti < 0)
                throw Error(ErrorCode::NoSuchTensor, model.path, { row.name });
            for (size_t c = 0; c < row.cells.size() && c < nSpecs; ++c) {
                if (!row.cells[c].skipped.empty() || !std::isnan(row.cells[c].endToEnd))
                    continue; // not measured, or measured before the job was resumed
                const size_t id = size_t(ti) * nSpecs + c;
                units.push_back({ id, double(model.tensors[size_t(ti)].parameters),
                    row.name + " (" + row.cells[c].spec + ")", endToEndSpec(row.cells[c]).toString() });
                cells[id] = { &row, &row.cells[c] };
            }
        }
    }
    // A rank keeps the last tensor it read: its units of one tensor often come one after another.
    size_t cached = size_t(-1);
    std::optional<OwnedMatrix> matrix;
    namingModel(model, [&] {
        distribute(
            comm, std::move(units), fingerprintOf(model, specs, "end to end"),
            [&](size_t id, const std::string& spec, Progress& progress) {
                progress.check();
                const size_t tensor = id / nSpecs;
                if (tensor >= model.tensors.size())
                    throw Error(ErrorCode::NoSuchTensor, model.path, { "#" + std::to_string(tensor) });
                if (tensor != cached) {
                    matrix.reset();
                    matrix.emplace(readWeightMatrix(model, tensor));
                    cached = tensor;
                }
                return exactDouble(endToEndOfCell(model, judge, tensor, *matrix, parseSpec(spec)));
            },
            [&](size_t id, int rank, const std::string& bytes) {
                const auto [row, cell] = cells.at(id);
                cell->endToEnd = parseExact(bytes, rank);
                if (done)
                    done(*row);
            });
    });
}

Validation validateOverRanks(Communicator& comm, const SweepResult& sweep, const Model& model, const Judge& judge,
    int count, PlanMetric metric, const CalibrationStore* calibration, ValidationResume* resume)
{
    // Every rank solves the same budgets from the same sweep; a unit is a budget's index.
    const std::vector<double> budgets = validationBudgets(sweep, count, metric);
    std::vector<WorkUnit> units;
    std::vector<ValidationPoint> points(budgets.size());
    for (size_t k = 0; k < budgets.size(); ++k) {
        if (const auto it = resume ? resume->done.find(k) : std::map<size_t, ValidationPoint>::iterator {};
            resume && it != resume->done.end())
            points[k] = it->second; // measured before the job was resumed
        else if (comm.rank() == 0)
            units.push_back({ k, 1.0, "plan " + std::to_string(k + 1) + " of " + std::to_string(budgets.size()), {} });
    }
    std::string fingerprint
        = fingerprintOf(model, sweep.specs, "validation of " + std::to_string(sweep.rows.size()) + " rows");
    for (double b : budgets) {
        fingerprint += ' ';
        fingerprint += exactDouble(b);
    }
    namingModel(model, [&] {
        distribute(
            comm, std::move(units), fingerprint,
            [&](size_t k, const std::string&, Progress& progress) {
                progress.check();
                if (k >= budgets.size())
                    throw Error(ErrorCode::Unsupported, {},
                        { "plan #" + std::to_string(k) + " of " + std::to_string(budgets.size()) });
                const ValidationPoint p = validatePlanAt(sweep, model, judge, budgets[k], metric, calibration);
                return exactDouble(p.bitsPerWeight) + " " + exactDouble(p.predicted) + " " + exactDouble(p.measured);
            },
            [&](size_t k, int rank, const std::string& bytes) {
                const size_t a = bytes.find(' '), b = bytes.find(' ', a == std::string::npos ? a : a + 1);
                if (a == std::string::npos || b == std::string::npos || k >= points.size())
                    throw Error(ErrorCode::RankFailed, {}, { std::to_string(rank), "", "a malformed result" });
                points[k] = { parseExact(bytes.substr(0, a), rank), parseExact(bytes.substr(a + 1, b - a - 1), rank),
                    parseExact(bytes.substr(b + 1), rank) };
                if (resume && resume->measured)
                    resume->measured(k, points[k]);
            });
    });
    return comm.rank() == 0 && !points.empty() ? validationOf(std::move(points)) : Validation {};
}

} // namespace ql::dist
