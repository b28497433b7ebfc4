// The tokenizer: ids equal to llama.cpp's (goldens from the pinned release by
// scripts/make_tokenizer_goldens.py) for Llama 2's SentencePiece vocabulary and for byte-level BPE
// vocabularies with llama.cpp's pre-tokenizers, from GGUF metadata and from Hugging Face files;
// llama-perplexity's chunks; clear messages for vocabularies it cannot build.
#include "core/eval/pretokenizer.h"
#include "core/eval/textchunks.h"
#include "core/eval/tokenizer.h"
#include "core/eval/utf8.h"
#include "core/io/model.h"
#include "core/util/error.h"
#include "support/fixtures.h"
#include "support/vocabfiles.h"

#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <random>

namespace {
const std::string kData = QL_TEST_DATA;
const std::string kLlama2Dir = std::string(QL_SHARED_DIR) + "/tokenizers/llama2";

struct Goldens {
    std::vector<std::string> cases;
    nlohmann::json vocabs;
};

const Goldens& goldens()
{
    static const Goldens g = [] {
        std::ifstream in(kData + "/tokenizers/goldens.json");
        const auto j = nlohmann::json::parse(in);
        Goldens r;
        for (const auto& hex : j["cases"]) {
            const std::string h = hex.get<std::string>();
            std::string bytes;
            for (size_t i = 0; i + 1 < h.size(); i += 2)
                bytes.push_back(char(std::stoi(h.substr(i, 2), nullptr, 16)));
            r.cases.push_back(bytes);
        }
        r.vocabs = j["vocabs"];
        return r;
    }();
    return g;
}

std::string printable(const std::string& s)
{
    std::string out;
    for (const unsigned char c : s.substr(0, 60))
        out += c >= 0x20 && c < 0x7F ? std::string(1, char(c)) : "\\x" + QByteArray(1, char(c)).toHex().toStdString();
    return out;
}

/// Compares every case with llama.cpp's ids; returns the number of agreeing cases (and fails on the first
/// disagreement, naming the case).
int compareWithLlamaCpp(const ql::Tokenizer& tok, const std::string& vocabName)
{
    const auto& g = goldens();
    const auto& v = g.vocabs.at(vocabName);
    int agree = 0;
    for (const char* mode : { "plain", "special" }) {
        const bool parseSpecial = std::string(mode) == "special";
        for (size_t i = 0; i < g.cases.size(); ++i) {
            const auto expected = v[mode][i].get<std::vector<int>>();
            const auto got = tok.tokenize(g.cases[i], true, parseSpecial);
            if (got != expected) {
                QString e, o;
                for (int x : expected)
                    e += QString::number(x) + ' ';
                for (int x : got)
                    o += QString::number(x) + ' ';
                qWarning("%s %s case %zu '%s'\n  llama.cpp: %s\n  QuantLens: %s", vocabName.c_str(), mode, i,
                    printable(g.cases[i]).c_str(), qPrintable(e), qPrintable(o));
                return agree;
            }
            ++agree;
        }
    }
    return agree;
}

ql::Tokenizer ggufTokenizer(const QTemporaryDir& dir, const ql::Vocab& v, const std::string& name)
{
    const std::string path = dir.filePath(QString::fromStdString(name + ".gguf")).toStdString();
    fixtures::writeVocabGguf(path, v);
    return ql::Tokenizer::fromModel(ql::open(path));
}

ql::ErrorCode codeOf(const std::function<void()>& f, std::string* message = nullptr)
{
    try {
        f();
    } catch (const ql::Error& e) {
        if (message)
            *message = e.what();
        return e.code();
    }
    return ql::ErrorCode::Cancelled; // "no error" for these tests
}
} // namespace

class TestTokenizer : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

