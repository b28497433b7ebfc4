#include "hdf5protocol.h"

#include <algorithm>

#include <cerrno>
#include <chrono>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace ql::hdf5ipc {

int64_t nowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

namespace {
    bool writeAll(int fd, const void* data, uint64_t n)
    {
        const auto* p = static_cast<const char*>(data);
        while (n > 0) {
            const ssize_t w = ::send(fd, p, size_t(std::min<uint64_t>(n, uint64_t(1) << 24)), MSG_NOSIGNAL);
            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0)
                return false;
            p += w;
            n -= uint64_t(w);
        }
        return true;
    }

    Io readAll(int fd, void* data, uint64_t n, int64_t deadlineMs)
    {
        auto* p = static_cast<char*>(data);
        char sink[65536];
        while (n > 0) {
            if (deadlineMs > 0) {
                const int64_t left = deadlineMs - nowMs();
                if (left <= 0)
                    return Io::Timeout;
                pollfd pfd { fd, POLLIN, 0 };
                const int r = ::poll(&pfd, 1, int(std::min<int64_t>(left, 1 << 30)));
                if (r < 0 && errno == EINTR)
                    continue;
                if (r == 0)
                    return Io::Timeout;
            }
            char* dst = p ? p : sink;
            const size_t want = size_t(std::min<uint64_t>(n, p ? (uint64_t(1) << 24) : sizeof sink));
            const ssize_t got = ::recv(fd, dst, want, 0);
            if (got < 0 && errno == EINTR)
                continue;
            if (got <= 0)
                return Io::Closed;
            if (p)
                p += got;
            n -= uint64_t(got);
        }
        return Io::Ok;
    }
} // namespace

bool send(int fd, const nlohmann::json& header, const void* blob, uint64_t blobBytes)
{
    const std::string text = header.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    const uint32_t n = uint32_t(text.size());
    return writeAll(fd, &n, 4) && writeAll(fd, text.data(), n) && writeAll(fd, &blobBytes, 8) && (blobBytes == 0 || writeAll(fd, blob, blobBytes));
}

Io receiveHeader(int fd, nlohmann::json& header, uint64_t& blobBytes, int64_t deadlineMs)
{
    uint32_t n = 0;
    if (const Io io = readAll(fd, &n, 4, deadlineMs); io != Io::Ok)
        return io;
    if (n > kMaxHeaderBytes)
        return Io::Closed;
    // Grown as bytes arrive: a length word alone must not allocate the 1 GiB it may declare.
    std::string text;
    for (uint32_t got = 0; got < n;) {
        const uint32_t step = std::min<uint32_t>(n - got, uint32_t(1) << 20);
        text.resize(size_t(got) + step);
        if (const Io io = readAll(fd, text.data() + got, step, deadlineMs); io != Io::Ok)
            return io;
        got += step;
    }
    if (const Io io = readAll(fd, &blobBytes, 8, deadlineMs); io != Io::Ok)
        return io;
    header = nlohmann::json::parse(text, nullptr, false);
    return header.is_discarded() ? Io::Closed : Io::Ok;
}

Io receiveBlob(int fd, void* out, uint64_t bytes, int64_t deadlineMs) { return readAll(fd, out, bytes, deadlineMs); }

} // namespace ql::hdf5ipc
