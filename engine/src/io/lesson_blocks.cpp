// A lesson's blocks (docs/lessons.md): the front matter, headings, paragraphs, fenced code,
// lists (their ordered items are the lesson's steps) and :::question blocks, read line by
// line with no recursion. Each block's text then goes through the inline parser
// (lesson_inline.cpp); a last walk numbers the steps and actions in document order.
#include <algorithm>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "io/lesson_parse.h"
#include "io/parse_util.h"
#include "theta/experiment.h"

namespace theta {
namespace {

using lesson_detail::ErrorSink;
using lesson_detail::isSpace;
using lesson_detail::oneOf;
using lesson_detail::parseInline;
using lesson_detail::SourceText;
using parse_util::inQuotes;

constexpr std::size_t kMaxTitleChars = 200;
constexpr std::size_t kMaxQuestionIdChars = 64;

struct Line {
    std::string_view text;
    int number = 0;
    bool bad = false;  ///< refused (not UTF-8, a control character, too long): read as blank
};

std::string_view trimRight(std::string_view s) {
    while (!s.empty() && isSpace(s.back())) s.remove_suffix(1);
    return s;
}
std::string_view trim(std::string_view s) {
    s = trimRight(s);
    while (!s.empty() && isSpace(s.front())) s.remove_prefix(1);
    return s;
}

/// A list item's marker: "- ", "* ", "+ ", or "12. " / "12) ".
struct Marker {
    bool ordered = false;
    char kind = 0;       ///< '-', '*', '+', '.' or ')': a different kind starts a new list
    int number = 1;      ///< ordered: the number written
    std::size_t width = 0;  ///< characters up to the item's text
};

std::optional<Marker> listMarker(std::string_view s) {
    Marker m;
    if (s[0] == '-' || s[0] == '*' || s[0] == '+') {
        m.kind = s[0];
        m.width = 1;
    } else {
        std::size_t digits = 0;
        while (digits < s.size() && digits < 10 && s[digits] >= '0' && s[digits] <= '9') ++digits;
        if (digits == 0 || digits > 9 || digits >= s.size() || (s[digits] != '.' && s[digits] != ')')) return std::nullopt;
        m.ordered = true;
        m.kind = s[digits];
        m.number = std::stoi(std::string(s.substr(0, digits)));
        m.width = digits + 1;
    }
    if (m.width < s.size() && !isSpace(s[m.width])) return std::nullopt;
    while (m.width < s.size() && isSpace(s[m.width])) ++m.width;
    return m;
}

/// "---", "***", "___" (three or more): a thematic break in Markdown, not part of a lesson.
bool isRule(std::string_view s) {
    if (s.size() < 3 || (s[0] != '-' && s[0] != '*' && s[0] != '_')) return false;
    return std::all_of(s.begin(), s.end(), [&](char c) { return c == s[0]; });
}

bool isQuestionIdChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }

class BlockParser {
public:
    explicit BlockParser(std::string_view text) { splitLines(text); }

    LessonParse run() {
        std::size_t first = 0;
        if (!lines_.empty() && trimRight(lines_[0].text) == "---") first = frontMatter();
        for (std::size_t i = first; i < lines_.size(); ++i) line(lines_[i]);
        finish();
        if (lesson_.blocks.empty() && !errors_.any())
            errors_.add(1, "the lesson has no text (headings, paragraphs, steps or questions)");
        LessonParse out;
        out.lesson = std::move(lesson_);
        number(out.lesson);
        out.errors = errors_.report();
        return out;
    }

private:
    struct OpenList {
        LessonBlock block;
        std::size_t markerIndent = 0, contentIndent = 0;
        char kind = 0;
        LessonListItem item;
        SourceText itemText;
        bool takesText = true;  ///< no blank line since the item began: lines join its text
    };

    void splitLines(std::string_view text) {
        if (text.size() > kMaxLessonBytes) {
            errors_.add(1, "the lesson is " + std::to_string(text.size()) + " bytes, more than the " +
                               std::to_string(kMaxLessonBytes) + " (256 KiB) allowed");
            return;
        }
        if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // a byte order mark
        for (std::size_t start = 0; start < text.size();) {
            const std::size_t end = std::min(text.find('\n', start), text.size());
            Line l;
            l.text = text.substr(start, end - start);
            if (!l.text.empty() && l.text.back() == '\r') l.text.remove_suffix(1);
            l.number = static_cast<int>(lines_.size()) + 1;
            if (l.number > kMaxLessonLines) {
                errors_.add(l.number, "the lesson has more than the " + std::to_string(kMaxLessonLines) +
                                          " lines allowed; the rest is not read");
                return;
            }
            checkLine(l);
            lines_.push_back(l);
            start = end + 1;
        }
    }