private slots:
    void utf8DecodesAsLlamaCpp()
    {
        // Hand-worked: a stray continuation byte and a truncated sequence each give U+FFFD and consume
        // one byte; overlong forms and surrogates are taken as the values they spell.
        QCOMPARE(ql::utf8::decode("a\x80z"), (std::vector<char32_t> { U'a', 0xFFFD, U'z' }));
        QCOMPARE(ql::utf8::decode("\xe4\xb8x"), (std::vector<char32_t> { 0xFFFD, 0xFFFD, U'x' }));
        QCOMPARE(ql::utf8::decode("\xc0\x80"), (std::vector<char32_t> { 0 }));
        QCOMPARE(ql::utf8::decode("\xed\xa0\x80"), (std::vector<char32_t> { 0xD800 }));
        QCOMPARE(ql::utf8::decode("\xf0\x9f\x98\x80"), (std::vector<char32_t> { 0x1F600 }));
        QVERIFY(!ql::utf8::valid("\xc0\x80"));
        QVERIFY(ql::utf8::valid("caf\xc3\xa9"));
        // GPT-2's alphabet: space is Ġ (U+0120), newline Ċ (U+010A), 'a' itself.
        QCOMPARE(ql::utf8::byteToUnicode(' '), char32_t(0x120));
        QCOMPARE(ql::utf8::byteToUnicode('\n'), char32_t(0x10A));
        QCOMPARE(ql::utf8::byteToUnicode('a'), char32_t('a'));
        QCOMPARE(
            ql::utf8::byteDecode(ql::utf8::byteEncode(std::string("\x00\xff \n", 4))), std::string("\x00\xff \n", 4));
    }

    void preTokenizerSplitsLikeTheRegex()
    {
        // Hand-worked with Llama 3's expression: contractions, letters with one leading non-letter,
        // digits in threes, whitespace before a word keeps one space for it.
        const ql::PreTokenizer llama3("llama-bpe");
        const auto w = llama3.split("I'm 12345 ok!!  go\n\n");
        const std::vector<std::string> expected { "I", "'m", "Ġ", "123", "45", "Ġok", "!!", "Ġ", "Ġgo", "ĊĊ" };
        QCOMPARE(w, expected);
        // Qwen 2 takes digits one by one.
        const ql::PreTokenizer qwen2("qwen2");
        QCOMPARE(qwen2.split("123"), (std::vector<std::string> { "1", "2", "3" }));
        QVERIFY(ql::PreTokenizer::knownNames().size() > 40);
        // Lenient decoding yields surrogates and values past U+10FFFF (F7 BF BF BF is 0x1FFFFF); the
        // expression sees them as punctuation, not as letters, and they come out as U+FFFD (found by
        // fuzzing: they once made PCRE2 read past its tables).
        QCOMPARE(ql::utf8::decode("\xf7\xbf\xbf\xbf"), (std::vector<char32_t> { 0x1FFFFF }));
        QCOMPARE(llama3.split("ab\xf7\xbf\xbf\xbf\xed\xa0\x80" "cd"),
            (std::vector<std::string> { "ab", "ï¿½íłĢ", "cd" }));
    }

    void llama2SentencePieceMatchesLlamaCpp()
    {
        // Built from tokenizer.model (the sentencepiece library), and from the GGUF llama.cpp's converter
        // would write from it: both give llama.cpp's ids on every case.
        const ql::Tokenizer fromModel(ql::vocabFromHuggingFace(kLlama2Dir));
        QCOMPARE(fromModel.size(), 32000);
        const int n = int(goldens().cases.size()) * 2;
        QCOMPARE(compareWithLlamaCpp(fromModel, "llama2"), n);
        const ql::Tokenizer fromGguf = ggufTokenizer(m_dir, fromModel.vocab(), "llama2");
        QCOMPARE(compareWithLlamaCpp(fromGguf, "llama2"), n);
        QVERIFY(fromGguf.addsBos());
        QCOMPARE(fromGguf.tokenize("Hello world", true), (std::vector<int> { 1, 15043, 3186 }));
        QCOMPARE(fromGguf.piece(15043), std::string(" Hello"));
        QCOMPARE(fromGguf.piece(13), std::string("\n")); // <0x0A>
    }

    void gemmaSentencePieceMatchesLlamaCpp()
    {
        // Gemma 2/3's GGUFs hold a SentencePiece vocabulary without the dummy space prefix
        // (tokenizer.ggml.add_space_prefix false): llama.cpp's ids on every case, Llama 2's pieces.
        ql::Vocab v = ql::vocabFromHuggingFace(kLlama2Dir);
        v.addSpacePrefix = false;
        const ql::Tokenizer tok = ggufTokenizer(m_dir, v, "gemma-spm");
        QVERIFY(!tok.vocab().addSpacePrefix);
        QCOMPARE(compareWithLlamaCpp(tok, "gemma-spm"), int(goldens().cases.size()) * 2);
        // Hand-checked: "Hello" is the piece without the word-start mark, " Hello" the one with it.
        QCOMPARE(tok.tokenize("Hello world", true), (std::vector<int> { 1, 10994, 3186 }));
        QCOMPARE(tok.piece(10994), std::string("Hello"));
    }

    void bpeMatchesLlamaCpp_data()
    {
        QTest::addColumn<QString>("pre");
        for (const char* p : { "llama-bpe", "qwen2", "gpt-2", "default", "deepseek-llm", "deepseek-v3", "tekken",
                 "gpt-4o", "falcon", "starcoder" })
            QTest::newRow(p) << QString(p);
    }
    void bpeMatchesLlamaCpp()
    {
        QFETCH(QString, pre);
        const std::string p = pre.toStdString();
        const ql::Vocab v = fixtures::bpeTestVocab(kData, p == "default" ? "" : p);
        const ql::Tokenizer tok = ggufTokenizer(m_dir, v, "bpe-" + p);
        QCOMPARE(tok.addsBos(), goldens().vocabs.at("bpe-" + p).at("add_bos").get<bool>());
        QCOMPARE(compareWithLlamaCpp(tok, "bpe-" + p), int(goldens().cases.size()) * 2);
    }

    void tokenizerJsonMatchesItsGguf_data()
    {
        QTest::addColumn<QString>("pre");
        for (const char* p : { "llama-bpe", "qwen2", "gpt-2" })
            QTest::newRow(p) << QString(p);
    }
    void tokenizerJsonMatchesItsGguf()
    {
        // A safetensors checkpoint's tokenizer.json gives the ids the converted GGUF gives in llama.cpp.
        QFETCH(QString, pre);
        QTemporaryDir dir;
        fixtures::writeBpeTokenizerJson(dir.path().toStdString(), kData, pre.toStdString());
        const ql::Tokenizer tok(ql::vocabFromHuggingFace(dir.path().toStdString()));
        QCOMPARE(tok.vocab().pre, pre.toStdString());
        QCOMPARE(compareWithLlamaCpp(tok, "bpe-" + pre.toStdString()), int(goldens().cases.size()) * 2);
    }

    void userDefinedTokensAreAlwaysMatched()
    {
        const ql::Tokenizer tok(fixtures::bpeTestVocab(kData, "qwen2"));
        const int tool = tok.find("<tool_call>"), im = tok.find("<|im_start|>");
        QVERIFY(tool >= 0 && im >= 0);
        const auto plain = tok.tokenize("<tool_call><|im_start|>", false, false);
        QCOMPARE(plain.front(), tool); // user-defined: matched in plain text
        QVERIFY(std::find(plain.begin(), plain.end(), im) == plain.end()); // control: only with parseSpecial
        QCOMPARE(tok.tokenize("<tool_call><|im_start|>", false, true), (std::vector<int> { tool, im }));
        // <|endoftext|> is stored as a normal token; llama.cpp makes it a control token by its text.
        QVERIFY(tok.attributes(tok.find("<|endoftext|>")) & ql::TokenAttr::Control);
    }

    void chunksAsLlamaPerplexity()
    {
        const ql::Tokenizer tok(ql::vocabFromHuggingFace(kLlama2Dir));
        std::string text;
        for (int i = 0; i < 20; ++i)
            text += goldens().cases.back();
        const std::string path = m_dir.filePath("text.txt").toStdString();
        fixtures::writeFile(path, text + "\n");
        const auto all = tok.tokenize(text, true); // the trailing newline is dropped, as llama.cpp's -f does
        const int ctx = 128;
        const ql::TextChunks c = ql::textChunks(tok, path, ctx);
        QCOMPARE(c.textTokens, int64_t(all.size()));
        QCOMPARE(c.chunks.size(), all.size() / size_t(ctx));
        QCOMPARE(c.firstScored, 64);
        for (size_t k = 0; k < c.chunks.size(); ++k) {
            QCOMPARE(int(c.chunks[k].size()), ctx);
            QCOMPARE(c.chunks[k][0], 1); // BOS in place of the chunk's first token
            QVERIFY(std::equal(c.chunks[k].begin() + 1, c.chunks[k].end(), all.begin() + std::ptrdiff_t(k * ctx + 1)));
        }
        // Fewer than 2·ctx tokens is llama-perplexity's error too.
        std::string message;
        QCOMPARE(
            codeOf([&] { ql::chunkText(tok, "too short", 64, "typed text"); }, &message), ql::ErrorCode::Infeasible);
        QVERIFY2(message.find("typed text tokenizes to only 3 tokens") != std::string::npos, message.c_str());
        QCOMPARE(codeOf([&] { ql::textChunks(tok, path, 1); }), ql::ErrorCode::Infeasible);
        QCOMPARE(codeOf([&] { ql::textChunks(tok, m_dir.filePath("missing.txt").toStdString(), 64); }),
            ql::ErrorCode::CannotOpen);
    }

    void randomTextRoundTrips()
    {
        // Random bytes (valid and invalid UTF-8, ASCII-heavy) never fail, and the pieces spell the text
        // again: SentencePiece adds the dummy-prefix space and keeps every byte of its ▁-escaped text (byte fallback);
        // byte-level BPE spells invalid UTF-8 as U+FFFD, as llama.cpp's decoding does.
        const ql::Tokenizer spm(ql::vocabFromHuggingFace(kLlama2Dir));
        const ql::Tokenizer bpe(fixtures::bpeTestVocab(kData, "llama-bpe"));
        std::mt19937 rng(14);
        for (int round = 0; round < 300; ++round) {
            std::string text;
            const int n = int(rng() % 64);
            for (int i = 0; i < n; ++i) {
                const unsigned r = rng() % 10;
                text.push_back(r < 6 ? char(' ' + rng() % 95) : r < 7 ? "\n\t "[rng() % 3] : char(0x80 + rng() % 128));
            }
            std::string a, b;
            for (const int id : spm.tokenize(text, false))
                a += spm.piece(id);
            // Compared with spaces as ▁: a byte-fallback run may split a ▁ into its three bytes.
            const auto escape = [](const std::string& t) {
                std::string e;
                for (const char c : t)
                    e += c == ' ' ? std::string("\xe2\x96\x81") : std::string(1, c);
                return e;
            };
            QCOMPARE(escape(a), escape(text.empty() ? std::string() : " " + text));
            for (const int id : bpe.tokenize(text, false))
                b += bpe.piece(id);
            QCOMPARE(b, ql::utf8::encode(ql::utf8::decode(text)));
        }
    }

    void missingPartsAreNamed()
    {
        // A GGUF without a tokenizer, an unknown tokenizer type, an unknown pre-tokenizer, a BPE vocabulary
        // without merges, a checkpoint folder without tokenizer files: each message names what is missing.
        const auto check = [&](const std::function<void(fixtures::Gguf&)>& fill, const char* expected) {
            fixtures::Gguf g;
            g.kvString("general.architecture", "llama");
            fill(g);
            const std::string path = m_dir.filePath("bad.gguf").toStdString();
            fixtures::writeFile(path, g.build());
            const ql::Model m = ql::open(path);
            std::string message;
            QCOMPARE(codeOf([&] { ql::Tokenizer::fromModel(m); }, &message), ql::ErrorCode::NoTokenizer);
            QVERIFY2(message.find(expected) != std::string::npos, message.c_str());
            QVERIFY2(message.find(path) != std::string::npos, message.c_str());
        };
        check([](fixtures::Gguf&) {}, "tokenizer.ggml.model");
        check([](fixtures::Gguf& g) { g.kvString("tokenizer.ggml.model", "bert"); }, "'bert'");
        check(
            [](fixtures::Gguf& g) {
                g.kvString("tokenizer.ggml.model", "gpt2");
                g.kvString("tokenizer.ggml.pre", "no-such-pre");
            },
            "'no-such-pre'");
        check(
            [](fixtures::Gguf& g) {
                g.kvString("tokenizer.ggml.model", "gpt2");
                g.kvString("tokenizer.ggml.pre", "qwen2");
            },
            "tokenizer.ggml.merges");
        check([](fixtures::Gguf& g) { g.kvString("tokenizer.ggml.model", "llama"); }, "tokenizer.ggml.tokens");
        std::string message;
        QCOMPARE(codeOf([&] { ql::vocabFromHuggingFace(m_dir.path().toStdString()); }, &message),
            ql::ErrorCode::NoTokenizer);
        QVERIFY2(message.find("tokenizer.json or tokenizer.model") != std::string::npos, message.c_str());
        // The stories260K GGUF carries its own (SentencePiece) vocabulary.
        const ql::Tokenizer stories
            = ql::Tokenizer::fromModel(ql::open(std::string(QL_STORIES_DIR) + "/stories260K.gguf"));
        QCOMPARE(stories.size(), 512);
    }
};

QTEST_GUILESS_MAIN(TestTokenizer)
#include "test_tokenizer.moc"
