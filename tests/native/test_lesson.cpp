// Lessons (engine/include/theta/lesson.h, docs/lessons.md): the Markdown subset, action
// links and their checks against an experiment, question blocks, steps, the JSON the page
// gets, the limits on hostile text, and every built-in lesson against its own experiment.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "theta/experiment.h"
#include "theta/lesson.h"

using namespace theta;

// Error lists print in failure reports.
template <>
struct doctest::StringMaker<std::vector<std::string>> {
    static doctest::String convert(const std::vector<std::string>& v) {
        std::string out = "{";
        for (const std::string& s : v) out += "\n  " + s;
        return (out + "\n}").c_str();
    }
};

namespace {

Experiment builtin(const char* name) {
    const ParseResult r = parseExperiment(builtinExperimentJson(name));
    REQUIRE(r.ok());
    return r.experiment;
}

/// The errors of parsing `text` and then checking it against testnet, each as "line N: message".
std::vector<std::string> errorsOf(const std::string& text, const char* experiment = "testnet") {
    LessonParse p = parseLesson(text);
    std::vector<std::string> out;
    for (const LessonError& e : p.errors) out.push_back(e.str());
    for (const LessonError& e : checkLesson(p.lesson, builtin(experiment))) out.push_back(e.str());
    return out;
}

/// The one paragraph of `text`'s spans (the text must be one paragraph).
std::vector<LessonSpan> spansOf(const std::string& text) {
    const LessonParse p = parseLesson(text);
    REQUIRE(p.lesson.blocks.size() == 1);
    REQUIRE(p.lesson.blocks[0].kind == LessonBlockKind::Paragraph);
    return p.lesson.blocks[0].spans;
}

/// The first action of a one-paragraph lesson, after checking against testnet.
LessonAction actionOf(const std::string& link) {
    LessonParse p = parseLesson(link);
    checkLesson(p.lesson, builtin("testnet"));
    REQUIRE(p.lesson.blocks.size() == 1);
    for (const LessonSpan& s : p.lesson.blocks[0].spans)
        if (s.kind == LessonSpanKind::Action) return s.action;
    FAIL("no action in " << link);
    return {};
}

nlohmann::json jsonOf(const std::string& text) {
    const nlohmann::json doc = nlohmann::json::parse(lessonJson(parseLesson(text).lesson), nullptr, false);
    REQUIRE_FALSE(doc.is_discarded());
    return doc;
}

const char* kUnknownActionHelp = "; use init, run, stop, step, set, view, plot, select, open or highlight";

}  // namespace

TEST_CASE("lesson: front matter gives the title and the experiment") {
    const LessonParse p = parseLesson("---\ntitle: \"Pattern pairs\"\nexperiment: ra25\n---\n\nText.\n");
    CHECK(p.ok());
    CHECK(p.lesson.title == "Pattern pairs");
    CHECK(p.lesson.experiment == "ra25");
    REQUIRE(p.lesson.blocks.size() == 1);
    CHECK(p.lesson.blocks[0].line == 6);

    CHECK(errorsOf("---\ncolor: red\nexperiment: nope\ntitle\n---\nText.\n") ==
          std::vector<std::string>{
              "line 2: unknown front matter key \"color\"; use title or experiment",
              "line 3: experiment \"nope\" is not a built-in; use ra25, testnet, deepfsa, neuron, synapse, detector, inhib or stability",
              "line 4: front matter lines are \"key: value\" (title or experiment), not \"title\""});
    CHECK(errorsOf("---\ntitle: a\ntitle: b\n---\nText.\n") ==
          std::vector<std::string>{"line 3: title is already given on line 2"});
    CHECK(errorsOf("---\ntitle: a\nText.\n") ==
          std::vector<std::string>{"line 1: the front matter opened here is not closed with a line \"---\""});
    // Only line 1 opens front matter; "---" anywhere else is refused rather than drawn as a rule.
    CHECK(errorsOf("Text.\n\n---\n") ==
          std::vector<std::string>{"line 3: \"---\" is a horizontal rule, which lessons do not have (\"---\" only "
                                   "opens and closes the front matter on line 1)"});
}

