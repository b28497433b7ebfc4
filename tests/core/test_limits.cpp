// LoadLimits, one policy for every reader: each limit, when a file passes it, is an
// Error(LimitExceeded) naming the file, the field, the value and the limit; and the defaults open
// what real 400B-parameter checkpoints declare (Llama 3.1 405B's 53,248-wide layers and 128,256 ×
// 16,384 embedding, DeepSeek-V3's ~91,000 tensors in 163 shards, Gemma's 262,144-token vocabulary).
#include "core/io/calibration.h"
#include "core/io/model.h"
#include "core/util/error.h"
#include "core/util/limits.h"
#include "support/fixtures.h"

#include <QTemporaryDir>
#include <QTest>

#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace fixtures;

class TestLimits : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::string path(const std::string& name) const { return (m_dir.path() + "/").toStdString() + name; }

    /// Opens \p name under \p limits and checks the violation names the file, the field and the limit.
    void expectLimit(const std::string& name, const ql::LoadLimits& limits, const char* field, const std::string& limit, const std::string& mentions = {})
    {
        try {
            const ql::Model m = ql::open(path(name), limits);
            for (size_t i = 0; i < m.tensors.size(); ++i)
                m.readAll(i);
            QFAIL(("passed the limit: " + name).c_str());
        } catch (const ql::Error& e) {
            const std::string what = e.what();
            QVERIFY2(e.code() == ql::ErrorCode::LimitExceeded, what.c_str());
            QCOMPARE(e.arg(0), std::string(field));
            QCOMPARE(e.arg(2), limit);
            QVERIFY2(what.find(name) != std::string::npos && what.find("over the limit of " + limit) != std::string::npos, what.c_str());
            if (!mentions.empty())
                QVERIFY2(what.find(mentions) != std::string::npos, what.c_str());
        }
    }

    /// A safetensors file whose data section is a hole of \p dataBytes (sparse: no disk used).
    void writeSparseSafetensors(const std::string& file, const std::string& header, uint64_t dataBytes)
    {
        std::string h = header;
        while (h.size() % 8)
            h += ' ';
        writeFile(file, safetensorsRaw(h, ""));
        QVERIFY(::truncate(file.c_str(), off_t(8 + h.size() + dataBytes)) == 0);
    }

