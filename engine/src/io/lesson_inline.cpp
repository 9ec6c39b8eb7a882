// Inline markup of a lesson block (docs/lessons.md, "Text"): `code`, *em* / _em_,
// **strong** / __strong__, [links](url), ![images](path) and [action links](do:...).
// Everything else, raw HTML included, is text.
//
// Hostile text must not cost quadratic time, so one pass first finds what pairs up (code
// spans, brackets, parentheses, and emphasis delimiters, each closer with the nearest opener
// of its character, as CommonMark's delimiter stack does), with stacks; the recursive descent
// then only looks pairs up. It goes at most kMaxLessonInlineDepth deep; past that, markup
// stays text.
#include <algorithm>
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "io/lesson_parse.h"
#include "io/parse_util.h"

namespace theta::lesson_detail {
namespace {

using parse_util::inQuotes;

constexpr std::size_t kNone = std::string::npos;

bool isAsciiPunct(char c) {
    return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
}
bool isAlnum(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

/// The scheme of `url` in lower case ("http"), or "" when it has none (a relative path).
std::string schemeOf(std::string_view url) {
    if (url.empty() || !((url[0] >= 'A' && url[0] <= 'Z') || (url[0] >= 'a' && url[0] <= 'z'))) return "";
    for (std::size_t i = 1; i < url.size(); ++i) {
        const char c = url[i];
        if (c == ':') {
            std::string s;
            for (std::size_t k = 0; k < i; ++k) s += lower(url[k]);
            return s;
        }
        if (!isAlnum(c) && c != '+' && c != '-' && c != '.') return "";
    }
    return "";
}

/// Why a link's (or, with `image`, an image's) address is refused; "" when it is allowed.
/// Allowed: http: and https: (links only) and relative paths on the page's own site. A
/// backslash or whitespace is refused too: browsers strip tabs and newlines from a URL and
/// read "\" as "/", which would turn "java\tscript:" or "\\host" into something else.
std::string addressProblem(std::string_view url, bool image) {
    const std::string what = std::string(image ? "image " : "link to ") + inQuotes(url) + " refused: ";
    const std::string allowed = image ? "an image is a path on this site, e.g. images/fig.png"
                                      : "a link goes to an http: or https: address, a path on this site "
                                        "(e.g. notes.html) or an action (do:...)";
    if (url.empty()) return std::string(image ? "an image" : "a link") + " needs an address; " + allowed;
    for (char c : url) {
        const unsigned char u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u == 0x7F) return what + "an address has no spaces (titles are not supported); " + allowed;
        if (c == '\\') return what + "an address has no backslashes; " + allowed;
    }
    const std::string scheme = schemeOf(url);
    if (!scheme.empty()) {
        if (!image && (scheme == "http" || scheme == "https")) return "";
        return what + allowed;
    }
    if (url.size() >= 2 && url[0] == '/' && url[1] == '/') return what + "\"//\" leaves this site; " + allowed;
    return "";
}

class InlineParser {
public:
    InlineParser(const SourceText& source, ErrorSink& errors)
        : src_(source), s_(source.text), errors_(errors), escaped_(s_.size() + 1, false),
          codeEnd_(s_.size(), kNone), match_(s_.size(), kNone) {
        scan();
    }

    std::vector<LessonSpan> parse() {
        std::vector<LessonSpan> out;
        parseRange(0, s_.size(), 0, false, out);
        return out;
    }

private:
    /// An emphasis delimiter run that found its closer: `n` characters (1 *em*, 2 **strong**,
    /// 3 ***both***), the last n of the opening run and the first n of the closing one.
    struct Pair {
        std::size_t close = kNone;
        std::size_t n = 0;
    };
    /// An opening run waiting for its closer.
    struct Opener {
        std::size_t at, len;
    };

