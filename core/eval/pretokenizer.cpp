#include "pretokenizer.h"

#include "utf8.h"

#include "core/util/error.h"

#define PCRE2_CODE_UNIT_WIDTH 32
#include <pcre2.h>

#include <algorithm>
#include <map>

namespace ql {

namespace {
    // The expressions of llama.cpp's pre-tokenizer types (llama-vocab.cpp, llm_tokenizer_bpe), written
    // as in that release; each list is applied in order.
    const char* const kLlama3
        = R"((?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
    const char* const kQwen2
        = R"((?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
    const char* const kGpt2 = R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S))";
    const char* const kDeepseek3Tail
        = R"([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~][A-Za-z]+|[^\r\n\p{L}\p{P}\p{S}]?[\p{L}\p{M}]+| ?[\p{P}\p{S}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
    const char* const kCjkKana = R"([\x{4E00}-\x{9FA5}\x{3040}-\x{309F}\x{30A0}-\x{30FF}]+)";
    const char* const kPoro = R"( ?[^(\s|.,!?…。，、।۔،)]+)";
    const char* const kTekken
        = R"([^\r\n\p{L}\p{N}]?((?=[\p{L}])([^a-z]))*((?=[\p{L}])([^A-Z]))+|[^\r\n\p{L}\p{N}]?((?=[\p{L}])([^a-z]))+((?=[\p{L}])([^A-Z]))*|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
    const char* const kGpt4o
        = R"([^\r\n\p{L}\p{N}]?((?=[\p{L}])([^a-z]))*((?=[\p{L}])([^A-Z]))+(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])?|[^\r\n\p{L}\p{N}]?((?=[\p{L}])([^a-z]))+((?=[\p{L}])([^A-Z]))*(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])?|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+)";

    struct Definition {
        std::vector<const char*> patterns;
        PreTokenizerTraits traits;
    };

    const std::map<std::string, Definition>& definitions()
    {
        static const std::map<std::string, Definition> table = [] {
            std::map<std::string, Definition> t;
            const auto add = [&](std::initializer_list<const char*> names, std::vector<const char*> patterns,
                                 PreTokenizerTraits traits = {}) {
                for (const char* n : names)
                    t[n] = { patterns, traits };
            };
            add({ "default" }, { R"([\p{P}\$\+<=>\^~\|]+)", kGpt2, R"(\p{N}+)", R"([0-9][0-9][0-9])" });
            add({ "llama3", "llama-v3", "llama-bpe", "falcon3", "falcon-h1", "pixtral", "midm-2.0", "lfm2",
                    "jina-v5-nano" },
                { kLlama3 }, { .ignoreMerges = true, .addBos = true });
            add({ "dbrx", "smaug-bpe" }, { kLlama3 });
            add({ "glm4", "chatglm-bpe" }, { kLlama3 }, { .noBos = true });
            add({ "jais-2" },
                { R"((?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s{512}(?!\S)|\s{256}(?!\S)|\s{128}(?!\S)|\s{64}(?!\S)|\s{32}(?!\S)|\s{16}(?!\S)|\s{8}(?!\S)|\s{4}(?!\S)|\s{1,2}(?!\S)|\s{1})" });
            add({ "deepseek-llm" },
                { R"([\r\n])",
                    R"(\s?[A-Za-z\x{B5}\x{C0}-\x{D6}\x{D8}-\x{F6}\x{F8}-\x{1BA}\x{1BC}-\x{1BF}\x{1C4}-\x{293}\x{295}-\x{2AF}\x{370}-\x{373}\x{376}\x{377}\x{37B}-\x{37D}\x{37F}\x{386}\x{388}-\x{38A}\x{38C}\x{38E}-\x{3A1}\x{3A3}-\x{3F5}\x{3F7}-\x{481}\x{48A}-\x{52F}\x{531}-\x{556}\x{10A0}-\x{10C5}\x{13A0}-\x{13F5}\x{13F8}-\x{13FD}\x{1C90}-\x{1CBA}\x{1CBD}-\x{1CBF}\x{1D00}-\x{1D2B}\x{1D6B}-\x{1D77}\x{1D79}-\x{1D9A}\x{1E00}-\x{1F15}\x{1F18}-\x{1F1D}\x{1F20}-\x{1F45}\x{1F48}-\x{1F4D}\x{1F50}-\x{1F57}\x{1F59}\x{1F5B}\x{1F5D}\x{1F5F}-\x{1F7D}\x{1F80}-\x{1FB4}\x{1FB6}-\x{1FBC}\x{1FBE}\x{1FC2}-\x{1FC4}\x{1FC6}-\x{1FCC}\x{1FD0}-\x{1FD3}\x{1FD6}-\x{1FDB}\x{1FE0}-\x{1FEC}\x{1FF2}-\x{1FF4}\x{1FF6}-\x{1FFC}\x{2102}\x{2107}\x{210A}-\x{2113}\x{2115}\x{2119}-\x{211D}\x{2124}\x{2126}\x{2128}\x{212A}-\x{212D}\x{212F}-\x{2134}\x{2139}\x{213C}-\x{213F}\x{2145}-\x{2149}\x{214E}\x{2183}\x{2184}\x{2C00}-\x{2C7B}\x{2C7E}-\x{2CE4}\x{2CEB}-\x{2CEE}\x{2CF2}\x{2CF3}\x{A640}-\x{A66D}\x{A680}-\x{A69B}\x{A722}-\x{A76F}\x{A771}-\x{A787}\x{A78B}-\x{A78E}\x{AB70}-\x{ABBF}\x{FB00}-\x{FB06}\x{FB13}-\x{FB17}\x{FF21}-\x{FF3A}\x{FF41}-\x{FF5A}\x{10400}-\x{1044F}\x{104B0}-\x{104D3}\x{104D8}-\x{104FB}\x{10C80}-\x{10CB2}\x{10CC0}-\x{10CF2}\x{118A0}-\x{118DF}\x{1E900}-\x{1E943}]+)",
                    R"(\s?[!-/:-~\x{FF01}-\x{FF0F}\x{FF1A}-\x{FF5E}\x{2018}-\x{201F}\x{3000}-\x{3002}]+)", R"(\s+$)",
                    R"([\x{4E00}-\x{9FA5}\x{800}-\x{4E00}\x{AC00}-\x{D7FF}]+)", R"(\p{N}+)" });
            add({ "deepseek-coder" },
                { R"([\r\n])", R"(\s?\p{L}+)", R"(\s?\p{P}+)",
                    R"([\x{4E00}-\x{9FA5}\x{800}-\x{4E00}\x{AC00}-\x{D7FF}]+)", R"(\p{N})" });
            add({ "deepseek-v3", "hunyuan-dense", "joyai-llm", "hy_v4" },
                { R"(\p{N}{1,3})", kCjkKana, kDeepseek3Tail });
            add({ "falcon" }, { R"([\p{P}\$\+<=>\^~\|`]+)", kGpt2, R"([0-9][0-9][0-9])" });
            add({ "starcoder", "refact", "command-r", "smollm", "codeshell", "exaone", "minerva-7b", "mellum2" },
                { R"(\p{N})", kGpt2 });
            add({ "gpt-2", "phi-2", "jina-es", "jina-de", "gigachat", "jina-v2-es", "jina-v2-de", "a.x-4.0", "mellum",
                    "modern-bert", "jina-v1-en", "jina-v2-code", "roberta-bpe", "mpt", "olmo", "jais", "trillion",
                    "granite-docling", "exaone4" },
                { kGpt2 });
            add({ "qwen2", "deepseek-r1-qwen", "kormo", "f2llmv2", "stablelm2", "hunyuan", "solar-open", "megrez",
                    "grok-2" },
                { kQwen2 });
            add({ "qwen35" },
                { R"((?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?[\p{L}\p{M}]+|\p{N}| ?[^\s\p{L}\p{M}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)" });
            add({ "poro-chat", "bloom", "gpt3-finnish" }, { kPoro });
            add({ "viking" }, { kPoro, R"(\p{N})" });
            add({ "tekken" }, { kTekken }, { .ignoreMerges = true, .addBos = true });
            add({ "chameleon" },
                { R"(<sentinel:[0-9]+>)", R"((IMGIMG)((A|B|C|D|E|F|G|H|I){1,4})Z)", R"(([\t\n]|    |  ))", R"(\p{N})",
                    R"([\p{P}!-/:-@\[-`{-~])", kGpt2 },
                { .addBos = true });
            add({ "gpt-4o", "llama4", "kanana2", "talkie", "minimax-m2" }, { kGpt4o });
            add({ "bailingmoe", "bailingmoe2", "llada-moe" },
                { R"('(?:[sSdDmMtT]|[lL][lL]|[vV][eE]|[rR][eE])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]|\s+(?!\S)|\s+)" });
            add({ "seed-coder" },
                { R"((?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1}| ?[^\s\p{L}\p{N}\r\n]+|\s*[\r\n]+|\s+(?!\S)|\s+)" });
            add({ "ufakzeka" },
                { R"([^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)" });
            add({ "exaone-moe" },
                { R"((?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?(?:\p{L}\p{M}*(?: \p{L}\p{M}*)*)+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n/]?|\s*[\r\n]|\s+(?!\S)|\s+)" });
            add({ "minicpm5" },
                { R"(\p{N}{1,3})",
                    R"((?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}+| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)" },
                { .ignoreMerges = true });
            add({ "laguna" }, { R"([^\n]+|[\n]+)", kQwen2 });
            return t;
        }();
        return table;
    }

    /// Rewrites an expression for PCRE2 with llama.cpp's meaning: `\s`/`\S` become Unicode White_Space
    /// (PCRE2's own \s also takes U+180E), and the letter subcategories \p{Lu}… become \p{L}, which is
    /// how llama.cpp's category tables read them.
    std::u32string translate(const char* pattern)
    {
        const std::vector<char32_t> cps = utf8::decode(pattern);
        std::u32string out;
        const auto put = [&](std::u32string_view s) { out.append(s); };
        for (size_t i = 0; i < cps.size(); ++i) {
            if (cps[i] != U'\\' || i + 1 >= cps.size()) {
                out.push_back(cps[i]);
                continue;
            }
            const char32_t next = cps[i + 1];
            if (next == U's') {
                put(U"\\p{White_Space}");
                ++i;
            } else if (next == U'S') {
                put(U"\\P{White_Space}");
                ++i;
            } else if (next == U'p' && i + 5 < cps.size() && cps[i + 2] == U'{' && cps[i + 3] == U'L'
                && cps[i + 5] == U'}' && std::u32string_view(U"ultmo").find(cps[i + 4]) != std::u32string_view::npos) {
                put(U"\\p{L}");
                i += 5;
            } else {
                out.push_back(cps[i]);
                out.push_back(next);
                ++i;
            }
        }
        return out;
    }
} // namespace