private slots:
    void everyLimitNamesFileFieldAndLimit()
    {
        const Bytes four = raw(std::vector<float> { 1, 2, 3, 4 });
        writeFile(path("three.safetensors"),
            safetensors({ { "a", "F32", { 4 }, four }, { "b", "F32", { 2, 2 }, four }, { "c", "F32", { 1, 1, 1, 4 }, four } }));
        ql::LoadLimits l;
        l.maxTensors = 2;
        expectLimit("three.safetensors", l, ql::limit::Tensors, "2");
        l = {};
        l.maxRank = 3;
        expectLimit("three.safetensors", l, ql::limit::Rank, "3", "'c'");
        l = {};
        l.maxHeaderBytes = 64;
        expectLimit("three.safetensors", l, ql::limit::HeaderBytes, "64");
        l = {};
        l.maxJsonDepth = 2;
        expectLimit("three.safetensors", l, ql::limit::JsonDepth, "2");

        Gguf g;
        g.kv("tokenizer.ggml.tokens", 9, raw(std::vector<uint32_t> { 8 }) + raw(std::vector<uint64_t> { 3 }) + Gguf::str("a") + Gguf::str("b") + Gguf::str("c"));
        g.tensor("t", { 4 }, 0, four);
        writeFile(path("vocab.gguf"), g.build());
        l = {};
        l.maxMetadataValues = 2;
        expectLimit("vocab.gguf", l, ql::limit::MetadataValues, "2", "tokenizer.ggml.tokens");
        l = {};
        l.maxTensors = 0;
        expectLimit("vocab.gguf", l, ql::limit::Tensors, "0");

        writeNpz(path("m.npz"), { { "w", npy("<f4", { 1024 }, Bytes(4096, '\0')) } }, true);
        l = {};
        l.maxInflatedBytes = 1000;
        expectLimit("m.npz", l, ql::limit::Memory, "1000", "w.npy");
        l = {};
        l.maxExpansion = 2; // 4 KB of zeros deflate far more than 2:1
        expectLimit("m.npz", l, ql::limit::StoredBytes, "2", "w.npy");

        writeHdf5(path("m.h5"), { { "a", { 2 }, { 1, 2 } }, { "b", { 2 }, { 3, 4 } } }, {});
        l = {};
        l.maxTensors = 1;
        expectLimit("m.h5", l, ql::limit::Tensors, "1");

        // Calibration: the memory for XᵀX.
        writeZip(path("c.npz"), { { "w/inputs.npy", npy("<f4", { 2, 64 }, Bytes(512, '\0')) } }, true);
        l = {};
        l.maxInflatedBytes = 4096;
        try {
            ql::loadCalibrationNpz(path("c.npz"), 256, l);
            QFAIL("XᵀX passed the memory limit");
        } catch (const ql::Error& e) {
            QCOMPARE(e.code(), ql::ErrorCode::LimitExceeded);
            QCOMPARE(e.arg(0), std::string(ql::limit::Memory));
        }
    }

    void defaultsOpenA405BCheckpoint()
    {
        // Llama 3.1 405B: a 128,256 × 16,384 BF16 embedding (4.2 GB) and 53,248-wide FFN weights
        // (1.7 GB each), declared in one shard whose data is a sparse hole.
        const uint64_t embed = 128256ull * 16384 * 2, down = 16384ull * 53248 * 2;
        const std::string header = R"({"__metadata__":{"format":"pt"},"model.embed_tokens.weight":{"dtype":"BF16","shape":[128256,16384],"data_offsets":[0,)"
            + std::to_string(embed) + R"(]},"model.layers.125.mlp.down_proj.weight":{"dtype":"BF16","shape":[16384,53248],"data_offsets":[)" + std::to_string(embed)
            + "," + std::to_string(embed + down) + "]}}";
        writeSparseSafetensors(path("405b.safetensors"), header, embed + down);
        const ql::Model m = ql::open(path("405b.safetensors"));
        QCOMPARE(m.tensors.size(), size_t(2));
        QCOMPARE(m.tensors[1].layer, 125);
        QCOMPARE(m.parameterCount(), int64_t(128256) * 16384 + int64_t(16384) * 53248);
        std::vector<float> last(16);
        m.read(1, m.tensors[1].parameters - 16, 16, last.data()); // the hole reads as zeros
        QCOMPARE(last, std::vector<float>(16, 0.0f));
    }

    void defaultsOpenDeepSeekScaleShards()
    {
        // DeepSeek-V3: ~91,000 tensors in 163 shards, all named in one index.
        const std::string dir = path("sharded");
        std::filesystem::create_directories(dir);
        nlohmann::json index; // (an ordered_json would take the test itself quadratic time to build)
        index["metadata"] = { { "total_size", 1342177280000ull } };
        auto& map = index["weight_map"];
        const int shards = 163, perShard = 560;
        for (int s = 0; s < shards; ++s) {
            char shard[64];
            std::snprintf(shard, sizeof shard, "model-%05d-of-%05d.safetensors", s + 1, shards);
            std::vector<StTensor> tensors;
            for (int t = 0; t < perShard; ++t) {
                const std::string name = "model.layers." + std::to_string(s / 3) + ".mlp.experts." + std::to_string((s % 3) * perShard + t) + ".up_proj.weight";
                tensors.push_back({ name, "BF16", { 1, 1 }, Bytes(2, '\0') });
                map[name] = shard;
            }
            writeFile(dir + "/" + shard, safetensors(tensors));
        }
        writeFile(dir + "/model.safetensors.index.json", index.dump());
        const ql::Model m = ql::open(dir);
        QCOMPARE(m.tensors.size(), size_t(shards * perShard));
        QCOMPARE(m.sources.size(), size_t(shards));
    }

    void defaultsOpenA262kVocabulary()
    {
        // Gemma 3's tokenizer in GGUF metadata: 262,144 tokens, their scores and types, and merges.
        const uint64_t n = 262144;
        Bytes tokens = raw(std::vector<uint32_t> { 8 }) + raw(std::vector<uint64_t> { n });
        for (uint64_t i = 0; i < n; ++i)
            tokens += Gguf::str("tok" + std::to_string(i));
        Gguf g;
        g.kv("tokenizer.ggml.tokens", 9, tokens);
        g.kv("tokenizer.ggml.scores", 9, raw(std::vector<uint32_t> { 6 }) + raw(std::vector<uint64_t> { n }) + raw(std::vector<float>(n, -1.0f)));
        g.kv("tokenizer.ggml.token_type", 9, raw(std::vector<uint32_t> { 5 }) + raw(std::vector<uint64_t> { n }) + raw(std::vector<int32_t>(n, 1)));
        g.tensor("token_embd.weight", { 4, 8 }, 0, raw(ramp(32)));
        writeFile(path("vocab262k.gguf"), g.build());
        const ql::Model m = ql::open(path("vocab262k.gguf"));
        QCOMPARE(m.metadata["tokenizer.ggml.tokens"].size(), size_t(n));
        QCOMPARE(m.metadata["tokenizer.ggml.tokens"][n - 1].get<std::string>(), "tok" + std::to_string(n - 1));
    }
};

QTEST_GUILESS_MAIN(TestLimits)
#include "test_limits.moc"