    void checkLine(Line& l) {
        if (l.text.size() > kMaxLessonLineBytes) {
            errors_.add(l.number, "the line is " + std::to_string(l.text.size()) + " bytes, more than the " +
                                      std::to_string(kMaxLessonLineBytes) + " allowed");
            l.bad = true;
            return;
        }
        const std::size_t invalid = parse_util::firstInvalidUtf8(l.text);
        if (invalid != std::string_view::npos) {
            errors_.add(l.number, "byte " + std::to_string(invalid + 1) + " is not UTF-8 (a lesson is UTF-8 text)");
            l.bad = true;
            return;
        }
        for (char c : l.text) {
            const unsigned char u = static_cast<unsigned char>(c);
            if ((u < 0x20 && c != '\t') || u == 0x7F) {
                static const char* const kHex = "0123456789ABCDEF";
                errors_.add(l.number, std::string("control character U+00") + kHex[u >> 4] + kHex[u & 15] +
                                          " (a lesson is plain text: tabs are the only control characters allowed)");
                l.bad = true;
                return;
            }
        }
    }

    /// Reads the front matter from line 1 ("---") to its closing "---"; returns the index of
    /// the first line after it.
    std::size_t frontMatter() {
        std::size_t close = 1;
        while (close < lines_.size() && trimRight(lines_[close].text) != "---") ++close;
        if (close == lines_.size()) {
            errors_.add(1, "the front matter opened here is not closed with a line \"---\"");
            return lines_.size();
        }
        std::map<std::string, int> seen;
        for (std::size_t i = 1; i < close; ++i) {
            const Line& l = lines_[i];
            const std::string_view s = trim(l.text);
            if (l.bad || s.empty()) continue;
            const std::size_t colon = s.find(':');
            if (colon == std::string_view::npos) {
                errors_.add(l.number, "front matter lines are \"key: value\" (title or experiment), not " + inQuotes(s));
                continue;
            }
            const std::string key(trim(s.substr(0, colon)));
            std::string_view value = trim(s.substr(colon + 1));
            if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
            if (key != "title" && key != "experiment") {
                errors_.add(l.number, "unknown front matter key " + inQuotes(key) + "; use title or experiment");
                continue;
            }
            if (!seen.emplace(key, l.number).second) {
                errors_.add(l.number, key + " is already given on line " + std::to_string(seen[key]));
                continue;
            }
            if (key == "title") {
                if (parse_util::utf8Length(value) > kMaxTitleChars)
                    errors_.add(l.number, "the title is longer than " + std::to_string(kMaxTitleChars) + " characters");
                else lesson_.title = std::string(value);
            } else if (builtinExperimentJson(value).empty()) {
                errors_.add(l.number, "experiment " + inQuotes(value) + " is not a built-in; use " +
                                          oneOf(builtinExperimentNames()));
            } else {
                lesson_.experiment = std::string(value);
            }
        }
        return close + 1;
    }

    std::vector<LessonBlock>& container() { return question_ ? question_->blocks : lesson_.blocks; }

    /// A block other than a paragraph inside a question: kept (the page still shows it), but an error.
    void onlyParagraphsInQuestion(int line, const char* what) {
        if (question_)
            errors_.add(line, std::string("a question holds paragraphs only, not ") + what + "; close question " +
                                  inQuotes(question_->id) + " (line " + std::to_string(question_->line) +
                                  ") with \":::\" first");
    }

    void line(const Line& l) {
        if (code_) {
            codeLine(l);
            return;
        }
        std::size_t indent = 0, at = 0;
        while (at < l.text.size() && (l.text[at] == ' ' || l.text[at] == '\t'))
            indent = l.text[at++] == '\t' ? indent + 4 - indent % 4 : indent + 1;
        const std::string_view rest = trimRight(l.text.substr(at));
        if (l.bad || rest.empty()) {
            closeParagraph();
            if (!lists_.empty()) lists_.back().takesText = false;
            return;
        }
        if (indent <= 3 && rest.substr(0, 3) == "```") return openCode(l, indent, rest);
        if (indent <= 3 && rest.substr(0, 3) == ":::") return fence(l, rest);
        if (indent <= 3 && rest[0] == '#' && heading(l, rest)) return;
        if (indent <= 3 && isRule(rest)) {
            closeAll();
            errors_.add(l.number, inQuotes(rest) + " is a horizontal rule, which lessons do not have "
                                                    "(\"---\" only opens and closes the front matter on line 1)");
            return;
        }
        if (const std::optional<Marker> m = listMarker(rest)) return listItem(l, indent, *m, rest.substr(m->width));
        if (!lists_.empty() && lists_.back().takesText) {
            lists_.back().itemText.add(rest, l.number);
            return;
        }
        closeLists(0);
        para_.add(rest, l.number);
    }

