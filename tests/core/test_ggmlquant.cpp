// llama.cpp block quantizers: bytes identical to ggml's reference quantizers on random rows with
// edge cases (all-zero super-block, all positive, a huge outlier, few distinct values, tiny values)
// and on real stories260K weights; the dequantized values then match too.
#include "core/io/dtype.h"
#include "core/quant/ggmlquant.h"
#include "core/quant/packing.h"
#include "core/io/model.h"
#include "core/quant/quantizer.h"
#include "core/quant/spec.h"
#include "core/util/error.h"
#include "support/fixtures.h"
#include "support/simdtargets.h"

#include <QTest>


#include <cmath>
#include <cstring>
#include <limits>
#include <random>

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
    void vectorKernelsOnEveryTarget()
    {
        // The kernels are compiled for every instruction set Highway targets and the best one runs;
        // run the bit-exactness checks again on each one this CPU supports (AVX2, SSE4, the
        // 128-bit emulation …), so that a machine without AVX-512 gets the same answers.
        const int targets = fixtures::onEverySimdTarget([&] {
            matchesGgmlBitForBit();
            matchesGgmlWithImportance();
            vectorSearchMatchesScalar();
        });
        QVERIFY(targets >= 1);
    }

    void q8_0RoundTripMatchesBlocks()
    {
        // Q8_0's error path turns a row straight into its dequantized values; they must be what the
        // reference quantizer's blocks decode to, bit for bit, on every instruction set: random
        // blocks, exact ties (x/d = k + ½ rounds away from zero), ±0, an all-zero block, a block
        // whose scale is subnormal, and blocks with NaN or ±Inf (which take the reference path).
        const int targets = fixtures::onEverySimdTarget([&] {
            std::mt19937 rng(88);
            std::normal_distribution<float> g(0.0f, 0.02f);
            const int64_t cols = 32 * 12, rows = 40;
            std::vector<float> v(static_cast<size_t>(rows * cols));
            for (auto& x : v)
                x = g(rng);
            float* r0 = v.data();
            r0[0] = 127.0f; // block 0: d = 1, so x/d is x itself
            const float ties[] = { 0.5f, 1.5f, -2.5f, -0.5f, 126.5f, -0.0f, 0.0f };
            for (size_t k = 0; k < std::size(ties); ++k)
                r0[1 + k] = ties[k];
            std::fill(r0 + 32, r0 + 64, 0.0f); // block 1: zeros
            for (int j = 64; j < 96; ++j) // block 2: subnormal values, d underflows to a subnormal
                r0[j] = (j % 2 ? 1 : -1) * 1e-44f * float(j % 5);
            v[size_t(cols * 2 + 40)] = std::numeric_limits<float>::quiet_NaN();
            v[size_t(cols * 3 + 300)] = -std::numeric_limits<float>::infinity();
            const ql::QuantSpec spec = ql::parseSpec("q8_0");
            const ql::WeightMatrix w { v.data(), rows, cols };
            const std::vector<float> fast = ql::fakeQuantize(spec, w, ql::computeParams(spec, w));
            std::vector<uint8_t> blocks(static_cast<size_t>(ql::ggmlRowBytes(ql::QFormat::Q8_0, cols)));
            std::vector<float> ref(static_cast<size_t>(cols));
            for (int64_t r = 0; r < rows; ++r) {
                ql::detail::quantizeGgmlRowScalar(ql::QFormat::Q8_0, v.data() + r * cols, cols, blocks.data());
                ql::decodeBlocks(ql::DType::Q8_0, blocks.data(), cols / 32, ref.data());
                QVERIFY2(std::memcmp(ref.data(), fast.data() + r * cols, size_t(cols) * 4) == 0, qPrintable(QString::number(r)));
            }
            // The error path sees the same values: its sums equal those of the materialised matrix.
            const ql::ErrorMetrics e = ql::measureError(spec, w);
            const ql::ErrorMetrics m = ql::compareMatrices(w, fast.data(), nullptr, cols);
            QCOMPARE(e.relMse, m.relMse);
            QCOMPARE(e.maxAbsErr, m.maxAbsErr);
        });
        QVERIFY(targets >= 1);
    }

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

    void vectorSearchMatchesScalar()
    {
        // The k-quants' sub-block search runs one sub-block per vector lane; its blocks must equal the
        // scalar search's byte for byte: rows of 1, 3 and 5 super-blocks (a ragged last batch of lanes),
        // with and without importance, on values that stress it — all-zero and constant sub-blocks,
        // all positive, a huge outlier, few distinct values (ties), denormals, a sub-block whose range
        // is a single denormal step, and a row with a NaN (the scalar fallback).
        std::mt19937 rng(4242);
        std::normal_distribution<float> g(0.0f, 0.02f);
        const char* specs[] = { "q2_k", "q3_k", "q4_k", "q5_k", "q6_k", "q4_0", "q4_1", "q5_0", "q5_1", "q8_0" };
        int rowsChecked = 0;
        for (int64_t nb : { 1, 3, 5 }) {
            const int64_t n = nb * 256;
            for (int kind = 0; kind < 9; ++kind) {
                std::vector<float> x(static_cast<size_t>(n)), importance(static_cast<size_t>(n));
                for (auto& v : x)
                    v = g(rng);
                for (auto& v : importance)
                    v = std::fabs(g(rng)) * 50.0f + (kind == 3 ? 0.0f : 0.01f);
                switch (kind) {
                case 1: std::fill(x.begin() + 32, x.begin() + 96, 0.0f); break;
                case 2: std::fill(x.begin() + 64, x.begin() + 96, 0.37f); break;
                case 3: for (auto& v : x) v = std::fabs(v); break;
                case 4: x[size_t(n / 2 + 3)] = 1000.0f; break;
                case 5: for (size_t i = 0; i < x.size(); ++i) x[i] = float(int(i % 7) - 3) * 1e-3f; break;
                case 6: for (auto& v : x) v *= 1e-37f; break;
                case 7: for (size_t i = 32; i < 64; ++i) x[i] = (i % 2) ? 1e-45f : 0.0f; break;
                case 8: x[size_t(n - 1)] = std::numeric_limits<float>::quiet_NaN(); break;
                default: break;
                }
                for (const char* name : specs) {
                    const auto f = ql::parseSpec(name).format;
                    const int64_t bytes = ql::ggmlRowBytes(f, n);
                    for (bool withImportance : { false, true }) {
                        std::vector<uint8_t> fast(static_cast<size_t>(bytes)), reference(static_cast<size_t>(bytes));
                        const float* qw = withImportance ? importance.data() : nullptr;
                        ql::quantizeGgmlRow(f, x.data(), n, fast.data(), qw);
                        ql::detail::quantizeGgmlRowScalar(f, x.data(), n, reference.data(), qw);
                        QVERIFY2(fast == reference,
                            qPrintable(QStringLiteral("%1, %2 super-blocks, case %3%4").arg(name).arg(nb).arg(kind).arg(withImportance ? ", importance" : "")));
                        ++rowsChecked;
                    }
                }
            }
        }
        QCOMPARE(rowsChecked, 3 * 9 * 10 * 2);
    }

    void packingQ4_0HandWorked()
    {
        // x_j = j − 16: the value of largest magnitude is −16, so llama.cpp's d = −16 / −8 = 2 and
        // code = (int)(x / 2 + 8.5) clamped to 15: j = 0 → 0, j = 1 → 1, j = 31 → 15 (dequantized 14).
        std::vector<float> x(32);
        for (int j = 0; j < 32; ++j)
            x[size_t(j)] = float(j - 16);
        const ql::PackedBlock b = ql::packBlock(ql::PackLayout::Q4_0, x.data(), 32, 0);
        QCOMPARE(b.bytes.size(), size_t(18));
        QCOMPARE(b.dBits, uint16_t(0x4000)); // 2.0 in FP16
        QCOMPARE(b.d, 2.0f);
        QCOMPARE(b.bitsPerWeight(), 4.5);
        QCOMPARE(b.values[0].code, 0);
        QCOMPARE(b.values[1].code, 1);
        QCOMPARE(b.values[31].code, 15);
        QCOMPARE(b.values[31].dequantized, 14.0f);
        // Value 20 sits in the high nibble of code byte 4 (byte 6 of the block, after the scale).
        QCOMPARE(b.values[20].byte, 6);
        QCOMPARE(b.values[20].shift, 4);
        QCOMPARE(b.values[4].byte, 6);
        QCOMPARE(b.values[4].shift, 0);
        QCOMPARE(int(b.roleOf(1)), int(ql::PackRole::Scale));
        QCOMPARE(int(b.roleOf(2)), int(ql::PackRole::Codes));
        QVERIFY(!b.padded);

        // INT4 packs value 2i in the low nibble of byte i, codes offset by 8.
        const ql::PackedBlock i4 = ql::packBlock(ql::PackLayout::Int4, x.data(), 32, 0);
        QCOMPARE(i4.bytes.size(), size_t(16));
        QCOMPARE(i4.bitsPerWeight(), 4.5); // 16 code bytes and an FP16 scale for 32 values
        QCOMPARE(i4.values[5].byte, 2);
        QCOMPARE(i4.values[5].shift, 4);
        QCOMPARE(i4.values[0].code, 1); // s = 16 / 7: −16 → −7 → nibble 1 (−8 is never used)
        QCOMPARE(i4.values[31].code, 15); // 15 / s = 6.56 → 7 → nibble 15
        QCOMPARE(i4.d, ql::halfToFloat(0x4092)); // 16 / 7 stored as FP16 (2.285156)
        QCOMPARE(i4.dBits, uint16_t(0x4092));
    }

    void packingDescribesTheStoredBits_data()
    {
        QTest::addColumn<int>("layout");
        QTest::newRow("int4") << int(ql::PackLayout::Int4);
        QTest::newRow("q4_0") << int(ql::PackLayout::Q4_0);
        QTest::newRow("q4_1") << int(ql::PackLayout::Q4_1);
        QTest::newRow("q8_0") << int(ql::PackLayout::Q8_0);
        QTest::newRow("q4_k") << int(ql::PackLayout::Q4_K);
        QTest::newRow("iq4_xs") << int(ql::PackLayout::IQ4_XS);
        QTest::newRow("iq3_xxs") << int(ql::PackLayout::IQ3_XXS);
        QTest::newRow("nvfp4") << int(ql::PackLayout::NVFP4);
    }

    void packingDescribesTheStoredBits()
    {
        // On real stories260K rows (172 values: the last block is padded), every value's described
        // bits rebuild the code bytes exactly, and scale · (code − zero) − min gives the dequantized
        // value bit for bit.
        QFETCH(int, layout);
        const auto L = ql::PackLayout(layout);
        const ql::Model model = ql::open(QL_STORIES_DIR "/stories260K.gguf");
        size_t t = 0;
        while (t < model.tensors.size() && model.tensors[t].name != "blk.0.ffn_down.weight")
            ++t;
        QVERIFY(t < model.tensors.size());
        const ql::OwnedMatrix m = ql::readWeightMatrix(model, t);
        QCOMPARE(m.cols, int64_t(172));
        const int64_t blocks = (m.cols + ql::blockValues(L) - 1) / ql::blockValues(L);
        for (int64_t row : { int64_t(0), m.rows - 1 })
            for (int64_t blk = 0; blk < blocks; ++blk) {
                const ql::PackedBlock b = ql::packBlock(L, m.values.data() + row * m.cols, m.cols, blk);
                QCOMPARE(b.blocks, blocks);
                std::vector<uint8_t> rebuilt(b.bytes.size(), 0);
                for (int i = 0; i < int(b.bytes.size()); ++i)
                    if (b.roleOf(i) != ql::PackRole::Codes)
                        rebuilt[size_t(i)] = b.bytes[size_t(i)];
                int real = 0;
                for (const ql::PackedValue& v : b.values) {
                    rebuilt[size_t(v.byte)] |= uint8_t((unsigned(v.code) & ((1u << v.width) - 1)) << v.shift);
                    if (v.hasLevel) // a table, grid or small-float level times the scale
                        QCOMPARE(v.scale * v.level, v.dequantized);
                    else
                        QCOMPARE(v.scale * float(v.code - v.zero) - v.min, v.dequantized);
                    if (v.signByte >= 0) // IQ3_XXS: the stored sign bit is the value's sign
                        QCOMPARE(bool((b.bytes[size_t(v.signByte)] >> v.signBit) & 1), v.negative);
                    if (!v.padding) {
                        QCOMPARE(v.original, m.values[size_t(row * m.cols + v.column)]);
                        ++real;
                    }
                }
                QCOMPARE(rebuilt, b.bytes);
                QCOMPARE(real, int(std::min<int64_t>(ql::blockValues(L), m.cols - blk * ql::blockValues(L))));
                QCOMPARE(b.padded, m.cols % ql::blockValues(L) != 0);
                if (L == ql::PackLayout::Q4_K || L == ql::PackLayout::IQ4_XS || L == ql::PackLayout::IQ3_XXS) {
                    // The described places of the sub-scales (counted from the block's start) rebuild them.
                    const uint8_t* sc = b.bytes.data();
                    auto take = [&](const ql::BitsAt& at) { return at.width ? (sc[at.byte] >> at.shift) & ((1 << at.width) - 1) : 0; };
                    for (const ql::SubScale& s : b.subScales) {
                        QCOMPARE(take(s.scaleLow) | (take(s.scaleHigh) << s.scaleLow.width), s.scale6);
                        QCOMPARE(take(s.minLow) | (take(s.minHigh) << s.minLow.width), s.min6);
                        if (L == ql::PackLayout::Q4_K)
                            QCOMPARE(s.scale, b.d * float(s.scale6));
                        else if (L == ql::PackLayout::IQ4_XS)
                            QCOMPARE(s.scale, b.d * float(s.scale6 - 32));
                        else
                            QCOMPARE(s.scale, b.d * (0.5f + float(s.scale6)) * 0.5f);
                    }
                }
            }
        try {
            ql::packBlock(L, m.values.data(), m.cols, blocks);
            QFAIL("a block past the row's end was accepted");
        } catch (const ql::Error& e) {
            QCOMPARE(e.code(), ql::ErrorCode::Unsupported);
        }
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