TEST_CASE("lesson: headings # to ###, paragraphs, code blocks") {
    const LessonParse p = parseLesson("# One\n## Two ##\n### Three\n#hashtag is text\nsecond line\n\n```bash\n"
                                      "<b>x</b>\n  *not em*\n```\n");
    CHECK(p.ok());
    REQUIRE(p.lesson.blocks.size() == 5);
    CHECK(p.lesson.blocks[0].level == 1);
    CHECK(p.lesson.blocks[1].level == 2);
    CHECK(p.lesson.blocks[1].spans[0].text == "Two");  // the closing ## is dropped
    CHECK(p.lesson.blocks[2].level == 3);
    CHECK(p.lesson.blocks[3].kind == LessonBlockKind::Paragraph);
    CHECK(p.lesson.blocks[3].spans[0].text == "#hashtag is text\nsecond line");
    CHECK(p.lesson.blocks[4].kind == LessonBlockKind::Code);
    CHECK(p.lesson.blocks[4].lang == "bash");
    CHECK(p.lesson.blocks[4].text == "<b>x</b>\n  *not em*");

    CHECK(errorsOf("#### Four\n") == std::vector<std::string>{"line 1: headings go from # to ###, not ####"});
    CHECK(errorsOf("Text.\n\n```\ncode\n") ==
          std::vector<std::string>{"line 3: the code block opened here is not closed with a line \"```\""});
    CHECK(errorsOf("") == std::vector<std::string>{"line 1: the lesson has no text (headings, paragraphs, steps or questions)"});
}

TEST_CASE("lesson: emphasis, strong, code spans and escapes") {
    const std::vector<LessonSpan> s = spansOf("*a* _b_ **c** __d__ ***e*** `x*y*` \\*f\\* snake_case_name 2*3*4");
    std::vector<LessonSpanKind> kinds;
    for (const LessonSpan& x : s) kinds.push_back(x.kind);
    using K = LessonSpanKind;
    CHECK(kinds == std::vector<K>{K::Emphasis, K::Text, K::Emphasis, K::Text, K::Strong, K::Text, K::Strong, K::Text,
                                  K::Strong, K::Text, K::Code, K::Text, K::Emphasis, K::Text});
    CHECK(s[0].children[0].text == "a");
    CHECK(s[8].children[0].kind == K::Emphasis);  // ***e*** is strong emphasis
    CHECK(s[8].children[0].children[0].text == "e");
    CHECK(s[10].text == "x*y*");
    // escapes give the character; "_" inside a word is not emphasis; "*" between digits
    // opens and closes like any star (2*3*4 shows 2, then 3 emphasized, then 4)
    CHECK(s[11].text == " *f* snake_case_name 2");
}

TEST_CASE("lesson: raw HTML is never interpreted, it stays text") {
    const std::vector<LessonSpan> s = spansOf("Bold <b>x</b> and <script>alert(1)</script> <img src=x onerror=alert(1)>");
    REQUIRE(s.size() == 1);
    CHECK(s[0].kind == LessonSpanKind::Text);
    CHECK(s[0].text == "Bold <b>x</b> and <script>alert(1)</script> <img src=x onerror=alert(1)>");
    const nlohmann::json doc = jsonOf("<b>x</b>\n");
    CHECK(doc["blocks"][0]["content"][0] == nlohmann::json{{"type", "text"}, {"line", 1}, {"text", "<b>x</b>"}});
}