struct PreTokenizer::Pattern {
    pcre2_code* code = nullptr;
    ~Pattern() { pcre2_code_free(code); }
};

PreTokenizer::PreTokenizer(const std::string& name)
    : m_name(name.empty() ? "default" : name)
{
    const auto& defs = definitions();
    const auto it = defs.find(m_name);
    if (it == defs.end())
        throw Error(ErrorCode::NoTokenizer, {},
            { "the pre-tokenizer '" + m_name + "' (tokenizer.ggml.pre)",
                "QuantLens knows llama-bpe, qwen2, gpt-2, default and " + std::to_string(defs.size() - 4)
                    + " other names of llama.cpp's release" });
    m_traits = it->second.traits;
    for (const char* p : it->second.patterns) {
        const std::u32string rx = translate(p);
        int err = 0;
        PCRE2_SIZE at = 0;
        auto pat = std::make_unique<Pattern>();
        pat->code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(rx.data()), rx.size(),
            PCRE2_UTF | PCRE2_UCP | PCRE2_DOLLAR_ENDONLY, &err, &at, nullptr);
        if (!pat->code) {
            PCRE2_UCHAR msg[256];
            pcre2_get_error_message(err, msg, 256);
            std::string text;
            for (const PCRE2_UCHAR* c = msg; *c; ++c)
                text.push_back(char(*c));
            throw Error(ErrorCode::NoTokenizer, {},
                { "a usable expression for the pre-tokenizer '" + m_name + "' (PCRE2: " + text + ")", "" });
        }
        pcre2_jit_compile(pat->code, PCRE2_JIT_COMPLETE); // falls back to the interpreter where JIT is unavailable
        m_patterns.push_back(std::move(pat));
    }
}

