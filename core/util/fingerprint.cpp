#include "fingerprint.h"

#include <filesystem>

namespace ql {

std::string fileKey(const std::string& path)
{
    if (path.empty())
        return {};
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    return path + " (" + std::to_string(ec ? 0 : size) + " bytes)";
}

} // namespace ql