TEST_CASE("lesson: links go to http:, https: or this site, anything else is refused naming the line") {
    const std::vector<LessonSpan> ok = spansOf("[a](https://emer.github.io/axon_(x)) [b](http://x.org) [c](notes.html) "
                                               "[d](/docs/page.md#top) ![fig](images/fig.png)");
    CHECK(ok[0].kind == LessonSpanKind::Link);
    CHECK(ok[0].url == "https://emer.github.io/axon_(x)");  // parentheses pair up inside the address
    CHECK(ok[2].url == "http://x.org");
    CHECK(ok[4].url == "notes.html");
    CHECK(ok[6].url == "/docs/page.md#top");
    CHECK(ok[8].kind == LessonSpanKind::Image);
    CHECK(ok[8].url == "images/fig.png");
    CHECK(ok[8].text == "fig");

    const std::string help = "a link goes to an http: or https: address, a path on this site (e.g. notes.html) or an action (do:...)";
    CHECK(errorsOf("Intro.\n\nSee [this](javascript:alert(1)).\n") ==
          std::vector<std::string>{"line 3: link to \"javascript:alert(1)\" refused: " + help});
    for (const char* url : {"JavaScript:alert(1)", "data:text/html,x", "vbscript:x", "file:///etc/passwd",
                            "mailto:a@b.c", "//evil.example/x", "a\\b", "java\tscript:x"}) {
        CAPTURE(url);
        const std::vector<std::string> e = errorsOf(std::string("[x](") + url + ")\n");
        REQUIRE(e.size() == 1);
        CHECK(e[0].rfind("line 1: link to ", 0) == 0);
    }
    // images: this site only, not even https
    CHECK(errorsOf("![x](https://a.org/a.png)\n") ==
          std::vector<std::string>{"line 1: image \"https://a.org/a.png\" refused: an image is a path on this site, e.g. images/fig.png"});
    CHECK(errorsOf("![x](data:image/png;base64,AAAA)\n").size() == 1);

    // A refused link keeps its text and has no address for the page to follow.
    const nlohmann::json doc = jsonOf("[click](javascript:alert(1))\n");
    const nlohmann::json& link = doc["blocks"][0]["content"][0];
    CHECK(link["type"] == "link");
    CHECK_FALSE(link.contains("href"));
    CHECK(link["error"].get<std::string>().rfind("link to \"javascript:alert(1)\" refused", 0) == 0);
    CHECK(link["content"][0]["text"] == "click");
}

TEST_CASE("lesson: an unknown action is refused with its line and the verbs allowed") {
    CHECK(errorsOf("# Steps\n\nFirst [go](do:run), then\n[jump ahead](do:jump 3).\n") ==
          std::vector<std::string>{std::string("line 4: unknown action \"jump\"") + kUnknownActionHelp});
    CHECK(errorsOf("[x](do:)\n") ==
          std::vector<std::string>{std::string("line 1: an empty action after \"do:\"") + kUnknownActionHelp});
    CHECK(errorsOf("[](do:run)\n") ==
          std::vector<std::string>{"line 1: an action link needs text to click, e.g. [Run](do:run)"});
}

TEST_CASE("lesson: init, run, stop and step") {
    for (const char* verb : {"init", "run", "stop"}) {
        CAPTURE(verb);
        CHECK(actionOf(std::string("[x](do:") + verb + ")").error.empty());
        CHECK(actionOf(std::string("[x](do:") + verb + " now)").error == "\"" + std::string(verb) + "\" takes no arguments (found \"now\")");
    }
    const LessonAction step = actionOf("[x](do:  step   cycle   200 )");
    CHECK(step.error.empty());
    CHECK(step.verb == LessonVerb::Step);
    CHECK(step.args == std::vector<std::string>{"cycle", "200"});
    CHECK(step.target == "step cycle 200");
    for (const char* ok : {"step trial", "step phase 1", "step epoch 10000", "step cycle 1"}) {
        CAPTURE(ok);
        CHECK(actionOf(std::string("[x](do:") + ok + ")").error.empty());
    }
    CHECK(actionOf("[x](do:step minute)").error == "step unit \"minute\" is not one of cycle, phase, trial or epoch");
    for (const char* count : {"0", "10001", "-1", "1.5", "2e3", "ten"}) {
        CAPTURE(count);
        CHECK(actionOf(std::string("[x](do:step trial ") + count + ")").error ==
              "step count \"" + std::string(count) + "\" must be a whole number from 1 to 10000");
    }
    CHECK(actionOf("[x](do:step)").error == "\"step\" takes a unit and an optional count, e.g. \"step cycle 200\"");
    CHECK(actionOf("[x](do:step trial 1 2)").error == "\"step\" takes a unit and an optional count, e.g. \"step cycle 200\"");
}

