// The experiment file's deep predictive learning parts (experiment.h): Super, CT and Pulvinar
// layers, a Pulvinar layer's driver, the CTCtxt and Maint path rules, the network.deep
// builder and the "fsa" task source.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "experiment_checks.h"
#include "theta/experiment.h"

using namespace theta;
using namespace theta::test;

namespace {

// The deepfsa layout (docs/model.md), which the error cases below edit.
const std::string kInput = R"({"name": "Input", "type": "Input", "shape": [1, 7, 1, 1]})";
const std::string kInputP = R"({"name": "InputP", "type": "Pulvinar", "shape": [1, 7, 1, 1], "driver": "Input"})";
const std::string kHidden = R"({"name": "Hidden", "type": "Super", "shape": [10, 10]})";
const std::string kHiddenCT = R"({"name": "HiddenCT", "type": "CT", "shape": [10, 10]})";
const std::string kPaths = R"("paths": [{"from": "Input", "to": "Hidden", "type": "Forward"}])";
const std::string kBuilder = R"({"super": "Hidden", "ct": "HiddenCT", "pulvinar": "InputP"})";
const std::string kTask = R"("task": {"source": "fsa", "inputLayer": "Input", "targetLayer": "InputP"})";
const std::string kDeep = R"({"schema": 1, "name": "deepfsa",
 "network": {"layers": [)" + kInput + ", " + kInputP + ", " + kHidden + ", " + kHiddenCT + R"(],
  )" + kPaths + R"(,
  "deep": [)" + kBuilder + R"(]},
 )" + kTask + R"(,
 "train": {"trialsPerEpoch": 208, "nData": 16}})";

std::string withPaths(const std::string& paths) { return replaceOnce(kDeep, kPaths, "\"paths\": [" + paths + "]"); }
std::string withDeep(const std::string& items) {
    return replaceOnce(kDeep, "\"deep\": [" + kBuilder + "]", "\"deep\": " + items);
}
std::string withTask(const std::string& task) { return replaceOnce(kDeep, kTask, "\"task\": " + task); }

/// The six paths of the builder in kDeep, as the schema lists them.
struct Expected {
    const char* from;
    const char* to;
    PathType type;
    bool selfCon;
    std::vector<ParamSetting> params;
};
const std::vector<Expected> kBuilderPaths = {
    {"Hidden", "HiddenCT", PathType::CTCtxt, false, {}},
    {"HiddenCT", "HiddenCT", PathType::CTCtxt, true, {{"PathScale.Rel", 0.5}}},
    {"HiddenCT", "HiddenCT", PathType::Maint, true, {{"PathScale.Abs", 0.5}}},
    {"HiddenCT", "InputP", PathType::Forward, false, {}},
    {"InputP", "Hidden", PathType::Back, false, {{"PathScale.Rel", 0.1}}},
    {"InputP", "HiddenCT", PathType::Back, false, {{"PathScale.Rel", 0.1}}},
};

void checkPath(const PathSpec& p, const Expected& e) {
    CHECK(p.from == e.from);
    CHECK(p.to == e.to);
    CHECK(p.type == e.type);
    CHECK(p.pattern == PathPattern::Full);
    CHECK(p.selfCon == e.selfCon);
    checkSameParams(p.params, e.params);
}

}  // namespace

TEST_CASE("experiment deep: the deepfsa layout parses and its builder becomes six paths") {
    const ParseResult r = parseExperiment(kDeep);
    REQUIRE_MESSAGE(r.ok(), firstError(r));
    const Experiment& ex = r.experiment;
    REQUIRE(ex.layers.size() == 4);
    CHECK(ex.layers[0].type == LayerType::Input);
    CHECK(ex.layers[1].type == LayerType::Pulvinar);
    CHECK(ex.layers[1].driver == "Input");
    CHECK(ex.layers[1].shape == std::vector<int>{1, 7, 1, 1});
    CHECK(ex.layers[2].type == LayerType::Super);
    CHECK(ex.layers[3].type == LayerType::CT);
    for (int i : {0, 2, 3}) CHECK(ex.layers[i].driver.empty());
    // the document's own path first, then the builder's in the documented order
    REQUIRE(ex.paths.size() == 1 + kBuilderPaths.size());
    checkPath(ex.paths[0], {"Input", "Hidden", PathType::Forward, false, {}});
    for (std::size_t i = 0; i < kBuilderPaths.size(); ++i) {
        CAPTURE(i);
        checkPath(ex.paths[1 + i], kBuilderPaths[i]);
    }
    CHECK(ex.task.source == "fsa");
    CHECK(ex.task.patterns.empty());  // the engine walks the grammar
    CHECK(ex.train.trialsPerEpoch == 208);
    CHECK(ex.train.nData == 16);
    CHECK(validateExperiment(ex).empty());
    CHECK(estimateStateBytes(ex) > 0);
    CHECK(estimateStateBytes(ex) < 16u << 20);
    CHECK(std::string(layerTypeName(LayerType::Pulvinar)) == "Pulvinar");
    CHECK(std::string(pathTypeName(PathType::CTCtxt)) == "CTCtxt");
    CHECK(std::string(pathTypeName(PathType::Maint)) == "Maint");
}

