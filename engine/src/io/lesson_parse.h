// Shared by the lesson parser's parts (engine/include/theta/lesson.h): the block parser
// (lesson_blocks.cpp) hands each paragraph, heading and list item to the inline parser
// (lesson_inline.cpp), which hands each `do:` target to the action parser
// (lesson_actions.cpp). Errors go to one sink that keeps their lines.
#pragma once
#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "theta/lesson.h"

namespace theta::lesson_detail {

/// The inline text of one block: its lines joined by '\n', and where each line starts, so an
/// error inside a paragraph of several lines names the right one.
struct SourceText {
    std::string text;
    std::vector<std::size_t> starts;  ///< offset in `text` where each line starts
    std::vector<int> lines;           ///< its line number in the lesson

    void add(std::string_view s, int line) {
        if (!text.empty()) text += '\n';
        starts.push_back(text.size());
        lines.push_back(line);
        text.append(s);
    }
    bool empty() const { return starts.empty(); }
    int lineAt(std::size_t offset) const {
        const auto it = std::upper_bound(starts.begin(), starts.end(), offset);
        return it == starts.begin() ? (lines.empty() ? 0 : lines.front()) : lines[static_cast<std::size_t>(it - starts.begin()) - 1];
    }
};

/// How the line that ends a capped error report begins.
constexpr const char* kTooManyErrors = "too many errors";

/// Collects errors. Holds more than the report shows (kMaxLessonErrors) so that sorting by
/// line keeps the first ones, but stays bounded whatever the input.
class ErrorSink {
public:
    void add(int line, std::string message) {
        if (errors_.size() < kHeld) errors_.push_back({line, std::move(message)});
    }
    /// Another report left errors out from `line` on: this one says so too.
    void addLeftOut(int line) {
        leftOut_ = true;
        leftOutLine_ = line;
    }
    bool any() const { return !errors_.empty(); }
    /// The errors in line order (stable), at most kMaxLessonErrors and a line saying more were left out.
    std::vector<LessonError> report() const;

private:
    static constexpr std::size_t kHeld = 4 * kMaxLessonErrors;
    std::vector<LessonError> errors_;
    bool leftOut_ = false;
    int leftOutLine_ = 0;
};

/// Inline markup of a block's text: code, emphasis, strong, links, images, actions.
std::vector<LessonSpan> parseInline(const SourceText& source, ErrorSink& errors);

/// The action of `[text](do:TARGET)`, TARGET being what follows "do:". Checks what does not
/// depend on the experiment (verb, argument count and form, variable, panel and control
/// names, the setting's syntax); the reason of a refusal is in `error`.
LessonAction parseAction(std::string_view target);

/// A-Z a-z 0-9 . _ - : a name an experiment file allows for a layer.
bool isLessonLayerNameChar(char c);

/// ASCII whitespace (space, tab, newline, CR, form feed, vertical tab).
inline bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

/// "a, b or c" (or, with `conjunction` "and", "a, b and c") for an error message.
std::string oneOf(const std::vector<std::string>& words, const char* conjunction = "or");

}  // namespace theta::lesson_detail
