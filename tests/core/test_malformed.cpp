// A corpus of malformed files, generated here: each must give a clear ql::Error that names the
// file and the problem; and every truncation of every valid fixture must fail cleanly, not crash.
#include "core/io/model.h"
#include "core/util/error.h"
#include "support/fixtures.h"

#include <QTemporaryDir>
#include <QTest>

using namespace fixtures;

class TestMalformed : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::string path(const std::string& name) const { return (m_dir.path() + "/").toStdString() + name; }

    /// Opens \p bytes as file \p name and checks the error code and that the message names the file.
    void expect(const std::string& name, const Bytes& bytes, ql::ErrorCode code, const std::string& mentions = {})
    {
        const std::string p = path(name);
        writeFile(p, bytes);
        try {
            const ql::Model m = ql::open(p);
            for (size_t i = 0; i < m.tensors.size(); ++i)
                m.readAll(i);
            QFAIL(("accepted malformed file " + name).c_str());
        } catch (const ql::Error& e) {
            const std::string what = e.what();
            QVERIFY2(e.code() == code, (name + ": unexpected error: " + what).c_str());
            QVERIFY2(what.find(name) != std::string::npos, ("message does not name the file: " + what).c_str());
            if (!mentions.empty())
                QVERIFY2(what.find(mentions) != std::string::npos, ("message lacks '" + mentions + "': " + what).c_str());
        }
    }