TEST_CASE("experiment deep: with ctSelf false the builder leaves out the CT self paths") {
    const ParseResult r = parseExperiment(
        withDeep(R"([{"super": "Hidden", "ct": "HiddenCT", "pulvinar": "InputP", "ctSelf": false}])"));
    REQUIRE_MESSAGE(r.ok(), firstError(r));
    REQUIRE(r.experiment.paths.size() == 5);
    const std::size_t kept[] = {0, 3, 4, 5};
    for (std::size_t i = 0; i < 4; ++i) checkPath(r.experiment.paths[1 + i], kBuilderPaths[kept[i]]);
}

TEST_CASE("experiment deep: parse -> toJson -> parse gives the same experiment") {
    const ParseResult first = parseExperiment(kDeep);
    REQUIRE_MESSAGE(first.ok(), firstError(first));
    const std::string canonical = toJson(first.experiment);
    CHECK(canonical.find("\"deep\"") == std::string::npos);  // the builder is written out as paths
    const std::size_t driver = canonical.find("\"driver\": \"Input\"");
    CHECK(driver != std::string::npos);
    CHECK(canonical.find("\"driver\"", driver + 1) == std::string::npos);  // Pulvinar layers only
    CHECK(canonical.find("\"type\": \"Maint\"") != std::string::npos);
    const ParseResult second = parseExperiment(canonical);
    REQUIRE_MESSAGE(second.ok(), firstError(second) << "\n" << canonical);
    checkSameExperiment(first.experiment, second.experiment);
    CHECK(toJson(second.experiment) == canonical);  // a fixed point
}

TEST_CASE("experiment deep: the builder's paths written out by hand give the same experiment") {
    // Both CT self paths (CTCtxt and Maint) go HiddenCT -> HiddenCT: allowed, their types differ.
    const std::string paths = R"({"from": "Input", "to": "Hidden"},
        {"from": "Hidden", "to": "HiddenCT", "type": "CTCtxt"},
        {"from": "HiddenCT", "to": "HiddenCT", "type": "CTCtxt", "selfCon": true, "params": {"PathScale.Rel": 0.5}},
        {"from": "HiddenCT", "to": "HiddenCT", "type": "Maint", "selfCon": true, "params": {"PathScale.Abs": 0.5}},
        {"from": "HiddenCT", "to": "InputP"},
        {"from": "InputP", "to": "Hidden", "type": "Back", "params": {"PathScale.Rel": 0.1}},
        {"from": "InputP", "to": "HiddenCT", "type": "Back", "params": {"PathScale.Rel": 0.1}})";
    const ParseResult byHand = parseExperiment(replaceOnce(withDeep("[]"), kPaths, "\"paths\": [" + paths + "]"));
    REQUIRE_MESSAGE(byHand.ok(), firstError(byHand));
    const ParseResult built = parseExperiment(kDeep);
    REQUIRE(built.ok());
    checkSameExperiment(byHand.experiment, built.experiment);
    // A document without "deep" and one with an empty "deep" are the same.
    const ParseResult noDeep = parseExperiment(replaceOnce(kDeep, ",\n  \"deep\": [" + kBuilder + "]", ""));
    REQUIRE_MESSAGE(noDeep.ok(), firstError(noDeep));
    CHECK(noDeep.experiment.paths.size() == 1);
}

