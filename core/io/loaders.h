#pragma once
/// \file loaders.h
/// \brief One loader per file format; io::open picks one from the file's bytes.

#include "model.h"

namespace ql {

/// \brief A single .safetensors file.
Model loadSafetensors(const std::string& path);
/// \brief A sharded checkpoint from its `model.safetensors.index.json`.
Model loadSafetensorsIndex(const std::string& indexPath);
/// \brief A GGUF v2 or v3 file.
Model loadGguf(const std::string& path);
/// \brief Any HDF5 file; Keras .h5 layouts are recognised.
Model loadHdf5(const std::string& path);
/// \brief A NumPy .npy file.
Model loadNpy(const std::string& path);
/// \brief A NumPy .npz archive (stored or deflated members).
Model loadNpz(const std::string& path);

} // namespace ql
