// Loader tests: the real stories260K files, generated files in every layout real tools write,
// every dtype, and golden dequantization data produced by ggml itself.
#include "core/io/ggmlblocks.h"
#include "core/io/model.h"
#include "core/util/error.h"
#include "support/fixtures.h"

#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <fstream>

using namespace fixtures;

class TestIo : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::string path(const char* name) const { return (m_dir.path() + "/" + name).toStdString(); }

private slots:
    void storiesGgufAndSafetensorsAgree()
    {
        const std::string dir = QL_STORIES_DIR;
        const ql::Model g = ql::open(dir + "/stories260K.gguf");
        const ql::Model s = ql::open(dir + "/model.safetensors");
        QCOMPARE(g.format, ql::Format::Gguf);
        QCOMPARE(s.format, ql::Format::Safetensors);
        QCOMPARE(g.tensors.size(), size_t(48));
        QCOMPARE(s.tensors.size(), size_t(48));
        QCOMPARE(g.metadata["llama.block_count"].get<int>(), 5);
        QCOMPARE(g.metadata["GGUF.version"].get<int>(), 3);
        QCOMPARE(s.metadata["config"]["hidden_size"].get<int>(), 64);

        const int gk = g.find("blk.2.attn_k.weight");
        const int sk = s.find("model.layers.2.self_attn.k_proj.weight");
        QVERIFY(gk >= 0 && sk >= 0);
        QCOMPARE(g.tensors[size_t(gk)].shape, (std::vector<int64_t> { 32, 64 }));
        QCOMPARE(s.tensors[size_t(sk)].shape, (std::vector<int64_t> { 32, 64 }));
        QCOMPARE(g.tensors[size_t(gk)].role, ql::Role::AttnK);
        QCOMPARE(g.tensors[size_t(gk)].layer, 2);
        QCOMPARE(s.tensors[size_t(sk)].role, ql::Role::AttnK);
        QCOMPARE(s.tensors[size_t(sk)].layer, 2);

        // Tensors that are not permuted between the layouts hold identical values.
        const auto gd = g.readAll(size_t(g.find("blk.4.ffn_down.weight")));
        const auto sd = s.readAll(size_t(s.find("model.layers.4.mlp.down_proj.weight")));
        QCOMPARE(gd.size(), size_t(64 * 172));
        QVERIFY(gd == sd);
        QCOMPARE(g.tensors[size_t(g.find("token_embd.weight"))].role, ql::Role::Embedding);
        QCOMPARE(g.tensors[size_t(g.find("output.weight"))].role, ql::Role::OutputHead);
        QCOMPARE(s.tensors[size_t(s.find("lm_head.weight"))].role, ql::Role::OutputHead);
        QCOMPARE(g.parameterCount(), s.parameterCount());
    }

    void safetensorsEveryDtype()
    {
        std::vector<StTensor> t;
        t.push_back({ "f64", "F64", { 2 }, raw(std::vector<double> { 1.5, -2.25 }) });
        t.push_back({ "f32", "F32", { 2 }, raw(std::vector<float> { 3.5f, -0.125f }) });
        t.push_back({ "f16", "F16", { 3 }, raw(std::vector<uint16_t> { 0x3C00, 0xC000, 0x0001 }) });
        t.push_back({ "bf16", "BF16", { 2 }, raw(std::vector<uint16_t> { 0x3F80, 0xC0A0 }) });
        t.push_back({ "e4m3", "F8_E4M3", { 4 }, raw(std::vector<uint8_t> { 0x38, 0x7E, 0x7F, 0x01 }) });
        t.push_back({ "e5m2", "F8_E5M2", { 3 }, raw(std::vector<uint8_t> { 0x3C, 0x7C, 0xFE }) });
        t.push_back({ "e8m0", "F8_E8M0", { 2 }, raw(std::vector<uint8_t> { 127, 130 }) });
        t.push_back({ "f4", "F4", { 4 }, raw(std::vector<uint8_t> { 0x21, 0xF7 }) });
        // F6_E2M3: values 1.0 (0b001000), -7.5 (0b111111), 0.125 (0b000001), 0 packed little-endian.
        const uint32_t w = 0b001000u | (0b111111u << 6) | (0b000001u << 12);
        t.push_back({ "e2m3", "F6_E2M3", { 4 }, Bytes { char(w & 0xFF), char((w >> 8) & 0xFF), char(w >> 16) } });
        t.push_back({ "c64", "C64", { 1 }, raw(std::vector<float> { 3.0f, 4.0f }) });
        t.push_back({ "i64", "I64", { 2 }, raw(std::vector<int64_t> { -5, 7 }) });
        t.push_back({ "i32", "I32", { 1 }, raw(std::vector<int32_t> { -9 }) });
        t.push_back({ "i16", "I16", { 1 }, raw(std::vector<int16_t> { -300 }) });
        t.push_back({ "i8", "I8", { 2 }, raw(std::vector<int8_t> { -128, 127 }) });
        t.push_back({ "u64", "U64", { 1 }, raw(std::vector<uint64_t> { 42 }) });
        t.push_back({ "u32", "U32", { 1 }, raw(std::vector<uint32_t> { 70000 }) });
        t.push_back({ "u16", "U16", { 1 }, raw(std::vector<uint16_t> { 65535 }) });
        t.push_back({ "u8", "U8", { 1 }, raw(std::vector<uint8_t> { 200 }) });
        t.push_back({ "bool", "BOOL", { 2 }, raw(std::vector<uint8_t> { 0, 1 }) });
        writeFile(path("dtypes.safetensors"), safetensors(t, { { "format", "pt" } }));
        const ql::Model m = ql::open(path("dtypes.safetensors"));
        QCOMPARE(m.metadata["format"].get<std::string>(), std::string("pt"));
        auto v = [&](const char* n) { return m.readAll(size_t(m.find(n))); };
        QCOMPARE(v("f64"), (std::vector<float> { 1.5f, -2.25f }));
        QCOMPARE(v("f32"), (std::vector<float> { 3.5f, -0.125f }));
        QCOMPARE(v("f16")[0], 1.0f);
        QCOMPARE(v("f16")[1], -2.0f);
        QCOMPARE(v("f16")[2], std::ldexp(1.0f, -24)); // smallest half subnormal
        QCOMPARE(v("bf16"), (std::vector<float> { 1.0f, -5.0f }));
        const auto e4 = v("e4m3");
        QCOMPARE(e4[0], 1.0f);
        QCOMPARE(e4[1], 448.0f); // OCP E4M3 maximum
        QVERIFY(std::isnan(e4[2]));
        QCOMPARE(e4[3], std::ldexp(1.0f, -9)); // smallest subnormal
        const auto e5 = v("e5m2");
        QCOMPARE(e5[0], 1.0f);
        QVERIFY(std::isinf(e5[1]));
        QVERIFY(std::isnan(e5[2]));
        QCOMPARE(v("e8m0"), (std::vector<float> { 1.0f, 8.0f }));
        QCOMPARE(v("f4"), (std::vector<float> { 0.5f, 1.0f, 6.0f, -6.0f }));
        QCOMPARE(v("e2m3"), (std::vector<float> { 1.0f, -7.5f, 0.125f, 0.0f }));
        QCOMPARE(v("c64"), (std::vector<float> { 5.0f }));
        QCOMPARE(v("i64"), (std::vector<float> { -5, 7 }));
        QCOMPARE(v("i32"), (std::vector<float> { -9 }));
        QCOMPARE(v("i16"), (std::vector<float> { -300 }));
        QCOMPARE(v("i8"), (std::vector<float> { -128, 127 }));
        QCOMPARE(v("u64"), (std::vector<float> { 42 }));
        QCOMPARE(v("u32"), (std::vector<float> { 70000 }));
        QCOMPARE(v("u16"), (std::vector<float> { 65535 }));
        QCOMPARE(v("u8"), (std::vector<float> { 200 }));
        QCOMPARE(v("bool"), (std::vector<float> { 0, 1 }));
        QCOMPARE(m.tensors[size_t(m.find("f4"))].bytes, uint64_t(2));
    }

    void safetensorsChunkedReadsMatchWhole()
    {
        const auto values = ramp(1000, 0.5f, -100.0f);
        writeFile(path("ramp.safetensors"), safetensors({ { "w", "F32", { 10, 100 }, raw(values) } }));
        const ql::Model m = ql::open(path("ramp.safetensors"));
        std::vector<float> part(37);
        m.read(0, 480, 37, part.data());
        QCOMPARE(part.front(), values[480]);
        QCOMPARE(part.back(), values[516]);
        QVERIFY_THROWS_EXCEPTION(ql::Error, m.read(0, 990, 20, part.data()));
    }

    void shardedCheckpointWithConfig()
    {
        QDir(m_dir.path()).mkdir("sharded");
        const std::string dir = path("sharded");
        writeFile(dir + "/model-00001-of-00002.safetensors",
            safetensors({ { "model.layers.0.mlp.up_proj.weight", "F32", { 2, 2 }, raw(ramp(4)) } }));
        writeFile(dir + "/model-00002-of-00002.safetensors",
            safetensors({ { "model.layers.1.mlp.up_proj.weight", "BF16", { 2 }, raw(std::vector<uint16_t> { 0x4000, 0x4040 }) } }));
        writeFile(dir + "/model.safetensors.index.json",
            R"({"metadata": {"total_size": 20}, "weight_map": {"model.layers.0.mlp.up_proj.weight": "model-00001-of-00002.safetensors", "model.layers.1.mlp.up_proj.weight": "model-00002-of-00002.safetensors"}})");
        writeFile(dir + "/config.json", R"({"model_type": "llama", "num_hidden_layers": 2})");
        for (const std::string& p : { dir, dir + "/model.safetensors.index.json" }) {
            const ql::Model m = ql::open(p);
            QCOMPARE(m.tensors.size(), size_t(2));
            QCOMPARE(m.metadata["config"]["model_type"].get<std::string>(), std::string("llama"));
            QCOMPARE(m.readAll(size_t(m.find("model.layers.1.mlp.up_proj.weight"))), (std::vector<float> { 2.0f, 3.0f }));
            QCOMPARE(m.tensors[size_t(m.find("model.layers.1.mlp.up_proj.weight"))].layer, 1);
        }
        // A shard named in the index but absent.
        writeFile(dir + "/model.safetensors.index.json", R"({"weight_map": {"a": "model-00003-of-00003.safetensors"}})");
        try {
            ql::open(dir);
            QFAIL("missing shard accepted");
        } catch (const ql::Error& e) {
            QCOMPARE(e.code(), ql::ErrorCode::ShardMissing);
            QVERIFY(std::string(e.what()).find("model-00003-of-00003.safetensors") != std::string::npos);
        }
    }

    void ggufMetadataAllTypesV2AndV3()
    {
        for (uint32_t version : { 2u, 3u }) {
            Gguf g;
            auto le = [](auto v) { return raw(std::vector<decltype(v)> { v }); };
            g.kv("u8", 0, le(uint8_t(200)));
            g.kv("i8", 1, le(int8_t(-3)));
            g.kv("u16", 2, le(uint16_t(60000)));
            g.kv("i16", 3, le(int16_t(-300)));
            g.kvU32("u32", 4000000000u);
            g.kv("i32", 5, le(int32_t(-70000)));
            g.kv("f32", 6, le(0.25f));
            g.kv("bool", 7, le(uint8_t(1)));
            g.kvString("general.name", "tiny");
            g.kv("u64", 10, le(uint64_t(1) << 40));
            g.kv("i64", 11, le(int64_t(-1) << 40));
            g.kv("f64", 12, le(-0.5));
            Bytes arr = le(uint32_t(8)) + le(uint64_t(2)) + Gguf::str("a") + Gguf::str("bc");
            g.kv("tokens", 9, arr);
            Bytes nested = le(uint32_t(9)) + le(uint64_t(1)) + le(uint32_t(5)) + le(uint64_t(2)) + le(int32_t(1)) + le(int32_t(-1));
            g.kv("nested", 9, nested);
            g.tensor("blk.0.attn_q.weight", { 2, 3 }, 0, raw(ramp(6)));
            g.tensor("blk.0.ffn_up.weight", { 2 }, 1, raw(std::vector<uint16_t> { 0x3C00, 0x3800 }));
            g.tensor("blk.0.ffn_down.weight", { 2 }, 30, raw(std::vector<uint16_t> { 0x3F80, 0x4000 }));
            writeFile(path("meta.gguf"), g.build(version));
            const ql::Model m = ql::open(path("meta.gguf"));
            const auto& md = m.metadata;
            QCOMPARE(md["u8"].get<int>(), 200);
            QCOMPARE(md["i8"].get<int>(), -3);
            QCOMPARE(md["u16"].get<int>(), 60000);
            QCOMPARE(md["i16"].get<int>(), -300);
            QCOMPARE(md["u32"].get<uint64_t>(), uint64_t(4000000000u));
            QCOMPARE(md["i32"].get<int>(), -70000);
            QCOMPARE(md["f32"].get<double>(), 0.25);
            QCOMPARE(md["bool"].get<bool>(), true);
            QCOMPARE(md["general.name"].get<std::string>(), std::string("tiny"));
            QCOMPARE(md["u64"].get<uint64_t>(), uint64_t(1) << 40);
            QCOMPARE(md["i64"].get<int64_t>(), int64_t(-1) << 40);
            QCOMPARE(md["f64"].get<double>(), -0.5);
            QCOMPARE(md["tokens"][1].get<std::string>(), std::string("bc"));
            QCOMPARE(md["nested"][0][1].get<int>(), -1);
            QCOMPARE(md["GGUF.version"].get<uint32_t>(), version);
            QCOMPARE(m.tensors[0].shape, (std::vector<int64_t> { 2, 3 }));
            QCOMPARE(m.readAll(0), ramp(6));
            QCOMPARE(m.readAll(1), (std::vector<float> { 1.0f, 0.5f }));
            QCOMPARE(m.readAll(2), (std::vector<float> { 1.0f, 2.0f }));
        }
    }

    void ggufQuantizedHandWorked()
    {
        // Q4_0 with d = 0.5: nibble q gives (q - 8) * 0.5; byte j holds value j (low) and j + 16 (high).
        ql::BlockQ4_0 b {};
        b.d = 0x3800;
        for (int j = 0; j < 16; ++j)
            b.qs[j] = uint8_t(j | ((15 - j) << 4));
        Gguf g;
        g.tensor("q4", { 32 }, 2, Bytes(reinterpret_cast<const char*>(&b), sizeof b));
        // Q8_0 with d = 2: values are 2 * qs.
        ql::BlockQ8_0 c {};
        c.d = 0x4000;
        for (int j = 0; j < 32; ++j)
            c.qs[j] = int8_t(j - 16);
        g.tensor("q8", { 32 }, 8, Bytes(reinterpret_cast<const char*>(&c), sizeof c));
        writeFile(path("q.gguf"), g.build());
        const ql::Model m = ql::open(path("q.gguf"));
        const auto q4 = m.readAll(0);
        QCOMPARE(q4[0], -4.0f);
        QCOMPARE(q4[15], 3.5f);
        QCOMPARE(q4[16], 3.5f);
        QCOMPARE(q4[31], -4.0f);
        const auto q8 = m.readAll(1);
        QCOMPARE(q8[0], -32.0f);
        QCOMPARE(q8[31], 30.0f);
        QCOMPARE(m.tensors[0].bytes, uint64_t(18));
        // A partial read inside a block decodes the right values.
        float two[2];
        m.read(0, 15, 2, two);
        QCOMPARE(two[0], 3.5f);
        QCOMPARE(two[1], 3.5f);
    }

    void ggufDequantizationMatchesGgml()
    {
        // tests/data/ggml_dequant_golden.bin: blocks quantized by ggml (real data and random bytes)
        // and ggml's own dequantization of them; QuantLens must agree bit for bit.
        const Bytes golden = readFile(QL_TEST_DATA "/ggml_dequant_golden.bin");
        QVERIFY(golden.size() > 8 && golden.compare(0, 4, "QLGG") == 0);
        size_t pos = 4;
        auto u32 = [&] {
            uint32_t v;
            std::memcpy(&v, golden.data() + pos, 4);
            pos += 4;
            return v;
        };
        const uint32_t n = u32();
        QCOMPARE(n, 10u);
        for (uint32_t k = 0; k < n; ++k) {
            const uint32_t type = u32(), blocks = u32();
            const auto dt = ql::dtypeFromGgml(type);
            QVERIFY(dt.has_value());
            const size_t bb = size_t(ql::dtypeBlockBytes(*dt)), be = size_t(ql::dtypeBlockElements(*dt));
            const Bytes data = golden.substr(pos, blocks * bb);
            pos += blocks * bb;
            std::vector<float> expected(blocks * be);
            std::memcpy(expected.data(), golden.data() + pos, expected.size() * 4);
            pos += expected.size() * 4;

            Gguf g;
            g.tensor("t", { int64_t(blocks), int64_t(be) }, type, data);
            writeFile(path("golden.gguf"), g.build());
            const ql::Model m = ql::open(path("golden.gguf"));
            const auto got = m.readAll(0);
            QCOMPARE(got.size(), expected.size());
            QVERIFY2(std::memcmp(got.data(), expected.data(), got.size() * 4) == 0, std::string(ql::dtypeName(*dt)).c_str());
        }
    }

    void hdf5GenericAndKeras()
    {
        // Plain HDF5: every numeric dataset is a tensor named by its path.
        writeHdf5(path("plain.h5"), { { "a/b/weights", { 3, 4 }, ramp(12) }, { "scalar_like", { 1 }, { 7.0f } } },
            { { "/", "description", { "plain" } } });
        {
            const ql::Model m = ql::open(path("plain.h5"));
            QCOMPARE(m.format, ql::Format::Hdf5);
            QCOMPARE(m.tensors.size(), size_t(2));
            QCOMPARE(m.metadata["description"].get<std::string>(), std::string("plain"));
            const int i = m.find("a/b/weights");
            QVERIFY(i >= 0);
            std::vector<float> part(5);
            m.read(size_t(i), 6, 5, part.data()); // spans rows 1 and 2
            QCOMPARE(part, (std::vector<float> { 6, 7, 8, 9, 10 }));
        }
        // Keras 2: model_weights/<layer>/<layer>/kernel:0, optimizer state beside it.
        writeHdf5(path("keras2.h5"),
            { { "model_weights/dense/dense/kernel:0", { 8, 4 }, ramp(32) },
                { "model_weights/dense/dense/bias:0", { 4 }, ramp(4) },
                { "model_weights/conv2d/conv2d/kernel:0", { 3, 3, 1, 2 }, ramp(18) },
                { "optimizer_weights/Adam/dense/kernel/m:0", { 8, 4 }, ramp(32) } },
            { { "/", "keras_version", { "2.12.0" } }, { "/", "backend", { "tensorflow" } },
                { "model_weights", "layer_names", { "conv2d", "dense" } } });
        {
            const ql::Model m = ql::open(path("keras2.h5"));
            QCOMPARE(m.format, ql::Format::Keras);
            const auto& k = m.tensors[size_t(m.find("model_weights/dense/dense/kernel:0"))];
            QCOMPARE(k.layout, ql::Layout::InOut);
            QCOMPARE(k.channelAxis(), 1);
            QCOMPARE(k.channels(), int64_t(4));
            QCOMPARE(k.group, std::string("dense"));
            QCOMPARE(k.layer, 1);
            QCOMPARE(k.role, ql::Role::Dense);
            const auto& c = m.tensors[size_t(m.find("model_weights/conv2d/conv2d/kernel:0"))];
            QCOMPARE(c.role, ql::Role::Conv);
            QCOMPARE(c.channels(), int64_t(2));
            QCOMPARE(c.layer, 0);
            QCOMPARE(m.tensors[size_t(m.find("model_weights/dense/dense/bias:0"))].role, ql::Role::Bias);
            QVERIFY(m.tensors[size_t(m.find("optimizer_weights/Adam/dense/kernel/m:0"))].optimizerState);
            QCOMPARE(m.parameterCount(), int64_t(32 + 4 + 18));
            QCOMPARE(m.metadata["keras_version"].get<std::string>(), std::string("2.12.0"));
        }
        // Keras 3 legacy .h5: model_weights/<layer>/<scope>/<layer>/kernel.
        writeHdf5(path("keras3.h5"),
            { { "model_weights/dense_1/sequential/dense_1/kernel", { 16, 10 }, ramp(160) },
                { "model_weights/dense_1/sequential/dense_1/bias", { 10 }, ramp(10) } },
            { { "/", "keras_version", { "3.3.3" } }, { "model_weights", "layer_names", { "dense_1" } } });
        {
            const ql::Model m = ql::open(path("keras3.h5"));
            QCOMPARE(m.format, ql::Format::Keras);
            const auto& k = m.tensors[size_t(m.find("model_weights/dense_1/sequential/dense_1/kernel"))];
            QCOMPARE(k.layout, ql::Layout::InOut);
            QCOMPARE(k.group, std::string("dense_1"));
            QCOMPARE(k.layer, 0);
            QCOMPARE(k.channels(), int64_t(10));
        }
    }

    void numpyNpyAndNpz()
    {
        // C and Fortran order of the same 2x3 matrix [[0,1,2],[3,4,5]].
        writeFile(path("c.npy"), npy("<f4", { 2, 3 }, raw(ramp(6))));
        writeFile(path("f.npy"), npy("<f8", { 2, 3 }, raw(std::vector<double> { 0, 3, 1, 4, 2, 5 }), true));
        writeFile(path("be.npy"), npy(">i2", { 2 }, Bytes("\x01\x00\xff\xfe", 4)));
        QCOMPARE(ql::open(path("c.npy")).readAll(0), ramp(6));
        const ql::Model f = ql::open(path("f.npy"));
        QCOMPARE(f.readAll(0), ramp(6));
        std::vector<float> mid(3);
        f.read(0, 2, 3, mid.data());
        QCOMPARE(mid, (std::vector<float> { 2, 3, 4 }));
        QCOMPARE(ql::open(path("be.npy")).readAll(0), (std::vector<float> { 256, -2 }));
        // MLX-style .npz (Hugging Face names), stored and deflated.
        for (bool deflate : { false, true }) {
            const std::string p = path(deflate ? "mlx_deflated.npz" : "mlx_stored.npz");
            writeNpz(p,
                { { "model.layers.0.self_attn.q_proj.weight", npy("<f2", { 2, 2 }, raw(std::vector<uint16_t> { 0x3C00, 0x4000, 0x4200, 0x4400 })) },
                    { "model.layers.0.mlp.down_proj.weight", npy("<f4", { 4, 8 }, raw(ramp(32, 0.25f))) },
                    { "ints", npy("|u1", { 3 }, Bytes("\x01\x02\x03", 3)) } },
                deflate);
            const ql::Model m = ql::open(p);
            QCOMPARE(m.format, ql::Format::Npz);
            QCOMPARE(m.tensors.size(), size_t(3));
            const int q = m.find("model.layers.0.self_attn.q_proj.weight");
            QCOMPARE(m.readAll(size_t(q)), (std::vector<float> { 1, 2, 3, 4 }));
            QCOMPARE(m.tensors[size_t(q)].role, ql::Role::AttnQ);
            std::vector<float> part(4);
            m.read(size_t(m.find("model.layers.0.mlp.down_proj.weight")), 10, 4, part.data());
            QCOMPARE(part, (std::vector<float> { 2.5f, 2.75f, 3.0f, 3.25f }));
            QCOMPARE(m.readAll(size_t(m.find("ints"))), (std::vector<float> { 1, 2, 3 }));
        }
    }

    void tinygradAndPytorchSafetensors()
    {
        // PyTorch (state_dict names) and tinygrad (attribute paths) layouts.
        writeFile(path("torch.safetensors"),
            safetensors({ { "features.0.weight", "F32", { 4, 1, 3, 3 }, raw(ramp(36)) },
                { "features.0.bias", "F32", { 4 }, raw(ramp(4)) }, { "classifier.weight", "F16", { 2, 4 }, raw(std::vector<uint16_t>(8, 0x3C00)) } }));
        const ql::Model t = ql::open(path("torch.safetensors"));
        QCOMPARE(t.tensors[size_t(t.find("features.0.weight"))].role, ql::Role::Conv);
        QCOMPARE(t.tensors[size_t(t.find("features.0.weight"))].channels(), int64_t(4));
        QCOMPARE(t.tensors[size_t(t.find("features.0.bias"))].role, ql::Role::Bias);
        QCOMPARE(t.tensors[size_t(t.find("classifier.weight"))].role, ql::Role::OutputHead);
        writeFile(path("tinygrad.safetensors"),
            safetensors({ { "layers.3.attention.wq.weight", "F32", { 4, 4 }, raw(ramp(16)) },
                { "layers.3.feed_forward.w2.weight", "F32", { 4, 4 }, raw(ramp(16)) }, { "tok_embeddings.weight", "F32", { 8, 4 }, raw(ramp(32)) } }));
        const ql::Model g = ql::open(path("tinygrad.safetensors"));
        QCOMPARE(g.tensors[size_t(g.find("layers.3.attention.wq.weight"))].role, ql::Role::AttnQ);
        QCOMPARE(g.tensors[size_t(g.find("layers.3.attention.wq.weight"))].layer, 3);
        QCOMPARE(g.tensors[size_t(g.find("layers.3.feed_forward.w2.weight"))].role, ql::Role::MlpDown);
        QCOMPARE(g.tensors[size_t(g.find("tok_embeddings.weight"))].role, ql::Role::Embedding);
    }
};

QTEST_GUILESS_MAIN(TestIo)
#include "test_io.moc"
