// llama.cpp's i-quants, ternary, Q1_0 / Q2_0, MXFP4 and NVFP4 (issue 13) against the reference
// library's own output (scripts/make_golden_ggml_types.py, scripts/make_ggml_grids.py): the lattice
// grids, GGUF decoding of every type, and quantization with and without importance.
#include "core/io/calibration.h"
#include "core/io/dtype.h"
#include "core/io/ggmlgrids.h"
#include "core/io/model.h"
#include "core/plan/export.h"
#include "core/quant/family/ggml.h"
#include "core/quant/ggmlquant.h"
#include "core/quant/numberformat.h"
#include "core/quant/quantizer.h"
#include "core/quant/spec.h"
#include "core/util/error.h"
#include "support/fixtures.h"
#include "support/simdtargets.h"
#include "support/synthmodel.h"

#include <nlohmann/json.hpp>

#include <QCryptographicHash>
#include <QFile>

#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <cstring>
#include <map>

namespace {
/// Little-endian reader over a golden file; any read past its end fails the test (empty values).
struct Reader {
    fixtures::Bytes data;
    size_t pos = 0;
    bool ok = true;
    uint32_t u32()
    {
        uint32_t v = 0;
        if (pos + 4 > data.size()) {
            ok = false;
            return 0;
        }
        std::memcpy(&v, data.data() + pos, 4);
        pos += 4;
        return v;
    }
    fixtures::Bytes bytes(size_t n)
    {
        if (pos + n > data.size()) {
            ok = false;
            return {};
        }
        fixtures::Bytes b = data.substr(pos, n);
        pos += n;
        return b;
    }
    std::vector<float> floats(size_t n)
    {
        const fixtures::Bytes b = bytes(n * 4);
        std::vector<float> v(b.size() / 4);
        std::memcpy(v.data(), b.data(), b.size());
        return v;
    }
};

/// Same bits, or both NaN (a NaN's sign and payload are not part of any format's meaning).
bool sameFloat(float a, float b)
{
    uint32_t x, y;
    std::memcpy(&x, &a, 4);
    std::memcpy(&y, &b, 4);
    return x == y || (std::isnan(a) && std::isnan(b));
}

/// The registered block format of a ggml type id, or null.
const ql::BlockFormat* formatOfGgmlType(uint32_t type)
{
    for (const ql::NumberFormat* f : ql::allFormats())
        if (f->blocks() && f->blocks()->ggmlType() == type)
            return f->blocks();
    return nullptr;
}

/// One case of the quantization golden: rows, optional importance, ggml's bytes per type.
struct QuantCase {
    std::string name;
    uint32_t rows = 0, perRow = 0;
    std::vector<float> x, importance;
    std::vector<std::pair<uint32_t, fixtures::Bytes>> types;
};

struct QuantGolden {
    std::vector<std::tuple<uint32_t, uint32_t, bool>> types; ///< ggml type, row bytes of 512, needs importance
    std::vector<QuantCase> cases;
};

QuantGolden readQuantGolden()
{
    QuantGolden out;
    Reader g { fixtures::readFile(QL_TEST_DATA "/ggml_types_quant_golden.bin") };
    if (g.data.compare(0, 4, "QLQ2") != 0)
        return out;
    g.pos = 4;
    if (g.u32() != 1)
        return out;
    const uint32_t nt = g.u32();
    for (uint32_t i = 0; i < nt; ++i) {
        const uint32_t t = g.u32(), rowBytes = g.u32(), needs = g.u32();
        out.types.push_back({ t, rowBytes, needs != 0 });
    }
    const uint32_t nc = g.u32();
    for (uint32_t c = 0; c < nc && g.ok; ++c) {
        QuantCase q;
        const fixtures::Bytes name = g.bytes(24);
        q.name = std::string(name.c_str());
        q.rows = g.u32();
        q.perRow = g.u32();
        const bool hasImportance = g.u32() != 0;
        q.x = g.floats(size_t(q.rows) * q.perRow);
        if (hasImportance)
            q.importance = g.floats(q.perRow);
        const uint32_t k = g.u32();
        for (uint32_t j = 0; j < k && g.ok; ++j) {
            const uint32_t t = g.u32(), bytes = g.u32();
            q.types.push_back({ t, g.bytes(bytes) });
        }
        out.cases.push_back(std::move(q));
    }
    if (!g.ok || g.pos != g.data.size())
        out.cases.clear();
    return out;
}
} // namespace