TEST_CASE("experiment deep: each bad document is refused with the field path and reason") {
    struct Case {
        std::string json;
        std::string firstError;
    };
    const std::string inputP = R"({"name": "InputP", "type": "Pulvinar", "shape": [1, 7, 1, 1], )";
    const auto pulvinar = [&](const std::string& rest) { return replaceOnce(kDeep, kInputP, inputP + rest + "}"); };
    const Case cases[] = {
        // types
        {replaceOnce(kDeep, R"("type": "Super")", R"("type": "super")"),
         R"(network.layers[2].type: must be "Input", "Hidden", "Target", "Super", "CT" or "Pulvinar")"},
        {withPaths(R"({"from": "Input", "to": "Hidden", "type": "Context"})"),
         R"(network.paths[0].type: must be "Forward", "Back", "Lateral", "Inhib", "CTCtxt" or "Maint")"},
        // the driver
        {pulvinar(R"("params": {})"),
         R"(network.layers[1].driver: is required for a "Pulvinar" layer (the layer whose activity it predicts))"},
        {replaceOnce(kDeep, kHidden, R"({"name": "Hidden", "type": "Super", "shape": [10, 10], "driver": "Input"})"),
         R"(network.layers[2].driver: is only allowed for "Pulvinar" layers)"},
        {replaceOnce(kDeep, kInput, R"({"name": "Input", "type": "Input", "shape": [1, 7, 1, 1], "driver": ""})"),
         R"(network.layers[0].driver: is only allowed for "Pulvinar" layers)"},
        {pulvinar(R"("driver": 3)"), "network.layers[1].driver: must be a string"},
        {pulvinar(R"("driver": "Inptu")"), R"(network.layers[1].driver: no layer named "Inptu")"},
        {pulvinar(R"("driver": "")"),
         R"(network.layers[1].driver: is required for a "Pulvinar" layer (the layer whose activity it predicts))"},
        {pulvinar(R"("driver": "Hidden")"),
         R"(network.layers[1].driver: must name a layer with as many units as this one ("Hidden" has 100 units, "InputP" has 7))"},
        {pulvinar(R"("driver": "InputP")"),
         R"(network.layers[1].driver: must name a layer that is not a "Pulvinar" layer ("InputP" is))"},
        // path rules
        {withPaths(R"({"from": "Input", "to": "Hidden", "type": "CTCtxt"})"),
         R"(network.paths[0].to: a "CTCtxt" path must go into a "CT" layer ("Hidden" has type "Super"))"},
        {withPaths(R"({"from": "Input", "to": "HiddenCT", "type": "CTCtxt"})"),
         R"(network.paths[0].from: a "CTCtxt" path must come from a "Super" or "CT" layer ("Input" has type "Input"))"},
        {withPaths(R"({"from": "Hidden", "to": "Hidden", "type": "CTCtxt"})"),
         R"(network.paths[0].to: a "CTCtxt" path must go into a "CT" layer ("Hidden" has type "Super"))"},
        {withPaths(R"({"from": "Hidden", "to": "HiddenCT", "type": "Maint"})"),
         R"(network.paths[0].type: a "Maint" path must go from a "CT" layer to itself)"},
        {withPaths(R"({"from": "Hidden", "to": "Hidden", "type": "Maint"})"),
         R"(network.paths[0].type: a "Maint" path must go from a "CT" layer to itself)"},
        {withPaths(R"({"from": "HiddenCT", "to": "HiddenCT", "type": "Back"})"),
         R"(network.paths[0].type: a path from a "CT" layer to itself must be "Lateral", "Inhib", "CTCtxt" or "Maint")"},
        {withPaths(R"({"from": "Hidden", "to": "Hidden"})"),
         R"(network.paths[0].type: a path from a layer to itself must be "Lateral" or "Inhib")"},
        {withPaths(R"({"from": "Input", "to": "Hidden"}, {"from": "Input", "to": "Hidden", "type": "Forward"})"),
         "network.paths[1]: same from, to and type as network.paths[0]"},
        // the builder
        {withDeep("{}"), "network.deep: must be an array"},
        {withDeep("[3]"), "network.deep[0]: must be an object"},
        {withDeep(R"([{"super": "Hidden", "ct": "HiddenCT"}])"), "network.deep[0].pulvinar: is required"},
        {withDeep(R"([{"super": "Hidden", "ct": "HiddenCT", "pulvinar": "InputP", "self": true}])"),
         "network.deep[0].self: unknown key"},
        {withDeep(R"([{"super": "Hidden", "ct": "HiddenCT", "pulvinar": "InputP", "ctSelf": 1}])"),
         "network.deep[0].ctSelf: must be true or false"},
        {withDeep(R"([{"super": "HiddenCT", "ct": "HiddenCT", "pulvinar": "InputP"}])"),
         R"(network.deep[0].super: layer "HiddenCT" has type "CT", not "Super")"},
        {withDeep(R"([{"super": "Hidden", "ct": "Hidden", "pulvinar": "InputP"}])"),
         R"(network.deep[0].ct: layer "Hidden" has type "Super", not "CT")"},
        {withDeep(R"([{"super": "Hidden", "ct": "HiddenCT", "pulvinar": "Input"}])"),
         R"(network.deep[0].pulvinar: layer "Input" has type "Input", not "Pulvinar")"},
        {withDeep(R"([{"super": "Hidden", "ct": "HiddenCT", "pulvinar": "Pulv"}])"),
         R"(network.deep[0].pulvinar: no layer named "Pulv")"},
        {withPaths(R"({"from": "Input", "to": "Hidden"}, {"from": "InputP", "to": "Hidden", "type": "Back"})"),
         R"(network.deep[0]: its "Back" path from "InputP" to "Hidden" is already made by network.paths[1])"},
        {withPaths(R"({"from": "Input", "to": "Hidden"}, {"from": "HiddenCT", "to": "HiddenCT", "type": "Maint"})"),
         R"(network.deep[0]: its "Maint" path from "HiddenCT" to "HiddenCT" is already made by network.paths[1])"
         R"( (with "ctSelf": false this item leaves out the CT self paths))"},
        {withDeep("[" + kBuilder + ", " + kBuilder + "]"),
         R"(network.deep[1]: its "CTCtxt" path from "Hidden" to "HiddenCT" is already made by network.deep[0])"},
        // a Forward cycle closed by a path of the builder names the builder
        {withPaths(R"({"from": "Input", "to": "Hidden"}, {"from": "InputP", "to": "HiddenCT"})"),
         R"(network.deep[0]: Forward paths form a cycle through "InputP"; make the top-down path "Back")"},
        // the fsa task
        {withTask(R"({"source": "fsa", "inputLayer": "Hidden", "targetLayer": "InputP"})"),
         R"(task.inputLayer: layer "Hidden" has type "Super", not "Input")"},
        {withTask(R"({"source": "fsa", "inputLayer": "Input", "targetLayer": "HiddenCT"})"),
         R"(task.targetLayer: layer "HiddenCT" has type "CT", not "Pulvinar")"},
        {withTask(R"({"source": "ra25", "inputLayer": "Input", "targetLayer": "InputP"})"),
         R"(task.targetLayer: layer "InputP" has type "Pulvinar", not "Target")"},
        {replaceOnce(replaceOnce(kDeep, "[1, 7, 1, 1]}", "[1, 8, 1, 1]}"), "[1, 7, 1, 1], \"driver\"", "[1, 8, 1, 1], \"driver\""),
         R"(task.inputLayer: "fsa" needs a layer of 7 units, one per token (B T S X V P E); "Input" has 8)"},
        {withTask(R"({"source": "fsa", "inputLayer": "Input", "targetLayer": "InputP", "patterns": []})"),
         R"(task.patterns: is only allowed with source "inline")"},
        {withTask(R"({"source": "fsa", "inputLayer": "Input", "targetLayer": "InputP", "generate": {}})"),
         R"(task.generate: is only allowed with source "generate")"},
        {withTask(R"({"source": "FSA"})"), R"(task.source: must be "ra25", "generate", "inline", "fsa" or "drive")"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.json);
        CHECK(firstError(parseExperiment(c.json)) == c.firstError);
    }
}

