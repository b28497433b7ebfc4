#pragma once
/// \file loaders.h
/// \brief One loader per file format; io::open picks one from the file's bytes. Each checks what
/// the file declares against \p limits (limits.h).

#include "model.h"

#include "core/util/limits.h"

namespace ql {

/// \brief A single .safetensors file.
Model loadSafetensors(const std::string& path, const LoadLimits& limits = defaultLoadLimits());
/// \brief A sharded checkpoint from its `model.safetensors.index.json`.
Model loadSafetensorsIndex(const std::string& indexPath, const LoadLimits& limits = defaultLoadLimits());
/// \brief A GGUF v2 or v3 file.
Model loadGguf(const std::string& path, const LoadLimits& limits = defaultLoadLimits());
/// \brief Any HDF5 file; Keras .h5 layouts are recognised.
Model loadHdf5(const std::string& path, const LoadLimits& limits = defaultLoadLimits());
/// \brief A NumPy .npy file.
Model loadNpy(const std::string& path, const LoadLimits& limits = defaultLoadLimits());
/// \brief A NumPy .npz archive (stored or deflated members).
Model loadNpz(const std::string& path, const LoadLimits& limits = defaultLoadLimits());

} // namespace ql