TEST_CASE("lesson: set takes one setting whose layers and values fit the experiment") {
    CHECK(actionOf("[x](do:set Hidden:Inhib.Layer.Gi=1.1)").error.empty());
    CHECK(actionOf("[x](do:set Input>Hidden:Learn.LRate.Base=0.03)").error.empty());
    CHECK(actionOf("[x](do:set *:Inhib.Layer.FB=0.6)").error.empty());
    CHECK(actionOf("[x](do:set train.epochs=5)").error.empty());
    CHECK(actionOf("[x](do:set Hidden : Inhib.Layer.Gi = 1.1)").error.empty());  // spaces around the parts
    CHECK(actionOf("[x](do:set Hiden:Inhib.Layer.Gi=1)").error == "set \"Hiden:Inhib.Layer.Gi=1\": no layer named \"Hiden\"");
    CHECK(actionOf("[x](do:set Hidden>Input:PathScale.Rel=1)").error ==
          "set \"Hidden>Input:PathScale.Rel=1\": no path \"Hidden>Input\" in the network");
    CHECK(actionOf("[x](do:set Hidden:Inhib.Layr.Gi=1)").error ==
          "set \"Hidden:Inhib.Layr.Gi=1\": unknown layer parameter \"Inhib.Layr.Gi\"");
    CHECK(actionOf("[x](do:set Hidden:Inhib.Layer.Gi=500)").error ==
          "set \"Hidden:Inhib.Layer.Gi=500\": value 500 must be in [0, 100]");
    CHECK(actionOf("[x](do:set Hidden:Inhib.Layer.Gi=1,2)").error ==
          "set \"Hidden:Inhib.Layer.Gi=1,2\": an action sets one value, not a grid");
    CHECK(actionOf("[x](do:set)").error == "\"set\" takes one setting, e.g. \"set Hidden1:Inhib.Layer.Gi=1.1\"");
    // A layer that exists in ra25 but not in testnet: only the check against the experiment knows.
    CHECK(parseLesson("[x](do:set Hidden1:Inhib.Layer.Gi=1)\n").ok());
    CHECK(errorsOf("[x](do:set Hidden1:Inhib.Layer.Gi=1)\n") ==
          std::vector<std::string>{"line 1: set \"Hidden1:Inhib.Layer.Gi=1\": no layer named \"Hidden1\""});
    CHECK(errorsOf("[x](do:set Hidden1:Inhib.Layer.Gi=1)\n", "ra25").empty());
}

TEST_CASE("lesson: view, plot and select") {
    CHECK(actionOf("[x](do:view Ge)").error.empty());
    CHECK(actionOf("[x](do:view TotalGi)").error.empty());  // a pool variable
    CHECK(actionOf("[x](do:view Foo)").error ==
          "unknown variable \"Foo\" for the network view; use a neuron variable (Act, Ge, Vm, ...) or a pool "
          "variable (FFs, FBs, GeExts, FSi, SSi, SSf, FSGi, SSGi, TotalGi)");
    CHECK(actionOf("[x](do:plot Vm)").error.empty());
    CHECK(actionOf("[x](do:plot TotalGi)").error ==
          "unknown variable \"TotalGi\" for the scope; use a neuron variable (Act, Ge, Gi, Vm, Spike, CaP, ...)");
    CHECK(actionOf("[x](do:view)").error == "\"view\" takes one variable, e.g. \"view Ge\"");
    CHECK(actionOf("[x](do:plot Vm Ge)").error == "\"plot\" takes one variable, e.g. \"plot Vm\"");

    CHECK(actionOf("[x](do:select Output)").error.empty());
    CHECK(actionOf("[x](do:select Output 3)").error.empty());
    CHECK(actionOf("[x](do:select Output 4)").error == "unit 4 is not in layer \"Output\", whose units are 0 to 3");
    CHECK(actionOf("[x](do:select Hidden1 0)").error ==
          "no layer named \"Hidden1\" in testnet; its layers are Input, Hidden and Output");
    CHECK(actionOf("[x](do:select Output -1)").error == "unit \"-1\" must be a whole number from 0 (the layer's first unit)");
    CHECK(actionOf("[x](do:select Out<put>)").error == "layer name \"Out<put>\" may only have A-Z a-z 0-9 _ - .");
}

