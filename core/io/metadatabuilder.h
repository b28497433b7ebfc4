#pragma once
/// \file metadatabuilder.h
/// \brief Sets keys of a Model's metadata (an insertion-ordered JSON object, whose own look-up is
/// linear) through a hash index: a file with a million metadata keys is read in linear time, not
/// quadratic (an hour for a hostile 100 MB header).

#include <nlohmann/json.hpp>

#include <string>
#include <unordered_map>

namespace ql {

class MetadataBuilder {
public:
    explicit MetadataBuilder(nlohmann::ordered_json& metadata)
        : m_map(metadata.get_ref<nlohmann::ordered_json::object_t&>())
    {
        for (size_t i = 0; i < m_map.size(); ++i)
            m_index.emplace(m_map.Container::operator[](i).first, i);
    }
    /// \brief Sets \p key to \p value (replacing an earlier value of the key, keeping its place).
    void set(const std::string& key, nlohmann::ordered_json value)
    {
        const auto [it, inserted] = m_index.emplace(key, m_map.size());
        if (inserted)
            m_map.Container::emplace_back(key, std::move(value));
        else
            m_map.Container::operator[](it->second).second = std::move(value);
    }

private:
    using Map = nlohmann::ordered_json::object_t;
    using Container = Map::Container;
    Map& m_map;
    std::unordered_map<std::string, size_t> m_index;
};

} // namespace ql