    void openCode(const Line& l, std::size_t indent, std::string_view rest) {
        closeAll();
        onlyParagraphsInQuestion(l.number, "a code block");
        code_.emplace();
        code_->kind = LessonBlockKind::Code;
        code_->line = l.number;
        fenceLength_ = rest.find_first_not_of('`');
        if (fenceLength_ == std::string_view::npos) fenceLength_ = rest.size();
        const std::string_view info = trim(rest.substr(fenceLength_));
        code_->lang = std::string(info.substr(0, std::min(info.size(), info.find_first_of(" \t"))));
        fenceIndent_ = indent;
        codeLines_ = 0;
    }

    void codeLine(const Line& l) {
        const std::string_view s = trim(l.text);
        if (s.size() >= fenceLength_ && s.find_first_not_of('`') == std::string_view::npos) {
            container().push_back(std::move(*code_));
            code_.reset();
            return;
        }
        std::string_view text = l.bad ? std::string_view() : l.text;
        for (std::size_t k = 0; k < fenceIndent_ && !text.empty() && text[0] == ' '; ++k) text.remove_prefix(1);
        if (codeLines_++ > 0) code_->text += '\n';
        code_->text.append(text);
    }

    /// A ":::" line: opens or closes a question.
    void fence(const Line& l, std::string_view rest) {
        closeAll();
        if (rest == ":::") {
            if (!question_) {
                errors_.add(l.number, "\":::\" closes a question, but none is open (open one with \":::question ID\")");
                return;
            }
            closeQuestion();
            return;
        }
        const std::string_view after = rest.substr(3);
        const std::string_view word = after.substr(0, after.find_first_of(" \t"));
        if (word != "question") {
            errors_.add(l.number, "unknown block " + inQuotes(rest.substr(0, 3 + word.size())) +
                                      "; the only block is \":::question ID\", closed by \":::\"");
            return;
        }
        const std::string id(trim(after.substr(word.size())));
        if (question_) {
            errors_.add(l.number, "a question cannot hold another: close question " + inQuotes(question_->id) +
                                      " (line " + std::to_string(question_->line) + ") with \":::\" first");
            closeQuestion();
        }
        if (id.empty() || id.size() > kMaxQuestionIdChars || !std::all_of(id.begin(), id.end(), isQuestionIdChar)) {
            errors_.add(l.number, (id.empty() ? std::string("a question needs an id") : "question id " + inQuotes(id) + " is not allowed") +
                                      ": \":::question ID\", ID of 1 to 64 characters from a-z 0-9 -");
        } else if (const auto it = questionIds_.find(id); it != questionIds_.end()) {
            errors_.add(l.number, "question id " + inQuotes(id) + " is already used on line " + std::to_string(it->second));
        } else {
            questionIds_.emplace(id, l.number);
        }
        question_.emplace();
        question_->kind = LessonBlockKind::Question;
        question_->line = l.number;
        question_->id = id;
    }

    void closeQuestion() {
        if (question_->blocks.empty())
            errors_.add(question_->line, "question " + inQuotes(question_->id) + " has no text");
        lesson_.blocks.push_back(std::move(*question_));
        question_.reset();
        ++lesson_.questions;
    }

    /// A "#" line: true when it is a heading ("#", "##" or "###", a space, the text).
    bool heading(const Line& l, std::string_view rest) {
        const std::size_t hashes = std::min(rest.find_first_not_of('#'), rest.size());
        if (hashes < rest.size() && !isSpace(rest[hashes])) return false;  // "#hashtag" is text
        closeAll();
        onlyParagraphsInQuestion(l.number, "a heading");
        if (hashes > 3)
            errors_.add(l.number, "headings go from # to ###, not " + std::string(hashes, '#'));
        std::string_view text = trim(rest.substr(hashes));
        const std::size_t closing = text.find_last_not_of('#');  // an optional closing "###"
        if (closing == std::string_view::npos) text = {};
        else if (closing + 1 < text.size() && isSpace(text[closing])) text = trimRight(text.substr(0, closing + 1));
        SourceText source;
        source.add(text, l.number);
        LessonBlock b;
        b.kind = LessonBlockKind::Heading;
        b.line = l.number;
        b.level = static_cast<int>(std::min<std::size_t>(hashes, 3));
        b.spans = parseInline(source, errors_);
        container().push_back(std::move(b));
        return true;
    }

    void listItem(const Line& l, std::size_t indent, const Marker& m, std::string_view text) {
        closeParagraph();
        if (!lists_.empty() && indent >= lists_.back().contentIndent) {
            if (lists_.size() < static_cast<std::size_t>(kMaxLessonListDepth)) {
                lists_.back().takesText = false;
                openList(l, indent, m);
                startItem(l, text);
                return;
            }
            errors_.add(l.number, "lists nest at most " + std::to_string(kMaxLessonListDepth) +
                                      " levels deep (a list inside a list item)");
            finishItem(lists_.back());  // kept as an item of the innermost list
            startItem(l, text);
            return;
        }
        while (lists_.size() > 1 && indent < lists_.back().markerIndent) closeLists(lists_.size() - 1);
        if (!lists_.empty() && lists_.back().kind != m.kind) closeLists(lists_.size() - 1);
        if (lists_.empty() || lists_.back().kind != m.kind) {
            openList(l, indent, m);
        } else {
            finishItem(lists_.back());
        }
        startItem(l, text);
    }

