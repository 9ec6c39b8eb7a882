// A lesson's actions against the experiment they will act on (docs/lessons.md): what the
// parser cannot know alone, i.e. whether `set` and `select` name things that exist there.
#include <string>
#include <vector>

#include "io/lesson_parse.h"
#include "io/parse_util.h"
#include "theta/settings.h"

namespace theta {
namespace {

using parse_util::inQuotes;

int unitCount(const LayerSpec& layer) {
    int n = 1;
    for (int d : layer.shape) n *= d;
    return n;
}

std::string layerNames(const Experiment& ex) {
    std::vector<std::string> names;
    for (const LayerSpec& l : ex.layers) names.push_back(l.name);
    return lesson_detail::oneOf(names, "and");
}

/// Why `a` cannot act on `ex`; "" when it can.
std::string actionProblem(const LessonAction& a, const Experiment& ex) {
    if (a.verb == LessonVerb::Set) {
        std::string setting;
        for (const std::string& w : a.args) setting += (setting.empty() ? "" : " ") + w;
        Experiment copy = ex;
        const std::vector<ValidationError> errors = applySettings(copy, {setting});
        if (errors.empty()) return "";
        // A settings error names settings[0]; a validator error names the experiment's field.
        const ValidationError& e = errors.front();
        return "set " + (e.path.rfind("settings", 0) == 0 ? e.message : inQuotes(setting) + ": " + e.str());
    }
    if (a.verb == LessonVerb::Select) {
        for (const LayerSpec& l : ex.layers) {
            if (l.name != a.args[0]) continue;
            if (a.args.size() == 2 && std::stol(a.args[1]) >= unitCount(l))
                return "unit " + a.args[1] + " is not in layer " + inQuotes(l.name) + ", whose units are 0 to " +
                       std::to_string(unitCount(l) - 1);
            return "";
        }
        return "no layer named " + inQuotes(a.args[0]) + " in " + (ex.name.empty() ? "the experiment" : ex.name) +
               "; its layers are " + layerNames(ex);
    }
    return "";
}

/// Bounded depth: spans nest at most kMaxLessonInlineDepth + 1, blocks question or list > item > list.
void checkSpans(std::vector<LessonSpan>& spans, const Experiment& ex, lesson_detail::ErrorSink& errors) {
    for (LessonSpan& s : spans) {
        if (s.kind == LessonSpanKind::Action && s.action.error.empty()) {
            s.action.error = actionProblem(s.action, ex);
            if (!s.action.error.empty()) errors.add(s.line, s.action.error);
        }
        checkSpans(s.children, ex, errors);
    }
}

void checkBlocks(std::vector<LessonBlock>& blocks, const Experiment& ex, lesson_detail::ErrorSink& errors) {
    for (LessonBlock& b : blocks) {
        checkSpans(b.spans, ex, errors);
        for (LessonListItem& item : b.items) {
            checkSpans(item.spans, ex, errors);
            checkBlocks(item.lists, ex, errors);
        }
        checkBlocks(b.blocks, ex, errors);
    }
}

}  // namespace

std::vector<LessonError> checkLesson(Lesson& lesson, const Experiment& ex) {
    lesson_detail::ErrorSink errors;
    checkBlocks(lesson.blocks, ex, errors);
    return errors.report();
}

LessonParse parseAndCheckLesson(std::string_view text, const Experiment* ex) {
    LessonParse out = parseLesson(text);
    if (!ex) return out;
    lesson_detail::ErrorSink all;  // one report of both, capped once
    for (const std::vector<LessonError>& list : {out.errors, checkLesson(out.lesson, *ex)})
        for (const LessonError& e : list) {
            if (e.message.rfind(lesson_detail::kTooManyErrors, 0) == 0) all.addLeftOut(e.line);
            else all.add(e.line, e.message);
        }
    out.errors = all.report();
    return out;
}

}  // namespace theta
