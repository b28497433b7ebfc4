// llama.cpp's i-quants, ternary, Q1_0 / Q2_0, MXFP4 and NVFP4 (issue 13) against the reference
// library's own output (scripts/make_golden_ggml_types.py, scripts/make_ggml_grids.py): the lattice
// grids, GGUF decoding of every type, and quantization with and without importance.
#include "core/io/dtype.h"
#include "core/io/ggmlgrids.h"
#include "core/io/model.h"
#include "support/fixtures.h"

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
} // namespace

class TestGgmlTypes : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

private slots:
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
};

QTEST_GUILESS_MAIN(TestGgmlTypes)
#include "test_ggmltypes.moc"
