#include "loaders.h"
#include "mappedfile.h"
#include "metadatabuilder.h"
#include "shape.h"

#include "core/util/error.h"
#include "core/util/jsonparse.h"

#include <filesystem>
#include <fstream>
#include <algorithm>
#include <map>

namespace ql {

namespace fs = std::filesystem;

namespace {
    /// Reads `config.json` beside a checkpoint into metadata["config"], if present and valid.
    void readConfigBeside(Model& model, const fs::path& dir, const LoadLimits& limits)
    {
        const fs::path cfg = dir / "config.json";
        std::error_code ec;
        if (!fs::is_regular_file(cfg, ec))
            return;
        model.metadata["config"] = readJsonFile(cfg.string(), limits, limits.maxHeaderBytes);
    }

    /// Parses one safetensors file, appending its tensors (source index \p sourceIndex).
    void parseFile(Model& model, const std::shared_ptr<MappedFile>& file, int sourceIndex, const LoadLimits& limits)
    {
        const std::string& path = file->path();
        if (file->size() < 8)
            throw Error(ErrorCode::Truncated, path, { "the 8-byte header length" });
        uint64_t n;
        std::memcpy(&n, file->data(), 8);
        if (n > file->size() - 8)
            throw Error(ErrorCode::HeaderTooLarge, path, { std::to_string(n), std::to_string(file->size()) });
        const char* text = reinterpret_cast<const char*>(file->data() + 8);
        // std::map objects: an ordered_json object inserts in linear time (quadratic headers).
        const nlohmann::json header = parseJsonBoundedPlain(std::string_view(text, size_t(n)), path, limits, limits.maxHeaderBytes);
        if (!header.is_object())
            throw Error(ErrorCode::BadHeader, path, { "the header is not a JSON object" });
        checkLimit(path, limit::Tensors, model.tensors.size() + header.size(), limits.maxTensors);

        const uint64_t dataStart = 8 + n;
        const uint64_t dataBytes = file->size() - dataStart;
        std::vector<TensorInfo> fileTensors;
        for (auto& [name, entry] : header.items()) {
            if (name == "__metadata__") {
                if (!entry.is_object())
                    throw Error(ErrorCode::BadHeader, path, { "__metadata__ is not an object" });
                MetadataBuilder metadata(model.metadata);
                for (auto& [k, v] : entry.items())
                    metadata.set(k, toOrdered(v));
                continue;
            }
            if (!entry.is_object() || !entry.contains("dtype") || !entry.contains("shape")
                || !entry.contains("data_offsets") || !entry["dtype"].is_string() || !entry["shape"].is_array()
                || !entry["data_offsets"].is_array() || entry["data_offsets"].size() != 2)
                throw Error(ErrorCode::BadHeader, path, { "tensor '" + name + "' lacks dtype, shape or data_offsets" });
            TensorInfo t;
            t.name = name;
            const std::string dt = entry["dtype"].get<std::string>();
            const auto dtype = dtypeFromSafetensors(dt);
            if (!dtype)
                throw Error(ErrorCode::UnknownDtype, path, { dt, name });
            t.dtype = *dtype;
            checkLimit(path, limit::Rank, entry["shape"].size(), limits.maxRank, name);
            for (const auto& d : entry["shape"]) {
                if (!d.is_number_integer())
                    throw Error(ErrorCode::BadHeader, path, { "tensor '" + name + "' has a non-integer dimension" });
                if (d.is_number_unsigned() && d.get<uint64_t>() > uint64_t(limits.maxValues))
                    throw Error(ErrorCode::ShapeOverflow, path, { name });
                t.shape.push_back(d.get<int64_t>());
            }
            t.parameters = checkedElementCount(t.shape, path, name, limits);
            const auto& off = entry["data_offsets"];
            if (!off[0].is_number_unsigned() || !off[1].is_number_unsigned())
                throw Error(ErrorCode::OffsetOutOfRange, path, { name });
            const uint64_t b = off[0].get<uint64_t>(), e = off[1].get<uint64_t>();
            if (b > e || e > dataBytes)
                throw Error(ErrorCode::OffsetOutOfRange, path, { name });
            const auto expected = dtypeBytesFor(t.dtype, uint64_t(t.parameters));
            if (!expected)
                throw Error(ErrorCode::ShapeOverflow, path, { name });
            if (*expected != e - b)
                throw Error(ErrorCode::SizeMismatch, path, { name, std::to_string(*expected), std::to_string(e - b) });
            t.bytes = e - b;
            t.offset = dataStart + b;
            t.source = sourceIndex;
            fileTensors.push_back(std::move(t));
        }
        // In the order of their data in the file (the order the writer laid them out).
        std::stable_sort(fileTensors.begin(), fileTensors.end(), [](const TensorInfo& a, const TensorInfo& b) { return a.offset < b.offset; });
        std::vector<TensorInfo*> ptrs;
        for (auto& t : fileTensors)
            ptrs.push_back(&t);
        checkNoOverlap(path, ptrs);
        for (auto& t : fileTensors)
            model.tensors.push_back(std::move(t));
    }
} // namespace

Model loadSafetensors(const std::string& path, const LoadLimits& limits)
{
    Model model;
    model.format = Format::Safetensors;
    model.path = path;
    auto file = std::make_shared<MappedFile>(path);
    model.fileBytes = file->size();
    model.sources.push_back(std::make_shared<MappedSource>(file));
    parseFile(model, file, 0, limits);
    readConfigBeside(model, fs::path(path).parent_path(), limits);
    classifyTensors(model);
    return model;
}

Model loadSafetensorsIndex(const std::string& indexPath, const LoadLimits& limits)
{
    Model model;
    model.format = Format::Safetensors;
    model.path = indexPath;
    const nlohmann::ordered_json index = readJsonFile(indexPath, limits, limits.maxHeaderBytes); // keys sorted, as Hugging Face writes them
    if (!index.is_object() || !index.contains("weight_map") || !index["weight_map"].is_object())
        throw Error(ErrorCode::BadHeader, indexPath, { "the index has no weight_map object" });
    checkLimit(indexPath, limit::Tensors, index["weight_map"].size(), limits.maxTensors);
    if (index.contains("metadata") && index["metadata"].is_object()) {
        MetadataBuilder metadata(model.metadata);
        for (auto& [k, v] : index["metadata"].items())
            metadata.set(k, v);
    }

    const fs::path dir = fs::path(indexPath).parent_path();
    std::map<std::string, int> shardSource;
    std::map<std::string, std::string> expectedShard;
    for (auto& [name, shard] : index["weight_map"].items()) {
        if (!shard.is_string())
            throw Error(ErrorCode::BadHeader, indexPath, { "weight_map entry '" + name + "' is not a file name" });
        const std::string s = shard.get<std::string>();
        if (s.find('/') != std::string::npos || s == "..")
            throw Error(ErrorCode::BadHeader, indexPath, { "shard name '" + s + "' is not a plain file name" });
        expectedShard[name] = s;
        if (shardSource.count(s))
            continue;
        const fs::path shardPath = dir / s;
        std::error_code ec;
        if (!fs::is_regular_file(shardPath, ec))
            throw Error(ErrorCode::ShardMissing, indexPath, { s });
        auto file = std::make_shared<MappedFile>(shardPath.string());
        model.fileBytes += file->size();
        const int src = int(model.sources.size());
        model.sources.push_back(std::make_shared<MappedSource>(file));
        shardSource[s] = src;
        parseFile(model, file, src, limits);
    }
    std::map<std::string_view, int> sourceOf;
    for (const auto& t : model.tensors)
        sourceOf[t.name] = t.source;
    for (const auto& [name, shard] : expectedShard) {
        const auto it = sourceOf.find(name);
        if (it == sourceOf.end() || it->second != shardSource[shard])
            throw Error(ErrorCode::BadHeader, indexPath, { "tensor '" + name + "' is not in shard '" + shard + "'" });
    }
    readConfigBeside(model, dir, limits);
    classifyTensors(model);
    return model;
}

} // namespace ql
