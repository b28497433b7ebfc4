#include "hdf5reader.h"

#include "hdf5protocol.h"

#include "core/util/error.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <mutex>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

#if defined(__SANITIZE_ADDRESS__)
#define QL_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define QL_ASAN 1
#endif
#endif
#ifndef QL_ASAN
#define QL_ASAN 0
#endif

namespace ql {

namespace ipc = hdf5ipc;
using nlohmann::json;

namespace {
    /// Values per read request: a reply of at most 128 MiB, each with its own deadline.
    constexpr uint64_t kValuesPerRequest = uint64_t(1) << 24;

    std::string readerExecutable()
    {
        if (const char* env = std::getenv("QUANTLENS_HDF5_READER"); env && *env)
            return env;
        char self[4096];
        const ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
        if (n > 0) {
            std::string dir(self, size_t(n));
            dir.resize(dir.find_last_of('/') + 1);
            const std::string beside = dir + "quantlens-hdf5-reader";
            if (::access(beside.c_str(), X_OK) == 0)
                return beside;
        }
#ifdef QL_HDF5_READER_BUILD_PATH
        if (::access(QL_HDF5_READER_BUILD_PATH, X_OK) == 0)
            return QL_HDF5_READER_BUILD_PATH;
#endif
        return {};
    }

    std::string describeStatus(int status)
    {
        if (WIFSIGNALED(status)) {
            const int sig = WTERMSIG(status);
            const char* name = ::strsignal(sig);
            return "signal " + std::to_string(sig) + (name ? std::string(" (") + name + ")" : std::string());
        }
        if (WIFEXITED(status))
            return "exit status " + std::to_string(WEXITSTATUS(status));
        return "status " + std::to_string(status);
    }

    /// The one reader process, started on first use and again after it died.
    class ReaderProcess {
    public:
        static ReaderProcess& instance()
        {
            static ReaderProcess p;
            return p;
        }
        ~ReaderProcess() { stop(); }

        std::mutex mutex;
        uint64_t generation = 0;

        int pid() const { return m_pid; }

        void stop()
        {
            if (m_fd >= 0)
                ::close(m_fd);
            m_fd = -1;
            if (m_pid > 0) {
                ::kill(m_pid, SIGKILL);
                int status = 0;
                ::waitpid(m_pid, &status, 0);
            }
            m_pid = 0;
        }

        /// Sends \p req and returns the "ok" part of the reply; with \p out, the reply's blob
        /// (of exactly \p outBytes) is read into it. Throws ql::Error about \p file.
        json request(const json& req, const std::string& file, const LoadLimits& limits, void* out = nullptr, uint64_t outBytes = 0)
        {
            if (m_pid <= 0)
                start(file, limits);
            std::pair<std::string, std::string> doing { "receive_request", "" };
            if (!ipc::send(m_fd, req))
                died(file, doing);
            const int64_t deadline = ipc::nowMs() + int64_t(limits.readerSeconds * 1000);
            for (;;) {
                json reply;
                uint64_t blob = 0;
                const ipc::Io io = ipc::receiveHeader(m_fd, reply, blob, deadline);
                if (io == ipc::Io::Timeout)
                    timedOut(file, doing, limits);
                if (io == ipc::Io::Closed)
                    died(file, doing);
                if (reply.contains("doing") && reply["doing"].is_string()) {
                    doing = { reply["doing"].get<std::string>(), reply.value("object", "") };
                    continue;
                }
                if (blob > 0) {
                    const bool take = out && blob == outBytes && reply.contains("ok");
                    const ipc::Io bio = ipc::receiveBlob(m_fd, take ? out : nullptr, blob, deadline);
                    if (bio == ipc::Io::Timeout)
                        timedOut(file, doing, limits);
                    if (bio == ipc::Io::Closed)
                        died(file, doing);
                    if (!take)
                        throw Error(ErrorCode::Hdf5Failure, file, { "reading", "a reply of unexpected size" });
                } else if (out && outBytes > 0 && reply.contains("ok")) {
                    throw Error(ErrorCode::Hdf5Failure, file, { "reading", "a reply without its values" });
                }
                if (reply.contains("error")) {
                    const json& e = reply["error"];
                    const int code = e.value("code", int(ErrorCode::Hdf5Failure));
                    std::vector<std::string> args;
                    if (e.contains("args") && e["args"].is_array())
                        for (const auto& a : e["args"])
                            args.push_back(a.is_string() ? a.get<std::string>() : a.dump());
                    const bool known = code >= 0 && code < int(ErrorCode::Count);
                    throw Error(known ? ErrorCode(code) : ErrorCode::Hdf5Failure, file, std::move(args));
                }
                return reply.value("ok", json());
            }
        }