TEST_CASE("lesson: open names a panel, highlight a control, from fixed lists") {
    for (const std::string& p : lessonPanelNames()) CHECK(actionOf("[x](do:open " + p + ")").error.empty());
    for (const std::string& c : lessonControlNames()) CHECK(actionOf("[x](do:highlight " + c + ")").error.empty());
    CHECK(actionOf("[x](do:open lessons)").error ==
          "\"open\" takes a panel: controls, network, curves, trial-plot, scope, inhib-plot, raster, editor, share, "
          "batch, compare, neuron, synapse, detector, inhib or stability (not \"lessons\")");
    CHECK(actionOf("[x](do:highlight)").error.rfind("\"highlight\" takes a control: init, run, stop, seed, step, ", 0) == 0);
}

TEST_CASE("lesson: ordered list items are the steps, numbered in document order, and nesting is bounded") {
    const LessonParse p = parseLesson(
        "1. one\n   continued\n2. two\n   - note\n   - note\n     1. sub\n\n- bullet\n\n5. five [Run](do:run) [Stop](do:stop)\n");
    REQUIRE(p.errors.size() == 1);
    CHECK(p.errors[0].str() == "line 6: lists nest at most 2 levels deep (a list inside a list item)");
    CHECK(p.lesson.steps == 3);  // one, two, five ("sub", nested too deep, is kept as a bullet of the inner list)
    REQUIRE(p.lesson.blocks.size() == 3);
    const LessonBlock& first = p.lesson.blocks[0];
    CHECK(first.ordered);
    REQUIRE(first.items.size() == 2);
    CHECK(first.items[0].step == 0);
    CHECK(first.items[0].spans[0].text == "one\ncontinued");
    CHECK(first.items[1].step == 1);
    REQUIRE(first.items[1].lists.size() == 1);
    CHECK_FALSE(first.items[1].lists[0].ordered);
    CHECK(first.items[1].lists[0].items[0].step == -1);
    CHECK_FALSE(p.lesson.blocks[1].ordered);
    CHECK(p.lesson.blocks[2].start == 5);
    CHECK(p.lesson.blocks[2].items[0].step == 2);
    CHECK(p.lesson.actions == 2);
    CHECK(p.lesson.blocks[2].items[0].spans[1].action.index == 0);
    CHECK(p.lesson.blocks[2].items[0].spans[3].action.index == 1);

    // A blank line between items keeps one list, so steps keep their numbers.
    const LessonParse loose = parseLesson("1. a\n\n2. b\n\n3. c\n");
    REQUIRE(loose.lesson.blocks.size() == 1);
    CHECK(loose.lesson.blocks[0].items.size() == 3);
}

