#pragma once
/// \file utf8.h
/// \brief UTF-8 decoding and encoding with llama.cpp's tokenizer rules, and GPT-2's byte-level alphabet.
///
/// llama.cpp decodes text leniently: a lead byte announces the sequence length, the continuation bytes
/// must be 10xxxxxx, and anything else yields U+FFFD while consuming one byte. Overlong forms and
/// surrogates are accepted as the code points they spell. Tokenizers that must give llama.cpp's ids
/// decode exactly so.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ql::utf8 {

/// \brief The replacement character.
constexpr char32_t kReplacement = 0xFFFD;

/// \returns the length of the sequence a byte starts (1 for ASCII and stray continuation bytes,
/// 2, 3 or 4 for lead bytes by their high bits), as llama.cpp's symbol splitting counts it.
size_t sequenceLength(unsigned char lead);

/// \brief Code points of \p text, decoded leniently as llama.cpp does (see the file comment).
std::vector<char32_t> decode(std::string_view text);

/// \brief Appends the UTF-8 form of \p cp (any value up to 0x10FFFF, surrogates included) to \p out.
/// Larger values append U+FFFD.
void append(std::string& out, char32_t cp);

/// \returns the UTF-8 form of code points.
std::string encode(const std::vector<char32_t>& cps, size_t begin = 0, size_t end = size_t(-1));

/// \returns whether \p text is well-formed UTF-8 (no overlong forms, no surrogates, at most U+10FFFF).
bool valid(std::string_view text);

/// \returns the code point GPT-2's byte-level alphabet uses for a byte: printable Latin-1 bytes map to
/// themselves, the 68 others to U+0100… in byte order.
char32_t byteToUnicode(unsigned char b);

/// \returns the byte for a code point of GPT-2's byte-level alphabet, or -1 when it is none.
int unicodeToByte(char32_t cp);

/// \returns \p bytes with every byte replaced by its GPT-2 alphabet character, in UTF-8.
std::string byteEncode(std::string_view bytes);

/// \returns the bytes a GPT-2 alphabet string stands for; characters outside the alphabet are kept as
/// their UTF-8 bytes.
std::string byteDecode(std::string_view text);

} // namespace ql::utf8
