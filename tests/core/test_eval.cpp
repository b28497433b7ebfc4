// The Llama judge: stories260K reproduces llama.cpp's logits from both files, KL is exactly zero
// without a plan and grows as the bits fall, token files parse, results do not depend on threads.
#include <tbb/task_arena.h>

#include "core/analysis/sweep.h"
#include "core/eval/classifier.h"
#include "core/io/calibration.h"
#include "core/quant/spec.h"
#include "core/eval/judge.h"
#include "core/eval/sensitivity.h"
#include "core/eval/llama.h"
#include "core/io/model.h"
#include "core/plan/planner.h"
#include "core/quant/gptq.h"
#include "core/quant/modelquant.h"
#include "core/quant/quantizer.h"
#include "core/util/error.h"
#include "support/fixtures.h"

#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>
#include <random>

namespace {
/// llama.cpp's figures are printed to 5 decimals; a correct float32 pass agrees to about 1e-4.
constexpr double kLogitTolerance = 1e-4;

ql::Plan wholeModelPlan(const ql::Model& m, const char* spec)
{
    ql::Plan p;
    for (const auto& t : m.tensors)
        if (ql::isQuantizable(t))
            p.entries.push_back({ t.name, t.parameters, spec, 0, 0, false, "rtn", {}, 0 });
    return p;
}
} // namespace

