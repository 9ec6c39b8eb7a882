// Lessons: a safe Markdown subset with action links and question blocks, written beside a
// sim (docs/lessons.md is the format's reference). One parser and one checker for the
// command line (`thetalab lesson check`), the wasm module and the page:
//
//   parseLesson   text -> a document tree (blocks and inline spans) and the errors of the
//                 text itself (syntax, unknown actions, refused links), each naming its line;
//   checkLesson   the actions against an experiment (layers, units, settings);
//   lessonJson    the tree as JSON for the page, which renders it with DOM text nodes only.
//
// The tree holds text, never markup: raw HTML in a lesson stays text. A refused link keeps
// its text and loses its address; a refused action keeps its span with the reason, so the
// page can show a note on the link rather than a link that silently does nothing.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "theta/experiment.h"

namespace theta {

/// Bounds on hostile input: a lesson is a page of prose, not a book.
constexpr std::size_t kMaxLessonBytes = 256u << 10;
constexpr int kMaxLessonLines = 10000;
constexpr std::size_t kMaxLessonLineBytes = 10000;
/// A list inside a list item, no deeper.
constexpr int kMaxLessonListDepth = 2;
/// Emphasis, strong and link text nest at most this deep; deeper markup stays text.
constexpr int kMaxLessonInlineDepth = 8;
/// At most this many errors, then one line saying more were left out.
constexpr std::size_t kMaxLessonErrors = 50;
/// `step UNIT N`: N in [1, kMaxLessonStepCount].
constexpr int kMaxLessonStepCount = 10000;

enum class LessonVerb { Init, Run, Stop, Step, Set, View, Plot, Select, Open, Highlight };

/// "init", "run", ... (the word written after "do:").
const char* lessonVerbName(LessonVerb v);
/// The panels `open PANEL` names and the controls `highlight CONTROL` names: the page's
/// real ones (docs/lessons.md says which element each is).
const std::vector<std::string>& lessonPanelNames();
const std::vector<std::string>& lessonControlNames();

/// `[text](do:VERB ARGS...)`.
struct LessonAction {
    LessonVerb verb = LessonVerb::Init;
    std::vector<std::string> args;  ///< the words after the verb ("cycle", "200")
    std::string target;             ///< what follows "do:", words joined by one space
    int index = -1;                 ///< 0, 1, ... in document order
    std::string error;              ///< why it cannot act (from parse or check); empty if it can
};

enum class LessonSpanKind { Text, Code, Emphasis, Strong, Link, Image, Action };

struct LessonSpan {
    LessonSpanKind kind = LessonSpanKind::Text;
    int line = 0;                      ///< where it starts (1-based)
    std::string text;                  ///< Text and Code: the characters; Image: the alt text
    std::string url;                   ///< Link: href; Image: src (empty when refused)
    std::string error;                 ///< Link, Image: why the address was refused
    LessonAction action;               ///< Action only
    std::vector<LessonSpan> children;  ///< Emphasis, Strong, Link, Action: the content
};

enum class LessonBlockKind { Heading, Paragraph, Code, List, Question };

struct LessonListItem;

struct LessonBlock {
    LessonBlockKind kind = LessonBlockKind::Paragraph;
    int line = 0;
    int level = 0;                      ///< Heading: 1 to 3
    std::vector<LessonSpan> spans;      ///< Heading, Paragraph
    std::string text;                   ///< Code: its lines, joined by "\n"
    std::string lang;                   ///< Code: the word after the opening fence
    bool ordered = false;               ///< List: numbered (its items are the lesson's steps)
    int start = 1;                      ///< List, ordered: the first item's number
    std::vector<LessonListItem> items;  ///< List
    std::string id;                     ///< Question: [a-z0-9-]+, unique in the lesson
    std::vector<LessonBlock> blocks;    ///< Question: its paragraphs
};

struct LessonListItem {
    int line = 0;
    int step = -1;                    ///< items of ordered lists: 0, 1, ... in document order
    std::vector<LessonSpan> spans;
    std::vector<LessonBlock> lists;   ///< a nested list, if any
};

struct Lesson {
    std::string title;       ///< front matter `title:` ("" when not given)
    std::string experiment;  ///< front matter `experiment:`, a built-in name ("" when not given)
    std::vector<LessonBlock> blocks;
    int steps = 0, actions = 0, questions = 0;
};

struct LessonError {
    int line = 0;  ///< 1-based
    std::string message;
    std::string str() const { return "line " + std::to_string(line) + ": " + message; }
};

struct LessonParse {
    Lesson lesson;
    std::vector<LessonError> errors;  ///< empty when the text is a valid lesson
    bool ok() const { return errors.empty(); }
};

/// Parse a lesson (UTF-8, at most kMaxLessonBytes). Always returns a tree (as much of it as
/// could be read), with every error of the text in line order.
LessonParse parseLesson(std::string_view text);

/// Check the actions against `ex`: `set` settings apply to it (on a copy), `select` names
/// one of its layers and units. Sets the error of each refused action and returns the
/// errors in line order (at most kMaxLessonErrors + 1).
std::vector<LessonError> checkLesson(Lesson& lesson, const Experiment& ex);

/// parseLesson, then checkLesson against `ex` when it is not null: the errors of both in
/// line order (what the command line and the page report).
LessonParse parseAndCheckLesson(std::string_view text, const Experiment* ex);

/// The tree as JSON for the page (docs/lessons.md, "The document the page gets").
std::string lessonJson(const Lesson& lesson);

/// engine/lessons/<name>.md of a built-in experiment; empty when it has none.
std::string builtinLessonText(std::string_view name);

}  // namespace theta
