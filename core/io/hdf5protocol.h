#pragma once
/// \file hdf5protocol.h
/// \brief The messages between QuantLens and its HDF5 reader process (quantlens-hdf5-reader), over
/// one Unix socket: each message is a JSON header and an optional binary blob,
/// `[u32 header bytes][header][u64 blob bytes][blob]`, little-endian.
///
/// Requests (QuantLens → reader) carry `"op"`: `open` {path, max_objects} → {file, bytes, objects};
/// `attributes` {file, object, max_bytes, max_count} → {attributes}; `read` {file, dataset, type
/// "f32"|"f64", begin, count} → the values as the blob; `close` {file}. While it works the reader
/// sends `{"doing": "…"}` before every library call that reads the file, so when the library
/// crashes or hangs QuantLens can say what it was reading. A reply is `{"ok": …}` or
/// `{"error": {"code": N, "args": […]}}`.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace ql::hdf5ipc {

/// \brief Largest header accepted (a listing of every object of a file with many datasets).
constexpr uint64_t kMaxHeaderBytes = uint64_t(1) << 30;

/// \brief How one message ended: complete, the peer closed the socket, or the deadline passed.
enum class Io { Ok, Closed, Timeout };

/// \brief Writes a message; returns false when the peer is gone (never raises SIGPIPE).
bool send(int fd, const nlohmann::json& header, const void* blob = nullptr, uint64_t blobBytes = 0);

/// \brief Reads a message header; the blob, if any, follows with receiveBlob(). \p deadlineMs is
/// an absolute steady-clock time in milliseconds (<= 0: no deadline).
Io receiveHeader(int fd, nlohmann::json& header, uint64_t& blobBytes, int64_t deadlineMs);
/// \brief Reads \p bytes of blob into \p out (or discards them when \p out is null).
Io receiveBlob(int fd, void* out, uint64_t bytes, int64_t deadlineMs);

/// \returns the steady clock in milliseconds.
int64_t nowMs();

} // namespace ql::hdf5ipc