private slots:
    void safetensorsCases()
    {
        const Bytes four = raw(std::vector<float> { 1, 2, 3, 4 });
        expect("empty.safetensors", "", ql::ErrorCode::Empty);
        expect("short.safetensors", Bytes("\x05\x00\x00", 3), ql::ErrorCode::Truncated);
        Bytes tooLong = safetensorsRaw(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})", four);
        tooLong[0] = char(0xFF);
        tooLong[1] = char(0x7F);
        expect("header_past_end.safetensors", tooLong, ql::ErrorCode::HeaderTooLarge);
        expect("bad_json.safetensors", safetensorsRaw(R"({"a": {"dtype": "F32", )", four), ql::ErrorCode::BadJson);
        expect("out_of_range.safetensors",
            safetensorsRaw(R"({"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},"v":{"dtype":"F32","shape":[4],"data_offsets":[16,32]}})", four),
            ql::ErrorCode::OffsetOutOfRange, "'v'");
        expect("overlap.safetensors",
            safetensorsRaw(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})", four),
            ql::ErrorCode::OverlappingTensors, "'a'");
        expect("overflow.safetensors",
            safetensorsRaw(R"({"a":{"dtype":"F32","shape":[4294967296,4294967296,16],"data_offsets":[0,16]}})", four),
            ql::ErrorCode::ShapeOverflow, "'a'");
        expect("negative.safetensors", safetensorsRaw(R"({"a":{"dtype":"F32","shape":[-4],"data_offsets":[0,16]}})", four),
            ql::ErrorCode::ShapeOverflow);
        expect("dtype.safetensors", safetensorsRaw(R"({"a":{"dtype":"F7","shape":[4],"data_offsets":[0,16]}})", four),
            ql::ErrorCode::UnknownDtype, "F7");
        expect("size.safetensors", safetensorsRaw(R"({"a":{"dtype":"F32","shape":[3],"data_offsets":[0,16]}})", four),
            ql::ErrorCode::SizeMismatch, "'a'");
        expect("notobject.safetensors", safetensorsRaw(R"({"a": 5})", four), ql::ErrorCode::BadHeader);
        expect("index.json", R"({"weight_map": [1, 2]})", ql::ErrorCode::BadHeader);
        expect("index_bad.json", R"({"weight_map": )", ql::ErrorCode::BadJson);
        expect("unknown.bin", "hello, this is not a model", ql::ErrorCode::UnknownFormat);
    }

    void ggufCases()
    {
        Gguf ok;
        ok.kvString("general.name", "x");
        ok.tensor("t", { 4 }, 0, raw(std::vector<float> { 1, 2, 3, 4 }));
        const Bytes good = ok.build();
        expect("truncated.gguf", good.substr(0, 30), ql::ErrorCode::Truncated);
        Bytes v1 = good;
        v1[4] = 1;
        expect("v1.gguf", v1, ql::ErrorCode::BadHeader, "version 1");
        Gguf arr;
        arr.kv("huge", 9, raw(std::vector<uint32_t> { 4 }) + raw(std::vector<uint64_t> { uint64_t(1) << 60 }));
        expect("huge_array.gguf", arr.build(), ql::ErrorCode::Truncated, "huge");
        Gguf type;
        type.tensor("q81", { 32 }, 9, Bytes(36, '\0'));
        expect("q8_1.gguf", type.build(), ql::ErrorCode::UnknownDtype, "Q8_1");
        Gguf off;
        off.tensor("a", { 1024 }, 0, Bytes(16, '\0'));
        expect("tensor_past_end.gguf", off.build(), ql::ErrorCode::OffsetOutOfRange, "'a'");
        Gguf rows;
        rows.tensor("odd", { 3, 20 }, 2, Bytes(64, '\0'));
        expect("ragged_rows.gguf", rows.build(), ql::ErrorCode::BadHeader, "odd");
    }

    void numpyCases()
    {
        expect("truncated.npy", npy("<f4", { 100 }, Bytes(40, '\0')), ql::ErrorCode::SizeMismatch);
        expect("struct.npy", npy("<f4", { 2 }, Bytes(8, '\0')).replace(10, 16, "{'descr': [('a',"), ql::ErrorCode::UnknownDtype);
        expect("dtype.npy", npy("<U8", { 2 }, Bytes(64, '\0')), ql::ErrorCode::UnknownDtype, "<U8");
        expect("shape.npy", npy("<f4", { 99999999999, 99999999999 }, ""), ql::ErrorCode::ShapeOverflow);
        const std::string npz = path("notnpy.npz");
        writeZip(npz, { { "ok.npy", npy("<f4", { 1 }, Bytes(4, '\0')) }, { "readme.txt", "hello" } }, true);
        expect("notnpy.npz", readFile(npz), ql::ErrorCode::NotNpyMember, "readme.txt");
        Bytes cut = readFile(npz);
        expect("truncated.npz", cut.substr(0, cut.size() / 2), ql::ErrorCode::BadHeader);
    }

    void everyTruncationFailsCleanly()
    {
        // Each valid fixture, cut at many lengths: open() and reading must throw ql::Error or succeed.
        std::vector<std::pair<std::string, Bytes>> files;
        files.push_back({ "st.safetensors", safetensors({ { "a", "F16", { 2, 3 }, Bytes(12, '\x3c') }, { "b", "F32", { 5 }, raw(ramp(5)) } }, { { "k", "v" } }) });
        Gguf g;
        g.kvString("general.name", "cut");
        g.kv("arr", 9, raw(std::vector<uint32_t> { 5 }) + raw(std::vector<uint64_t> { 3 }) + raw(std::vector<int32_t> { 1, 2, 3 }));
        g.tensor("q", { 64 }, 2, Bytes(36, '\x11'));
        g.tensor("f", { 8 }, 0, raw(ramp(8)));
        files.push_back({ "cut.gguf", g.build() });
        files.push_back({ "cut.npy", npy("<f8", { 3, 4 }, raw(std::vector<double>(12, 1.0))) });
        int cases = 0;
        for (const auto& [name, bytes] : files) {
            for (size_t len = 0; len < bytes.size(); len += (len < 200 ? 1 : 7)) {
                const std::string p = path("t_" + std::to_string(len) + "_" + name);
                writeFile(p, bytes.substr(0, len));
                try {
                    const ql::Model m = ql::open(p);
                    for (size_t i = 0; i < m.tensors.size(); ++i)
                        m.readAll(i);
                } catch (const ql::Error&) {
                }
                ++cases;
            }
        }
        QVERIFY(cases > 300);
    }

    void nanAndInfAreNotFatal()
    {
        const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
        writeFile(path("nan.safetensors"), safetensors({ { "w", "F32", { 4 }, raw(std::vector<float> { 1, nan, -inf, 2 }) } }));
        const ql::Model m = ql::open(path("nan.safetensors"));
        const auto v = m.readAll(0);
        QVERIFY(std::isnan(v[1]) && std::isinf(v[2]));
    }
};

QTEST_GUILESS_MAIN(TestMalformed)
#include "test_malformed.moc"