TEST_CASE("experiment deep: a wrong target layer size with fsa names the target layer") {
    // Both task layers are checked: an 8-unit Input and Pulvinar give one error each.
    const std::string json =
        replaceOnce(replaceOnce(kDeep, "[1, 7, 1, 1]}", "[1, 8, 1, 1]}"), "[1, 7, 1, 1], \"driver\"", "[1, 8, 1, 1], \"driver\"");
    const ParseResult r = parseExperiment(json);
    REQUIRE(r.errors.size() == 2);
    CHECK(r.errors[1].str() == R"(task.targetLayer: "fsa" needs a layer of 7 units, one per token (B T S X V P E); "InputP" has 8)");
}

TEST_CASE("experiment deep: the path limit counts the builder's paths") {
    // 16 one-unit layers joined by 251 Lateral paths, plus Input -> Hidden: 252 written paths.
    std::string layers, paths = R"({"from": "Input", "to": "Hidden"})";
    for (int i = 0; i < 16; ++i) layers += R"(, {"name": "L)" + std::to_string(i) + R"(", "shape": [1]})";
    int n = 1;
    for (int a = 0; a < 16 && n < 252; ++a)
        for (int b = 0; b < 16 && n < 252; ++b, ++n)
            paths += R"(, {"from": "L)" + std::to_string(a) + R"(", "to": "L)" + std::to_string(b) + R"(", "type": "Lateral"})";
    const std::string json = replaceOnce(withPaths(paths), kHiddenCT, kHiddenCT + layers);
    CHECK(firstError(parseExperiment(json)) ==
          "network.deep: adds 6 paths to the 252 of network.paths, over the limit of 256 paths");
    // Without the CT self paths the builder adds 4: exactly the limit.
    const std::string fewer = replaceOnce(json, kBuilder, R"({"super": "Hidden", "ct": "HiddenCT", "pulvinar": "InputP", "ctSelf": false})");
    const ParseResult r = parseExperiment(fewer);
    CHECK_MESSAGE(r.ok(), firstError(r));
    CHECK(r.experiment.paths.size() == 256);
    std::string many = "[";
    for (int i = 0; i <= kMaxPaths; ++i) many += std::string(i ? ", " : "") + kBuilder;
    CHECK(firstError(parseExperiment(withDeep(many + "]"))) == "network.deep: must have at most 256 items");
}