PreTokenizer::~PreTokenizer() = default;

std::vector<std::string> PreTokenizer::knownNames()
{
    std::vector<std::string> names;
    for (const auto& [n, d] : definitions())
        names.push_back(n);
    return names;
}

std::vector<std::string> PreTokenizer::split(std::string_view text) const
{
    const std::vector<char32_t> cps = utf8::decode(text);
    // PCRE2 in UTF mode refuses surrogates and values past U+10FFFF (F4 90.. to F7 BF BF BF), which
    // llama.cpp's lenient decoding can produce; matched unchecked they would index past PCRE2's tables.
    // They match as another control character (U+0080) would: neither letter, number nor space, which
    // is how llama.cpp classifies them.
    std::vector<char32_t> subject = cps;
    for (auto& c : subject)
        if ((c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF)
            c = 0x80;

    struct Span {
        size_t begin, end;
    };
    std::vector<Span> pieces;
    if (!cps.empty())
        pieces.push_back({ 0, cps.size() });
    pcre2_match_data* md = nullptr;
    for (const auto& pat : m_patterns) {
        pcre2_match_data_free(md);
        md = pcre2_match_data_create_from_pattern(pat->code, nullptr);
        std::vector<Span> next;
        next.reserve(pieces.size() * 2);
        for (const Span s : pieces) {
            const auto* base = reinterpret_cast<PCRE2_SPTR>(subject.data() + s.begin);
            const size_t len = s.end - s.begin;
            size_t pos = 0, from = 0; // end of the last match; where the next search starts
            while (from < len) {
                const int rc = pcre2_match(pat->code, base, len, from, PCRE2_NO_UTF_CHECK, md, nullptr);
                if (rc == PCRE2_ERROR_NOMATCH)
                    break;
                if (rc < 0) {
                    pcre2_match_data_free(md);
                    throw Error(ErrorCode::Unsupported, {},
                        { "pre-tokenizing a piece of text (PCRE2 error " + std::to_string(rc) + ")" });
                }
                const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(md);
                const size_t ms = ov[0], me = ov[1];
                if (me == ms) { // an empty match cuts nothing; look on from the next character
                    from = ms + 1;
                    continue;
                }
                if (ms > pos)
                    next.push_back({ s.begin + pos, s.begin + ms });
                next.push_back({ s.begin + ms, s.begin + me });
                pos = from = me;
            }
            if (pos < len)
                next.push_back({ s.begin + pos, s.end });
        }
        pieces = std::move(next);
    }
    pcre2_match_data_free(md);

    std::vector<std::string> words;
    words.reserve(pieces.size());
    for (const Span s : pieces) {
        const std::string bytes = utf8::encode(cps, s.begin, s.end);
        words.push_back(byteEncode() ? utf8::byteEncode(bytes) : bytes);
    }
    return words;
}

} // namespace ql
