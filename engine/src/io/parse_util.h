// Helpers shared by the experiment file's reader and validator (experiment_read.cpp,
// experiment_validate.cpp) and the pattern-table parser (pattern_table.cpp): strict UTF-8
// checks, quoting user text inside error messages, and an error list with a cap.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "theta/experiment.h"

namespace theta::parse_util {

/// Length (1 to 4) of the well-formed UTF-8 sequence at s[i], or 0 when the bytes there are
/// not well-formed (stray continuation byte, overlong form, surrogate, above U+10FFFF, cut off).
inline std::size_t utf8SequenceLength(std::string_view s, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char b0 = byte(i);
    if (b0 < 0x80) return 1;
    std::size_t n = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte (RFC 3629 table)
    if (b0 >= 0xC2 && b0 <= 0xDF) n = 2;
    else if (b0 == 0xE0) n = 3, lo = 0xA0;
    else if ((b0 >= 0xE1 && b0 <= 0xEC) || b0 == 0xEE || b0 == 0xEF) n = 3;
    else if (b0 == 0xED) n = 3, hi = 0x9F;  // D800..DFFF are surrogates
    else if (b0 == 0xF0) n = 4, lo = 0x90;
    else if (b0 >= 0xF1 && b0 <= 0xF3) n = 4;
    else if (b0 == 0xF4) n = 4, hi = 0x8F;
    else return 0;
    if (i + n > s.size() || byte(i + 1) < lo || byte(i + 1) > hi) return 0;
    for (std::size_t k = 2; k < n; ++k)
        if ((byte(i + k) & 0xC0) != 0x80) return 0;
    return n;
}

/// Offset of the first byte that is not well-formed UTF-8, or npos when all of `s` is.
inline std::size_t firstInvalidUtf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t n = utf8SequenceLength(s, i);
        if (n == 0) return i;
        i += n;
    }
    return std::string_view::npos;
}

/// Number of characters (code points) of a well-formed UTF-8 string.
inline std::size_t utf8Length(std::string_view s) {
    std::size_t n = 0;
    for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

/// `s` in double quotes for an error message: JSON-style escapes for quotes, backslashes and
/// control characters, '?' for bytes that are not UTF-8, and at most 64 characters (then "...").
/// User text ends up in messages shown on the page, so it must stay short and printable.
inline std::string inQuotes(std::string_view s) {
    constexpr std::size_t kMaxChars = 64;
    std::string out = "\"";
    std::size_t chars = 0, i = 0;
    for (; i < s.size() && chars < kMaxChars; ++chars) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        const std::size_t n = utf8SequenceLength(s, i);
        if (n == 0) {
            out += '?';
            ++i;
        } else if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
            ++i;
        } else if (c < 0x20 || c == 0x7F) {
            static const char* const kHex = "0123456789abcdef";
            out += "\\u00";
            out += kHex[c >> 4];
            out += kHex[c & 15];
            ++i;
        } else {
            out.append(s.substr(i, n));
            i += n;
        }
    }
    if (i < s.size()) out += "...";
    out += '"';
    return out;
}

/// Collects validation errors, keeping the first kMaxErrors and then one line saying that
/// more were left out, so a hostile document cannot produce an unbounded report.
class ErrorList {
public:
    static constexpr std::size_t kMaxErrors = 50;

    explicit ErrorList(std::vector<ValidationError>& out) : out_(out) {}

    void add(std::string path, std::string message) {
        if (out_.size() < kMaxErrors) {
            out_.push_back({std::move(path), std::move(message)});
        } else if (out_.size() == kMaxErrors) {
            out_.push_back({"", "too many errors: only the first " + std::to_string(kMaxErrors) +
                                    " are listed"});
        }
    }
    void add(ValidationError e) { add(std::move(e.path), std::move(e.message)); }
    bool any() const { return !out_.empty(); }

private:
    std::vector<ValidationError>& out_;
};

}  // namespace theta::parse_util