class TestGgmlTypes : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    /// Every implemented type of the golden, every case: the bytes of quantizeRow (vector kernels
    /// when \p vector, else the scalar references) equal ggml_quantize_chunk's; the fake-quantized
    /// matrix equals ggml's blocks decoded. \returns the number of (case, type) pairs checked.
    static int checkQuantGolden(bool vector)
    {
        const QuantGolden golden = readQuantGolden();
        if (golden.cases.size() != 18) {
            QTest::qFail("the quantization golden is missing or malformed", __FILE__, __LINE__);
            return 0;
        }
        int checked = 0;
        for (const QuantCase& c : golden.cases) {
            const float* importance = c.importance.empty() ? nullptr : c.importance.data();
            for (const auto& [type, expected] : c.types) {
                const ql::BlockFormat* f = formatOfGgmlType(type);
                if (!f) {
                    QTest::qFail(
                        qPrintable(QStringLiteral("no format for ggml type %1").arg(type)), __FILE__, __LINE__);
                    return checked;
                }
                const int64_t rowBytes = f->rowBytes(c.perRow);
                if (int64_t(expected.size()) != rowBytes * c.rows) {
                    QTest::qFail(
                        qPrintable(QStringLiteral("%1: row size").arg(QLatin1String(f->name()))), __FILE__, __LINE__);
                    return checked;
                }
                std::vector<uint8_t> got(expected.size());
                for (uint32_t r = 0; r < c.rows; ++r)
                    f->quantizeRow(
                        c.x.data() + size_t(r) * c.perRow, c.perRow, got.data() + r * rowBytes, importance, vector);
                for (uint32_t r = 0; r < c.rows; ++r) {
                    const size_t at = size_t(r) * size_t(rowBytes);
                    if (std::memcmp(got.data() + at, expected.data() + at, size_t(rowBytes)) != 0) {
                        size_t b = 0;
                        while (got[at + b] == uint8_t(expected[at + b]))
                            ++b;
                        QTest::qFail(
                            qPrintable(QStringLiteral("%1, case %2%3, row %4: byte %5 of the row is %6, ggml wrote %7")
                                           .arg(QLatin1String(f->name()), QString::fromStdString(c.name),
                                               importance ? QStringLiteral(" with importance") : QString())
                                           .arg(r)
                                           .arg(b)
                                           .arg(got[at + b])
                                           .arg(uint8_t(expected[at + b]))),
                            __FILE__, __LINE__);
                        return checked;
                    }
                }
                // The fake-quantized rows are ggml's blocks decoded.
                const ql::QuantSpec spec = ql::parseSpec(f->name());
                const ql::WeightMatrix w { c.x.data(), int64_t(c.rows), int64_t(c.perRow) };
                const std::vector<float> q = ql::fakeQuantize(spec, w, ql::computeParams(spec, w, importance));
                std::vector<float> deq(q.size());
                f->decode(reinterpret_cast<const uint8_t*>(expected.data()), int64_t(q.size()) / f->blockValues(),
                    deq.data());
                for (size_t i = 0; i < q.size(); ++i)
                    if (!sameFloat(q[i], deq[i])) {
                        QTest::qFail(qPrintable(QStringLiteral("%1, case %2: fake quantization differs at %3")
                                                    .arg(QLatin1String(f->name()), QString::fromStdString(c.name))
                                                    .arg(i)),
                            __FILE__, __LINE__);
                        return checked;
                    }
                ++checked;
            }
        }
        return checked;
    }