TEST_CASE("lesson: question blocks have unique ids, hold paragraphs and are closed") {
    const LessonParse p = parseLesson("Intro.\n\n:::question why-0\nWhy *this*?\n\nAnd that.\n:::\n");
    CHECK(p.ok());
    CHECK(p.lesson.questions == 1);
    REQUIRE(p.lesson.blocks.size() == 2);
    const LessonBlock& q = p.lesson.blocks[1];
    CHECK(q.kind == LessonBlockKind::Question);
    CHECK(q.id == "why-0");
    CHECK(q.line == 3);
    REQUIRE(q.blocks.size() == 2);
    CHECK(q.blocks[0].spans[1].kind == LessonSpanKind::Emphasis);

    CHECK(errorsOf(":::question a\nA?\n:::\n\n:::question a\nB?\n:::\n") ==
          std::vector<std::string>{"line 5: question id \"a\" is already used on line 1"});
    CHECK(errorsOf("Text.\n:::question open\nWhat?\n") ==
          std::vector<std::string>{"line 2: question \"open\" opened here is not closed with a line \":::\""});
    CHECK(errorsOf(":::question Bad_Id\nA?\n:::\n") ==
          std::vector<std::string>{"line 1: question id \"Bad_Id\" is not allowed: \":::question ID\", ID of 1 to 64 "
                                   "characters from a-z 0-9 -"});
    CHECK(errorsOf(":::question\nA?\n:::\n") ==
          std::vector<std::string>{"line 1: a question needs an id: \":::question ID\", ID of 1 to 64 characters from a-z 0-9 -"});
    CHECK(errorsOf(":::question a\n:::\n") == std::vector<std::string>{"line 1: question \"a\" has no text"});
    CHECK(errorsOf("Text.\n:::\n") ==
          std::vector<std::string>{"line 2: \":::\" closes a question, but none is open (open one with \":::question ID\")"});
    CHECK(errorsOf(":::note\n") ==
          std::vector<std::string>{"line 1: unknown block \":::note\"; the only block is \":::question ID\", closed by \":::\""});
    CHECK(errorsOf(":::question a\nA?\n:::question b\nB?\n:::\n") ==
          std::vector<std::string>{"line 3: a question cannot hold another: close question \"a\" (line 1) with \":::\" first"});
    CHECK(errorsOf(":::question a\n1. step\n:::\n") ==
          std::vector<std::string>{"line 2: a question holds paragraphs only, not a list; close question \"a\" (line 1) with \":::\" first"});
}

TEST_CASE("lesson: the JSON the page gets") {
    const nlohmann::json doc = jsonOf("---\ntitle: T\nexperiment: testnet\n---\n# H\n\n1. [Step](do:step cycle 5) `c`\n"
                                      "2. [Go](do:jump)\n\n:::question q\nWhy?\n:::\n");
    CHECK(doc["title"] == "T");
    CHECK(doc["experiment"] == "testnet");
    CHECK(doc["steps"] == 2);
    CHECK(doc["actions"] == 2);
    CHECK(doc["questions"] == 1);
    CHECK(doc["blocks"][0] == nlohmann::json::parse(
        R"({"type":"heading","line":5,"level":1,"content":[{"type":"text","line":5,"text":"H"}]})"));
    const nlohmann::json& list = doc["blocks"][1];
    CHECK(list["type"] == "list");
    CHECK(list["ordered"] == true);
    CHECK(list["start"] == 1);
    CHECK(list["items"][0]["step"] == 0);
    CHECK(list["items"][0]["content"][0] == nlohmann::json::parse(
        R"({"type":"action","line":7,"index":0,"target":"step cycle 5","verb":"step","args":["cycle","5"],
            "content":[{"type":"text","line":7,"text":"Step"}]})"));
    CHECK(list["items"][0]["content"][2] == nlohmann::json::parse(R"({"type":"code","line":7,"text":"c"})"));
    // a refused action keeps its text and its reason, so the page can show a note on it
    CHECK(list["items"][1]["content"][0] == nlohmann::json::parse(std::string(
        R"({"type":"action","line":8,"index":1,"target":"jump","error":"unknown action \"jump\")") +
        kUnknownActionHelp + R"(","content":[{"type":"text","line":8,"text":"Go"}]})"));
    CHECK(doc["blocks"][2] == nlohmann::json::parse(
        R"({"type":"question","line":10,"id":"q","blocks":[{"type":"paragraph","line":11,"content":[{"type":"text","line":11,"text":"Why?"}]}]})"));
}