    void openList(const Line& l, std::size_t indent, const Marker& m) {
        if (lists_.empty()) onlyParagraphsInQuestion(l.number, "a list");
        OpenList list;
        list.block.kind = LessonBlockKind::List;
        list.block.line = l.number;
        list.block.ordered = m.ordered;
        list.block.start = m.number;
        list.kind = m.kind;
        list.markerIndent = indent;
        list.contentIndent = indent + m.width;
        lists_.push_back(std::move(list));
    }

    void startItem(const Line& l, std::string_view text) {
        OpenList& list = lists_.back();
        list.item = LessonListItem{};
        list.item.line = l.number;
        list.itemText = SourceText{};
        list.itemText.add(text, l.number);
        list.takesText = true;
    }

    void finishItem(OpenList& list) {
        list.item.spans = parseInline(list.itemText, errors_);
        list.block.items.push_back(std::move(list.item));
    }

    /// Closes the lists nested deeper than `keep` levels, innermost first.
    void closeLists(std::size_t keep) {
        while (lists_.size() > keep) {
            OpenList list = std::move(lists_.back());
            lists_.pop_back();
            finishItem(list);
            if (lists_.empty()) container().push_back(std::move(list.block));
            else lists_.back().item.lists.push_back(std::move(list.block));
        }
    }

    void closeParagraph() {
        if (para_.empty()) return;
        LessonBlock b;
        b.kind = LessonBlockKind::Paragraph;
        b.line = para_.lines.front();
        b.spans = parseInline(para_, errors_);
        container().push_back(std::move(b));
        para_ = SourceText{};
    }

    void closeAll() {
        closeParagraph();
        closeLists(0);
    }

    void finish() {
        if (code_) {
            errors_.add(code_->line, "the code block opened here is not closed with a line \"```\"");
            container().push_back(std::move(*code_));
            code_.reset();
        }
        closeAll();
        if (question_) {
            errors_.add(question_->line, "question " + inQuotes(question_->id) + " opened here is not closed with a line \":::\"");
            closeQuestion();
        }
    }

    // Numbering, in document order. The depth is bounded: blocks nest at most question or
    // list > item > list, spans at most kMaxLessonInlineDepth + 1.
    void number(Lesson& lesson) {
        for (LessonBlock& b : lesson.blocks) numberBlock(b, lesson);
    }
    void numberBlock(LessonBlock& b, Lesson& lesson) {
        for (LessonSpan& s : b.spans) numberSpan(s, lesson);
        for (LessonListItem& item : b.items) {
            if (b.ordered) item.step = lesson.steps++;
            for (LessonSpan& s : item.spans) numberSpan(s, lesson);
            for (LessonBlock& nested : item.lists) numberBlock(nested, lesson);
        }
        for (LessonBlock& inner : b.blocks) numberBlock(inner, lesson);
    }
    void numberSpan(LessonSpan& s, Lesson& lesson) {
        if (s.kind == LessonSpanKind::Action) s.action.index = lesson.actions++;
        for (LessonSpan& child : s.children) numberSpan(child, lesson);
    }

    std::vector<Line> lines_;
    ErrorSink errors_;
    Lesson lesson_;
    SourceText para_;
    std::vector<OpenList> lists_;  ///< at most kMaxLessonListDepth
    std::optional<LessonBlock> question_;
    std::map<std::string, int> questionIds_;
    std::optional<LessonBlock> code_;
    std::size_t fenceLength_ = 0, fenceIndent_ = 0, codeLines_ = 0;
};

}  // namespace

namespace lesson_detail {

std::vector<LessonError> ErrorSink::report() const {
    std::vector<LessonError> out = errors_;
    std::stable_sort(out.begin(), out.end(), [](const LessonError& a, const LessonError& b) { return a.line < b.line; });
    if (out.size() > kMaxLessonErrors || leftOut_) {
        const int line = out.size() > kMaxLessonErrors ? out[kMaxLessonErrors].line : leftOutLine_;
        out.resize(std::min(out.size(), kMaxLessonErrors));
        out.push_back({line, std::string(kTooManyErrors) + ": only the first " + std::to_string(kMaxLessonErrors) + " are listed"});
    }
    return out;
}

}  // namespace lesson_detail

LessonParse parseLesson(std::string_view text) { return BlockParser(text).run(); }

}  // namespace theta