private slots:
    void quantizationMatchesGgml()
    {
        // Rows with heavy tails, outlier columns, zeros, constants, denormals, ties and FP16-overflowing
        // scales, with and without importance: every implemented type gives ggml's bytes.
        const int checked = checkQuantGolden(true);
        QVERIFY(!QTest::currentTestFailed());
        QCOMPARE(checked, 9 * 12 + 9 * 15); // 9 cases without importance (12 types), 9 with (all 15)
    }

    void scalarReferencesMatchGgml()
    {
        const int checked = checkQuantGolden(false);
        QVERIFY(!QTest::currentTestFailed());
        QCOMPARE(checked, 9 * 12 + 9 * 15);
    }

    void vectorKernelsOnEveryTarget()
    {
        const int targets = fixtures::onEverySimdTarget([] { checkQuantGolden(true); });
        QVERIFY(targets >= 1);
    }

    void rowBytesAndImportanceAsGgml()
    {
        // ggml_row_size of 512 values and ggml_quantize_requires_imatrix, as the reference reports them.
        const QuantGolden golden = readQuantGolden();
        QCOMPARE(golden.types.size(), size_t(15));
        int known = 0;
        for (const auto& [type, rowBytes, needs] : golden.types) {
            const ql::BlockFormat* f = formatOfGgmlType(type);
            QVERIFY2(f, qPrintable(QString::number(type)));
            ++known;
            QCOMPARE(f->rowBytes(512), int64_t(rowBytes));
            QCOMPARE(f->requiresImportance(), needs);
        }
        QCOMPARE(known, 15);
    }

    void refusedWithoutImportanceAsGgml()
    {
        // ggml refuses IQ2_XXS, IQ2_XS and IQ1_S without an importance matrix; so does QuantLens,
        // saying to give --calib (quant and the sweep show it as the tensor's reason).
        std::vector<float> x(512, 0.01f), importance(512, 1.0f);
        const ql::WeightMatrix w { x.data(), 2, 256 };
        for (const char* name : { "iq2_xxs", "iq2_xs", "iq1_s" }) {
            const ql::QuantSpec s = ql::parseSpec(name);
            QVERIFY(ql::blockFormatOf(s.format).requiresImportance());
            try {
                ql::computeParams(s, w);
                QFAIL("accepted without importance");
            } catch (const ql::Error& e) {
                QCOMPARE(e.code(), ql::ErrorCode::Unsupported);
                QVERIFY2(e.arg(0).find("--calib") != std::string::npos, e.arg(0).c_str());
            }
            std::vector<uint8_t> out(size_t(ql::blockFormatOf(s.format).rowBytes(256)));
            QVERIFY_THROWS_EXCEPTION(
                ql::Error, ql::blockFormatOf(s.format).quantizeRow(x.data(), 256, out.data(), nullptr));
            const ql::QuantParams p = ql::computeParams(s, w, importance.data()); // with importance it works
            QVERIFY(ql::measureError(s, w, p).relMse >= 0);
        }
        for (const char* name : { "iq2_s", "iq3_xxs", "iq3_s", "iq1_m", "iq4_xs" })
            QVERIFY(!ql::blockFormatOf(ql::parseSpec(name).format).requiresImportance());
    }

    void specNamesBitsAndLlamaCppTypes()
    {
        // Bits per weight from each type's block bytes (every scale included), the spec names round
        // trip, take no options, and export as llama.cpp's type names.
        const std::tuple<const char*, double, const char*> rows[]
            = { { "iq4_nl", 4.5, "iq4_nl" }, { "iq4_xs", 4.25, "iq4_xs" }, { "tq1_0", 1.6875, "tq1_0" },
                  { "tq2_0", 2.0625, "tq2_0" }, { "q1_0", 1.125, "q1_0" }, { "q2_0", 2.25, "q2_0" },
                  { "mxfp4_ggml", 4.25, "mxfp4" }, { "nvfp4_ggml", 4.5, "nvfp4" } };
        for (const auto& [name, bpw, llama] : rows) {
            const ql::QuantSpec s = ql::parseSpec(name);
            QCOMPARE(s.toString(), std::string(name));
            QVERIFY(s.isGgml());
            QCOMPARE(ql::bitsPerWeight(s, 4096, 4096 * 4096), bpw);
            QCOMPARE(ql::llamaCppTypeName(name), std::string(llama));
            QVERIFY_THROWS_EXCEPTION(ql::Error, ql::parseSpec(std::string(name) + ":g32"));
        }
        // OCP's MXFP4 (round to nearest even, the scale from the exponent bits) is not ggml's MXFP4.
        QCOMPARE(ql::llamaCppTypeName("mxfp4"), std::string());
        QCOMPARE(ql::llamaCppTypeName("nvfp4"), std::string()); // NVIDIA's layout is not ggml's NVFP4
        QCOMPARE(ql::llamaCppTypeName("mxfp8_e4m3"), std::string());
    }

    void gridsMatchGgml()
    {
        // ggml's expanded dequantization grids (ggml-common.h) against the ones derived here from
        // the compact level tables, point by point.
        Reader g { fixtures::readFile(QL_TEST_DATA "/ggml_grids_golden.bin") };
        QVERIFY(g.data.compare(0, 4, "QLGR") == 0);
        g.pos = 4;
        const ql::ggml::LatticeGrid* grids[] = { &ql::ggml::iq2xxsGrid(), &ql::ggml::iq2xsGrid(), &ql::ggml::iq2sGrid(),
            &ql::ggml::iq1sGrid(), &ql::ggml::iq3xxsGrid(), &ql::ggml::iq3sGrid() };
        QCOMPARE(g.u32(), uint32_t(std::size(grids)));
        for (const ql::ggml::LatticeGrid* grid : grids) {
            const uint32_t points = g.u32(), width = g.u32();
            QCOMPARE(int(points), grid->points);
            QCOMPARE(int(width), grid->dims);
            const fixtures::Bytes table = g.bytes(points * width);
            QVERIFY(g.ok);
            for (int p = 0; p < grid->points; ++p)
                for (int i = 0; i < grid->dims; ++i)
                    QCOMPARE(int(int8_t(table[size_t(p * grid->dims + i)])), grid->value(p, i));
        }
        QCOMPARE(g.pos, g.data.size());
        // The sign patterns: seven bits stored, the eighth keeps the count of minus signs even.
        QCOMPARE(int(ql::ggml::evenSigns(1)), 129);
        QCOMPARE(int(ql::ggml::evenSigns(3)), 3);
        QCOMPARE(int(ql::ggml::evenSigns(127)), 255);
    }

    void ggufWithEveryNewTypeMatchesGgml()
    {
        // One GGUF written by the fixture writer holding a tensor of every new type (ggml's blocks of
        // the golden rows and random bytes); it opens, each tensor reports its type and shape, and its
        // values are ggml's to_float of the same bytes, bit for bit.
        Reader g { fixtures::readFile(QL_TEST_DATA "/ggml_types_dequant_golden.bin") };
        QVERIFY(g.data.compare(0, 4, "QLD2") == 0);
        g.pos = 4;
        QCOMPARE(g.u32(), 1u);
        const uint32_t types = g.u32();
        QCOMPARE(types, 15u);
        fixtures::Gguf file;
        std::vector<std::pair<ql::DType, std::vector<float>>> expected;
        for (uint32_t k = 0; k < types; ++k) {
            const uint32_t type = g.u32(), blocks = g.u32(), blockBytes = g.u32();
            const auto dt = ql::dtypeFromGgml(type);
            QVERIFY2(dt.has_value(), qPrintable(QString::fromStdString(ql::ggmlTypeName(type))));
            QCOMPARE(uint32_t(ql::dtypeBlockBytes(*dt)), blockBytes);
            const int be = ql::dtypeBlockElements(*dt);
            const fixtures::Bytes data = g.bytes(size_t(blocks) * blockBytes);
            expected.push_back({ *dt, g.floats(size_t(blocks) * size_t(be)) });
            QVERIFY(g.ok);
            file.tensor("t." + std::string(ql::dtypeName(*dt)), { int64_t(blocks), int64_t(be) }, type, data);
        }
        QCOMPARE(g.pos, g.data.size());
        const std::string path = m_dir.filePath("every_type.gguf").toStdString();
        fixtures::writeFile(path, file.build());
        const ql::Model m = ql::open(path);
        QCOMPARE(m.tensors.size(), expected.size());
        for (size_t i = 0; i < expected.size(); ++i) {
            const auto& [dt, want] = expected[i];
            QCOMPARE(m.tensors[i].dtype, dt);
            QCOMPARE(m.tensors[i].parameters, int64_t(want.size()));
            const std::vector<float> got = m.readAll(i);
            QCOMPARE(got.size(), want.size());
            int64_t differ = 0, first = -1;
            for (size_t j = 0; j < got.size(); ++j)
                if (!sameFloat(got[j], want[j])) {
                    ++differ;
                    if (first < 0)
                        first = int64_t(j);
                }
            QVERIFY2(differ == 0,
                qPrintable(QStringLiteral("%1: %2 values differ from ggml's, the first at %3 (%4 vs %5)")
                               .arg(QString::fromLatin1(ql::dtypeName(dt).data()))
                               .arg(differ)
                               .arg(first)
                               .arg(double(first >= 0 ? got[size_t(first)] : 0.0f))
                               .arg(double(first >= 0 ? want[size_t(first)] : 0.0f))));
        }
    }

    void imatrixBytesAsLlamaQuantize()
    {
        // Real llama-quantize (llama_model_quantize, --pure) with a legacy imatrix file quantized a
        // synthetic model to every i-quant (scripts/make_golden_llamacpp_imatrix.py); the same model
        // (the tests' generator), the same file read by QuantLens, and each tensor's rows quantized with
        // its importance give the very bytes it wrote.
        QFile gf(QStringLiteral(QL_TEST_DATA "/llamacpp_imatrix_golden.json"));
        QVERIFY(gf.open(QIODevice::ReadOnly));
        const auto golden = nlohmann::json::parse(gf.readAll().toStdString());
        const auto& mc = golden["model"];
        fixtures::SynthLlama c;
        c.layers = mc["layers"];
        c.dim = mc["dim"];
        c.hidden = mc["hidden"];
        c.heads = mc["heads"];
        c.kvHeads = mc["kv_heads"];
        c.vocab = mc["vocab"];
        c.seed = mc["seed"];
        const std::string path = m_dir.filePath("imatrix_model.gguf").toStdString();
        fixtures::writeSynthLlamaGguf(path, c);
        const ql::Model m = ql::open(path);
        const ql::CalibrationStore imatrix = ql::loadCalibrationAny(QL_TEST_DATA "/llamacpp_imatrix.dat");
        int checked = 0;
        for (const auto& [ftype, tensors] : golden["runs"].items()) {
            for (const auto& [name, t] : tensors.items()) {
                const int i = m.find(name);
                QVERIFY2(i >= 0, name.c_str());
                const ql::OwnedMatrix w = ql::readWeightMatrix(m, size_t(i));
                const ql::CalibrationEntry* e = imatrix.find(name);
                QVERIFY2(e && e->in == w.cols, name.c_str());
                const ql::QuantSpec spec = ql::parseSpec(t["type"].get<std::string>());
                std::vector<uint8_t> row(size_t(ql::ggmlRowBytes(spec.format, w.cols)));
                QCryptographicHash bytes(QCryptographicHash::Sha256);
                for (int64_t r = 0; r < w.rows; ++r) {
                    ql::quantizeGgmlRow(spec.format, w.values.data() + r * w.cols, w.cols, row.data(), e->meanSq.data());
                    bytes.addData(QByteArrayView(reinterpret_cast<const char*>(row.data()), qsizetype(row.size())));
                }
                QVERIFY2(bytes.result().toHex().toStdString() == t["bytes_sha256"].get<std::string>(),
                    qPrintable(QStringLiteral("%1 %2: not llama-quantize's bytes").arg(QString::fromStdString(ftype), QString::fromStdString(name))));
                ++checked;
            }
        }
        QCOMPARE(checked, 9 * 9); // nine i-quants, nine weights
    }
};

QTEST_GUILESS_MAIN(TestGgmlTypes)
#include "test_ggmltypes.moc"