TEST_CASE("lesson: hostile text is bounded and refused with clear errors") {
    CHECK(errorsOf(std::string(kMaxLessonBytes + 1, 'a')) ==
          std::vector<std::string>{"line 1: the lesson is 262145 bytes, more than the 262144 (256 KiB) allowed"});
    std::string lines;
    for (int i = 0; i <= kMaxLessonLines; ++i) lines += "a\n";
    CHECK(errorsOf(lines) == std::vector<std::string>{"line 10001: the lesson has more than the 10000 lines allowed; the rest is not read"});
    CHECK(errorsOf("ok\n" + std::string(kMaxLessonLineBytes + 1, 'a') + "\n") ==
          std::vector<std::string>{"line 2: the line is 10001 bytes, more than the 10000 allowed"});
    CHECK(errorsOf("ok\n\nab\xff\n") == std::vector<std::string>{"line 3: byte 3 is not UTF-8 (a lesson is UTF-8 text)"});
    CHECK(errorsOf("a\x01\n") == std::vector<std::string>{
        "line 1: control character U+0001 (a lesson is plain text: tabs are the only control characters allowed)"});
    CHECK(errorsOf("\xEF\xBB\xBFText with a byte order mark.\r\nWindows line ends.\r\n").empty());

    // At most 50 errors, then one line saying more were left out.
    std::string many;
    for (int i = 0; i < 80; ++i) many += "[x](do:jump)\n\n";
    const std::vector<std::string> e = errorsOf(many);
    REQUIRE(e.size() == kMaxLessonErrors + 1);
    CHECK(e.back() == "line 101: too many errors: only the first 50 are listed");

    // Markup nested past kMaxLessonInlineDepth stays text instead of recursing further.
    std::string deep;
    for (int i = 0; i < 2000; ++i) deep += "*a\n";
    deep += "b";
    for (int i = 0; i < 2000; ++i) deep += "\na*";
    const LessonParse nested = parseLesson(deep);
    REQUIRE(nested.ok());
    int depth = 0;  // how deep the emphasis goes: each level holds "a\n", the next level, "\na"
    for (const std::vector<LessonSpan>* level = &nested.lesson.blocks[0].spans; !level->empty();) {
        const auto em = std::find_if(level->begin(), level->end(),
                                     [](const LessonSpan& s) { return s.kind == LessonSpanKind::Emphasis; });
        if (em == level->end()) break;
        ++depth;
        level = &em->children;
    }
    CHECK(depth == kMaxLessonInlineDepth);

    // Unmatched delimiters, brackets and backticks on the largest lesson: linear, not quadratic.
    std::string hostile;
    while (hostile.size() < kMaxLessonBytes - 200) hostile += "*a _b `c ``d [e (f ![g **h __i\n";
    const auto start = std::chrono::steady_clock::now();
    const LessonParse big = parseLesson(hostile);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    CHECK(big.ok());
    CHECK(seconds < 2.0);  // ~0.05 s natively; generous for the sanitizer builds
}

TEST_CASE("lesson: every built-in lesson is valid against its own experiment") {
    int lessons = 0;
    for (const std::string& name : builtinExperimentNames()) {
        const std::string text = builtinLessonText(name);
        if (text.empty()) continue;
        CAPTURE(name);
        ++lessons;
        LessonParse p = parseLesson(text);
        for (const LessonError& e : p.errors) FAIL_CHECK(e.str());
        CHECK(p.lesson.experiment == name);
        const std::vector<LessonError> errors = checkLesson(p.lesson, builtin(name.c_str()));
        for (const LessonError& e : errors) FAIL_CHECK(e.str());
        CHECK(p.lesson.steps > 0);
        CHECK(p.lesson.actions > 0);
        CHECK(p.lesson.questions > 0);
    }
    CHECK(lessons >= 1);
    CHECK(builtinLessonText("no-such-builtin").empty());
}