    void scan() {
        // Maximal backtick runs by length: a code span closes at the next run of its length.
        std::map<std::size_t, std::vector<std::size_t>> ticks;
        for (std::size_t i = 0; i < s_.size();) {
            if (s_[i] != '`') { ++i; continue; }
            const std::size_t start = i;
            while (i < s_.size() && s_[i] == '`') ++i;
            ticks[i - start].push_back(start);
        }
        std::vector<std::size_t> brackets, parens;
        std::vector<Opener> stars, underscores;
        for (std::size_t i = 0; i < s_.size();) {
            const char c = s_[i];
            if (c == '\\' && i + 1 < s_.size() && isAsciiPunct(s_[i + 1])) {
                escaped_[i + 1] = true;
                i += 2;
                continue;
            }
            if (c == '`') {
                const std::size_t len = runLength(i, s_.size());
                const std::vector<std::size_t>& same = ticks[len];
                const auto next = std::upper_bound(same.begin(), same.end(), i + len - 1);
                if (next != same.end()) {
                    codeEnd_[i] = *next + len;
                    i = *next + len;
                } else {
                    i += len;
                }
                continue;
            }
            if (c == '[') brackets.push_back(i);
            else if (c == ']' && !brackets.empty()) match_[brackets.back()] = i, brackets.pop_back();
            else if (c == '(') parens.push_back(i);
            else if (c == ')' && !parens.empty()) match_[parens.back()] = i, parens.pop_back();
            else if (c == '*' || c == '_') {
                const std::size_t len = runLength(i, s_.size());
                std::vector<Opener>& same = c == '*' ? stars : underscores;
                std::vector<Opener>& other = c == '*' ? underscores : stars;
                if (canClose(i, len) && !same.empty()) {
                    const Opener o = same.back();
                    same.pop_back();
                    while (!other.empty() && other.back().at > o.at) other.pop_back();  // left unclosed inside
                    pairs_[o.at] = {i, std::min<std::size_t>({o.len, len, 3})};
                } else if (canOpen(i, len, s_.size())) {
                    same.push_back({i, len});
                }
                i += len;
                continue;
            }
            ++i;
        }
    }

    /// Length of the run of s_[i] starting at i, within [i, end).
    std::size_t runLength(std::size_t i, std::size_t end) const {
        std::size_t k = i;
        while (k < end && s_[k] == s_[i] && !escaped_[k]) ++k;
        return k - i;
    }

    /// A run that follows text closes emphasis; "_" also not inside a word (snake_case stays text).
    bool canClose(std::size_t i, std::size_t len) const {
        if (i == 0 || isSpace(s_[i - 1])) return false;
        return s_[i] == '*' || i + len >= s_.size() || !isAlnum(s_[i + len]);
    }
    /// A run that precedes text opens emphasis; "_" also not inside a word.
    bool canOpen(std::size_t i, std::size_t len, std::size_t end) const {
        if (i + len >= end || isSpace(s_[i + len])) return false;
        return s_[i] == '*' || i == 0 || !isAlnum(s_[i - 1]);
    }

    /// `[` at i starts "[text](target)" ending by `end`: sets the closing bracket and paren.
    bool linkAt(std::size_t i, std::size_t end, std::size_t& bracket, std::size_t& paren) const {
        bracket = match_[i];
        if (bracket == kNone || bracket + 1 >= end || s_[bracket + 1] != '(') return false;
        paren = match_[bracket + 1];
        return paren != kNone && paren < end;
    }

    /// Characters of [a, b) with backslash escapes resolved (an image's alt text).
    std::string plain(std::size_t a, std::size_t b) const {
        std::string out;
        for (std::size_t i = a; i < b; ++i)
            if (!(s_[i] == '\\' && i + 1 < b && escaped_[i + 1])) out += s_[i];
        return out;
    }

    std::string_view trimmed(std::size_t a, std::size_t b) const {
        while (a < b && isSpace(s_[a])) ++a;
        while (b > a && isSpace(s_[b - 1])) --b;
        return std::string_view(s_).substr(a, b - a);
    }

    static void flush(std::string& text, int line, std::vector<LessonSpan>& out) {
        if (text.empty()) return;
        LessonSpan span;
        span.kind = LessonSpanKind::Text;
        span.line = line;
        span.text = std::move(text);
        text.clear();
        out.push_back(std::move(span));
    }

    void parseRange(std::size_t a, std::size_t b, int depth, bool inLink, std::vector<LessonSpan>& out) {
        std::string text;
        int textLine = src_.lineAt(a);
        const auto append = [&](std::size_t from, std::size_t n) {
            if (text.empty()) textLine = src_.lineAt(from);
            text.append(s_, from, n);
        };
        for (std::size_t i = a; i < b;) {
            const char c = s_[i];
            if (c == '\\' && i + 1 < b && escaped_[i + 1]) {
                append(i + 1, 1);
                i += 2;
                continue;
            }
            if (c == '`' && codeEnd_[i] != kNone && codeEnd_[i] <= b) {
                flush(text, textLine, out);
                out.push_back(codeSpan(i));
                i = codeEnd_[i];
                continue;
            }
            std::size_t bracket = kNone, paren = kNone;
            if (depth < kMaxLessonInlineDepth) {
                if (c == '!' && i + 1 < b && s_[i + 1] == '[' && !escaped_[i + 1] && linkAt(i + 1, b, bracket, paren)) {
                    flush(text, textLine, out);
                    out.push_back(image(i, bracket, paren));
                    i = paren + 1;
                    continue;
                }
                if (c == '[' && !inLink && linkAt(i, b, bracket, paren)) {
                    flush(text, textLine, out);
                    out.push_back(link(i, bracket, paren, depth));
                    i = paren + 1;
                    continue;
                }
                if ((c == '*' || c == '_') && !escaped_[i]) {
                    const std::size_t len = runLength(i, b);
                    const auto pair = pairs_.find(i);
                    if (pair != pairs_.end() && pair->second.close + pair->second.n <= b) {
                        const std::size_t n = pair->second.n;
                        append(i, len - n);  // the opening run's characters beyond the pair's
                        flush(text, textLine, out);
                        out.push_back(emphasis(i + len - n, n, pair->second.close, depth, inLink));
                        i = pair->second.close + n;
                        continue;
                    }
                    append(i, len);
                    i += len;
                    continue;
                }
            }
            append(i, 1);
            ++i;
        }
        flush(text, textLine, out);
    }

