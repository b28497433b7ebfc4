// The known crashes of issue 16, one test each, with the hand-made malformed inputs generated here:
// before the fixes each of these crashed (SIGFPE, stack overflow, SIGSEGV), overflowed a buffer,
// let a non-ql::Error escape, or allocated tens of GiB; now each is a clear ql::Error naming the
// file and what is wrong (or, where the file is fine, a correct answer).
#include "core/analysis/sweep.h"
#include "core/analysis/sweepjournal.h"
#include "core/eval/judge.h"
#include "core/eval/validationjournal.h"
#include "core/io/calibration.h"
#include "core/io/model.h"
#include "core/io/names.h"
#include "core/plan/export.h"
#include "core/plan/planner.h"
#include "core/plan/session.h"
#include "core/quant/quantizer.h"
#include "core/quant/spec.h"
#include "core/util/error.h"
#include "core/util/limits.h"
#include "core/util/progress.h"
#include "support/fixtures.h"

#include <hdf5.h>

#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <limits>
#include <cstring>
#include <fstream>

using namespace fixtures;

namespace {
template <typename T> Bytes le(T v)
{
    return Bytes(reinterpret_cast<const char*>(&v), sizeof(T));
}

/// Replaces every occurrence of \p from by \p to (of the same length) in \p b.
Bytes patched(Bytes b, const std::string& from, const std::string& to)
{
    for (size_t p = b.find(from); p != Bytes::npos; p = b.find(from, p + to.size()))
        b.replace(p, from.size(), to);
    return b;
}
} // namespace

