// Embind bindings for lessons (engine/include/theta/lesson.h, docs/lessons.md): marshalling
// only, in their own block so they stay apart from the Sim's bindings in embind.cpp.
//
//   checkLesson(text, experimentJson)  -> {ok, errors: [{line, message}], doc}
//       against the experiment given as JSON or, when experimentJson is "" (or undefined:
//       Embind wants both arguments), the built-in the lesson's front matter names;
//   checkLessonForSim(text, sim)       -> the same, against the experiment `sim` runs;
//   builtinLessonText(name)            -> the built-in's lesson ("" when it has none).
//
// `doc` is the lesson's tree (lessonJson) as a JS object, also when there are errors: the
// page shows a refused action with its reason instead of a link that does nothing. Nothing
// here throws: wrong argument types come back as errors on line 0.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <string>
#include <vector>

#include "theta/experiment.h"
#include "theta/lesson.h"
#include "theta/sim.h"

namespace {

using emscripten::val;

val lessonResult(const theta::Lesson& lesson, const std::vector<theta::LessonError>& errors) {
    val list = val::array();
    for (const theta::LessonError& e : errors) {
        val o = val::object();
        o.set("line", e.line);
        o.set("message", e.message);
        list.call<void>("push", o);
    }
    val result = val::object();
    result.set("ok", errors.empty());
    result.set("errors", list);
    result.set("doc", val::global("JSON").call<val>("parse", theta::lessonJson(lesson)));
    return result;
}

/// A refusal before any parsing: an empty document and one error on line 0.
val refused(const std::string& message) {
    return lessonResult(theta::Lesson{}, {{0, message}});
}

val checkAgainst(const std::string& text, const theta::Experiment* ex) {
    const theta::LessonParse parsed = theta::parseAndCheckLesson(text, ex);
    return lessonResult(parsed.lesson, parsed.errors);
}

val checkLesson(const val& text, const val& experimentJson) {
    if (text.typeOf().as<std::string>() != "string") return refused("a lesson must be text");
    const std::string type = experimentJson.typeOf().as<std::string>();
    if (type != "string" && type != "undefined" && !experimentJson.isNull())
        return refused("the experiment must be JSON text, or empty for the lesson's own");
    const std::string lesson = text.as<std::string>();
    std::string json = type == "string" ? experimentJson.as<std::string>() : std::string();
    if (json.empty()) {
        const theta::LessonParse parsed = theta::parseLesson(lesson);
        if (parsed.lesson.experiment.empty()) {
            std::vector<theta::LessonError> errors = parsed.errors;
            errors.insert(errors.begin(), {1, "no experiment to check the actions against: add \"experiment: "
                                              "<built-in>\" to the front matter or give the experiment"});
            return lessonResult(parsed.lesson, errors);
        }
        json = theta::builtinExperimentJson(parsed.lesson.experiment);
    }
    const theta::ParseResult ex = theta::parseExperiment(json);
    if (!ex.ok()) return refused("the experiment is refused: " + ex.errors.front().str());
    return checkAgainst(lesson, &ex.experiment);
}

val checkLessonForSim(const val& text, const theta::Sim& sim) {
    if (text.typeOf().as<std::string>() != "string") return refused("a lesson must be text");
    return checkAgainst(text.as<std::string>(), &sim.experiment());
}

}  // namespace

EMSCRIPTEN_BINDINGS(thetalab_lessons) {
    emscripten::function("checkLesson", &checkLesson);              // {ok, errors: [{line, message}], doc}
    emscripten::function("checkLessonForSim", &checkLessonForSim);  // the same, against a Sim's experiment
    emscripten::function("builtinLessonText", +[](const std::string& name) { return theta::builtinLessonText(name); });
}