    /// Emphasis (*), strong (**) or strong emphasis (***) from the opening delimiter at i to
    /// the closing one at `close`, `need` characters each.
    LessonSpan emphasis(std::size_t i, std::size_t need, std::size_t close, int depth, bool inLink) {
        LessonSpan span;
        span.kind = need == 1 ? LessonSpanKind::Emphasis : LessonSpanKind::Strong;
        span.line = src_.lineAt(i);
        if (need == 3) {
            LessonSpan inner;
            inner.kind = LessonSpanKind::Emphasis;
            inner.line = span.line;
            parseRange(i + need, close, depth + 2, inLink, inner.children);
            span.children.push_back(std::move(inner));
        } else {
            parseRange(i + need, close, depth + 1, inLink, span.children);
        }
        return span;
    }

    /// The code span opening at i: its content, newlines as spaces, one space stripped from
    /// both ends when both have one (so "`` `x` ``" shows `x`).
    LessonSpan codeSpan(std::size_t i) const {
        const std::size_t len = runLength(i, s_.size());
        std::string code = s_.substr(i + len, codeEnd_[i] - len - (i + len));
        std::replace(code.begin(), code.end(), '\n', ' ');
        if (code.size() >= 2 && code.front() == ' ' && code.back() == ' ' &&
            code.find_first_not_of(' ') != std::string::npos)
            code = code.substr(1, code.size() - 2);
        LessonSpan span;
        span.kind = LessonSpanKind::Code;
        span.line = src_.lineAt(i);
        span.text = std::move(code);
        return span;
    }

    /// "![alt](path)" with "!" at i.
    LessonSpan image(std::size_t i, std::size_t bracket, std::size_t paren) {
        LessonSpan span;
        span.kind = LessonSpanKind::Image;
        span.line = src_.lineAt(i);
        span.text = plain(i + 2, bracket);
        const std::string_view url = trimmed(bracket + 2, paren);
        span.error = addressProblem(url, true);
        if (span.error.empty()) span.url = std::string(url);
        else errors_.add(span.line, span.error);
        return span;
    }

    /// "[text](target)" with "[" at i: a link or, with "do:", an action.
    LessonSpan link(std::size_t i, std::size_t bracket, std::size_t paren, int depth) {
        LessonSpan span;
        span.line = src_.lineAt(i);
        parseRange(i + 1, bracket, depth + 1, true, span.children);
        const std::string_view target = trimmed(bracket + 2, paren);
        if (schemeOf(target) == "do") {
            span.kind = LessonSpanKind::Action;
            span.action = parseAction(target.substr(3));
            if (span.action.error.empty() && trimmed(i + 1, bracket).empty())
                span.action.error = "an action link needs text to click, e.g. [Run](do:run)";
            if (!span.action.error.empty()) errors_.add(span.line, span.action.error);
            return span;
        }
        span.kind = LessonSpanKind::Link;
        span.error = addressProblem(target, false);
        if (span.error.empty() && trimmed(i + 1, bracket).empty())
            span.error = "link to " + inQuotes(target) + " has no text to click";
        if (span.error.empty()) span.url = std::string(target);
        else errors_.add(span.line, span.error);
        return span;
    }

    const SourceText& src_;
    const std::string& s_;
    ErrorSink& errors_;
    std::vector<bool> escaped_;        ///< s_[i] follows a backslash that escapes it
    std::vector<std::size_t> codeEnd_;  ///< a code span opening at i ends here (exclusive)
    std::vector<std::size_t> match_;    ///< "[" -> its "]", "(" -> its ")"
    std::map<std::size_t, Pair> pairs_;  ///< by the opening run's first character
};

}  // namespace

std::vector<LessonSpan> parseInline(const SourceText& source, ErrorSink& errors) {
    return InlineParser(source, errors).parse();
}

}  // namespace theta::lesson_detail
