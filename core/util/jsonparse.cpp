#include "jsonparse.h"

#include "error.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <vector>

namespace ql {

namespace {
    template <typename Json>
    Json parseWithLimits(std::string_view text, const std::string& file, const LoadLimits& limits, uint64_t maxBytes)
    {
        checkLimit(file, limit::HeaderBytes, text.size(), maxBytes);
        const int maxDepth = int(limits.maxJsonDepth);
        // The parser itself is iterative; the callback stops it at the first value nested too deep,
        // before the value exists (every later copy or dump of it would recurse that deep).
        auto callback = [&](int depth, typename Json::parse_event_t event, Json&) {
            if ((event == Json::parse_event_t::object_start || event == Json::parse_event_t::array_start)
                && depth >= maxDepth)
                throw Error(ErrorCode::LimitExceeded, file,
                    { limit::JsonDepth, std::to_string(depth + 1), std::to_string(maxDepth) });
            return true;
        };
        try {
            return Json::parse(text.begin(), text.end(), callback);
        } catch (const nlohmann::json::exception& e) {
            throw Error(ErrorCode::BadJson, file, { e.what() });
        }
    }
}

nlohmann::ordered_json toOrdered(const nlohmann::json& v)
{
    if (v.is_array()) {
        nlohmann::ordered_json out = nlohmann::ordered_json::array();
        out.get_ref<nlohmann::ordered_json::array_t&>().reserve(v.size());
        for (const auto& e : v)
            out.push_back(toOrdered(e));
        return out;
    }
    if (v.is_object()) {
        // The keys are unique already: appended to the ordered map's vector without its linear
        // look-up per insertion (quadratic in the number of keys: 45 s for a 91,000-tensor index).
        nlohmann::ordered_json out = nlohmann::ordered_json::object();
        auto& map = out.get_ref<nlohmann::ordered_json::object_t&>();
        map.reserve(v.size());
        for (const auto& [k, e] : v.items())
            map.nlohmann::ordered_json::object_t::Container::emplace_back(k, toOrdered(e));
        return out;
    }
    return nlohmann::ordered_json(v); // a scalar
}

nlohmann::ordered_json parseJsonBounded(std::string_view text, const std::string& file, const LoadLimits& limits, uint64_t maxBytes)
{
    // Parsed into std::map objects (an ordered_json object inserts in linear time), then converted.
    return toOrdered(parseWithLimits<nlohmann::json>(text, file, limits, maxBytes));
}

nlohmann::json parseJsonBoundedPlain(
    std::string_view text, const std::string& file, const LoadLimits& limits, uint64_t maxBytes)
{
    return parseWithLimits<nlohmann::json>(text, file, limits, maxBytes);
}

nlohmann::ordered_json readJsonFile(const std::string& path, const LoadLimits& limits, uint64_t maxBytes)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(ErrorCode::CannotOpen, path, { std::strerror(errno) });
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    if (size < 0)
        throw Error(ErrorCode::CannotOpen, path, { "cannot tell its size" });
    checkLimit(path, limit::HeaderBytes, uint64_t(size), maxBytes);
    in.seekg(0);
    std::string text(size_t(size), '\0');
    if (!in.read(text.data(), size))
        throw Error(ErrorCode::Truncated, path, { "the JSON document" });
    return parseJsonBounded(text, path, limits, maxBytes);
}

size_t jsonDepth(const nlohmann::ordered_json& v)
{
    size_t deepest = 0;
    std::vector<std::pair<const nlohmann::ordered_json*, size_t>> stack { { &v, 0 } };
    while (!stack.empty()) {
        const auto [node, depth] = stack.back();
        stack.pop_back();
        if (!node->is_structured())
            continue;
        deepest = std::max(deepest, depth + 1);
        for (const auto& child : *node)
            stack.push_back({ &child, depth + 1 });
    }
    return deepest;
}

void throwNotAnInteger(const std::string& file, std::string_view field, const std::string& value, int64_t lo, int64_t hi)
{
    std::string range;
    if (lo == std::numeric_limits<int64_t>::min() && hi == std::numeric_limits<int64_t>::max())
        range = "an integer";
    else if (hi == std::numeric_limits<int64_t>::max())
        range = "an integer of at least " + std::to_string(lo);
    else
        range = "an integer from " + std::to_string(lo) + " to " + std::to_string(hi);
    throw Error(ErrorCode::BadHeader, file,
        { "'" + std::string(field) + "' is " + (value.size() > 40 ? value.substr(0, 40) + "…" : value) + ", not " + range });
}

} // namespace ql
