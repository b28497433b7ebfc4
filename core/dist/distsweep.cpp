#include "distsweep.h"

#include "workqueue.h"

#include "core/analysis/sweepjournal.h"
#include "core/util/error.h"

namespace ql::dist {

void sweepOverRanks(Communicator& comm, const Model& model, const std::vector<std::string>& specs,
    const std::vector<size_t>& tensors, const MeasureFn& measure, const std::function<void(SweepRow&&)>& onRow)
{
    std::string fingerprint
        = "model " + modelHeaderHash(model) + " of " + std::to_string(model.fileBytes) + " bytes, specs";
    for (const auto& s : specs)
        fingerprint += " " + s;
    std::vector<WorkUnit> units;
    for (size_t i : tensors)
        units.push_back({ i, double(model.tensors.at(i).parameters), model.tensors.at(i).name, {} });
    try {
        distribute(
            comm, std::move(units), fingerprint,
            [&](size_t id, const std::string&, Progress& progress) {
                if (id >= model.tensors.size())
                    throw Error(ErrorCode::NoSuchTensor, model.path, { "#" + std::to_string(id) });
                return sweepRowJson(measure(id, progress));
            },
            [&](size_t id, int rank, const std::string& bytes) {
                SweepRow row = parseSweepRow(bytes, "rank " + std::to_string(rank), specs);
                if (row.name != model.tensors.at(id).name)
                    throw Error(ErrorCode::RankFailed, {},
                        { std::to_string(rank), model.tensors.at(id).name, "it sent the row of '" + row.name + "'" });
                onRow(std::move(row));
            });
    } catch (const Error& e) {
        if (e.code() == ErrorCode::RankFailed && e.file().empty()) {
            // The rank's message names the model too: say it once.
            std::vector<std::string> args = e.args();
            const std::string prefix = model.path + ": ";
            if (args.size() > 2 && args[2].compare(0, prefix.size(), prefix) == 0)
                args[2].erase(0, prefix.size());
            throw Error(e.code(), model.path, args);
        }
        throw;
    }
}

} // namespace ql::dist