class TestHostile : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::string path(const std::string& name) const { return (m_dir.path() + "/").toStdString() + name; }

    /// Runs \p f and checks it throws a ql::Error of \p code whose message names \p file (and \p mentions).
    template <typename F>
    void expectError(const std::string& file, ql::ErrorCode code, F&& f, const std::string& mentions = {})
    {
        try {
            f();
            QFAIL(("accepted malformed input " + file).c_str());
        } catch (const ql::Error& e) {
            const std::string what = e.what();
            QVERIFY2(e.code() == code, (file + ": unexpected error: " + what).c_str());
            QVERIFY2(what.find(file) != std::string::npos, ("message does not name the file: " + what).c_str());
            if (!mentions.empty())
                QVERIFY2(
                    what.find(mentions) != std::string::npos, ("message lacks '" + mentions + "': " + what).c_str());
        }
    }

    /// Opens \p name and reads every tensor.
    void openAndRead(const std::string& name) const
    {
        const ql::Model m = ql::open(path(name));
        for (size_t i = 0; i < m.tensors.size(); ++i)
            m.readAll(i);
    }

    /// Writes a calibration HDF5 file; \p make adds datasets to the group /calibration/w.
    template <typename F> void writeCalibrationHdf5(const std::string& file, F&& make) const
    {
        const hid_t f = H5Fcreate(file.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
        const hid_t lcpl = H5Pcreate(H5P_LINK_CREATE);
        H5Pset_create_intermediate_group(lcpl, 1);
        const hid_t g = H5Gcreate2(f, "/calibration/w", lcpl, H5P_DEFAULT, H5P_DEFAULT);
        make(g);
        H5Gclose(g);
        H5Pclose(lcpl);
        H5Fclose(f);
    }

private slots:
    void ggufAlignmentOf2To32()
    {
        // A 112-byte GGUF whose general.alignment is the UINT64 2^32: a power of two that became 0
        // as a uint32 and then divided (SIGFPE).
        Gguf g;
        g.kv("general.alignment", 10, le<uint64_t>(uint64_t(1) << 32));
        g.tensor("t", { 4 }, 0, raw(std::vector<float> { 1, 2, 3, 4 }));
        writeFile(path("align.gguf"), g.build());
        expectError(
            "align.gguf", ql::ErrorCode::BadHeader, [&] { openAndRead("align.gguf"); }, "general.alignment");
        // llama.cpp takes the alignment as a UINT32 power of two, and so does QuantLens.
        Gguf three;
        three.kvU32("general.alignment", 3);
        three.tensor("t", { 4 }, 0, raw(std::vector<float> { 1, 2, 3, 4 }));
        writeFile(path("align3.gguf"), three.build());
        expectError(
            "align3.gguf", ql::ErrorCode::BadHeader, [&] { openAndRead("align3.gguf"); }, "general.alignment");
    }

    void ggufBlocksAtOddOffsets()
    {
        // general.alignment 1 puts a Q4_0 tensor (2-byte scale fields) at an odd offset; its blocks
        // are copied out rather than read through a misaligned struct (UBSan: misaligned access).
        Bytes block(18, '\0');
        block[0] = char(0x00);
        block[1] = char(0x3c); // fp16 1.0
        for (int j = 0; j < 16; ++j)
            block[size_t(2 + j)] = char(j | (15 - j) << 4);
        Gguf g;
        g.kvU32("general.alignment", 1);
        g.tensor(
            "odd", { 1 }, 0, raw(std::vector<float> { 7 })); // 4 bytes: the next tensor starts at an odd header end + 4
        g.tensor("q", { 32 }, 2, block);
        Bytes bytes = g.build(3, 1);
        writeFile(path("odd.gguf"), bytes);
        const ql::Model m = ql::open(path("odd.gguf"));
        const auto& q = m.tensors[size_t(m.find("q"))];
        QVERIFY(q.offset % 2 == 1); // really misaligned for uint16_t
        const auto v = m.readAll(size_t(m.find("q")));
        for (int j = 0; j < 16; ++j) {
            QCOMPARE(v[size_t(j)], float(j - 8));
            QCOMPARE(v[size_t(j + 16)], float(15 - j - 8));
        }
    }

    void npzMembersOfOneName()
    {
        // Two members named a.npy: the second (1000 values) was decoded from the first one's
        // 4-byte buffer (heap-buffer-overflow read).
        const std::string tmp = path("dup_src.npz");
        writeZip(tmp,
            { { "a.npy", npy("<f4", { 1 }, raw(std::vector<float> { 1 })) },
                { "b.npy", npy("<f4", { 1000 }, raw(ramp(1000))) } },
            true);
        writeFile(path("dup.npz"), patched(readFile(tmp), "b.npy", "a.npy"));
        expectError("dup.npz", ql::ErrorCode::BadHeader, [&] { openAndRead("dup.npz"); });
    }

    void npzMemberClaimingGigabytes()
    {
        // A deflated member of ~100 bytes that declares 4 GiB when inflated: more than DEFLATE can
        // expand, refused before anything is allocated.
        const std::string tmp = path("bomb_src.npz");
        writeZip(tmp, { { "x.npy", npy("<f4", { 16 }, Bytes(64, '\0')) } }, true);
        Bytes b = readFile(tmp);
        const uint32_t size = uint32_t(npy("<f4", { 16 }, Bytes(64, '\0')).size());
        const uint32_t claim = 0xFFFFFF00u;
        // The uncompressed size sits at offset 22 of the local header and 24 of the central one.
        for (const auto& [sig, at] : { std::pair<std::string, size_t> { "PK\x03\x04", 22 }, { "PK\x01\x02", 24 } }) {
            const size_t p = b.find(sig);
            QVERIFY(p != Bytes::npos);
            uint32_t got;
            std::memcpy(&got, b.data() + p + at, 4);
            QCOMPARE(got, size);
            b.replace(p + at, 4, le(claim));
        }
        writeFile(path("bomb.npz"), b);
        expectError(
            "bomb.npz", ql::ErrorCode::LimitExceeded, [&] { ql::open(path("bomb.npz")); }, "x.npy");
    }

    void layerNumbersOfManyDigits()
    {
        // An 11-digit layer number made std::stoi throw std::out_of_range (a bare "stoi" in the GUI);
        // 70,000 digits overflowed the stack of std::regex. Neither is a block index: no layer.
        const std::string eleven = "model.layers.12345678901.mlp.down_proj.weight";
        const std::string huge = "model.layers." + std::string(70000, '7') + ".mlp.down_proj.weight";
        const Bytes four = raw(std::vector<float> { 1, 2, 3, 4 });
        writeFile(path("digits.safetensors"),
            safetensors({ { eleven, "F32", { 2, 2 }, four }, { huge, "F32", { 2, 2 }, four },
                { "model.layers.3.mlp.up_proj.weight", "F32", { 2, 2 }, four } }));
        const ql::Model m = ql::open(path("digits.safetensors"));
        QCOMPARE(m.tensors[0].layer, -1);
        QCOMPARE(m.tensors[1].layer, -1);
        QCOMPARE(m.tensors[2].layer, 3);
        QCOMPARE(m.tensors[1].role, ql::Role::MlpDown);
        QCOMPARE(ql::ggufTensorName(huge), "blk." + std::string(70000, '7') + ".ffn_down.weight");
        QCOMPARE(ql::ggufTensorName("model.layers.3x.mlp.down_proj.weight"),
            std::string("model.layers.3x.mlp.down_proj.weight"));
        // Plan patterns search such names too (PCRE2 instead of std::regex).
        ql::SweepResult s;
        s.specs = { "int4:channel:sym:minmax", "int8:channel:sym:minmax" };
        for (const auto& name : { huge, std::string("model.layers.3.mlp.up_proj.weight") }) {
            ql::SweepRow r;
            r.name = name;
            r.parameters = 4;
            for (const auto& spec : s.specs) {
                ql::SweepCell c;
                c.spec = spec;
                c.bitsPerWeight = spec[3] == '4' ? 4 : 8;
                c.relMse = spec[3] == '4' ? 0.1 : 0.01;
                r.cells.push_back(c);
            }
            s.rows.push_back(r);
        }
        ql::PlanConstraints c;
        c.ties = { R"(layers\.(\d+)\.mlp)" };
        c.minBits = { { R"(7{60000})", 8 } };
        const ql::Plan p = ql::solvePlan(s, { ql::Budget::Kind::BitsPerWeight, 6 }, c);
        QCOMPARE(p.entries[0].spec, s.specs[1]); // the 70,000-digit name needs 8 bits
        QCOMPARE(p.entries[1].spec, s.specs[0]);
    }

    void metadataNestedTenThousandDeep()
    {
        // __metadata__ nested 10,000 deep: the recursive JSON copy overflowed the stack.
        const std::string deep = std::string(10000, '[') + std::string(10000, ']');
        writeFile(path("deep.safetensors"),
            safetensorsRaw(
                R"({"__metadata__":{"a":)" + deep + R"(},"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})",
                raw(std::vector<float> { 1 })));
        expectError(
            "deep.safetensors", ql::ErrorCode::LimitExceeded, [&] { openAndRead("deep.safetensors"); },
            "nesting depth");
        // The same in a sharded index and a config.json beside a checkpoint.
        writeFile(path("deep.index.json"), R"({"metadata":{"x":)" + deep + R"(},"weight_map":{}})");
        expectError("deep.index.json", ql::ErrorCode::LimitExceeded, [&] { openAndRead("deep.index.json"); });
    }

    void imatrixWithZeroLengthAxis()
    {
        // in_sum2 of shape [0, 2^40] holds no bytes yet asked for 2^40 mean squares (4 TiB, a
        // std::bad_alloc as the message).
        Gguf g;
        g.tensor("blk.0.ffn_down.weight.in_sum2", { 0, int64_t(1) << 40 }, 0, "");
        g.tensor("blk.0.ffn_down.weight.counts", { 0 }, 0, "");
        writeFile(path("zero.imatrix.gguf"), g.build());
        expectError(
            "zero.imatrix.gguf", ql::ErrorCode::BadHeader, [&] { ql::loadCalibrationAny(path("zero.imatrix.gguf")); });
    }

    void imatrixCountsPastInt64()
    {
        // Counts summing to 6e38 were cast to int64 (undefined; UBSan: float-cast-overflow).
        Gguf g;
        g.tensor("blk.0.ffn_down.weight.in_sum2", { 2, 4 }, 0, raw(std::vector<float>(8, 1.0f)));
        g.tensor("blk.0.ffn_down.weight.counts", { 2 }, 0, raw(std::vector<float> { 3e38f, 3e38f }));
        writeFile(path("counts.imatrix.gguf"), g.build());
        expectError(
            "counts.imatrix.gguf", ql::ErrorCode::BadHeader,
            [&] { ql::loadCalibrationAny(path("counts.imatrix.gguf")); }, ".counts");
        Gguf neg;
        neg.tensor("blk.0.ffn_down.weight.in_sum2", { 4 }, 0, raw(std::vector<float>(4, 1.0f)));
        neg.tensor("blk.0.ffn_down.weight.counts", { 1 }, 0, raw(std::vector<float> { -5 }));
        writeFile(path("negative.imatrix.gguf"), neg.build());
        expectError("negative.imatrix.gguf", ql::ErrorCode::BadHeader,
            [&] { ql::loadCalibrationAny(path("negative.imatrix.gguf")); });
    }

    void calibrationDeclaringAnUnwrittenHessian()
    {
        // A 3 KB calibration HDF5 declaring a chunked [65536, 65536] Hessian never written:
        // 32 GiB allocated for fill values.
        const std::string file = path("unwritten.h5");
        writeCalibrationHdf5(file, [](hid_t g) {
            const hsize_t dims[2] = { 65536, 65536 }, chunk[2] = { 64, 64 };
            const hid_t space = H5Screate_simple(2, dims, nullptr);
            const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
            H5Pset_chunk(dcpl, 2, chunk);
            H5Dclose(H5Dcreate2(g, "hessian", H5T_IEEE_F64LE, space, H5P_DEFAULT, dcpl, H5P_DEFAULT));
            H5Pclose(dcpl);
            H5Sclose(space);
        });
        QVERIFY(readFile(file).size() < 8192);
        expectError(
            "unwritten.h5", ql::ErrorCode::LimitExceeded, [&] { ql::loadCalibrationAny(file); }, "hessian");
    }

    void calibrationNpzOfOneWideRow()
    {
        // A 476-byte .npz of inputs [1, 65536]: XᵀX of 65536² doubles is 32 GiB.
        const std::string file = path("wide.npz");
        writeZip(file, { { "w/inputs.npy", npy("<f4", { 1, 65536 }, Bytes(65536 * 4, '\0')) } }, true);
        QVERIFY(readFile(file).size() < 2048);
        expectError(
            "wide.npz", ql::ErrorCode::LimitExceeded, [&] { ql::loadCalibrationAny(file); }, "memory");
        // Within an explicit memory limit as well.
        ql::LoadLimits small;
        small.maxInflatedBytes = 1 << 20;
        const std::string narrow = path("narrow.npz");
        writeZip(narrow, { { "w/inputs.npy", npy("<f4", { 1, 512 }, Bytes(512 * 4, '\0')) } }, true);
        expectError("narrow.npz", ql::ErrorCode::LimitExceeded, [&] { ql::loadCalibrationNpz(narrow, 256, small); });
        QCOMPARE(ql::loadCalibrationNpz(narrow).entries.at("w").hessian.size(), size_t(512 * 512));
    }

    void calibrationLoadingCountsAndStopsWhenCancelled()
    {
        // Reading captured inputs accumulates XᵀX row by row: the GUI's Cancel stops it, and its
        // progress counts the layers.
        const std::string file = path("three_layers.npz");
        std::vector<float> rows(8 * 16);
        for (size_t i = 0; i < rows.size(); ++i)
            rows[i] = float(i % 7) - 3.0f;
        const Bytes data(reinterpret_cast<const char*>(rows.data()), rows.size() * 4);
        writeZip(file, { { "a/inputs.npy", npy("<f4", { 8, 16 }, data) }, { "b/inputs.npy", npy("<f4", { 8, 16 }, data) },
                         { "c/inputs.npy", npy("<f4", { 8, 16 }, data) } }, true);
        ql::Progress progress;
        QCOMPARE(ql::loadCalibrationAny(file, ql::defaultLoadLimits(), &progress).entries.size(), size_t(3));
        QCOMPARE(progress.total(), int64_t(3));
        QCOMPARE(progress.done(), int64_t(3));
        ql::Progress cancelled;
        cancelled.cancel();
        try {
            ql::loadCalibrationAny(file, ql::defaultLoadLimits(), &cancelled);
            QFAIL("a cancelled reading went on");
        } catch (const ql::Error& e) {
            QCOMPARE(e.code(), ql::ErrorCode::Cancelled);
        }
    }

    void calibrationNpzOfEmptyMembers()
    {
        // Members of no values (CI's fuzzer: the decoder copied 0 floats into an empty vector's
        // null buffer, undefined behaviour that UBSan stops on). The file is refused by name.
        const std::string file = path("empty_members.npz");
        writeZip(file, { { "w/mean_sq.npy", npy("<f4", { 0 }, Bytes()) }, { "w/absmax.npy", npy("<f4", { 0 }, Bytes()) } }, true);
        expectError("empty_members.npz", ql::ErrorCode::BadHeader, [&] { ql::loadCalibrationAny(file); }, "'w'");
        // An empty tensor in a model is a tensor like any other: it opens and reads as nothing.
        const std::string model = path("empty_tensor.npz");
        writeZip(model, { { "e.npy", npy("<f4", { 0, 4 }, Bytes()) }, { "x.npy", npy("<f4", { 2 }, Bytes(8, '\0')) } }, true);
        openAndRead("empty_tensor.npz");
    }

    void calibrationGroupOfInputsOnly()
    {
        // A group holding only `inputs`: mean_sq stayed empty and the sweep mapped a null pointer
        // (SIGSEGV). The statistics are now computed from the rows, as the .npz reader does.
        const std::vector<float> rows = ramp(4 * 8, 0.25f, -3.0f);
        const std::string file = path("inputs_only.h5");
        writeCalibrationHdf5(file, [&](hid_t g) {
            const hsize_t dims[2] = { 4, 8 };
            const hid_t space = H5Screate_simple(2, dims, nullptr);
            const hid_t ds = H5Dcreate2(g, "inputs", H5T_IEEE_F32LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
            H5Dwrite(ds, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows.data());
            H5Dclose(ds);
            H5Sclose(space);
        });
        const ql::CalibrationStore store = ql::loadCalibrationAny(file);
        const ql::CalibrationEntry& e = store.entries.at("w");
        ql::CalibrationEntry expected;
        expected.in = 8;
        for (int r = 0; r < 4; ++r)
            expected.add(rows.data() + r * 8, 4);
        QCOMPARE(e.in, int64_t(8));
        QCOMPARE(e.samples, int64_t(4));
        QCOMPARE(e.meanSq, expected.meanSq);
        QCOMPARE(e.absmax, expected.absmax);
        QCOMPARE(e.hessian, expected.hessian);
        QCOMPARE(e.inputs, rows);
        writeFile(path("w.safetensors"), safetensors({ { "w", "F32", { 3, 8 }, raw(ramp(24, 0.1f, -1.0f)) } }));
        const ql::Model m = ql::open(path("w.safetensors"));
        const auto sweep = ql::runSweep(m, { ql::parseSpec("int4:channel") }, {}, nullptr, {}, &store);
        QVERIFY(std::isfinite(sweep.rows.at(0).cells.at(0).outputRelErr));
        QVERIFY(sweep.rows.at(0).cells.at(0).outputRelErr > 0);
    }

    void hdf5DatasetDeclaring2To48Values()
    {
        // 2^48 values declared in a file of a few KB (chunks never written): the tensor was listed
        // and reading it asked for 1 PiB.
        const std::string file = path("huge.h5");
        const hid_t f = H5Fcreate(file.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
        const hsize_t dims[2] = { hsize_t(1) << 24, hsize_t(1) << 24 }, chunk[2] = { 256, 256 };
        const hid_t space = H5Screate_simple(2, dims, nullptr);
        const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
        H5Pset_chunk(dcpl, 2, chunk);
        H5Dclose(H5Dcreate2(f, "w", H5T_IEEE_F32LE, space, H5P_DEFAULT, dcpl, H5P_DEFAULT));
        H5Pclose(dcpl);
        H5Sclose(space);
        H5Fclose(f);
        QVERIFY(readFile(file).size() < 8192);
        expectError(
            "huge.h5", ql::ErrorCode::LimitExceeded, [&] { openAndRead("huge.h5"); }, "'w'");
    }

    void hdf5AttributeOfManyStrings()
    {
        // A string attribute of 100,000 elements: every one was read into the metadata. Past the
        // limit it is noted, not read (no view needs it).
        const std::string file = path("strings.h5");
        const hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
        H5Pset_libver_bounds(fapl, H5F_LIBVER_LATEST, H5F_LIBVER_LATEST); // dense attribute storage
        const hid_t f = H5Fcreate(file.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
        const hsize_t n = 100000;
        const hid_t space = H5Screate_simple(1, &n, nullptr);
        const hid_t type = H5Tcopy(H5T_C_S1);
        H5Tset_size(type, H5T_VARIABLE);
        const hid_t root = H5Gopen2(f, "/", H5P_DEFAULT);
        const hid_t attr = H5Acreate2(root, "many", type, space, H5P_DEFAULT, H5P_DEFAULT);
        std::vector<const char*> strings(n, "x");
        QVERIFY(H5Awrite(attr, type, strings.data()) >= 0);
        H5Aclose(attr);
        H5Gclose(root);
        H5Tclose(type);
        H5Sclose(space);
        const hsize_t two = 2;
        const hid_t s2 = H5Screate_simple(1, &two, nullptr);
        const float v[2] = { 1, 2 };
        const hid_t ds = H5Dcreate2(f, "w", H5T_IEEE_F32LE, s2, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        H5Dwrite(ds, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, v);
        H5Dclose(ds);
        H5Sclose(s2);
        H5Fclose(f);
        H5Pclose(fapl);
        const ql::Model m = ql::open(file);
        QVERIFY(m.metadata.contains("many"));
        QVERIFY(m.metadata["many"].is_string());
        QVERIFY(m.metadata["many"].get<std::string>().starts_with("(not read: 100000 elements"));
        QCOMPARE(m.readAll(0), (std::vector<float> { 1, 2 }));
    }

    void sweepWithFewerCellsThanSpecs()
    {
        // The planner and the Plan tab index a row's cells by the spec: a row with fewer was read
        // past its end.
        const std::string cell1 = R"({"spec":"int4:channel:sym:minmax","bits_per_weight":4,"rel_mse":0.1})";
        const std::string cell2 = R"({"spec":"int8:channel:sym:minmax","bits_per_weight":8,"rel_mse":0.01})";
        auto sweep = [&](const std::string& rows) {
            return R"({"format":"quantlens-sweep","version":1,"specs":["int4:channel:sym:minmax","int8:channel:sym:minmax"],"tensors":[)"
                + rows + "]}";
        };
        writeFile(path("short.sweep.json"), sweep(R"({"name":"w","parameters":64,"specs":[)" + cell1 + "]}"));
        expectError(
            "short.sweep.json", ql::ErrorCode::BadHeader, [&] { ql::loadSweep(path("short.sweep.json")); }, "'w'");
        // Negative parameter counts and bit widths were planned without a word.
        writeFile(path("negative.sweep.json"),
            sweep(R"({"name":"w","parameters":-64,"specs":[)" + cell1 + "," + cell2 + "]}"));
        expectError(
            "negative.sweep.json", ql::ErrorCode::BadHeader, [&] { ql::loadSweep(path("negative.sweep.json")); },
            "-64");
        writeFile(path("bits.sweep.json"),
            sweep(
                R"({"name":"w","parameters":64,"specs":[{"spec":"int4:channel:sym:minmax","bits_per_weight":-4,"rel_mse":0.1},)"
                + cell2 + "]}"));
        expectError("bits.sweep.json", ql::ErrorCode::BadHeader, [&] { ql::loadSweep(path("bits.sweep.json")); });
        writeFile(
            path("order.sweep.json"), sweep(R"({"name":"w","parameters":64,"specs":[)" + cell2 + "," + cell1 + "]}"));
        expectError("order.sweep.json", ql::ErrorCode::BadHeader, [&] { ql::loadSweep(path("order.sweep.json")); });
        writeFile(path("spec.sweep.json"), R"({"format":"quantlens-sweep","specs":["int99"],"tensors":[]})");
        expectError("spec.sweep.json", ql::ErrorCode::BadSpec, [&] { ql::loadSweep(path("spec.sweep.json")); });
        // A well-formed one loads.
        writeFile(
            path("good.sweep.json"), sweep(R"({"name":"w","parameters":64,"specs":[)" + cell1 + "," + cell2 + "]}"));
        QCOMPARE(ql::loadSweep(path("good.sweep.json")).rows.at(0).cells.size(), size_t(2));
        // And plans: negative parameters or bits.
        writeFile(path("negative.plan.json"),
            R"({"format":"quantlens-plan","tensors":[{"name":"w","spec":"int4:channel","parameters":-5}]})");
        expectError("negative.plan.json", ql::ErrorCode::BadHeader, [&] { ql::loadPlan(path("negative.plan.json")); });
        // Counts that are floats too large for an integer: nlohmann's get<int64_t>() casts them,
        // undefined behaviour (fuzz_sweep_journal, UBSan). Integral floats are counts as well.
        writeFile(path("huge.sweep.json"), sweep(R"({"name":"w","parameters":6.7e74,"specs":[)" + cell1 + "," + cell2 + "]}"));
        expectError("huge.sweep.json", ql::ErrorCode::BadHeader, [&] { ql::loadSweep(path("huge.sweep.json")); }, "'parameters' is 6.7e+74");
        writeFile(path("layer.sweep.json"),
            sweep(R"({"name":"w","parameters":64,"layer":1e300,"specs":[)" + cell1 + "," + cell2 + "]}"));
        expectError("layer.sweep.json", ql::ErrorCode::BadHeader, [&] { ql::loadSweep(path("layer.sweep.json")); }, "'layer'");
        writeFile(path("float.sweep.json"), sweep(R"({"name":"w","parameters":64.0,"row_length":8.0,"specs":[)" + cell1 + "," + cell2 + "]}"));
        QCOMPARE(ql::loadSweep(path("float.sweep.json")).rows.at(0).parameters, int64_t(64));
        writeFile(path("bytes.sweep.json"), R"({"format":"quantlens-sweep","model_bytes":-1e30,"specs":[],"tensors":[]})");
        expectError("bytes.sweep.json", ql::ErrorCode::BadHeader, [&] { ql::loadSweep(path("bytes.sweep.json")); }, "'model_bytes'");
        writeFile(path("huge.plan.json"),
            R"({"format":"quantlens-plan","model":{"bytes":1e300},"tensors":[{"name":"w","spec":"int4:channel","parameters":5}]})");
        expectError("huge.plan.json", ql::ErrorCode::BadHeader, [&] { ql::loadPlan(path("huge.plan.json")); }, "'bytes'");
        writeFile(path("version.qlsession"), R"({"format":"quantlens-session","version":1e300,"model":{"path":"m"}})");
        expectError("version.qlsession", ql::ErrorCode::BadHeader, [&] { ql::loadSession(path("version.qlsession")); }, "version");
        // A view's settings are an object of strings.
        writeFile(path("views.qlsession"), R"({"format":"quantlens-session","version":1,"model":{"path":"m"},"view":{"settings":{"grid":3}}})");
        expectError("views.qlsession", ql::ErrorCode::BadHeader, [&] { ql::loadSession(path("views.qlsession")); }, "'grid'");
        writeFile(path("setting.qlsession"),
            R"({"format":"quantlens-session","version":1,"model":{"path":"m"},"view":{"settings":{"grid":{"bits":3}}}})");
        expectError("setting.qlsession", ql::ErrorCode::BadHeader, [&] { ql::loadSession(path("setting.qlsession")); }, "'bits'");
        writeFile(path("views-ok.qlsession"),
            R"({"format":"quantlens-session","version":1,"model":{"path":"m"},"view":{"settings":{"grid":{"bits":"3"}}}})");
        QCOMPARE(ql::loadSession(path("views-ok.qlsession")).viewSettings.at("grid").at("bits"), std::string("3"));
        writeFile(path("complete.qlsession"), R"({"format":"quantlens-session","version":1,"model":{"path":"m"},)"
                                              R"("sweep":{"specs":[],"tensors":[],"complete":"no"}})");
        expectError("complete.qlsession", ql::ErrorCode::BadHeader, [&] { ql::loadSession(path("complete.qlsession")); }, "complete");
    }

    void exportsOfHostileNames()
    {
        // A name that is not UTF-8 made nlohmann::json::dump throw inside the export slot (which
        // catches only ql::Error: the GUI aborted).
        ql::Plan p;
        p.entries.push_back({ "blk.0.\xff\xfe.weight", 64, "int4:g32:sym:minmax", 4.5, 0.1, false, "rtn" });
        for (const auto format : { ql::ExportFormat::GptqModel, ql::ExportFormat::LlmCompressor })
            try {
                ql::exportPlan(p, format);
                QFAIL("a name that is not UTF-8 was written into JSON");
            } catch (const ql::Error& e) {
                QCOMPARE(e.code(), ql::ErrorCode::Unsupported);
            }
        // CSV and Markdown exports escape ',' and '|' (and quotes, backticks, line breaks).
        ql::Plan q;
        q.entries.push_back({ "a,b\"c", 64, "int4:channel:sym:minmax", 4.5, 0.1, false, "rtn" });
        q.entries.push_back({ "x|y`z\nw", 64, "int8:channel:sym:minmax", 8.5, 0.01, false, "rtn" });
        q.computeTotals();
        const std::string csv = ql::exportPlan(q, ql::ExportFormat::Csv).text;
        QVERIFY(csv.find("\n\"a,b\"\"c\",64,") != std::string::npos);
        QVERIFY(csv.find("\n\"x|y`z\nw\",64,") != std::string::npos);
        const std::string md = ql::exportPlan(q, ql::ExportFormat::Markdown).text;
        QVERIFY2(md.find("| ``x\\|y`z w`` | 64 |") != std::string::npos, md.c_str());
        // llama.cpp's tensor-type file: whitespace-separated PATTERN=TYPE words, lower-cased.
        ql::Plan l;
        l.entries.push_back({ "blk.0.Attn q=1.weight", 64, "q8_0", 8.5, 0.01, false, "rtn" });
        l.entries.push_back({ "blk.1.ffn_up.weight", 640, "q4_k", 4.5, 0.1, false, "rtn" });
        const std::string lc = ql::exportPlan(l, ql::ExportFormat::LlamaCpp).text;
        QVERIFY2(lc.find("^blk\\.0\\.\\x41ttn\\x20q\\x3d1\\.weight$=q8_0\n") != std::string::npos, lc.c_str());
    }

    void llamaCppTypesOfNonFiniteRows()
    {
        // A tensor holding NaN or infinities (a file from the internet, fuzz_gguf): llama.cpp's
        // quantizers cast NaN codes to integers (undefined behaviour). Such a value quantizes as 0 and
        // the rest of its block as usual; a block of subnormals (an infinite inverse scale) stays finite.
        std::vector<float> row(256), zeroed;
        for (int j = 0; j < 256; ++j)
            row[size_t(j)] = std::sin(0.37f * float(j)) * 0.05f;
        for (int j = 64; j < 96; ++j)
            row[size_t(j)] = 1e-40f * float(j - 63);
        zeroed = row;
        row[3] = std::numeric_limits<float>::quiet_NaN();
        row[10] = std::numeric_limits<float>::infinity();
        row[200] = -std::numeric_limits<float>::infinity();
        zeroed[3] = zeroed[10] = zeroed[200] = 0.0f;
        for (const char* name : { "q8_0", "q4_0", "q4_1", "q5_0", "q5_1", "q2_k", "q3_k", "q4_k", "q5_k", "q6_k" }) {
            const ql::QuantSpec spec = ql::parseSpec(name);
            const ql::WeightMatrix w { row.data(), 1, 256 }, z { zeroed.data(), 1, 256 };
            const auto q = ql::fakeQuantize(spec, w, ql::computeParams(spec, w));
            const auto qz = ql::fakeQuantize(spec, z, ql::computeParams(spec, z));
            for (size_t j = 0; j < 256; ++j)
                QVERIFY2(std::isfinite(q[j]) && q[j] == qz[j], (std::string(name) + " at " + std::to_string(j)).c_str());
        }
    }

    void specSeedPastUint64()
    {
        // std::stoull threw std::out_of_range (not a ql::Error) for a seed of 20 nines.
        try {
            ql::parseSpec("int4:g128:stoch99999999999999999999");
            QFAIL("accepted a seed past 2^64");
        } catch (const ql::Error& e) {
            QCOMPARE(e.code(), ql::ErrorCode::BadSpec);
        }
        QCOMPARE(ql::parseSpec("int4:g128:stoch18446744073709551615").seed, uint64_t(18446744073709551615ull));
    }

    // ---- Seen with the fuzz targets (tests/fuzz); each reproducer is also in tests/fuzz/corpus. ----

    void tokenNpyOfEmptySequences()
    {
        // A 129-byte .npy token file of shape [10^8, 0] holds no token, yet made 10^8 empty sequences
        // (53 s, 2.3 GB); [2^40, 0] asked for 26 TB ("not enough memory"). Now: the file is empty.
        for (const int64_t n : { int64_t(100'000'000), int64_t(1) << 40 }) {
            const std::string file = path("tokens_" + std::to_string(n) + ".npy");
            writeFile(file, npy("<i4", { n, 0 }, ""));
            expectError(file, ql::ErrorCode::Empty, [&] { ql::readTokenFile(file); });
        }
    }

    void validationJournalOfMalformedPlans()
    {
        // A plan line naming a budget the validation lacks, or without an exact number, is refused
        // naming the journal; a key of other budgets is another validation.
        ql::ValidationJournalKey key;
        key.model = "m.gguf";
        key.budgets = { 4.5, 8.5 };
        const std::string file = path("v.json.journal");
        { ql::ValidationJournal j(file, key, false); }
        const std::string header = [&] { std::ifstream in(file); std::string l; std::getline(in, l); return l; }();
        for (const char* line : { R"({"plan":2,"bits_per_weight":"0x1p+2","predicted_error":"0x1p-4","measured_kld":"0x1p-3"})",
                 R"({"plan":-1})", R"({"plan":0,"bits_per_weight":4.5,"predicted_error":"0x1p-4","measured_kld":"0x1p-3"})",
                 R"({"plan":0,"bits_per_weight":"4.5x","predicted_error":"0x1p-4","measured_kld":"0x1p-3"})", "[]" }) {
            writeFile(file, header + "\n" + line + "\n");
            expectError(file, ql::ErrorCode::BadHeader, [&] { ql::ValidationJournal j(file, key, true); }, "plan line");
        }
        writeFile(file, header + "\n" + R"({"plan":1,"bits_per_weight":"0x1.1p+3","predicted_error":"nan","measured_kld":"0x1p-3"})" + "\n");
        QCOMPARE(ql::ValidationJournal(file, key, true).done().at(1).measured, 0.125);
        key.budgets = { 4.5 };
        expectError(file, ql::ErrorCode::Unsupported, [&] { ql::ValidationJournal j(file, key, true); }, "budgets");
    }

    void sweepJournalWhoseFormatIsANumber()
    {
        // A journal's first line with "format": 1 (a number, not the format's name) made nlohmann's
        // value() throw type_error.302 out of the reader, past the error type; found by fuzz_sweep_journal.
        ql::SweepJournalKey key;
        key.model = "fuzz-model.npz";
        key.modelBytes = 4096;
        key.headerHash = "0123456789abcdef";
        key.specs = { "int4:g32:sym:minmax" };
        for (const char* format : { "1", "null", "[\"quantlens-sweep-journal\"]" }) {
            const std::string file = path("sweep.json.journal");
            writeFile(file, std::string("{\"format\":") + format + ",\"model\":\"fuzz-model.npz\"}\n");
            expectError(file, ql::ErrorCode::BadHeader, [&] { ql::SweepJournal j(file, key, true); }, "not a QuantLens sweep journal");
        }
    }
};

QTEST_GUILESS_MAIN(TestHostile)
#include "test_hostile.moc"
