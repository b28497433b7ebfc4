// llama.cpp block quantizers: bytes identical to ggml's reference quantizers on random rows with
// edge cases (all-zero super-block, all positive, a huge outlier, few distinct values, tiny values)
// and on real stories260K weights; the dequantized values then match too.
#include "core/io/dtype.h"
#include "core/quant/ggmlquant.h"
#include "core/quant/quantizer.h"
#include "core/quant/spec.h"
#include "core/util/error.h"
#include "support/fixtures.h"

#include <QTest>

#include <cstring>

class TestGgmlQuant : public QObject {
    Q_OBJECT
    /// Checks every type in a golden file written by a generator linked against ggml: rows of floats,
    /// optionally an importance vector (per column), and ggml_quantize_chunk's output per type.
    static void checkGolden(const char* path, const char* magic, bool withImportance)
    {
        const fixtures::Bytes g = fixtures::readFile(path);
        QVERIFY(g.size() > 16 && g.compare(0, 4, magic) == 0);
        size_t pos = 4;
        auto u32 = [&] {
            uint32_t v;
            std::memcpy(&v, g.data() + pos, 4);
            pos += 4;
            return v;
        };
        const uint32_t types = u32(), rows = u32(), perRow = u32();
        std::vector<float> x(size_t(rows) * perRow), importance;
        std::memcpy(x.data(), g.data() + pos, x.size() * 4);
        pos += x.size() * 4;
        if (withImportance) {
            importance.resize(perRow);
            std::memcpy(importance.data(), g.data() + pos, perRow * 4);
            pos += perRow * 4;
        }
        const std::pair<uint32_t, const char*> names[] = { { 8, "q8_0" }, { 2, "q4_0" }, { 3, "q4_1" }, { 6, "q5_0" },
            { 7, "q5_1" }, { 10, "q2_k" }, { 11, "q3_k" }, { 12, "q4_k" }, { 13, "q5_k" }, { 14, "q6_k" } };
        int checked = 0;
        for (uint32_t k = 0; k < types; ++k) {
            const uint32_t type = u32(), bytes = u32();
            const fixtures::Bytes expected = g.substr(pos, bytes);
            pos += bytes;
            const char* specName = nullptr;
            for (const auto& [id, n] : names)
                if (id == type)
                    specName = n;
            QVERIFY(specName);
            const ql::QuantSpec spec = ql::parseSpec(specName);
            const int64_t rowBytes = ql::ggmlRowBytes(spec.format, perRow);
            QCOMPARE(int64_t(bytes), rowBytes * rows);
            std::vector<uint8_t> got(bytes);
            for (uint32_t r = 0; r < rows; ++r)
                ql::quantizeGgmlRow(spec.format, x.data() + size_t(r) * perRow, perRow, got.data() + r * rowBytes,
                    withImportance ? importance.data() : nullptr);
            for (uint32_t r = 0; r < rows; ++r) {
                const bool same = std::memcmp(got.data() + r * rowBytes, expected.data() + r * rowBytes, size_t(rowBytes)) == 0;
                QVERIFY2(same, qPrintable(QStringLiteral("%1 row %2 differs from ggml").arg(specName).arg(r)));
            }
            {
                // The fake-quantized matrix equals ggml's blocks dequantized.
                const ql::WeightMatrix w { x.data(), int64_t(rows), int64_t(perRow) };
                const auto q = ql::fakeQuantize(spec, w, ql::computeParams(spec, w, withImportance ? importance.data() : nullptr));
                std::vector<float> deq(x.size());
                ql::decodeBlocks(ql::ggmlStorageType(spec.format), reinterpret_cast<const uint8_t*>(expected.data()),
                    int64_t(x.size()) / ql::dtypeBlockElements(ql::ggmlStorageType(spec.format)), deq.data());
                QVERIFY(std::memcmp(q.data(), deq.data(), q.size() * 4) == 0);
            }
            ++checked;
        }
        QCOMPARE(checked, 10);
    }

private slots:
    void matchesGgmlBitForBit()
    {
        // Random rows with edge cases (an all-zero super-block, all positive, a huge outlier, few
        // distinct values, tiny values) and real stories260K weights; no importance matrix.
        checkGolden(QL_TEST_DATA "/ggml_quant_golden.bin", "QLGQ", false);
    }

    void matchesGgmlWithImportance()
    {
        // The same rows with an importance vector (llama.cpp's imatrix path).
        checkGolden(QL_TEST_DATA "/ggml_quant_imatrix_golden.bin", "QLGI", true);
    }

    void errorsAndBitsPerWeight()
    {
        std::vector<float> x(100, 1.0f);
        const ql::WeightMatrix w { x.data(), 1, 100 };
        const auto spec = ql::parseSpec("q4_k");
        try {
            ql::fakeQuantize(spec, w, ql::computeParams(spec, w));
            QFAIL("a 100-value row was accepted for Q4_K");
        } catch (const ql::Error& e) {
            QCOMPARE(e.code(), ql::ErrorCode::Unsupported);
            QVERIFY(std::string(e.what()).find("256") != std::string::npos);
        }
        // Q4_K's error is between Q3_K's and Q6_K's on the same data.
        std::vector<float> v(16 * 512);
        for (size_t i = 0; i < v.size(); ++i)
            v[i] = std::sin(float(i) * 0.37f) * 0.02f + ((i % 97) == 0 ? 0.2f : 0.0f);
        const ql::WeightMatrix m { v.data(), 16, 512 };
        auto err = [&](const char* s) {
            const auto sp = ql::parseSpec(s);
            return ql::measureError(sp, m, ql::computeParams(sp, m)).relMse;
        };
        QVERIFY(err("q3_k") > err("q4_k"));
        QVERIFY(err("q4_k") > err("q6_k"));
        QVERIFY(err("q6_k") > err("q8_0"));
    }
};

QTEST_GUILESS_MAIN(TestGgmlQuant)
#include "test_ggmlquant.moc"
