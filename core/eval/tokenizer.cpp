#include "tokenizer.h"

#include "pretokenizer.h"
#include "utf8.h"

#include "core/io/model.h"
#include "core/util/error.h"

#include <algorithm>
#include <filesystem>
#include <queue>
#include <set>

namespace ql {

namespace {
    bool cSpace(char c)
    {
        return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
    }

    /// A piece of the input: raw text [offset, offset + length), or a special token cut out of it.
    struct Fragment {
        int token = -1;
        size_t offset = 0, length = 0;
    };

    /// Symbols of a merge session: a linked list over the characters of one text.
    struct Symbol {
        int prev, next;
        size_t begin, n;
    };

    std::string lower(std::string s)
    {
        for (char& c : s)
            if (c >= 'A' && c <= 'Z')
                c = char(c - 'A' + 'a');
        return s;
    }
} // namespace

size_t Tokenizer::PairHash::operator()(const std::pair<std::string_view, std::string_view>& p) const noexcept
{
    const size_t a = std::hash<std::string_view> {}(p.first), b = std::hash<std::string_view> {}(p.second);
    return a ^ (b + 0x9e3779b97f4a7c15ull + (a << 6) + (a >> 2));
}

Tokenizer::Tokenizer(Vocab vocab)
    : m_vocab(std::move(vocab))
{
    const size_t n = m_vocab.texts.size();
    if (n == 0)
        throw Error(ErrorCode::NoTokenizer, m_vocab.source, { "tokens (the vocabulary is empty)", "" });
    if (m_vocab.attrs.size() != n)
        m_vocab.attrs.resize(n, TokenAttr::Normal);
    m_ids.reserve(n);
    for (size_t i = 0; i < n; ++i)
        if (!m_ids.emplace(m_vocab.texts[i], int(i)).second)
            throw Error(ErrorCode::NoTokenizer, m_vocab.source,
                { "unique token texts ('" + m_vocab.texts[i] + "' repeats)", "" });
    if (m_vocab.kind == Vocab::Kind::Bpe) {
        m_pre = std::make_unique<PreTokenizer>(m_vocab.pre);
        m_ranks.reserve(m_vocab.merges.size());
        for (size_t i = 0; i < m_vocab.merges.size(); ++i) {
            // llama.cpp cuts a merge at its first space after the first character; the first of equal
            // pairs keeps its rank.
            const std::string& m = m_vocab.merges[i];
            const size_t sp = m.find(' ', 1);
            std::pair<std::string, std::string> key;
            if (sp != std::string::npos)
                key = { m.substr(0, sp), m.substr(sp + 1) };
            m_ranks.emplace(std::move(key), int(i));
        }
    }
    if (m_vocab.addBos && m_vocab.bos < 0)
        throw Error(ErrorCode::NoTokenizer, m_vocab.source,
            { "a BOS token (tokenizer.ggml.bos_token_id), which the vocabulary asks to add", "" });
    if (m_vocab.addEos && m_vocab.eos < 0)
        throw Error(ErrorCode::NoTokenizer, m_vocab.source,
            { "an EOS token (tokenizer.ggml.eos_token_id), which the vocabulary asks to add", "" });
    applyLoadRules();
}

Tokenizer::~Tokenizer() = default;
Tokenizer::Tokenizer(Tokenizer&&) noexcept = default;
Tokenizer& Tokenizer::operator=(Tokenizer&&) noexcept = default;

void Tokenizer::applyLoadRules()
{
    auto& attrs = m_vocab.attrs;
    const auto markControl = [&](int id) { attrs[size_t(id)] |= TokenAttr::Control; };
    // llama.cpp finds special tokens the converter did not name by their text, and makes them control
    // tokens (which changes what the text of the input may match).
    const auto detect = [&](int& id, std::initializer_list<const char*> texts) {
        if (id >= 0)
            return;
        for (const char* t : texts)
            if (const int i = find(t); i >= 0) {
                id = i;
                markControl(i);
                return;
            }
    };
    detect(m_vocab.eot,
        { "<|eot_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>", "<|endoftext|>", "<|end_of_text|>", "<EOT>", "_<EOT>",
            "[EOT]", "<｜end▁of▁sentence｜>", "<end_of_utterance>" });
    detect(m_vocab.eom, { "<|eom_id|>" });
    detect(m_vocab.fimPre,
        { "<|fim_prefix|>", "<fim-prefix>", "<fim_prefix>", "<｜fim▁begin｜>", "<PRE>", "▁<PRE>", "<|code_prefix|>",
            "<|prefix|>" });
    detect(m_vocab.fimSuf,
        { "<|fim_suffix|>", "<fim-suffix>", "<fim_suffix>", "<｜fim▁hole｜>", "<SUF>", "▁<SUF>", "<|code_suffix|>",
            "<|suffix|>" });
    detect(m_vocab.fimMid,
        { "<|fim_middle|>", "<fim-middle>", "<fim_middle>", "<｜fim▁end｜>", "<MID>", "▁<MID>", "<|code_middle|>",
            "<|middle|>" });
    detect(m_vocab.fimPad, { "<|fim_pad|>", "<fim-pad>", "<fim_pad>", "<PAD>", "[PAD]" });
    detect(m_vocab.fimRep, { "<|fim_repo|>", "<|repo_name|>", "<fim-repo>", "<REPO>", "<reponame>" });
    detect(m_vocab.fimSep, { "<|file_sep|>" });

    // End-of-generation tokens by text are control tokens too.
    std::set<int> eog;
    for (const int id : { m_vocab.fimPad, m_vocab.fimRep, m_vocab.fimSep })
        if (id >= 0)
            eog.insert(id);
    for (const char* t :
        { "<|eot_id|>", "<|im_end|>", "<|end|>", "<|return|>", "<|call|>", "<|flush|>", "<|calls|>", "<end_of_turn>",
            "<|endoftext|>", "</s>", "<|eom_id|>", "<EOT>", "_<EOT>", "[EOT]", "[EOS]", "<|end_of_text|>",
            "<end_of_utterance>", "<eos>", "<turn|>", "<|tool_response>", "<｜end▁of▁sentence｜>", "[e~[" })
        if (const int i = find(t); i >= 0) {
            eog.insert(i);
            markControl(i);
        }
    for (const char* t : { "<|channel|>", "<|message|>", "<|start|>", "<|constrain|>" }) // gpt-oss: always rendered
        if (const int i = find(t); i >= 0)
            attrs[size_t(i)] = TokenAttr::UserDefined;
    for (const int id : { m_vocab.eos, m_vocab.eot, m_vocab.eom })
        if (id >= 0)
            eog.insert(id);
    const auto inEog = [&](const char* t) {
        const int i = find(t);
        return i >= 0 && eog.count(i) ? i : -1;
    };
    // o200k_harmony and solar-open: <|end|> is not an end of generation but a user-defined token.
    const int end = inEog("<|end|>");
    if (end >= 0
        && ((inEog("<|return|>") >= 0 && inEog("<|call|>") >= 0)
            || ((inEog("<|call|>") >= 0 || inEog("<|calls|>") >= 0) && inEog("<|flush|>") >= 0)))
        attrs[size_t(end)] = TokenAttr::UserDefined;
    // Gemma 4 and PaddleOCR: </s> is a normal token.
    if (const int s = inEog("</s>"); s >= 0 && inEog("<|tool_response>") >= 0)
        attrs[size_t(s)] = TokenAttr::Normal;

    for (int id = 0; id < size(); ++id)
        if (attrs[size_t(id)] & (TokenAttr::Control | TokenAttr::UserDefined | TokenAttr::Unknown))
            m_special.push_back(id);
    // Longest text first (std::sort, as llama.cpp orders them: equal lengths keep that algorithm's order).
    std::sort(m_special.begin(), m_special.end(), [&](int a, int b) { return text(a).size() > text(b).size(); });

    // Per-model attributes llama.cpp sets by name.
    const std::string name = lower(m_vocab.name);
    const auto setAttr = [&](const char* t, uint32_t bit, bool on) {
        if (const int i = find(t); i >= 0)
            attrs[size_t(i)] = on ? attrs[size_t(i)] | bit : attrs[size_t(i)] & ~bit;
    };
    const std::string& pre = m_vocab.pre;
    if (pre.find("jina-v2-de") != std::string::npos || pre.find("jina-v2-es") != std::string::npos
        || pre.find("jina-v2-code") != std::string::npos) {
        setAttr("<mask>", TokenAttr::LStrip, true);
    } else if (name.find("phi-3") != std::string::npos || name.find("phi3") != std::string::npos) {
        for (const int id : m_special)
            attrs[size_t(id)] |= TokenAttr::RStrip;
        setAttr("</s>", TokenAttr::RStrip, true);
        for (const char* t : { "<unk>", "<s>", "<|endoftext|>" })
            setAttr(t, TokenAttr::RStrip, false);
    } else if (name.find("modern-bert") != std::string::npos) {
        setAttr("[MASK]", TokenAttr::LStrip, true);
    }
}

int Tokenizer::find(std::string_view t) const
{
    const auto it = m_ids.find(t);
    return it == m_ids.end() ? -1 : it->second;
}

std::vector<int> Tokenizer::tokenize(std::string_view text, bool addSpecial, bool parseSpecial) const
{
    // Cut special tokens out of the text, longest first, as llama.cpp's tokenizer_st_partition does.
    std::vector<Fragment> frags;
    if (!text.empty())
        frags.push_back({ -1, 0, text.size() });
    for (const int id : m_special) {
        const uint32_t a = attributes(id);
        if (!parseSpecial && (a & (TokenAttr::Control | TokenAttr::Unknown)))
            continue; // only user-defined tokens are matched in plain text
        const std::string& t = this->text(id);
        std::vector<Fragment> next;
        next.reserve(frags.size());
        for (const Fragment& f : frags) {
            if (f.token >= 0) {
                next.push_back(f);
                continue;
            }
            size_t cur = f.offset;
            const size_t end = f.offset + f.length;
            const std::string_view hay = text.substr(0, end);
            while (true) {
                const size_t m = hay.find(t, cur);
                if (m == std::string_view::npos) {
                    if (end > cur)
                        next.push_back({ -1, cur, end - cur });
                    break;
                }
                size_t leftLen = m - cur;
                if (a & TokenAttr::LStrip)
                    while (leftLen > 0 && cSpace(text[cur + leftLen - 1]))
                        --leftLen;
                if (leftLen > 0)
                    next.push_back({ -1, cur, leftLen });
                next.push_back({ id, 0, 0 });
                cur = m + t.size();
                if (a & TokenAttr::RStrip)
                    while (cur < end && cSpace(text[cur]))
                        ++cur;
            }
        }
        frags = std::move(next);
    }

    std::vector<int> out;
    if (addSpecial && m_vocab.addBos)
        out.push_back(m_vocab.bos);
    bool prevSpecial = true; // SPM: a space before the first text, and after each special token
    for (const Fragment& f : frags) {
        if (f.token >= 0) {
            out.push_back(f.token);
            prevSpecial = true;
            continue;
        }
        const std::string_view raw = text.substr(f.offset, f.length);
        if (m_vocab.kind == Vocab::Kind::Spm) {
            std::string s;
            s.reserve(raw.size() + 8);
            if (m_vocab.addSpacePrefix && prevSpecial)
                s = " ";
            s.append(raw);
            std::string escaped;
            escaped.reserve(s.size() * 2);
            for (const char c : s)
                if (c == ' ')
                    escaped += "\xe2\x96\x81"; // ▁
                else
                    escaped.push_back(c);
            spm(escaped, out);
        } else {
            bpe(raw, out);
        }
        prevSpecial = false;
    }
    if (addSpecial && m_vocab.addEos)
        out.push_back(m_vocab.eos);
    return out;
}

int Tokenizer::byteToken(unsigned char b) const
{
    static const char* hex = "0123456789ABCDEF";
    const char buf[7] = { '<', '0', 'x', hex[b >> 4], hex[b & 15], '>', 0 };
    if (const int id = find(buf); id >= 0)
        return id;
    return find(std::string(1, char(b))); // llama.cpp falls back to the byte as text
}

void Tokenizer::spm(std::string_view text, std::vector<int>& out) const
{
    std::vector<Symbol> sym;
    for (size_t off = 0; off < text.size();) {
        const size_t n = std::min(utf8::sequenceLength(static_cast<unsigned char>(text[off])), text.size() - off);
        const int idx = int(sym.size());
        sym.push_back({ idx - 1, off + n == text.size() ? -1 : idx + 1, off, n });
        off += n;
    }
    struct Bigram {
        int left, right;
        float score;
        size_t size;
    };
    // Highest score first; among equal scores the leftmost.
    const auto worse
        = [](const Bigram& a, const Bigram& b) { return a.score < b.score || (a.score == b.score && a.left > b.left); };
    std::priority_queue<Bigram, std::vector<Bigram>, decltype(worse)> queue(worse);
    const auto tryAdd = [&](int l, int r) {
        if (l < 0 || r < 0)
            return;
        const std::string_view t = text.substr(sym[size_t(l)].begin, sym[size_t(l)].n + sym[size_t(r)].n);
        const int id = find(t);
        if (id < 0)
            return;
        const float score = m_vocab.scores.empty() ? 0.0f : m_vocab.scores[size_t(id)];
        queue.push({ l, r, score, t.size() });
    };
    for (int i = 1; i < int(sym.size()); ++i)
        tryAdd(i - 1, i);
    while (!queue.empty()) {
        const Bigram b = queue.top();
        queue.pop();
        Symbol& l = sym[size_t(b.left)];
        Symbol& r = sym[size_t(b.right)];
        if (l.n == 0 || r.n == 0 || l.n + r.n != b.size)
            continue; // one side was merged since
        l.n += r.n;
        r.n = 0;
        l.next = r.next;
        if (r.next >= 0)
            sym[size_t(r.next)].prev = b.left;
        tryAdd(l.prev, b.left);
        tryAdd(b.left, l.next);
    }
    for (int i = sym.empty() ? -1 : 0; i != -1; i = sym[size_t(i)].next) {
        const std::string_view t = text.substr(sym[size_t(i)].begin, sym[size_t(i)].n);
        if (const int id = find(t); id >= 0) {
            out.push_back(id);
            continue;
        }
        for (const char c : t) { // byte fallback
            const int id = byteToken(static_cast<unsigned char>(c));
            if (id >= 0)
                out.push_back(id);
            else if (m_vocab.unk >= 0)
                out.push_back(m_vocab.unk); // llama.cpp would fail here; a vocabulary without byte tokens
        }
    }
}

int Tokenizer::mergeRank(std::string_view left, std::string_view right) const
{
    const auto it = m_ranks.find(std::pair<std::string_view, std::string_view>(left, right));
    return it == m_ranks.end() ? -1 : it->second;
}

void Tokenizer::bpe(std::string_view text, std::vector<int>& out) const
{
    for (const std::string& word : m_pre->split(text)) {
        std::vector<Symbol> sym;
        if (m_vocab.ignoreMerges && find(word) >= 0) {
            sym.push_back({ -1, -1, 0, word.size() });
        } else {
            for (size_t off = 0; off < word.size();) {
                const size_t n
                    = std::min(utf8::sequenceLength(static_cast<unsigned char>(word[off])), word.size() - off);
                const int idx = int(sym.size());
                sym.push_back({ idx - 1, off + n == word.size() ? -1 : idx + 1, off, n });
                off += n;
            }
        }
        struct Bigram {
            int left, right, rank;
            size_t size;
        };
        // Lowest rank first; among equal ranks the leftmost.
        const auto worse
            = [](const Bigram& a, const Bigram& b) { return a.rank > b.rank || (a.rank == b.rank && a.left > b.left); };
        std::priority_queue<Bigram, std::vector<Bigram>, decltype(worse)> queue(worse);
        const std::string_view w(word);
        const auto str = [&](int i) { return w.substr(sym[size_t(i)].begin, sym[size_t(i)].n); };
        const auto tryAdd = [&](int l, int r) {
            if (l < 0 || r < 0)
                return;
            const int rank = mergeRank(str(l), str(r));
            if (rank < 0)
                return;
            queue.push({ l, r, rank, sym[size_t(l)].n + sym[size_t(r)].n });
        };
        for (int i = 1; i < int(sym.size()); ++i)
            tryAdd(i - 1, i);
        while (!queue.empty()) {
            const Bigram b = queue.top();
            queue.pop();
            Symbol& l = sym[size_t(b.left)];
            Symbol& r = sym[size_t(b.right)];
            // Outdated when either side changed since: symbols only grow, so a changed side has another
            // length (the same test as llama.cpp's comparison of the texts).
            if (l.n == 0 || r.n == 0 || l.n + r.n != b.size)
                continue;
            l.n += r.n;
            r.n = 0;
            l.next = r.next;
            if (r.next >= 0)
                sym[size_t(r.next)].prev = b.left;
            tryAdd(l.prev, b.left);
            tryAdd(b.left, l.next);
        }
        for (const Symbol& s : sym) {
            if (s.n == 0)
                continue;
            const std::string_view t = w.substr(s.begin, s.n);
            if (const int id = find(t); id >= 0) {
                out.push_back(id);
                continue;
            }
            // Not a token: llama.cpp looks each byte up as a one-byte text and drops those it lacks.
            for (const char c : t)
                if (const int id = find(std::string(1, c)); id >= 0)
                    out.push_back(id);
        }
    }
}

std::string Tokenizer::piece(int id) const
{
    if (id < 0 || id >= size())
        return {};
    const uint32_t a = attributes(id);
    const std::string& t = text(id);
    if (a & (TokenAttr::Control | TokenAttr::Unknown | TokenAttr::UserDefined))
        return t;
    if (a & TokenAttr::Normal) {
        if (m_vocab.kind == Vocab::Kind::Bpe)
            return utf8::byteDecode(t);
        std::string s;
        for (size_t i = 0; i < t.size(); ++i) {
            if (t.compare(i, 3, "\xe2\x96\x81") == 0) {
                s.push_back(' ');
                i += 2;
            } else {
                s.push_back(t[i]);
            }
        }
        return s;
    }
    if ((a & TokenAttr::Byte) && t.size() == 6 && t.compare(0, 3, "<0x") == 0)
        return std::string(1, char(std::stoi(t.substr(3, 2), nullptr, 16)));
    return {};
}

std::string Tokenizer::describe() const
{
    if (m_vocab.kind == Vocab::Kind::Spm)
        return "llama (SentencePiece), " + std::to_string(size()) + " tokens";
    return "gpt2 (byte-level BPE, pre-tokenizer " + m_pre->name() + "), " + std::to_string(size()) + " tokens, "
        + std::to_string(m_vocab.merges.size()) + " merges";
}

Tokenizer Tokenizer::fromModel(const Model& model)
{
    if (model.format == Format::Gguf)
        return Tokenizer(vocabFromGguf(model.metadata, model.path));
    if (model.format == Format::Safetensors) {
        namespace fs = std::filesystem;
        std::error_code ec;
        const fs::path p(model.path);
        const fs::path dir = fs::is_directory(p, ec) ? p : p.parent_path();
        return Tokenizer(vocabFromHuggingFace(dir.empty() ? std::string(".") : dir.string()));
    }
    throw Error(ErrorCode::NoTokenizer, model.path,
        { "a tokenizer (" + std::string(formatName(model.format)) + " files carry none)",
            "language models come as GGUF or safetensors with tokenizer.json" });
}

} // namespace ql
