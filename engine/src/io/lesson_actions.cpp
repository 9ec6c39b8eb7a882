// A lesson's action links, `[text](do:VERB ARGS...)`: the verbs, the page's panel and
// control names, and the checks that need no experiment (docs/lessons.md, "Action links").
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "io/lesson_parse.h"
#include "io/parse_util.h"
#include "theta/settings.h"
#include "theta/vars.h"

namespace theta {
namespace {

using lesson_detail::isLessonLayerNameChar;
using lesson_detail::isSpace;
using lesson_detail::oneOf;
using parse_util::inQuotes;

struct VerbName {
    LessonVerb verb;
    const char* name;
};
constexpr VerbName kVerbs[] = {
    {LessonVerb::Init, "init"}, {LessonVerb::Run, "run"},       {LessonVerb::Stop, "stop"},
    {LessonVerb::Step, "step"}, {LessonVerb::Set, "set"},       {LessonVerb::View, "view"},
    {LessonVerb::Plot, "plot"}, {LessonVerb::Select, "select"}, {LessonVerb::Open, "open"},
    {LessonVerb::Highlight, "highlight"},
};

/// The step units of the page's Step control (web/protocol.js Step).
const std::vector<std::string>& stepUnits() {
    static const std::vector<std::string> units = {"cycle", "phase", "trial", "epoch"};
    return units;
}

std::vector<std::string> verbWords() {
    std::vector<std::string> words;
    for (const VerbName& v : kVerbs) words.emplace_back(v.name);
    return words;
}

bool contains(const std::vector<std::string>& words, const std::string& w) {
    for (const std::string& x : words)
        if (x == w) return true;
    return false;
}

/// A whole number written with digits only, in [lo, hi]; false for anything else.
bool parseCount(const std::string& s, long lo, long hi, long& out) {
    if (s.empty() || s.size() > 9) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    out = std::strtol(s.c_str(), nullptr, 10);
    return out >= lo && out <= hi;
}

bool isPoolVar(const std::string& name) {
    for (int i = 0; i < kPoolVarCount; ++i)
        if (name == poolVarName(static_cast<PoolVar>(i))) return true;
    return false;
}

bool isNeuronVar(const std::string& name) { return neuronVarFromName(name.c_str()) != NeuronVar::Count; }

/// Checks the arguments of a known verb; returns the reason of a refusal, "" when they fit.
std::string argumentProblem(const LessonAction& a) {
    const std::string verb = lessonVerbName(a.verb);
    const std::size_t n = a.args.size();
    const auto quoted = [&](std::size_t i) { return inQuotes(a.args[i]); };
    switch (a.verb) {
    case LessonVerb::Init:
    case LessonVerb::Run:
    case LessonVerb::Stop:
        return n == 0 ? "" : "\"" + verb + "\" takes no arguments (found " + quoted(0) + ")";
    case LessonVerb::Step: {
        if (n == 0 || n > 2) return "\"step\" takes a unit and an optional count, e.g. \"step cycle 200\"";
        if (!contains(stepUnits(), a.args[0]))
            return "step unit " + quoted(0) + " is not one of " + oneOf(stepUnits());
        long count = 0;
        if (n == 2 && !parseCount(a.args[1], 1, kMaxLessonStepCount, count))
            return "step count " + quoted(1) + " must be a whole number from 1 to " + std::to_string(kMaxLessonStepCount);
        return "";
    }
    case LessonVerb::Set: {
        if (n == 0) return "\"set\" takes one setting, e.g. \"set Hidden1:Inhib.Layer.Gi=1.1\"";
        std::string text;
        for (const std::string& w : a.args) text += (text.empty() ? "" : " ") + w;
        Setting s;
        std::string reason;
        if (!parseSetting(text, s, reason)) return "set " + inQuotes(text) + ": " + reason;
        if (s.values.size() != 1) return "set " + inQuotes(text) + ": an action sets one value, not a grid";
        return "";
    }
    case LessonVerb::View:
        if (n != 1) return "\"view\" takes one variable, e.g. \"view Ge\"";
        if (!isNeuronVar(a.args[0]) && !isPoolVar(a.args[0]))
            return "unknown variable " + quoted(0) + " for the network view; use a neuron variable (Act, Ge, Vm, ...) "
                   "or a pool variable (FFs, FBs, GeExts, FSi, SSi, SSf, FSGi, SSGi, TotalGi)";
        return "";
    case LessonVerb::Plot:
        if (n != 1) return "\"plot\" takes one variable, e.g. \"plot Vm\"";
        if (!isNeuronVar(a.args[0]))
            return "unknown variable " + quoted(0) + " for the scope; use a neuron variable (Act, Ge, Gi, Vm, Spike, CaP, ...)";
        return "";
    case LessonVerb::Select: {
        if (n == 0 || n > 2) return "\"select\" takes a layer and an optional unit, e.g. \"select Output 3\"";
        for (char c : a.args[0])
            if (!isLessonLayerNameChar(c)) return "layer name " + quoted(0) + " may only have A-Z a-z 0-9 _ - .";
        long unit = 0;
        if (n == 2 && !parseCount(a.args[1], 0, kMaxLayerUnits - 1, unit))
            return "unit " + quoted(1) + " must be a whole number from 0 (the layer's first unit)";
        return "";
    }
    case LessonVerb::Open:
        if (n != 1 || !contains(lessonPanelNames(), a.args[0]))
            return "\"open\" takes a panel: " + oneOf(lessonPanelNames()) + (n == 1 ? " (not " + quoted(0) + ")" : "");
        return "";
    case LessonVerb::Highlight:
        if (n != 1 || !contains(lessonControlNames(), a.args[0]))
            return "\"highlight\" takes a control: " + oneOf(lessonControlNames()) + (n == 1 ? " (not " + quoted(0) + ")" : "");
        return "";
    }
    return "";
}

}  // namespace

const char* lessonVerbName(LessonVerb v) {
    for (const VerbName& x : kVerbs)
        if (x.verb == v) return x.name;
    return "?";
}

// The page's sections (web/index.html), by the names its teacher links use where they have one;
// the course sims' own panels show only for their kind of experiment (the page says so on the link).
const std::vector<std::string>& lessonPanelNames() {
    static const std::vector<std::string> names = {
        "controls", "network", "curves",  "trial-plot", "scope",   "inhib-plot", "raster",    "editor",
        "share",    "batch",   "compare", "neuron",     "synapse", "detector",   "inhib",     "stability"};
    return names;
}

// The page's controls a lesson can point at (web/index.html; docs/lessons.md lists the element of each).
const std::vector<std::string>& lessonControlNames() {
    static const std::vector<std::string> names = {
        "init",  "run",          "stop",       "seed",         "step",   "speed",       "task",
        "counters", "variable", "timeline",   "present",      "raster-layer", "share-link",
        "teacher-link", "upload", "batch-start", "ab-start"};
    return names;
}

namespace lesson_detail {

bool isLessonLayerNameChar(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}

std::string oneOf(const std::vector<std::string>& words, const char* conjunction) {
    std::string out;
    for (std::size_t i = 0; i < words.size(); ++i)
        out += (i == 0 ? "" : i + 1 == words.size() ? std::string(" ") + conjunction + " " : ", ") + words[i];
    return out;
}

LessonAction parseAction(std::string_view target) {
    LessonAction a;
    std::vector<std::string> words;
    for (std::size_t i = 0; i < target.size();) {
        while (i < target.size() && isSpace(target[i])) ++i;
        const std::size_t start = i;
        while (i < target.size() && !isSpace(target[i])) ++i;
        if (i > start) words.emplace_back(target.substr(start, i - start));
    }
    for (const std::string& w : words) a.target += (a.target.empty() ? "" : " ") + w;
    if (words.empty()) {
        a.error = "an empty action after \"do:\"; use " + oneOf(verbWords());
        return a;
    }
    bool known = false;
    for (const VerbName& v : kVerbs)
        if (words[0] == v.name) a.verb = v.verb, known = true;
    if (!known) {
        a.error = "unknown action " + inQuotes(words[0]) + "; use " + oneOf(verbWords());
        return a;
    }
    a.args.assign(words.begin() + 1, words.end());
    a.error = argumentProblem(a);
    return a;
}

}  // namespace lesson_detail
}  // namespace theta
