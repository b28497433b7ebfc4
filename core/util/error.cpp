#include "error.h"

namespace ql {

namespace {
    std::string at(const std::vector<std::string>& a, size_t i) { return i < a.size() ? a[i] : std::string(); }

    /// What the HDF5 reader was doing (the keys of hdf5reader.h), in English.
    std::string hdf5Action(const std::string& key, const std::string& object)
    {
        const std::string o = "'" + object + "'";
        if (key == "open_file") return "opening the file";
        if (key == "list_objects") return "listing its objects";
        if (key == "open_dataset") return "opening dataset " + o;
        if (key == "read_type") return "reading the type of dataset " + o;
        if (key == "read_shape") return "reading the shape of dataset " + o;
        if (key == "read_storage") return "reading the storage of dataset " + o;
        if (key == "open_object") return "opening object " + o;
        if (key == "count_attributes") return "counting the attributes of " + o;
        if (key == "open_attribute") return "opening an attribute of " + o;
        if (key == "read_attribute") return "reading attribute " + o;
        if (key == "read_dataset") return "reading dataset " + o;
        return "receiving a request";
    }

    /// What the judge does not implement (a feature key of ErrorCode::JudgeUnsupported), in English.
    std::string judgeFeature(const std::string& key, const std::string& d)
    {
        if (key == "architecture") return "this architecture (no forward pass for it)";
        if (key == "metadata") return "the metadata key '" + d + "'";
        if (key == "config") return "the config.json setting " + d;
        if (key == "rope_scaling") return "RoPE scaling '" + d + "'";
        if (key == "tensor") return "the tensor '" + d + "'";
        if (key == "partial_rope") return "rotary embedding of part of each head (" + d + ")";
        if (key == "sliding_window") return "sliding-window attention (" + d + ")";
        if (key == "per_layer") return "hyper-parameters that differ by layer (" + d + ")";
        if (key == "experts") return "this mixture of experts (" + d + ")";
        if (key == "activation") return "the activation '" + d + "'";
        if (key == "head_size") return "keys and values of different head sizes (" + d + ")";
        return key + " (" + d + ")";
    }

    /// The English name of a limit key (limits.h).
    std::string limitName(const std::string& key)
    {
        if (key == "header_bytes") return "the header size in bytes";
        if (key == "tensors") return "the number of tensors";
        if (key == "rank") return "the number of axes";
        if (key == "json_depth") return "the nesting depth of the JSON";
        if (key == "metadata_values") return "the number of metadata values";
        if (key == "values") return "the number of values";
        if (key == "stored_bytes") return "the decoded size per stored byte";
        if (key == "memory") return "the memory needed in bytes";
        if (key == "attribute_bytes") return "the size of the attribute in bytes";
        if (key == "attributes") return "the number of attributes";
        return key;
    }
}

std::string describe(ErrorCode code, const std::string& file, const std::vector<std::string>& a)
{
    std::string what;
    switch (code) {
    case ErrorCode::CannotOpen: what = "cannot open file: " + at(a, 0); break;
    case ErrorCode::Empty: what = "the file is empty"; break;
    case ErrorCode::UnknownFormat:
        what = "not a safetensors, GGUF, HDF5, .npy or .npz file (unrecognised leading bytes)";
        break;
    case ErrorCode::Truncated: what = "the file is truncated while reading " + at(a, 0); break;
    case ErrorCode::HeaderTooLarge:
        what = "the header length " + at(a, 0) + " runs past the end of the file (" + at(a, 1) + " bytes)";
        break;
    case ErrorCode::BadJson: what = "malformed JSON: " + at(a, 0); break;
    case ErrorCode::BadHeader: what = "malformed header: " + at(a, 0); break;
    case ErrorCode::UnknownDtype: what = "unknown data type '" + at(a, 0) + "' for tensor '" + at(a, 1) + "'"; break;
    case ErrorCode::ShapeOverflow: what = "the shape of tensor '" + at(a, 0) + "' is too large (its size overflows)"; break;
    case ErrorCode::OffsetOutOfRange:
        what = "the data of tensor '" + at(a, 0) + "' lies outside the file";
        break;
    case ErrorCode::OverlappingTensors:
        what = "the data of tensors '" + at(a, 0) + "' and '" + at(a, 1) + "' overlap";
        break;
    case ErrorCode::SizeMismatch:
        what = "tensor '" + at(a, 0) + "' should hold " + at(a, 1) + " bytes but its data range holds " + at(a, 2);
        break;
    case ErrorCode::NotNpyMember: what = "archive member '" + at(a, 0) + "' is not a .npy array"; break;
    case ErrorCode::Hdf5Failure: what = "HDF5 error during " + at(a, 0) + " of '" + at(a, 1) + "'"; break;
    case ErrorCode::ShardMissing: what = "shard '" + at(a, 0) + "' named in the index is missing"; break;
    case ErrorCode::TooLarge: what = at(a, 0) + " exceeds the limit of " + at(a, 1); break;
    case ErrorCode::NoSuchTensor: what = "no tensor named '" + at(a, 0) + "'"; break;
    case ErrorCode::Cancelled: what = "cancelled"; break;
    case ErrorCode::BadSpec:
        what = "invalid quantization spec '" + at(a, 0) + "': " + at(a, 1) + ". " + at(a, 2);
        break;
    case ErrorCode::Unsupported: what = "not supported: " + at(a, 0); break;
    case ErrorCode::Infeasible: what = "impossible: " + at(a, 0) + ". " + at(a, 1); break;
    case ErrorCode::LimitExceeded:
        what = limitName(at(a, 0)) + (at(a, 3).empty() ? std::string() : " of '" + at(a, 3) + "'") + " is " + at(a, 1)
            + ", over the limit of " + at(a, 2);
        break;
    case ErrorCode::OutOfMemory: what = "not enough memory to read the file"; break;
    case ErrorCode::Unexpected: what = "unexpected failure while reading: " + at(a, 0); break;
    case ErrorCode::JudgeUnsupported:
        what = "the judge cannot run this " + at(a, 0) + " model: it does not implement " + judgeFeature(at(a, 1), at(a, 2));
        break;
    case ErrorCode::NoTokenizer:
        what = "cannot build the model's tokenizer: it lacks " + at(a, 0) + (at(a, 1).empty() ? std::string() : " (" + at(a, 1) + ")");
        break;
    case ErrorCode::Hdf5Crashed:
        what = "this HDF5 file is malformed: the HDF5 library failed " + hdf5Action(at(a, 0), at(a, 1)) + " (its reader process ended with "
            + at(a, 2) + ")";
        break;
    case ErrorCode::Hdf5Timeout:
        what = "this HDF5 file is malformed: the HDF5 library was still " + hdf5Action(at(a, 0), at(a, 1)) + " after " + at(a, 2)
            + " s and was stopped";
        break;
    case ErrorCode::RankFailed:
        what = "rank " + at(a, 0) + " failed";
        if (!at(a, 1).empty())
            what += " on '" + at(a, 1) + "'";
        what += ": " + at(a, 2);
        break;
    case ErrorCode::Count: what = "unknown error"; break;
    }
    return file.empty() ? what : file + ": " + what;
}

Error::Error(ErrorCode code, std::string file, std::vector<std::string> args)
    : std::runtime_error(describe(code, file, args))
    , m_code(code)
    , m_file(std::move(file))
    , m_args(std::move(args))
{
}

} // namespace ql
