#include "atomicfile.h"

#include "error.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <unistd.h>

namespace ql {

void writeFileAtomically(const std::string& path, const std::string& contents)
{
    const std::string tmp = path + ".tmp-" + std::to_string(::getpid());
    std::FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f)
        throw Error(ErrorCode::CannotOpen, path, { std::strerror(errno) });
    const bool ok = std::fwrite(contents.data(), 1, contents.size(), f) == contents.size() && std::fflush(f) == 0
        && ::fsync(::fileno(f)) == 0;
    const std::string why = std::strerror(errno);
    std::fclose(f);
    if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
        const std::string reason = ok ? std::string(std::strerror(errno)) : why;
        std::remove(tmp.c_str());
        throw Error(ErrorCode::CannotOpen, path, { reason });
    }
}

} // namespace ql
