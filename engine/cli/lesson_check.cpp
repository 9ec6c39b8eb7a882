// `thetalab lesson check` (lesson_check.h).
#include "lesson_check.h"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <vector>

#include "share_link.h"
#include "theta/lesson.h"

namespace theta {
namespace {

constexpr int kExitOk = 0, kExitBadInput = 2;

std::string plural(int n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string summary(const Lesson& lesson) {
    return plural(lesson.steps, "step", "steps") + ", " + plural(lesson.actions, "action link", "action links") + ", " +
           plural(lesson.questions, "question", "questions");
}

void printErrors(const std::string& file, const std::vector<LessonError>& errors) {
    for (const LessonError& e : errors) std::fprintf(stderr, "%s:%d: %s\n", file.c_str(), e.line, e.message.c_str());
}

/// Check `text` against `ex` (or against nothing when `ex` is null: only the text's own
/// errors, plus one saying there is nothing to check the actions against).
int check(const std::string& file, const std::string& text, const Experiment* ex, const std::string& exName) {
    const LessonParse parsed = parseAndCheckLesson(text, ex);
    std::vector<LessonError> errors = parsed.errors;
    if (!ex && parsed.lesson.experiment.empty()) {
        errors.insert(errors.begin(), {1, "no experiment to check the actions against: add \"experiment: <built-in>\" "
                                          "to the front matter or pass --experiment"});
    }
    if (!errors.empty()) {
        printErrors(file, errors);
        return kExitBadInput;
    }
    std::printf("%s: %s (checked against %s)\n", file.c_str(), summary(parsed.lesson).c_str(), exName.c_str());
    return kExitOk;
}

}  // namespace

int checkLessonFile(const std::string& source, const std::string& experimentSource, const ExperimentLoader& load) {
    std::string text, file = source;
    if (source.find("&l=") != std::string::npos || source.find("#l=") != std::string::npos) {
        // A share link with a lesson: checked against the link's own experiment (its x= or
        // builtin=), the one the page runs it with, unless --experiment says otherwise.
        std::string error;
        if (!decodeShareLinkLesson(source, text, error)) {
            std::fprintf(stderr, "thetalab: %s\n", error.c_str());
            return kExitBadInput;
        }
        const std::string builtin = shareLinkBuiltin(source);
        const std::string linked = !experimentSource.empty() ? experimentSource : looksLikeShareLink(source) ? source : builtin;
        if (linked.empty()) return check("the link's lesson", text, nullptr, "");
        Experiment ex;
        if (!load(linked, ex)) return kExitBadInput;
        return check("the link's lesson", text, &ex,
                     !experimentSource.empty() ? experimentSource : linked == builtin ? builtin : "the link's experiment");
    }
    if (std::ifstream in{source, std::ios::binary}) {
        std::ostringstream ss;
        ss << in.rdbuf();
        text = ss.str();
    } else {
        text = builtinLessonText(source);
        if (text.empty()) {
            std::fprintf(stderr, "thetalab: %s is neither a readable file nor a built-in lesson\n", source.c_str());
            return kExitBadInput;
        }
        file = "engine/lessons/" + source + ".md";
    }
    Experiment ex;
    if (!experimentSource.empty()) {
        if (!load(experimentSource, ex)) return kExitBadInput;
        return check(file, text, &ex, experimentSource);
    }
    const std::string named = parseLesson(text).lesson.experiment;
    if (named.empty()) return check(file, text, nullptr, "");
    if (!load(named, ex)) return kExitBadInput;
    return check(file, text, &ex, named);
}

int checkBuiltinLessons() {
    int code = kExitOk;
    for (const std::string& name : builtinExperimentNames()) {
        const std::string text = builtinLessonText(name);
        if (text.empty()) continue;
        const std::string file = "engine/lessons/" + name + ".md";
        const std::string named = parseLesson(text).lesson.experiment;
        if (!named.empty() && named != name) {
            std::fprintf(stderr, "%s:1: the lesson of built-in %s names experiment %s; a built-in's lesson is about it\n",
                         file.c_str(), name.c_str(), named.c_str());
            code = kExitBadInput;
            continue;
        }
        const ParseResult ex = parseExperiment(builtinExperimentJson(name));
        if (check(file, text, &ex.experiment, name) != kExitOk) code = kExitBadInput;
    }
    return code;
}

}  // namespace theta