    private:
        int m_pid = 0;
        int m_fd = -1;

        void start(const std::string& file, const LoadLimits& limits)
        {
            const std::string exe = readerExecutable();
            if (exe.empty())
                throw Error(ErrorCode::Unsupported, file, { "HDF5 files without the HDF5 reader (quantlens-hdf5-reader) beside QuantLens" });
            int sv[2];
            if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
                throw Error(ErrorCode::CannotOpen, file, { std::strerror(errno) });
            posix_spawn_file_actions_t fa;
            posix_spawn_file_actions_init(&fa);
            posix_spawn_file_actions_adddup2(&fa, sv[1], 3); // dup2 clears close-on-exec
            const std::string memory = std::to_string(limits.readerMemory());
            std::vector<std::string> env;
            for (char** e = environ; e && *e; ++e)
                if (std::strncmp(*e, "ASAN_OPTIONS=", 13) != 0)
                    env.emplace_back(*e);
            if (QL_ASAN) // the sanitizer build's reader: memory bounded by the allocator, not RLIMIT_AS
                env.push_back("ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1:max_allocation_size_mb="
                    + std::to_string(limits.readerMemory() >> 20) + ":hard_rss_limit_mb=" + std::to_string(limits.readerMemory() >> 20));
            std::vector<char*> envp;
            for (auto& e : env)
                envp.push_back(e.data());
            envp.push_back(nullptr);
            std::string a0 = exe, a1 = "3", a2 = memory;
            char* argv[] = { a0.data(), a1.data(), a2.data(), nullptr };
            pid_t pid = 0;
            const int rc = posix_spawn(&pid, exe.c_str(), &fa, nullptr, argv, envp.data());
            posix_spawn_file_actions_destroy(&fa);
            ::close(sv[1]);
            if (rc != 0) {
                ::close(sv[0]);
                throw Error(ErrorCode::CannotOpen, file, { "cannot start the HDF5 reader " + exe + ": " + std::strerror(rc) });
            }
            m_pid = pid;
            m_fd = sv[0];
            ++generation;
        }

        [[noreturn]] void died(const std::string& file, const std::pair<std::string, std::string>& doing)
        {
            ::close(m_fd);
            m_fd = -1;
            int status = 0;
            // The socket closes as the process ends; give it a moment to be reaped, then make sure.
            pid_t r = 0;
            for (int i = 0; i < 200 && (r = ::waitpid(m_pid, &status, WNOHANG)) == 0; ++i)
                ::usleep(5000);
            if (r == 0) {
                ::kill(m_pid, SIGKILL);
                ::waitpid(m_pid, &status, 0);
            }
            m_pid = 0;
            throw Error(ErrorCode::Hdf5Crashed, file, { doing.first, doing.second, describeStatus(status) });
        }

        [[noreturn]] void timedOut(const std::string& file, const std::pair<std::string, std::string>& doing, const LoadLimits& limits)
        {
            stop();
            char secs[32];
            std::snprintf(secs, sizeof secs, "%g", limits.readerSeconds);
            throw Error(ErrorCode::Hdf5Timeout, file, { doing.first, doing.second, secs });
        }
    };

    Hdf5Object objectFrom(const json& o)
    {
        Hdf5Object r;
        r.path = o.value("path", "");
        const std::string kind = o.value("kind", "");
        r.kind = kind == "dataset" ? Hdf5Object::Kind::Dataset : kind == "group" ? Hdf5Object::Kind::Group : Hdf5Object::Kind::Unreadable;
        const std::string cls = o.value("class", "");
        r.cls = cls == "float" ? Hdf5Object::Class::Float : cls == "int" ? Hdf5Object::Class::Int : cls == "enum" ? Hdf5Object::Class::Enum : Hdf5Object::Class::Other;
        r.elementBytes = o.value("size", uint64_t(0));
        r.isSigned = o.value("signed", false);
        if (o.contains("dims") && o["dims"].is_array())
            for (const auto& d : o["dims"])
                r.dims.push_back(d.is_number_unsigned() ? d.get<uint64_t>() : 0);
        r.storedBytes = o.value("stored", uint64_t(0));
        r.external = o.value("external", false);
        return r;
    }

