#include "workqueue.h"

#include "core/util/error.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

namespace ql::dist {

namespace {
    constexpr size_t kNoUnit = size_t(-1);

    std::string withId(size_t id, const std::string& bytes)
    {
        return (id == kNoUnit ? std::string("-") : std::to_string(id)) + "\n" + bytes;
    }

    /// Splits "ID\nBYTES"; throws on anything else (a protocol error between our own ranks).
    std::pair<size_t, std::string> splitId(const std::string& m, int from)
    {
        const size_t nl = m.find('\n');
        const std::string head = m.substr(0, nl);
        size_t id = kNoUnit;
        if (head != "-") {
            char* end = nullptr;
            const unsigned long long v = std::strtoull(head.c_str(), &end, 10);
            if (head.empty() || *end != '\0')
                throw Error(ErrorCode::RankFailed, {}, { std::to_string(from), "", "malformed message" });
            id = size_t(v);
        }
        return { id, nl == std::string::npos ? std::string() : m.substr(nl + 1) };
    }

    void serve(Communicator& comm, const std::string& fingerprint, const WorkFn& work)
    {
        comm.send(0, TagHello, fingerprint);
        Progress progress;
        for (;;) {
            const Message m = comm.receive(0);
            if (m.tag == TagDone)
                return;
            if (m.tag != TagWork)
                throw Error(ErrorCode::Unsupported, {}, { "an unexpected message from rank 0" });
            const auto [id, payload] = splitId(m.bytes, 0);
            if (id == kNoUnit)
                throw Error(ErrorCode::Unsupported, {}, { "a malformed work unit from rank 0" });
            std::string result;
            try {
                result = work(id, payload, progress);
            } catch (const std::exception& e) {
                // Rank 0 names this rank and the unit, and ends the job.
                comm.send(0, TagFail, withId(id, e.what()));
                comm.receive(0);
                comm.abort(1);
            }
            comm.send(0, TagResult, withId(id, result));
        }
    }

    /// Rank 0's own worker: a thread that takes units from the same queue as the other ranks.
    struct LocalWorker {
        std::mutex mutex;
        std::condition_variable wake;
        std::deque<std::pair<size_t, std::string>> results;
        std::optional<std::pair<size_t, std::string>> failure;
        bool finished = false;
        Progress progress;
        std::thread thread;

        ~LocalWorker()
        {
            progress.cancel(); // a failure elsewhere: stop after the current spec, then join
            if (thread.joinable())
                thread.join();
        }
    };
}

void distribute(Communicator& comm, std::vector<WorkUnit> units, const std::string& fingerprint, const WorkFn& work,
    const ResultFn& onResult)
{
    if (comm.rank() != 0) {
        serve(comm, fingerprint, work);
        return;
    }
    std::stable_sort(units.begin(), units.end(), [](const WorkUnit& a, const WorkUnit& b) { return a.cost > b.cost; });
    std::map<size_t, std::string> labels;
    for (const auto& u : units)
        labels[u.id] = u.label;
    auto label = [&](size_t id) { return labels.count(id) ? labels.at(id) : std::string(); };

    std::mutex queueMutex; // the next unit, shared by the local worker and the loop below
    size_t next = 0;
    auto take = [&]() -> const WorkUnit* {
        std::lock_guard lock(queueMutex);
        return next == units.size() ? nullptr : &units[next++];
    };

    LocalWorker local;
    // Rank 0's own worker starts once every rank has said hello: each rank's fingerprint is checked
    // before any work is spent, and each rank has its first unit before rank 0 takes one (so a job
    // of at least as many units as ranks gives every rank work).
    auto startLocal = [&] {
        local.thread = std::thread([&] {
            for (;;) {
                const WorkUnit* u = take();
                if (!u)
                    break;
                try {
                    std::string r = work(u->id, u->payload, local.progress);
                    std::lock_guard lock(local.mutex);
                    local.results.emplace_back(u->id, std::move(r));
                } catch (const std::exception& e) {
                    std::lock_guard lock(local.mutex);
                    local.failure.emplace(u->id, e.what());
                    break;
                }
                local.wake.notify_one();
            }
            std::lock_guard lock(local.mutex);
            local.finished = true;
            local.wake.notify_one();
        });
    };
    int hellos = 0;
    if (comm.size() == 1)
        startLocal();

    size_t received = 0;
    int remote = comm.size() - 1; // ranks not yet told that the work is done
    std::vector<size_t> busy(size_t(comm.size()), kNoUnit);
    auto assign = [&](int r) {
        if (const WorkUnit* u = take()) {
            busy[size_t(r)] = u->id;
            comm.send(r, TagWork, withId(u->id, u->payload));
        } else {
            busy[size_t(r)] = kNoUnit;
            comm.send(r, TagDone, {});
            --remote;
        }
    };
    bool localFinished = false;
    while (remote > 0 || !localFinished) {
        bool idle = true;
        {
            std::unique_lock lock(local.mutex);
            if (local.failure)
                throw Error(ErrorCode::RankFailed, {}, { "0", label(local.failure->first), local.failure->second });
            std::deque<std::pair<size_t, std::string>> ready;
            ready.swap(local.results);
            localFinished = local.finished;
            lock.unlock();
            for (const auto& [id, bytes] : ready) {
                onResult(id, 0, bytes);
                ++received;
                idle = false;
            }
        }
        while (auto m = comm.poll()) {
            idle = false;
            const int r = m->from;
            if (r <= 0 || r >= comm.size())
                throw Error(ErrorCode::RankFailed, {}, { std::to_string(r), "", "a message from outside the job" });
            if (m->tag == TagHello) {
                if (m->bytes != fingerprint)
                    throw Error(ErrorCode::RankFailed, {},
                        { std::to_string(r), "",
                            "it computes something else (" + m->bytes + ", rank 0: " + fingerprint
                                + "): every rank must be given the same arguments and see the same files, on a shared "
                                  "path" });
                assign(r);
                if (++hellos == comm.size() - 1)
                    startLocal();
            } else if (m->tag == TagResult) {
                const auto [id, bytes] = splitId(m->bytes, r);
                if (id != busy[size_t(r)])
                    throw Error(ErrorCode::RankFailed, {},
                        { std::to_string(r), label(id), "a result of a unit it was not given" });
                onResult(id, r, bytes);
                ++received;
                assign(r);
            } else if (m->tag == TagFail) {
                const auto [id, message] = splitId(m->bytes, r);
                throw Error(ErrorCode::RankFailed, {},
                    { std::to_string(r), id == kNoUnit ? std::string() : label(id), message });
            } else {
                throw Error(ErrorCode::RankFailed, {}, { std::to_string(r), "", "an unexpected message" });
            }
        }
        if (idle) {
            // Wait for the local worker, or 1 ms for the other ranks' messages.
            std::unique_lock lock(local.mutex);
            local.wake.wait_for(lock, std::chrono::milliseconds(1),
                [&] { return !local.results.empty() || local.failure || local.finished != localFinished; });
        }
    }
    if (local.failure)
        throw Error(ErrorCode::RankFailed, {}, { "0", label(local.failure->first), local.failure->second });
    if (received != units.size())
        throw Error(ErrorCode::RankFailed, {},
            { "0", "", std::to_string(units.size() - received) + " work units were never finished" });
}

void failJob(Communicator& comm, const std::string& message)
{
    if (comm.rank() != 0) {
        comm.send(0, TagFail, withId(kNoUnit, message));
        comm.receive(0); // rank 0 ends the job
    }
    comm.abort(1);
    std::_Exit(1); // not reached: abort() does not return
}

} // namespace ql::dist