TEST_CASE("experiment deep: validateExperiment checks drivers of experiments built in code") {
    const Experiment ex = parseExperiment(kDeep).experiment;
    {
        Experiment bad = ex;
        bad.layers[1].driver.clear();
        CHECK(validateExperiment(bad)[0].str() ==
              R"(network.layers[1].driver: is required for a "Pulvinar" layer (the layer whose activity it predicts))");
    }
    {
        Experiment bad = ex;
        bad.layers[2].driver = "Input";
        CHECK(validateExperiment(bad)[0].str() == R"(network.layers[2].driver: is only allowed for "Pulvinar" layers)");
    }
    {
        Experiment bad = ex;
        bad.paths.push_back(bad.paths[3]);  // the Maint path again
        CHECK(validateExperiment(bad)[0].str() == "network.paths[7]: same from, to and type as network.paths[3]");
    }
}

TEST_CASE("experiment deep: the deepfsa built-in has this layout") {
    const ParseResult builtin = parseExperiment(builtinExperimentJson("deepfsa"));
    REQUIRE_MESSAGE(builtin.ok(), firstError(builtin));
    const Experiment expected = parseExperiment(kDeep).experiment;
    const Experiment& ex = builtin.experiment;
    REQUIRE(ex.layers.size() == expected.layers.size());
    for (std::size_t i = 0; i < ex.layers.size(); ++i) {
        CAPTURE(i);
        CHECK(ex.layers[i].name == expected.layers[i].name);
        CHECK(ex.layers[i].type == expected.layers[i].type);
        CHECK(ex.layers[i].shape == expected.layers[i].shape);
        CHECK(ex.layers[i].driver == expected.layers[i].driver);
    }
    // The same paths; the built-in may list them in another order (and sets their parameters).
    const auto ends = [](const Experiment& e) {
        std::vector<std::string> out;
        for (const PathSpec& p : e.paths) out.push_back(p.from + " -> " + p.to + " " + pathTypeName(p.type));
        std::sort(out.begin(), out.end());
        return out;
    };
    CHECK(ends(ex) == ends(expected));
    CHECK(ex.task.source == "fsa");
}

TEST_CASE("experiment deep: the documented deep example is this layout") {
    const std::string here = __FILE__;
    const std::string doc = here.substr(0, here.find_last_of("/\\") + 1) + "../../docs/experiment-file.md";
    std::ifstream in(doc, std::ios::binary);
    REQUIRE_MESSAGE(in, doc << " could not be read");
    std::ostringstream text;
    text << in.rdbuf();
    const std::string page = text.str();
    const std::size_t intro = page.find("A deep predictive network");
    REQUIRE(intro != std::string::npos);
    const std::size_t begin = page.find("```json\n", intro);
    REQUIRE(begin != std::string::npos);
    const std::size_t end = page.find("```", begin + 8);
    REQUIRE(end != std::string::npos);
    const ParseResult example = parseExperiment(page.substr(begin + 8, end - begin - 8));
    REQUIRE_MESSAGE(example.ok(), firstError(example));
    Experiment expected = parseExperiment(kDeep).experiment;
    expected.name = example.experiment.name;
    checkSameExperiment(example.experiment, expected);
}
