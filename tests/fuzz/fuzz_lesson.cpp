// libFuzzer target: any bytes as a lesson (engine/include/theta/lesson.h), parsed and
// checked against testnet. Properties: no crash, hang or UB; errors are a clean report whose
// lines are in the text; the page's JSON parses and counts what the tree holds; and no
// address in it can leave the allowed set (links: http:, https: or a path on the site;
// images: a path on the site), whatever the text tried.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_common.h"
#include "theta/experiment.h"
#include "theta/lesson.h"

using namespace theta;
using theta::fuzz::checkErrorReport;
using theta::fuzz::fuzzCheck;

namespace {

/// The scheme of an address in lower case, "" when it has none, by the URL standard's
/// reading (a letter, then letters, digits, "+", "-" or ".", then ":"); written again here
/// rather than trusting the parser's own.
std::string schemeOf(const std::string& url) {
    const auto letter = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); };
    if (url.empty() || !letter(url[0])) return "";
    for (std::size_t i = 1; i < url.size(); ++i) {
        const char c = url[i];
        if (c == ':') {
            std::string s = url.substr(0, i);
            for (char& k : s) k = static_cast<char>(k >= 'A' && k <= 'Z' ? k - 'A' + 'a' : k);
            return s;
        }
        if (!letter(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') return "";
    }
    return "";
}

void checkAddress(const std::string& url, bool image) {
    for (char c : url)
        fuzzCheck(static_cast<unsigned char>(c) > 0x20 && c != 0x7F && c != '\\', "an address holds a space, control character or backslash", url);
    fuzzCheck(url.rfind("//", 0) != 0, "an address leaves the site with //", url);
    const std::string scheme = schemeOf(url);
    fuzzCheck(scheme.empty() || (!image && (scheme == "http" || scheme == "https")), "an address has a scheme that is not allowed", url);
}

struct Counts {
    int actions = 0, steps = 0, questions = 0;
};

/// Depth-bounded by the parser (blocks 4 deep, spans kMaxLessonInlineDepth + 2).
void walk(const nlohmann::json& node, Counts& counts, int depth) {
    fuzzCheck(depth < 64, "the lesson JSON nests too deep");
    if (node.is_array()) {
        for (const nlohmann::json& x : node) walk(x, counts, depth + 1);
        return;
    }
    if (!node.is_object()) return;
    const std::string type = node.value("type", "");
    if (node.contains("href")) checkAddress(node["href"].get<std::string>(), false);
    if (node.contains("src")) checkAddress(node["src"].get<std::string>(), true);
    if (type == "action") ++counts.actions;
    if (type == "question") ++counts.questions;
    if (node.contains("step")) ++counts.steps;
    for (const char* key : {"blocks", "items", "content", "lists"})
        if (node.contains(key)) walk(node[key], counts, depth + 1);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    static const Experiment testnet = parseExperiment(builtinExperimentJson("testnet")).experiment;
    const LessonParse parsed = parseAndCheckLesson(text, &testnet);

    std::vector<ValidationError> report;
    std::size_t lines = 1;
    for (char c : text) lines += c == '\n';
    for (const LessonError& e : parsed.errors) {
        fuzzCheck(e.line >= 1 && static_cast<std::size_t>(e.line) <= lines, "an error names a line outside the text", e.str());
        report.push_back({"line " + std::to_string(e.line), e.message});
    }
    checkErrorReport(report);

    const std::string json = lessonJson(parsed.lesson);
    const nlohmann::json doc = nlohmann::json::parse(json, nullptr, false);
    fuzzCheck(!doc.is_discarded(), "the lesson JSON does not parse", json);
    Counts counts;
    walk(doc["blocks"], counts, 0);
    fuzzCheck(counts.actions == parsed.lesson.actions && doc["actions"] == parsed.lesson.actions,
              "the action count differs from the actions in the tree", json);
    fuzzCheck(counts.steps == parsed.lesson.steps && doc["steps"] == parsed.lesson.steps,
              "the step count differs from the steps in the tree", json);
    fuzzCheck(counts.questions == parsed.lesson.questions && doc["questions"] == parsed.lesson.questions,
              "the question count differs from the questions in the tree", json);
    return 0;
}
