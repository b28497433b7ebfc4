#pragma once
/// \file error.h
/// \brief Error codes with arguments. The core never formats user-facing prose itself beyond an
/// English fallback (used by the CLI); the GUI turns codes into translated text.

#include <stdexcept>
#include <string>
#include <vector>

namespace ql {

/// \brief What went wrong, independent of language.
enum class ErrorCode {
    CannotOpen, ///< arg0: system message
    Empty, ///< file has no bytes
    UnknownFormat, ///< bytes match no supported format
    Truncated, ///< arg0: what was being read
    HeaderTooLarge, ///< arg0: declared size, arg1: file size
    BadJson, ///< arg0: parser message
    BadHeader, ///< arg0: description
    UnknownDtype, ///< arg0: dtype name, arg1: tensor name
    ShapeOverflow, ///< arg0: tensor name
    OffsetOutOfRange, ///< arg0: tensor name
    OverlappingTensors, ///< arg0, arg1: tensor names
    SizeMismatch, ///< arg0: tensor name, arg1: expected bytes, arg2: actual bytes
    NotNpyMember, ///< arg0: member name
    Hdf5Failure, ///< arg0: operation, arg1: object path
    ShardMissing, ///< arg0: shard file name
    TooLarge, ///< arg0: what, arg1: limit
    NoSuchTensor, ///< arg0: tensor name
    Cancelled,
    BadSpec, ///< arg0: the spec text, arg1: what is wrong, arg2: what is allowed
    Unsupported, ///< arg0: what cannot be done
    Infeasible, ///< arg0: what makes the request impossible, arg1: what to change
    LimitExceeded, ///< arg0: the limit's key (ql::limit, limits.h), arg1: the file's value, arg2: the limit, arg3: the tensor or entry (may be empty)
    OutOfMemory, ///< the reader could not allocate the memory the file asked for
    Unexpected, ///< arg0: the message of a library's own exception (a reader's boundary caught it)
    NoTokenizer, ///< arg0: what is missing to build the model's tokenizer, arg1: what would help (may be empty)
    Hdf5Crashed, ///< arg0: what the HDF5 reader was doing (a key, hdf5reader.h), arg1: its object, arg2: how the process ended
    Hdf5Timeout, ///< arg0: what the HDF5 reader was doing (a key, hdf5reader.h), arg1: its object, arg2: the time limit in seconds
    JudgeUnsupported, ///< arg0: the model's architecture, arg1: a feature key (judgeFeatureName), arg2: the file's value, key or tensor
    RankFailed, ///< a rank of a sharded (MPI) job failed; arg0: the rank, arg1: its tensor or work unit (may be empty), arg2: its own message
    Count ///< not an error: the number of codes (keep it last; the translated-error test covers every code below it)
};

/// \brief Exception carried out of every loader and analysis function.
class Error : public std::runtime_error {
public:
    Error(ErrorCode code, std::string file, std::vector<std::string> args = {});

    ErrorCode code() const { return m_code; }
    const std::string& file() const { return m_file; }
    const std::vector<std::string>& args() const { return m_args; }
    /// \returns the i-th argument or an empty string.
    std::string arg(size_t i) const { return i < m_args.size() ? m_args[i] : std::string(); }

private:
    ErrorCode m_code;
    std::string m_file;
    std::vector<std::string> m_args;
};

/// \returns an English description naming the file and the problem (the CLI prints this).
std::string describe(ErrorCode code, const std::string& file, const std::vector<std::string>& args);

} // namespace ql