    std::string withSlash(const std::string& p) { return p.empty() || p[0] != '/' ? "/" + p : p; }
} // namespace

Hdf5File::Hdf5File(std::string path, const LoadLimits& limits)
    : m_path(std::move(path))
    , m_limits(limits)
{
}

std::shared_ptr<Hdf5File> Hdf5File::open(const std::string& path, const LoadLimits& limits)
{
    std::shared_ptr<Hdf5File> f(new Hdf5File(path, limits));
    ReaderProcess& p = ReaderProcess::instance();
    const std::lock_guard lock(p.mutex);
    const json r = p.request({ { "op", "open" }, { "path", path }, { "max_objects", limits.maxTensors * 4 + 1024 } }, path, limits);
    f->m_id = r.value("file", int64_t(0));
    f->m_generation = p.generation;
    f->m_bytes = r.value("bytes", uint64_t(0));
    if (r.contains("objects") && r["objects"].is_array())
        for (const auto& o : r["objects"])
            f->m_objects.push_back(objectFrom(o));
    return f;
}

Hdf5File::~Hdf5File()
{
    ReaderProcess& p = ReaderProcess::instance();
    const std::lock_guard lock(p.mutex);
    if (p.generation != m_generation || p.pid() <= 0)
        return;
    try {
        p.request({ { "op", "close" }, { "file", m_id } }, m_path, m_limits);
    } catch (...) {
        // closing a file of a reader that died: nothing to close
    }
}

void Hdf5File::reopen() const
{
    // The reader process was restarted (another file crashed it): open this one again there.
    ReaderProcess& p = ReaderProcess::instance();
    const json r = p.request({ { "op", "open" }, { "path", m_path }, { "max_objects", m_limits.maxTensors * 4 + 1024 } }, m_path, m_limits);
    m_id = r.value("file", int64_t(0));
    m_generation = p.generation;
}

const Hdf5Object* Hdf5File::find(const std::string& path) const
{
    std::string p = path;
    while (p.size() > 1 && p[0] == '/')
        p.erase(0, 1);
    for (const auto& o : m_objects)
        if (o.path == p)
            return &o;
    return nullptr;
}

nlohmann::ordered_json Hdf5File::attributes(const std::string& object) const
{
    ReaderProcess& p = ReaderProcess::instance();
    const std::lock_guard lock(p.mutex);
    if (p.generation != m_generation || p.pid() <= 0)
        reopen();
    const json r = p.request({ { "op", "attributes" }, { "file", m_id }, { "object", withSlash(object) }, { "max_bytes", m_limits.maxAttributeBytes },
                                 { "max_count", m_limits.maxAttributes } },
        m_path, m_limits);
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    if (r.is_object())
        for (const auto& [k, v] : r.items())
            out[k] = v;
    return out;
}

void Hdf5File::read(const std::string& dataset, bool asDouble, uint64_t begin, uint64_t count, void* out) const
{
    const uint64_t esize = asDouble ? 8 : 4;
    ReaderProcess& p = ReaderProcess::instance();
    const std::lock_guard lock(p.mutex);
    for (uint64_t done = 0; done < count;) {
        if (p.generation != m_generation || p.pid() <= 0)
            reopen();
        const uint64_t n = std::min(kValuesPerRequest, count - done);
        p.request({ { "op", "read" }, { "file", m_id }, { "dataset", withSlash(dataset) }, { "type", asDouble ? "f64" : "f32" }, { "begin", begin + done },
                      { "count", n } },
            m_path, m_limits, static_cast<char*>(out) + done * esize, n * esize);
        done += n;
    }
}

int hdf5ReaderPid()
{
    ReaderProcess& p = ReaderProcess::instance();
    const std::lock_guard lock(p.mutex);
    return p.pid();
}

void stopHdf5Reader()
{
    ReaderProcess& p = ReaderProcess::instance();
    const std::lock_guard lock(p.mutex);
    p.stop();
}

} // namespace ql