class TestEval : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
private slots:
    void reproducesLlamaCppLogits()
    {
        // From ../shared/models/stories260K/README.md: llama.cpp's top-5 logits at position 0 of the
        // prompt [1, 403, 407, 261, 378, 410], and its greedy continuation of token 1.
        const std::pair<int, double> top5[] = { { 461, 9.48929 }, { 306, 9.38123 }, { 295, 8.57417 }, { 341, 8.30841 }, { 453, 7.62101 } };
        const std::vector<int> greedy { 1, 461, 461, 401, 401, 401, 461, 378, 455, 473, 456, 435, 299, 362, 409, 283, 264, 283, 452, 288, 13,
            431, 431, 431, 431 };
        for (const char* file : { "/stories260K.gguf", "/model.safetensors" }) {
            const ql::Model m = ql::open(std::string(QL_STORIES_DIR) + file);
            const ql::LlamaModel lm(m);
            QCOMPARE(lm.config().layers, 5);
            QCOMPARE(lm.config().kvHeads, 4);
            const auto logits = lm.forward({ 1, 403, 407, 261, 378, 410 });
            std::vector<int> order(size_t(logits.cols()));
            for (size_t i = 0; i < order.size(); ++i)
                order[i] = int(i);
            std::sort(order.begin(), order.end(), [&](int a, int b) { return logits(0, a) > logits(0, b); });
            for (int k = 0; k < 5; ++k) {
                QCOMPARE(order[size_t(k)], top5[k].first);
                QVERIFY2(std::fabs(logits(0, top5[k].first) - top5[k].second) < kLogitTolerance, file);
            }
            QCOMPARE(lm.greedy({ 1 }, 25), greedy);
        }
    }

    void judgeZeroWithoutPlanAndGrowsAsBitsFall()
    {
        const ql::Model m = ql::open(QL_STORIES_DIR "/stories260K.gguf");
        const ql::LlamaModel reference(m);
        const auto seqs = ql::sampleSequences(reference, 4, 32, 7);
        QCOMPARE(seqs.size(), size_t(4));
        QCOMPARE(seqs[0].front(), 1);
        QVERIFY(seqs == ql::sampleSequences(reference, 4, 32, 7)); // seeded
        const ql::LlamaModel same(m, ql::fakeQuantizedWeights(m, ql::Plan {}));
        const auto zero = ql::evaluateLanguageModel(reference, same, seqs);
        QCOMPARE(zero.positions, int64_t(4 * 31));
        QCOMPARE(zero.kldMean, 0.0);
        QCOMPARE(zero.kldP99, 0.0);
        QCOMPARE(zero.top1Agreement, 1.0);
        QCOMPARE(zero.perplexity, zero.referencePerplexity);
        double last = 0;
        for (const char* spec : { "int8:g32", "int6:g32", "int4:g32", "int3:g32" }) {
            const ql::LlamaModel q(m, ql::fakeQuantizedWeights(m, wholeModelPlan(m, spec)));
            const auto r = ql::evaluateLanguageModel(reference, q, seqs);
            QVERIFY2(r.kldMean > last, spec);
            QVERIFY(r.kldP99 >= r.kldMean);
            last = r.kldMean;
        }
        // Bit-identical with one or two threads.
        const ql::LlamaModel q4(m, ql::fakeQuantizedWeights(m, wholeModelPlan(m, "int4:g32")));
        ql::LmMetrics one, two;
        tbb::task_arena(1).execute([&] { one = ql::evaluateLanguageModel(reference, q4, seqs); });
        tbb::task_arena(2).execute([&] { two = ql::evaluateLanguageModel(reference, q4, seqs); });
        QCOMPARE(one.kldMean, two.kldMean);
        QCOMPARE(one.kldP99, two.kldP99);
        QCOMPARE(one.perplexity, two.perplexity);
    }

    void classifierJudgeOnTheDemo()
    {
        const ql::Model m = ql::open(QL_SOURCE_DIR "/resources/demo/digits_mlp.safetensors");
        const auto data = ql::readClassifierData(QL_SOURCE_DIR "/resources/demo/digits_eval.npz");
        QCOMPARE(data.x.rows(), Eigen::Index(450));
        const ql::ClassifierModel reference(m);
        QCOMPARE(reference.inputs(), 64);
        QCOMPARE(reference.classes(), 10);
        const auto none = ql::evaluateClassifier(reference, reference, data);
        QCOMPARE(none.kldMean, 0.0);
        QCOMPARE(none.top1Agreement, 1.0);
        // The training script recorded this accuracy in the file's metadata.
        QCOMPARE(QString::number(none.referenceAccuracy, 'f', 4), QString::fromStdString(m.metadata["test_accuracy"].get<std::string>()));
        auto accuracy = [&](const char* spec) {
            const ql::ClassifierModel q(m, ql::fakeQuantizedWeights(m, wholeModelPlan(m, spec)));
            return ql::evaluateClassifier(reference, q, data);
        };
        // INT8 per channel costs under half an accuracy point; at two bits per-channel scales beat
        // one scale per tensor by far.
        QVERIFY(none.referenceAccuracy - accuracy("int8:channel").accuracy < 0.005);
        QVERIFY(accuracy("int2:channel").accuracy > accuracy("int2:tensor").accuracy + 0.2);
        QVERIFY(accuracy("int2:channel").kldMean > accuracy("int4:channel").kldMean);
    }

    void classifierJudgeOnTheConvDemo()
    {
        // The CNN demo (conv, batch norm folded, max-pool, linear) described by its
        // quantlens_architecture entry: the forward pass gives PyTorch's probabilities (recorded by
        // scripts/make_demo_cnn.py) and the classic results of quantizing it.
        const ql::Model m = ql::open(QL_SOURCE_DIR "/resources/demo/digits_cnn.safetensors");
        const auto data = ql::readClassifierData(QL_SOURCE_DIR "/resources/demo/digits_eval.npz");
        const ql::ClassifierModel reference(m);
        QCOMPARE(reference.inputs(), 64);
        QCOMPARE(reference.classes(), 10);
        const ql::Model torchProbs = ql::open(QL_TEST_DATA "/digits_cnn_probs.npy");
        const auto expected = torchProbs.readAll(0);
        const auto got = reference.probabilities(data.x.topRows(8));
        for (int r = 0; r < 8; ++r)
            for (int c = 0; c < 10; ++c)
                QVERIFY2(std::fabs(got(r, c) - expected[size_t(r * 10 + c)]) < 1e-5,
                    qPrintable(QStringLiteral("%1,%2: %3 vs %4").arg(r).arg(c).arg(got(r, c)).arg(expected[size_t(r * 10 + c)])));
        const auto none = ql::evaluateClassifier(reference, reference, data);
        QCOMPARE(QString::number(none.referenceAccuracy, 'f', 4), QString::fromStdString(m.metadata["test_accuracy"].get<std::string>()));
        auto measure = [&](const char* spec) {
            const ql::ClassifierModel q(m, ql::fakeQuantizedWeights(m, wholeModelPlan(m, spec)));
            return ql::evaluateClassifier(reference, q, data);
        };
        // INT8 per channel loses under half a point; INT4 with one scale per tensor loses visibly
        // more than with one per output channel (batch norm folding spread the channels' ranges).
        const auto int8 = measure("int8:channel"), perTensor = measure("int4:tensor"), perChannel = measure("int4:channel");
        QVERIFY(none.referenceAccuracy - int8.accuracy < 0.005);
        QVERIFY2(perTensor.accuracy < perChannel.accuracy - 0.01,
            qPrintable(QStringLiteral("int4 per tensor %1, per channel %2").arg(perTensor.accuracy).arg(perChannel.accuracy)));
        QVERIFY(perTensor.kldMean > 2 * perChannel.kldMean);
    }

    void classifierCaptureFeedsGptq()
    {
        // Capturing the CNN on its evaluation inputs: a convolution's rows are its patches (9 values
        // for the 1-channel 3×3 conv, 16·9 for the second), the head's are the flattened features;
        // with those Hessians GPTQ lowers every layer's output error against RTN.
        const ql::Model m = ql::open(QL_SOURCE_DIR "/resources/demo/digits_cnn.safetensors");
        const auto data = ql::readClassifierData(QL_SOURCE_DIR "/resources/demo/digits_eval.npz");
        const auto store = ql::captureClassifierCalibration(ql::ClassifierModel(m), data, 64);
        QCOMPARE(store.entries.size(), size_t(3));
        QCOMPARE(store.find("features.0.weight")->in, int64_t(9));
        QCOMPARE(store.find("features.0.weight")->samples, int64_t(450 * 64)); // 8×8 positions per image
        QCOMPARE(store.find("features.1.weight")->in, int64_t(144));
        QCOMPARE(store.find("features.1.weight")->samples, int64_t(450 * 16));
        QCOMPARE(store.find("head.weight")->in, int64_t(128));
        QCOMPARE(store.find("head.weight")->inputs.size(), size_t(64 * 128));
        const auto spec = ql::parseSpec("int3:channel");
        for (const char* name : { "features.0.weight", "features.1.weight", "head.weight" }) {
            const ql::OwnedMatrix w = ql::readWeightMatrix(m, size_t(m.find(name)));
            const auto& h = store.find(name)->hessian;
            const auto rtn = ql::fakeQuantize(spec, w.view(), ql::computeParams(spec, w.view()));
            const auto gptq = ql::gptqQuantize(spec, w.view(), h);
            QVERIFY2(ql::outputRelError(w.view(), gptq.data(), h) < ql::outputRelError(w.view(), rtn.data(), h), name);
        }
    }

    void kerasConvNetMatchesItsPyTorchTwin()
    {
        // One small network written twice: as a Keras .h5 (model_config, channels-last, kernels
        // [kh, kw, in, out] and [in, out], batch norm as a layer) and as PyTorch-layout safetensors
        // with a quantlens_architecture entry. Both give the same probabilities on the same images.
        std::mt19937 rng(11);
        std::normal_distribution<float> nd(0.0f, 0.5f);
        auto randoms = [&](size_t n) {
            std::vector<float> v(n);
            for (auto& x : v)
                x = nd(rng);
            return v;
        };
        const int H = 6, W = 6, C = 2, F = 4, K = 3, classes = 5;
        const auto convK = randoms(size_t(K * K * C * F)); // [kh, kw, in, out]
        const auto convB = randoms(F), gamma = randoms(F), beta = randoms(F), mean = randoms(F);
        std::vector<float> var = randoms(F);
        for (auto& v : var)
            v = std::fabs(v) + 0.5f;
        const int flat = F * (H / 2) * (W / 2);
        const auto denseK = randoms(size_t(flat * classes)); // [in (h, w, c order), out]
        const auto denseB = randoms(classes);
        const std::string config = R"({"class_name":"Sequential","config":{"name":"s","layers":[)"
            R"({"class_name":"InputLayer","config":{"batch_input_shape":[null,6,6,2],"name":"in"}},)"
            R"({"class_name":"Conv2D","config":{"name":"conv2d","filters":4,"kernel_size":[3,3],"strides":[1,1],"padding":"same","activation":"linear"}},)"
            R"({"class_name":"BatchNormalization","config":{"name":"bn","epsilon":0.001}},)"
            R"({"class_name":"Activation","config":{"name":"act","activation":"relu"}},)"
            R"({"class_name":"MaxPooling2D","config":{"name":"pool","pool_size":[2,2],"strides":[2,2],"padding":"valid"}},)"
            R"({"class_name":"Flatten","config":{"name":"flat"}},)"
            R"({"class_name":"Dropout","config":{"name":"drop","rate":0.5}},)"
            R"({"class_name":"Dense","config":{"name":"dense","units":5,"activation":"softmax"}}]}})";
        const std::string keras = m_dir.filePath(QStringLiteral("net.h5")).toStdString();
        fixtures::writeHdf5(keras,
            { { "model_weights/conv2d/conv2d/kernel:0", { K, K, C, F }, convK }, { "model_weights/conv2d/conv2d/bias:0", { F }, convB },
                { "model_weights/bn/bn/gamma:0", { F }, gamma }, { "model_weights/bn/bn/beta:0", { F }, beta },
                { "model_weights/bn/bn/moving_mean:0", { F }, mean }, { "model_weights/bn/bn/moving_variance:0", { F }, var },
                { "model_weights/dense/dense/kernel:0", { flat, classes }, denseK }, { "model_weights/dense/dense/bias:0", { classes }, denseB } },
            { { "/", "model_config", { config } }, { "/", "keras_version", { "2.11.0" } },
                { "model_weights", "layer_names", { "conv2d", "bn", "dense" } } });
        // The PyTorch twin: kernels [out, in, kh, kw] and [out, in] with the dense input in (c, h, w) order.
        std::vector<float> tConv(convK.size()), tDense(denseK.size());
        for (int o = 0; o < F; ++o)
            for (int i = 0; i < C; ++i)
                for (int y = 0; y < K; ++y)
                    for (int x = 0; x < K; ++x)
                        tConv[size_t(((o * C + i) * K + y) * K + x)] = convK[size_t(((y * K + x) * C + i) * F + o)];
        const int ph = H / 2, pw = W / 2;
        for (int o = 0; o < classes; ++o)
            for (int ch = 0; ch < F; ++ch)
                for (int p = 0; p < ph * pw; ++p)
                    tDense[size_t(o * flat + ch * ph * pw + p)] = denseK[size_t((p * F + ch) * classes + o)];
        const std::string torchArch = R"({"input":[2,6,6],"ops":[{"op":"conv2d","weight":"c.w","bias":"c.b","padding":1},)"
                                      R"({"op":"batchnorm","weight":"bn.g","bias":"bn.b","mean":"bn.m","var":"bn.v","eps":0.001},)"
                                      R"({"op":"relu"},{"op":"maxpool2d","size":2},{"op":"flatten"},{"op":"linear","weight":"d.w","bias":"d.b"}]})";
        const std::string torchPath = m_dir.filePath(QStringLiteral("net.safetensors")).toStdString();
        fixtures::writeFile(torchPath,
            fixtures::safetensors({ { "c.w", "F32", { F, C, K, K }, fixtures::raw(tConv) }, { "c.b", "F32", { F }, fixtures::raw(convB) },
                                      { "bn.g", "F32", { F }, fixtures::raw(gamma) }, { "bn.b", "F32", { F }, fixtures::raw(beta) },
                                      { "bn.m", "F32", { F }, fixtures::raw(mean) }, { "bn.v", "F32", { F }, fixtures::raw(var) },
                                      { "d.w", "F32", { classes, flat }, fixtures::raw(tDense) }, { "d.b", "F32", { classes }, fixtures::raw(denseB) } },
                nlohmann::json { { "quantlens_architecture", torchArch } }));
        std::unique_ptr<ql::ClassifierModel> kp, tp;
        try {
            kp = std::make_unique<ql::ClassifierModel>(ql::open(keras));
            tp = std::make_unique<ql::ClassifierModel>(ql::open(torchPath));
        } catch (const ql::Error& e) {
            QFAIL(e.what());
        }
        const ql::ClassifierModel &k = *kp, &t = *tp;
        QCOMPARE(k.inputs(), H * W * C);
        QCOMPARE(k.classes(), classes);
        ql::ClassifierModel::Matrix hwc(7, H * W * C), chw(7, H * W * C);
        for (int n = 0; n < 7; ++n)
            for (int y = 0; y < H; ++y)
                for (int x = 0; x < W; ++x)
                    for (int ch = 0; ch < C; ++ch) {
                        const float v = nd(rng);
                        hwc(n, (y * W + x) * C + ch) = v;
                        chw(n, (ch * H + y) * W + x) = v;
                    }
        const auto pk = k.probabilities(hwc), pt = t.probabilities(chw);
        QVERIFY2((pk - pt).cwiseAbs().maxCoeff() < 1e-5, qPrintable(QString::number((pk - pt).cwiseAbs().maxCoeff())));
        // Capture through the Keras network gives Hessians in the order of its own weight matrix
        // ([out, kh·kw·in]): built here from the images' 3×3 patches (zero padding), channels last.
        ql::ClassifierData d { hwc, std::vector<int>(7, 0) };
        const auto store = ql::captureClassifierCalibration(k, d, 8);
        const auto* e = store.find("model_weights/conv2d/conv2d/kernel:0");
        QVERIFY(e);
        QCOMPARE(e->in, int64_t(K * K * C));
        QCOMPARE(e->samples, int64_t(7 * H * W));
        const int in = K * K * C;
        std::vector<double> expected(size_t(in * in), 0.0);
        std::vector<double> patch(static_cast<size_t>(in));
        for (int n = 0; n < 7; ++n)
            for (int y = 0; y < H; ++y)
                for (int x = 0; x < W; ++x) {
                    for (int ky = 0; ky < K; ++ky)
                        for (int kx = 0; kx < K; ++kx)
                            for (int ch = 0; ch < C; ++ch) {
                                const int iy = y + ky - 1, ix = x + kx - 1;
                                patch[size_t((ky * K + kx) * C + ch)] = iy >= 0 && iy < H && ix >= 0 && ix < W ? hwc(n, (iy * W + ix) * C + ch) : 0.0;
                            }
                    for (int a = 0; a < in; ++a)
                        for (int b = 0; b < in; ++b)
                            expected[size_t(a * in + b)] += patch[size_t(a)] * patch[size_t(b)];
                }
        for (int a = 0; a < in * in; ++a)
            QVERIFY(std::fabs(e->hessian[size_t(a)] - expected[size_t(a)]) < 1e-3 * (1 + std::fabs(expected[size_t(a)])));
    }

    void classifierArchitectureErrors()
    {
        // A malformed architecture entry is refused with a message naming the file and the problem.
        auto withArchitecture = [&](const std::string& arch) {
            const std::string path = m_dir.filePath(QStringLiteral("arch.safetensors")).toStdString();
            fixtures::writeFile(path, fixtures::safetensors({ { "w", "F32", { 10, 4 }, fixtures::raw(std::vector<float>(40, 0.1f)) } },
                                          nlohmann::json { { "quantlens_architecture", arch } }));
            return ql::open(path);
        };
        const std::pair<const char*, const char*> cases[] = {
            { R"({"input":[4],"ops":[{"op":"softmax2"}]})", "unknown op" },
            { R"({"input":[5],"ops":[{"op":"linear","weight":"w"}]})", "takes 4 inputs" },
            { R"({"input":[4],"ops":[{"op":"linear","weight":"nope"}]})", "nope" },
            { R"({"ops":[]})", "needs" },
            { R"(not json)", "JSON" },
        };
        for (const auto& [arch, message] : cases) {
            try {
                ql::ClassifierModel c(withArchitecture(arch));
                QFAIL(arch);
            } catch (const ql::Error& e) {
                QVERIFY2(std::string(e.what()).find(message) != std::string::npos, e.what());
                QVERIFY(std::string(e.what()).find("arch.safetensors") != std::string::npos);
            }
        }
        // A valid one-layer network works.
        const ql::ClassifierModel ok(withArchitecture(R"({"input":[4],"ops":[{"op":"linear","weight":"w"}]})"));
        QCOMPARE(ok.classes(), 10);
    }

    void captureCalibrationAndOutputError()
    {
        const ql::Model m = ql::open(QL_STORIES_DIR "/stories260K.gguf");
        const ql::LlamaModel lm(m);
        const auto seqs = ql::sampleSequences(lm, 2, 16, 3);
        const auto store = ql::captureCalibration(lm, seqs, 8);
        QCOMPARE(store.entries.size(), size_t(36)); // 7 linear layers × 5 blocks + the output head
        const auto* q = store.find("blk.0.attn_q.weight");
        QVERIFY(q);
        QCOMPARE(q->in, int64_t(64));
        QCOMPARE(q->samples, int64_t(32));
        QCOMPARE(q->inputs.size(), size_t(8 * 64));
        QCOMPARE(store.find("blk.3.ffn_down.weight")->in, int64_t(172));
        for (int64_t i = 0; i < 64; ++i) {
            QVERIFY(std::fabs(q->hessian[size_t(i * 64 + i)] / 32.0 - q->meanSq[size_t(i)]) <= 1e-5 * (1 + q->meanSq[size_t(i)]));
            QVERIFY(double(q->absmax[size_t(i)]) * q->absmax[size_t(i)] >= q->meanSq[size_t(i)] * (1 - 1e-6));
            for (int64_t j = 0; j < 64; ++j)
                QCOMPARE(q->hessian[size_t(i * 64 + j)], q->hessian[size_t(j * 64 + i)]);
        }
        // The file round-trips.
        QTemporaryDir dir;
        const std::string path = (dir.path() + "/calib.h5").toStdString();
        ql::saveCalibration(store, path);
        const auto back = ql::loadCalibration(path);
        QCOMPARE(back.entries.size(), store.entries.size());
        const auto* bq = back.find("blk.0.attn_q.weight");
        QCOMPARE(bq->hessian, q->hessian);
        QCOMPARE(bq->meanSq, q->meanSq);
        QCOMPARE(bq->inputs, q->inputs);
        QCOMPARE(bq->samples, q->samples);
        // With H = I the output error is the relative MSE.
        ql::CalibrationEntry identity;
        identity.in = 64;
        identity.hessian.assign(64 * 64, 0.0);
        for (int i = 0; i < 64; ++i)
            identity.hessian[size_t(i * 65)] = 1.0;
        const auto spec = ql::parseSpec("int4:g32");
        const auto w = ql::readWeightMatrix(m, size_t(m.find("blk.0.attn_q.weight")));
        const auto p = ql::computeParams(spec, w.view());
        const auto fq = ql::fakeQuantize(spec, w.view(), p);
        QVERIFY(std::fabs(ql::outputRelativeError(w.values.data(), fq.data(), w.rows, w.cols, identity) - ql::measureError(spec, w.view(), p).relMse) < 1e-9);
        // The sweep adds the output error where statistics exist, and it grows as bits fall.
        const auto sweep = ql::runSweep(m, { ql::parseSpec("int3:g32"), ql::parseSpec("int6:g32") }, {}, nullptr, {}, &back);
        int withOutput = 0;
        for (const auto& r : sweep.rows) {
            if (r.name == "token_embd.weight") {
                QVERIFY(std::isnan(r.cells[0].outputRelErr));
                continue;
            }
            QVERIFY(r.cells[0].outputRelErr > r.cells[1].outputRelErr);
            ++withOutput;
        }
        QCOMPARE(withOutput, 36);
        // Not a calibration file: the error names it.
        const std::string bad = (dir.path() + "/plain.h5").toStdString();
        fixtures::writeHdf5(bad, { { "x", { 2 }, { 1, 2 } } }, {});
        try {
            ql::loadCalibration(bad);
            QFAIL("a plain HDF5 file was accepted as calibration");
        } catch (const ql::Error& e) {
            QVERIFY(std::string(e.what()).find("plain.h5") != std::string::npos);
        }
    }

    void endToEndSensitivityAndValidation()
    {
        QCOMPARE(ql::spearman({ 1, 2, 3, 4 }, { 10, 20, 30, 40 }), 1.0);
        QCOMPARE(ql::spearman({ 1, 2, 3 }, { 3, 2, 1 }), -1.0);
        QVERIFY(std::fabs(ql::spearman({ 1, 2, 2, 3 }, { 1, 3, 2, 4 }) - 0.9486832980505138) < 1e-12); // ties share ranks

        const ql::Model m = ql::open(QL_STORIES_DIR "/stories260K.gguf");
        ql::JudgeData jd;
        jd.sample = 2;
        jd.length = 16;
        const auto judge = ql::makeJudge(m, jd);
        QCOMPARE(judge->measure({}), 0.0);
        auto sweep = ql::runSweep(m, { ql::parseSpec("int3:g32"), ql::parseSpec("int8:g32") });
        ql::addEndToEndSensitivity(sweep, m, *judge);
        for (const auto& r : sweep.rows) {
            QVERIFY2(r.cells[0].endToEnd > r.cells[1].endToEnd, r.name.c_str());
            QVERIFY(r.cells[1].endToEnd >= 0);
        }
        QTemporaryDir dir;
        ql::saveSweep(sweep, (dir.path() + "/s.json").toStdString());
        const auto back = ql::loadSweep((dir.path() + "/s.json").toStdString());
        QCOMPARE(back.rows[3].cells[0].endToEnd, sweep.rows[3].cells[0].endToEnd);
        const auto plan = ql::solvePlan(back, { ql::Budget::Kind::BitsPerWeight, 5.0 }, {}, ql::PlanMetric::EndToEnd);
        QCOMPARE(plan.entries.size(), size_t(37));
        QVERIFY(plan.bitsPerWeight <= 5.0);
        QCOMPARE(ql::planFromJson(ql::planToJson(plan), "p").metric, ql::PlanMetric::EndToEnd);

        // Validation on the demo classifier: plans along the frontier, measured end to end.
        const ql::Model d = ql::open(QL_SOURCE_DIR "/resources/demo/digits_mlp.safetensors");
        const auto dj = ql::makeJudge(d, {});
        const auto ds = ql::runSweep(d, { ql::parseSpec("int2:channel"), ql::parseSpec("int4:channel"), ql::parseSpec("int8:channel") });
        const auto v = ql::validatePlans(ds, d, *dj, 5, ql::PlanMetric::Weight);
        QCOMPARE(v.points.size(), size_t(5));
        QVERIFY(v.points.front().measured > v.points.back().measured);
        QVERIFY(v.spearman > 0.8);
    }

    void imatrixFiles()
    {
        QTemporaryDir dir;
        std::vector<float> sums(64);
        for (size_t i = 0; i < sums.size(); ++i)
            sums[i] = float(i + 1) * (i % 9 == 0 ? 50.0f : 1.0f);
        // GGUF-based imatrix, with llama.cpp's tensor names.
        fixtures::Gguf g;
        g.kvU32("imatrix.chunk_count", 3);
        g.tensor("blk.0.attn_q.weight.in_sum2", { 64 }, 0, fixtures::raw(sums));
        g.tensor("blk.0.attn_q.weight.counts", { 1 }, 0, fixtures::raw(std::vector<float> { 32.0f }));
        const std::string gpath = (dir.path() + "/imatrix.gguf").toStdString();
        fixtures::writeFile(gpath, g.build());
        // The legacy .dat: entries, then the last call count and the dataset name.
        fixtures::Bytes dat = fixtures::raw(std::vector<int32_t> { 1 });
        const std::string name = "blk.0.attn_q.weight";
        dat += fixtures::raw(std::vector<int32_t> { int32_t(name.size()) }) + name + fixtures::raw(std::vector<int32_t> { 4, 64 }) + fixtures::raw(sums);
        dat += fixtures::raw(std::vector<int32_t> { 4, 4 }) + "text";
        const std::string dpath = (dir.path() + "/imatrix.dat").toStdString();
        fixtures::writeFile(dpath, dat);
        const auto a = ql::loadCalibrationAny(gpath), b = ql::loadCalibrationAny(dpath);
        QCOMPARE(a.entries.size(), size_t(1));
        QCOMPARE(a.find(name)->meanSq[5], sums[5] / 32.0f);
        QCOMPARE(b.find(name)->meanSq[5], sums[5] / 4.0f);
        // Hugging Face names find llama.cpp-named statistics.
        QVERIFY(a.find("model.layers.0.self_attn.q_proj.weight") == a.find(name));
        // A sweep with the imatrix: the llama.cpp format quantizes with the importance, so its error
        // differs for that tensor only, and the tensor gets an output error.
        const ql::Model m = ql::open(QL_STORIES_DIR "/model.safetensors");
        const std::vector<ql::QuantSpec> specs { ql::parseSpec("q4_0") };
        const auto plain = ql::runSweep(m, specs), weighted = ql::runSweep(m, specs, {}, nullptr, {}, &a);
        for (size_t r = 0; r < plain.rows.size(); ++r) {
            if (plain.rows[r].name == "model.layers.0.self_attn.q_proj.weight") {
                QVERIFY(plain.rows[r].cells[0].relMse != weighted.rows[r].cells[0].relMse);
                QVERIFY(std::isfinite(weighted.rows[r].cells[0].outputRelErr));
            } else {
                QCOMPARE(plain.rows[r].cells[0].relMse, weighted.rows[r].cells[0].relMse);
            }
        }
        // An .npz of activations: statistics computed from the inputs, given ones taken as they are.
        const std::vector<float> x { 1, 2, 3, -4, 0.5f, 6 }; // [2, 3]
        const std::string npz = (dir.path() + "/acts.npz").toStdString();
        fixtures::writeNpz(npz,
            { { "blk.0.attn_q.weight/inputs", fixtures::npy("<f4", { 2, 3 }, fixtures::raw(x)) },
                { "blk.1.ffn_up.weight.mean_sq", fixtures::npy("<f4", { 2 }, fixtures::raw(std::vector<float> { 0.5f, 2.0f })) } },
            true);
        const auto n = ql::loadCalibrationAny(npz);
        const auto* qe = n.find("blk.0.attn_q.weight");
        QCOMPARE(qe->samples, int64_t(2));
        QCOMPARE(qe->hessian[0 * 3 + 1], 1.0 * 2 + (-4.0) * 0.5); // Σ x0·x1
        QCOMPARE(qe->meanSq[2], (9.0f + 36.0f) / 2);
        QCOMPARE(qe->absmax[0], 4.0f);
        QCOMPARE(n.find("blk.1.ffn_up.weight")->meanSq, (std::vector<float> { 0.5f, 2.0f }));
        const std::string badNpz = (dir.path() + "/bad.npz").toStdString();
        fixtures::writeNpz(badNpz, { { "weights", fixtures::npy("<f4", { 1 }, fixtures::raw(std::vector<float> { 1 })) } }, false);
        try {
            ql::loadCalibrationAny(badNpz);
            QFAIL("an .npz without calibration members was accepted");
        } catch (const ql::Error& e) {
            QVERIFY(std::string(e.what()).find("weights") != std::string::npos);
        }
        // Not an importance matrix.
        const std::string junk = (dir.path() + "/junk.dat").toStdString();
        fixtures::writeFile(junk, "hello world, not an imatrix");
        try {
            ql::loadCalibrationAny(junk);
            QFAIL("junk accepted");
        } catch (const ql::Error& e) {
            QVERIFY(std::string(e.what()).find("junk.dat") != std::string::npos);
        }
    }

    void tokenFiles()
    {
        QTemporaryDir dir;
        const std::string text = (dir.path() + "/tokens.txt").toStdString();
        fixtures::writeFile(text, "1 403 407\n\n1 261 378 410\n");
        const auto seqs = ql::readTokenFile(text);
        QCOMPARE(seqs.size(), size_t(2));
        QCOMPARE(seqs[1], (std::vector<int> { 1, 261, 378, 410 }));
        const std::string npy = (dir.path() + "/tokens.npy").toStdString();
        fixtures::writeFile(npy, fixtures::npy("<i4", { 2, 3 }, fixtures::raw(std::vector<int32_t> { 1, 2, 3, 1, 5, 6 })));
        QCOMPARE(ql::readTokenFile(npy), (std::vector<std::vector<int>> { { 1, 2, 3 }, { 1, 5, 6 } }));
        const std::string bad = (dir.path() + "/bad.txt").toStdString();
        fixtures::writeFile(bad, "1 2 x3\n");
        try {
            ql::readTokenFile(bad);
            QFAIL("bad token accepted");
        } catch (const ql::Error& e) {
            QVERIFY(std::string(e.what()).find("bad.txt") != std::string::npos);
            QVERIFY(std::string(e.what()).find("x3") != std::string::npos);
        }
        // Token ids outside the vocabulary are an error, not a crash.
        const ql::Model m = ql::open(QL_STORIES_DIR "/stories260K.gguf");
        const ql::LlamaModel lm(m);
        bool threw = false;
        try {
            lm.forward({ 1, 9999 });
        } catch (const ql::Error&) {
            threw = true;
        }
        QVERIFY(threw);
        // Not a Llama model.
        threw = false;
        try {
            ql::LlamaModel digits(ql::open(QL_SOURCE_DIR "/resources/demo/digits_mlp.safetensors"));
        } catch (const ql::Error& e) {
            threw = e.code() == ql::ErrorCode::Unsupported;
        }
        QVERIFY(threw);
    }
};

QTEST_GUILESS_MAIN(TestEval)
#include "test_eval.moc"
