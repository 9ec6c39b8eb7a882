// The experiment file (experiment.h): built-ins, round trips, the validator's error paths,
// hostile documents, the memory estimate, and pattern tables (CSV/TSV).
#include <doctest/doctest.h>

#include <cstdint>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "experiment_checks.h"
#include "theta/experiment.h"

using namespace theta;
using namespace theta::test;

namespace {

std::string repeat(const std::string& s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += s;
    return out;
}

/// Reads the file when it exists; false (with a MESSAGE) when it does not.
bool readFile(const std::string& path, std::string& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        MESSAGE(path << " could not be read (test data lives in tests/native/data/)");
        return false;
    }
    std::ostringstream s;
    s << in.rdbuf();
    out = s.str();
    return true;
}

std::string testDataPath(const char* file) {
#ifdef THETA_TEST_DATA_DIR
    return std::string(THETA_TEST_DATA_DIR) + "/" + file;
#else
    const std::string here = __FILE__;
    return here.substr(0, here.find_last_of("/\\") + 1) + "data/" + file;
#endif
}

// A small valid experiment that the error cases below edit.
const std::string kBase = R"({"schema": 1, "name": "small",
 "network": {"layers": [
   {"name": "Input", "type": "Input", "shape": [2, 2]},
   {"name": "Hidden", "shape": [3, 3]},
   {"name": "Output", "type": "Target", "shape": [2, 2]}],
  "paths": [{"from": "Input", "to": "Hidden"}, {"from": "Hidden", "to": "Output"},
            {"from": "Output", "to": "Hidden", "type": "Back"}]},
 "task": {"source": "generate", "generate": {"count": 4, "on": 1, "minDiff": 1}},
 "train": {"epochs": 10}})";

const std::string kHidden = R"({"name": "Hidden", "shape": [3, 3]})";
const std::string kPath0 = R"({"from": "Input", "to": "Hidden"})";
const std::string kTask = R"("task": {"source": "generate", "generate": {"count": 4, "on": 1, "minDiff": 1}})";

std::string withHidden(const std::string& layer) { return replaceOnce(kBase, kHidden, layer); }
std::string withPath0(const std::string& path) { return replaceOnce(kBase, kPath0, path); }
std::string withTask(const std::string& task) { return replaceOnce(kBase, kTask, task); }
std::string withTrain(const std::string& train) { return replaceOnce(kBase, R"("train": {"epochs": 10})", train); }
std::string hiddenParams(const std::string& params) {
    return withHidden(R"({"name": "Hidden", "shape": [3, 3], "params": )" + params + "}");
}
std::string inlineRows(const std::string& rows) {
    return withTask(R"("task": {"source": "inline", "patterns": )" + rows + "}");
}

}  // namespace

TEST_CASE("experiment: every built-in parses without errors") {
    const std::vector<std::string> names = builtinExperimentNames();
    CHECK(names == std::vector<std::string>{"ra25", "testnet", "deepfsa", "neuron", "synapse", "detector", "inhib", "stability"});
    for (const std::string& name : names) {
        CAPTURE(name);
        const std::string json = builtinExperimentJson(name);
        REQUIRE(!json.empty());
        const ParseResult r = parseExperiment(json);
        CHECK_MESSAGE(r.ok(), firstError(r));
        CHECK(r.experiment.name == name);
        CHECK(validateExperiment(r.experiment).empty());
    }
    CHECK(builtinExperimentJson("nope").empty());
    CHECK(builtinExperimentJson("").empty());
}

TEST_CASE("experiment: the ra25 built-in is Axon's configuration") {
    const ParseResult r = parseExperiment(builtinExperimentJson("ra25"));
    REQUIRE(r.ok());
    const Experiment& ex = r.experiment;
    CHECK(ex.seed == 1);
    REQUIRE(ex.layers.size() == 4);
    const char* names[] = {"Input", "Hidden1", "Hidden2", "Output"};
    const LayerType types[] = {LayerType::Input, LayerType::Hidden, LayerType::Hidden, LayerType::Target};
    const std::vector<int> shapes[] = {{5, 5}, {10, 10}, {10, 10}, {5, 5}};
    for (int i = 0; i < 4; ++i) {
        CHECK(ex.layers[i].name == names[i]);
        CHECK(ex.layers[i].type == types[i]);
        CHECK(ex.layers[i].shape == shapes[i]);
    }
    struct P { const char* from; const char* to; PathType type; };
    const P paths[] = {{"Input", "Hidden1", PathType::Forward}, {"Hidden1", "Hidden2", PathType::Forward},
                       {"Hidden2", "Hidden1", PathType::Back},  {"Hidden2", "Output", PathType::Forward},
                       {"Output", "Hidden2", PathType::Back}};
    REQUIRE(ex.paths.size() == 5);
    for (int i = 0; i < 5; ++i) {
        CHECK(ex.paths[i].from == paths[i].from);
        CHECK(ex.paths[i].to == paths[i].to);
        CHECK(ex.paths[i].type == paths[i].type);
        CHECK(ex.paths[i].pattern == PathPattern::Full);
    }
    const auto param = [](const std::vector<ParamSetting>& ps, const char* name) {
        for (const ParamSetting& p : ps)
            if (p.name == name) return p.value;
        return -999.0;
    };
    CHECK(param(ex.layers[0].params, "Inhib.Layer.Gi") == 0.9);
    CHECK(param(ex.layers[0].params, "Acts.Clamp.Ge") == 1.5);
    CHECK(param(ex.layers[1].params, "Inhib.Layer.Gi") == 1.05);
    CHECK(param(ex.layers[2].params, "Inhib.ActAvg.Nominal") == 0.06);
    CHECK(param(ex.layers[3].params, "Acts.Spikes.Tr") == 1);
    CHECK(param(ex.layers[3].params, "Inhib.ActAvg.Nominal") == 0.24);
    CHECK(param(ex.paths[2].params, "PathScale.Rel") == 0.3);
    CHECK(param(ex.paths[4].params, "PathScale.Rel") == 0.3);
    CHECK(param(ex.paths[0].params, "Learn.LRate.Base") == 0.06);
    CHECK(ex.task.source == "ra25");
    checkSameRows(ex.task.patterns, ra25Patterns());
    CHECK(ex.train.trialsPerEpoch == 32);
    CHECK(ex.train.epochs == 100);
    CHECK(ex.train.nZero == 2);
    CHECK(ex.train.minusCycles == 150);
    CHECK(ex.train.plusCycles == 50);
}

TEST_CASE("experiment: the testnet built-in is Axon's golden test network") {
    const ParseResult r = parseExperiment(builtinExperimentJson("testnet"));
    REQUIRE(r.ok());
    const Experiment& ex = r.experiment;
    REQUIRE(ex.layers.size() == 3);
    for (const LayerSpec& l : ex.layers) CHECK(l.shape == std::vector<int>{4, 1});
    REQUIRE(ex.paths.size() == 3);
    for (const PathSpec& p : ex.paths) CHECK(p.pattern == PathPattern::OneToOne);
    CHECK(ex.paths[2].type == PathType::Back);
    CHECK(ex.task.source == "inline");
    REQUIRE(ex.task.patterns.size() == 4);
    for (int i = 0; i < 4; ++i) {
        std::vector<float> oneHot(4, 0.0f);
        oneHot[i] = 1;
        CHECK(ex.task.patterns[i].input == oneHot);
        CHECK(ex.task.patterns[i].target == oneHot);
    }
    CHECK(ex.train.trialsPerEpoch == 4);
}

TEST_CASE("experiment: ra25Patterns has 25 rows of 6 on-units") {
    const auto& rows = ra25Patterns();
    REQUIRE(rows.size() == 25);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        CHECK(rows[i].name == "evt_" + std::to_string(i));
        for (const auto* values : {&rows[i].input, &rows[i].target}) {
            REQUIRE(values->size() == 25);
            int on = 0;
            for (float v : *values) {
                CHECK((v == 0 || v == 1));
                on += v == 1;
            }
            CHECK(on == 6);
        }
    }
    CHECK(rows[0].input[12] == 1);  // evt_0 input: 0 12 13 14 17 20
    CHECK(rows[24].target[23] == 1);  // evt_24 output: 1 2 7 20 21 23
}

TEST_CASE("experiment: parse -> toJson -> parse gives the same experiment") {
    const std::string features = R"({"schema": 1, "name": "features",
      "description": "unicode é — ✓ and \"quotes\"", "seed": 9007199254740991,
      "network": {"layers": [
        {"name": "In", "type": "Input", "shape": [2, 2, 1, 1]},
        {"name": "Mid.1", "shape": [7], "params": {"Acts.KNa.On": false, "Inhib.Layer.Gi": 1.1,
                                                    "Acts.Dt.VmSteps": 3.0}},
        {"name": "Pooled-2", "shape": [2, 2, 3, 3]},
        {"name": "Out_3", "type": "Target", "shape": [1, 3]}],
       "paths": [
        {"from": "In", "to": "Mid.1", "pattern": "UniformRandom", "pcon": 0.3},
        {"from": "Mid.1", "to": "Mid.1", "type": "Lateral", "selfCon": true,
         "params": {"PathScale.Abs": 0.1234567, "Com.Delay": 0}},
        {"from": "In", "to": "Pooled-2", "pattern": "PoolOneToOne"},
        {"from": "Pooled-2", "to": "Out_3", "type": "Inhib"}]},
      "task": {"inputLayer": "In", "targetLayer": "Out_3", "source": "inline", "patterns": [
        {"name": "a", "input": [0.1, 0.2, 0.3333333, 1], "target": [0, 1, 0.5]},
        {"input": [1e-7, 0, 0, 0], "target": [1, 1, 1]}]},
      "train": {"trialsPerEpoch": 7, "epochs": 3, "nZero": 0, "runs": 2, "minusCycles": 75, "plusCycles": 25}})";
    const std::string generate = replaceOnce(kBase, R"("count": 4)", R"("count": 10000)");
    for (const std::string& json : {builtinExperimentJson("ra25"), builtinExperimentJson("testnet"), features, generate}) {
        const ParseResult first = parseExperiment(json);
        REQUIRE_MESSAGE(first.ok(), firstError(first));
        const std::string canonical = toJson(first.experiment);
        const ParseResult second = parseExperiment(canonical);
        REQUIRE_MESSAGE(second.ok(), firstError(second) << "\n" << canonical);
        checkSameExperiment(first.experiment, second.experiment);
        CHECK(toJson(second.experiment) == canonical);  // canonical form is a fixed point
    }
    const Experiment ex = parseExperiment(features).experiment;
    CHECK(ex.layers[1].shape == std::vector<int>{1, 7});  // [N] is read as [1, N]
    CHECK(ex.layers[1].params[0].value == 0);             // false -> 0
    CHECK(ex.paths[0].pcon == 0.3f);
    CHECK(ex.task.patterns[1].name.empty());
    const std::string canonical = toJson(ex);
    CHECK(canonical.find("\"pcon\": 0.3,") != std::string::npos);  // shortest float text
    CHECK(canonical.find("\"input\": [0.1,0.2,0.3333333,1]") != std::string::npos);
    CHECK(canonical.find("\"shape\": [1,7]") != std::string::npos);
    CHECK(canonical.find("\"Acts.Dt.VmSteps\": 3") != std::string::npos);
}

TEST_CASE("experiment: the base document of the error cases is valid") {
    const ParseResult r = parseExperiment(kBase);
    CHECK_MESSAGE(r.ok(), firstError(r));
    CHECK(r.experiment.task.patterns.empty());  // "generate": the engine makes them
    CHECK(r.experiment.task.generateCount == 4);
}

TEST_CASE("experiment: each bad document is refused with the field path and reason") {
    struct Case {
        std::string json;
        std::string firstError;
    };
    const std::string bigLayer = R"({"name": "Hidden", "shape": [1000, 1000]})";
    const Case cases[] = {
        // the document and the schema
        {"[]", "the document must be a JSON object"},
        {"{}", "schema: is required"},
        {replaceOnce(kBase, R"("schema": 1)", R"("schema": "1")"), "schema: must be an integer"},
        {replaceOnce(kBase, R"("schema": 1)", R"("schema": 1.5)"), "schema: must be an integer"},
        {replaceOnce(kBase, R"("schema": 1)", R"("schema": 0)"), "schema: must be 1 to 2 (this ThetaLab writes 2)"},
        {replaceOnce(kBase, R"("schema": 1)", R"("schema": 3, "future": {"x": 1})"),
         "schema: schema 3 is newer than this ThetaLab (supports 2)"},
        {replaceOnce(kBase, R"("schema": 1,)", R"("schema": 1, "colour": 3,)"), "colour: unknown key"},
        {replaceOnce(kBase, R"("schema": 1,)", R"("schema": 1, "a b": 3,)"), R"(["a b"]: unknown key)"},
        {replaceOnce(kBase, R"("name": "small")", R"("name": 5)"), "name: must be a string"},
        {replaceOnce(kBase, R"("name": "small")", R"("name": ")" + std::string(201, 'x') + "\""),
         "name: must be at most 200 characters"},
        {replaceOnce(kBase, R"("name": "small")", R"("description": ["x"])"), "description: must be a string"},
        {replaceOnce(kBase, R"("name": "small")", R"("seed": -1)"), "seed: must be an integer in [0, 9007199254740991]"},
        {replaceOnce(kBase, R"("name": "small")", R"("seed": 9007199254740992)"),
         "seed: must be an integer in [0, 9007199254740991]"},
        {replaceOnce(kBase, R"("name": "small")", R"("seed": 1.5)"), "seed: must be an integer in [0, 9007199254740991]"},
        {replaceOnce(kBase, R"("name": "small")", R"("seed": "7")"), "seed: must be an integer in [0, 9007199254740991]"},
        // network and layers
        {R"({"schema": 1})", "network: is required"},
        {R"({"schema": 1, "network": []})", "network: must be an object"},
        {R"({"schema": 1, "network": {}})", "network.layers: is required"},
        {R"({"schema": 1, "network": {"layers": {}}})", "network.layers: must be an array"},
        {R"({"schema": 1, "network": {"layers": []}})", "network.layers: must have 1 to 64 layers"},
        {R"({"schema": 1, "network": {"layers": [], "links": []}})", "network.links: unknown key"},
        {withHidden("7"), "network.layers[1]: must be an object"},
        {withHidden(R"({"shape": [3, 3]})"), "network.layers[1].name: is required"},
        {withHidden(R"({"name": 7, "shape": [3, 3]})"), "network.layers[1].name: must be a string"},
        {withHidden(R"({"name": "<b>x</b>", "shape": [3, 3]})"),
         "network.layers[1].name: must be 1 to 64 letters, digits, '_', '-' or '.'"},
        {withHidden(R"({"name": "", "shape": [3, 3]})"),
         "network.layers[1].name: must be 1 to 64 letters, digits, '_', '-' or '.'"},
        {withHidden(R"({"name": "Input", "shape": [3, 3]})"), R"(network.layers[1].name: duplicate layer name "Input")"},
        {withHidden(R"({"name": "Hidden", "shape": [3, 3], "type": "Output"})"),
         R"(network.layers[1].type: must be "Input", "Hidden", "Target", "Super", "CT" or "Pulvinar")"},
        {withHidden(R"({"name": "Hidden", "shape": [3, 3], "size": 9})"), "network.layers[1].size: unknown key"},
        {withHidden(R"({"name": "Hidden"})"), "network.layers[1].shape: is required"},
        {withHidden(R"({"name": "Hidden", "shape": [3, 3, 1]})"), "network.layers[1].shape: must be 1, 2 or 4 positive integers"},
        {withHidden(R"({"name": "Hidden", "shape": []})"), "network.layers[1].shape: must be 1, 2 or 4 positive integers"},
        {withHidden(R"({"name": "Hidden", "shape": [3, 0]})"), "network.layers[1].shape: must be 1, 2 or 4 positive integers"},
        {withHidden(R"({"name": "Hidden", "shape": [-3, 3]})"), "network.layers[1].shape: must be 1, 2 or 4 positive integers"},
        {withHidden(R"({"name": "Hidden", "shape": [3, 1.5]})"), "network.layers[1].shape: must be 1, 2 or 4 positive integers"},
        {withHidden(R"({"name": "Hidden", "shape": ["3", 3]})"), "network.layers[1].shape: must be 1, 2 or 4 positive integers"},
        {withHidden(R"({"name": "Hidden", "shape": 9})"), "network.layers[1].shape: must be 1, 2 or 4 positive integers"},
        {withHidden(bigLayer), "network.layers[1].shape: has 1000000 units, over the limit of 65536"},
        {withHidden(R"({"name": "Hidden", "shape": [1e300, 1]})"),
         "network.layers[1].shape: has 2147483647 units, over the limit of 65536"},
        // parameters
        {hiddenParams("[]"), "network.layers[1].params: must be an object of parameter names and numbers"},
        {hiddenParams(R"({"Foo.Bar": 1})"), R"(network.layers[1].params["Foo.Bar"]: unknown parameter)"},
        {hiddenParams(R"({"Com.Delay": 1})"), R"(network.layers[1].params["Com.Delay"]: unknown parameter)"},
        {hiddenParams(R"({"Inhib.Layer.Gi": 101})"), R"(network.layers[1].params["Inhib.Layer.Gi"]: must be in [0, 100])"},
        {hiddenParams(R"({"Inhib.Layer.Gi": -1})"), R"(network.layers[1].params["Inhib.Layer.Gi"]: must be in [0, 100])"},
        {hiddenParams(R"({"Inhib.Layer.Gi": 1e308})"), R"(network.layers[1].params["Inhib.Layer.Gi"]: must be in [0, 100])"},
        {hiddenParams(R"({"Inhib.Layer.Gi": "1"})"), R"(network.layers[1].params["Inhib.Layer.Gi"]: must be a number)"},
        {hiddenParams(R"({"Inhib.Layer.Gi": true})"), R"(network.layers[1].params["Inhib.Layer.Gi"]: must be a number)"},
        {hiddenParams(R"({"Inhib.Layer.Gi": null})"), R"(network.layers[1].params["Inhib.Layer.Gi"]: must be a number)"},
        {hiddenParams(R"({"Acts.KNa.On": "yes"})"), R"(network.layers[1].params["Acts.KNa.On"]: must be 0 or 1 (or false or true))"},
        {hiddenParams(R"({"Acts.KNa.On": 0.5})"), R"(network.layers[1].params["Acts.KNa.On"]: must be 0 or 1)"},
        {hiddenParams(R"({"Acts.Dt.VmSteps": 2.5})"), R"(network.layers[1].params["Acts.Dt.VmSteps"]: must be an integer in [1, 8])"},
        {hiddenParams(R"({"Acts.Dt.GeTau": 0})"), R"(network.layers[1].params["Acts.Dt.GeTau"]: must be in [1, 1000])"},
        {hiddenParams(R"({"Acts.VmRange.Min": -10, "Acts.VmRange.Max": -20})"),
         "network.layers[1].params: Acts.VmRange.Min (-10) is above Acts.VmRange.Max (-20)"},
        {hiddenParams(R"({"Learn.TrgAvgAct.TrgRange.Min": 3})"),
         "network.layers[1].params: Learn.TrgAvgAct.TrgRange.Min (3) is above Learn.TrgAvgAct.TrgRange.Max (2)"},
        // paths
        {R"({"schema": 1, "network": {"layers": [{"name": "A", "shape": [1]}], "paths": {}}})",
         "network.paths: must be an array"},
        {withPath0(R"({"to": "Hidden"})"), "network.paths[0].from: is required"},
        {withPath0(R"({"from": "Input"})"), "network.paths[0].to: is required"},
        {withPath0(R"({"from": "Input", "to": "Hiden1"})"), R"(network.paths[0].to: no layer named "Hiden1")"},
        {withPath0(R"({"from": "Inputt", "to": "Hidden"})"), R"(network.paths[0].from: no layer named "Inputt")"},
        {withPath0(R"({"from": "Input", "to": "Hidden", "via": "x"})"), "network.paths[0].via: unknown key"},
        {withPath0(R"({"from": "Input", "to": "Hidden", "type": "Up"})"),
         R"(network.paths[0].type: must be "Forward", "Back", "Lateral", "Inhib", "CTCtxt" or "Maint")"},
        {withPath0(R"({"from": "Input", "to": "Hidden", "pattern": 1})"),
         R"(network.paths[0].pattern: must be "Full", "OneToOne", "PoolOneToOne" or "UniformRandom")"},
        {withPath0(R"({"from": "Input", "to": "Hidden", "pattern": "OneToOne"})"),
         R"(network.paths[0].pattern: "OneToOne" needs layers of equal size ("Input" has 4 units, "Hidden" has 9))"},
        {replaceOnce(withPath0(R"({"from": "Input", "to": "Hidden", "pattern": "PoolOneToOne"})"), "[3, 3]", "[2, 2, 1, 1]"),
         R"(network.paths[0].pattern: "PoolOneToOne" needs layers with equal pool counts ("Input" has 1, "Hidden" has 4))"},
        {withPath0(R"({"from": "Input", "to": "Hidden", "pattern": "UniformRandom"})"),
         R"(network.paths[0].pcon: is required with pattern "UniformRandom")"},
        {withPath0(R"({"from": "Input", "to": "Hidden", "pcon": 0.5})"),
         R"(network.paths[0].pcon: is only allowed with pattern "UniformRandom")"},
        {withPath0(R"({"from": "Input", "to": "Hidden", "pattern": "UniformRandom", "pcon": 0})"),
         "network.paths[0].pcon: must be in (0, 1]"},
        {withPath0(R"({"from": "Input", "to": "Hidden", "pattern": "UniformRandom", "pcon": 1.5})"),
         "network.paths[0].pcon: must be in (0, 1]"},
        {withPath0(R"({"from": "Input", "to": "Hidden", "pattern": "UniformRandom", "pcon": "all"})"),
         "network.paths[0].pcon: must be a number"},
        {withPath0(R"({"from": "Input", "to": "Hidden", "selfCon": "yes"})"), "network.paths[0].selfCon: must be true or false"},
        {withPath0(R"({"from": "Input", "to": "Hidden", "params": {"Inhib.Layer.Gi": 1}})"),
         R"(network.paths[0].params["Inhib.Layer.Gi"]: unknown parameter)"},
        {withPath0(R"({"from": "Input", "to": "Hidden", "params": {"Com.Delay": 2.5}})"),
         R"(network.paths[0].params["Com.Delay"]: must be an integer in [0, 16])"},
        {withPath0(R"({"from": "Input", "to": "Hidden", "params": {"SWts.Limit.Min": 0.9}})"),
         "network.paths[0].params: SWts.Limit.Min (0.9) is above SWts.Limit.Max (0.8)"},
        {withPath0(R"({"from": "Input", "to": "Hidden"}, {"from": "Input", "to": "Hidden"})"),
         "network.paths[1]: same from, to and type as network.paths[0]"},
        // task
        {withTask(R"("task": [])"), "task: must be an object"},
        {withTask(R"("task": {"sorce": "generate"})"), "task.sorce: unknown key"},
        {withTask(R"("task": {"source": "random"})"), R"(task.source: must be "ra25", "generate", "inline", "fsa" or "drive")"},
        {withTask(R"("task": {"source": 3})"), "task.source: must be a string"},
        {withTask(R"("task": {"source": "generate", "inputLayer": "In"})"), R"(task.inputLayer: no layer named "In")"},
        {withTask(R"("task": {"source": "generate", "inputLayer": "Hidden"})"),
         R"(task.inputLayer: layer "Hidden" has type "Hidden", not "Input")"},
        {withTask(R"("task": {"source": "generate", "targetLayer": "Input"})"),
         R"(task.targetLayer: layer "Input" has type "Input", not "Target")"},
        {withTask(R"("task": {"source": "ra25"})"),
         R"(task.source: "ra25" needs 25-unit input and target layers ("Input" has 4, "Output" has 4))"},
        {withTask(R"("task": {"source": "ra25", "generate": {}})"), R"(task.generate: is only allowed with source "generate")"},
        {withTask(R"("task": {"source": "generate", "generate": {"count": 0}})"),
         "task.generate.count: must be an integer in [1, 10000]"},
        {withTask(R"("task": {"source": "generate", "generate": {"count": 10001}})"),
         "task.generate.count: must be an integer in [1, 10000]"},
        {withTask(R"("task": {"source": "generate", "generate": {"count": 4, "on": 5}})"),
         "task.generate.on: must be an integer in [1, 4] (the units of the smaller task layer)"},
        {withTask(R"("task": {"source": "generate", "generate": {"on": 1, "minDiff": -1}})"),
         "task.generate.minDiff: must be an integer in [0, 4] (the units of the smaller task layer)"},
        {withTask(R"("task": {"source": "generate", "generate": {"on": 1, "minDif": 1}})"),
         "task.generate.minDif: unknown key"},
        {withTask(R"("task": {"source": "inline"})"), R"(task.patterns: is required with source "inline")"},
        {withTask(R"("task": {"source": "ra25", "patterns": []})"), R"(task.patterns: is only allowed with source "inline")"},
        {inlineRows("[]"), "task.patterns: must have 1 to 10000 rows"},
        {inlineRows("{}"), R"(task.patterns: must be an array of {"name", "input", "target"} rows)"},
        {inlineRows("[7]"), "task.patterns[0]: must be an object"},
        {inlineRows(R"([{"input": [1, 0, 0, 0]}])"), "task.patterns[0].target: is required"},
        {inlineRows(R"([{"input": [1, 0, 0], "target": [1, 0, 0, 0]}])"),
         R"(task.patterns[0].input: has 3 values, expected 4 (the units of "Input"))"},
        {inlineRows(R"([{"input": [1, 0, 0, 0], "target": [1, 2, 0, 0]}])"), "task.patterns[0].target[1]: must be a number in [0, 1]"},
        {inlineRows(R"([{"input": [1, 0, -0.5, 0], "target": [1, 0, 0, 0]}])"), "task.patterns[0].input[2]: must be a number in [0, 1]"},
        {inlineRows(R"([{"input": [1, 0, "x", 0], "target": [1, 0, 0, 0]}])"), "task.patterns[0].input[2]: must be a number in [0, 1]"},
        {inlineRows(R"([{"input": 1, "target": [1, 0, 0, 0]}])"), "task.patterns[0].input: must be an array of numbers in [0, 1]"},
        {inlineRows(R"([{"name": ")" + std::string(65, 'n') + R"(", "input": [1, 0, 0, 0], "target": [1, 0, 0, 0]}])"),
         "task.patterns[0].name: must be at most 64 characters"},
        // train
        {withTrain(R"("train": 5)"), "train: must be an object"},
        {withTrain(R"("train": {"epoch": 5})"), "train.epoch: unknown key"},
        {withTrain(R"("train": {"epochs": "5"})"), "train.epochs: must be an integer"},
        {withTrain(R"("train": {"epochs": 0})"), "train.epochs: must be an integer in [1, 100000]"},
        {withTrain(R"("train": {"epochs": 2.5})"), "train.epochs: must be an integer in [1, 100000]"},
        {withTrain(R"("train": {"epochs": 1e300})"), "train.epochs: must be an integer in [1, 100000]"},
        {withTrain(R"("train": {"epochs": 18446744073709551615})"), "train.epochs: must be an integer in [1, 100000]"},
        {withTrain(R"("train": {"trialsPerEpoch": 100001})"), "train.trialsPerEpoch: must be an integer in [1, 100000]"},
        {withTrain(R"("train": {"nZero": -1})"), "train.nZero: must be an integer in [0, 1000]"},
        {withTrain(R"("train": {"runs": 1001})"), "train.runs: must be an integer in [1, 1000]"},
        {withTrain(R"("train": {"minusCycles": 0})"), "train.minusCycles: must be an integer in [1, 10000]"},
        {withTrain(R"("train": {"plusCycles": 10001})"), "train.plusCycles: must be an integer in [1, 10000]"},
        // JSON-level problems, each naming the field where it can
        {replaceOnce(kBase, R"("schema": 1, "name": "small")", R"("schema": 1, "schema": 1)"), "schema: duplicate key"},
        {withHidden(R"({"name": "Hidden", "shape": [3, 3], "name": "H"})"), "network.layers[1].name: duplicate key"},
        {hiddenParams(R"({"Inhib.Layer.Gi": 1e999})"),
         R"(network.layers[1].params["Inhib.Layer.Gi"]: invalid JSON at line 4, column 69 (byte 180): number overflow parsing '1e999')"},
        {R"({"schema": 1, "network": {)", "invalid JSON at line 1, column 27 (byte 26): syntax error while parsing object key - "
                                          "unexpected end of input; expected string literal"},
        {"{\"schema\": 1,\n \"name\": tru}",
         "invalid JSON at line 2, column 13 (byte 26): syntax error while parsing value - invalid literal; last read: '\"name\": tru}'"},
        {"", "invalid JSON at line 1, column 1 (byte 0): syntax error while parsing value - unexpected end of input; "
             "expected '[', '{', or a literal"},
        {"{\"schema\": 1, \"name\": \"caf\xC3\"}", "invalid UTF-8 at byte 26"},
        {"{\"schema\": 1, \"name\": \"\xED\xA0\x80\"}", "invalid UTF-8 at byte 23"},  // a UTF-8 encoded surrogate
        {"{\"schema\": 1, \"name\": \"\\ud800\"}",
         "invalid JSON at line 1, column 30 (byte 29): syntax error while parsing value - invalid string: surrogate "
         "U+D800..U+DBFF must be followed by U+DC00..U+DFFF; last read: '\"\\ud800\"'"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.json);
        const ParseResult r = parseExperiment(c.json);
        CHECK(firstError(r) == c.firstError);
    }
}

TEST_CASE("experiment: on/off parameters also take false/true") {
    const ParseResult r = parseExperiment(hiddenParams(R"({"Acts.KNa.On": false, "Learn.RLRate.On": true})"));
    REQUIRE_MESSAGE(r.ok(), firstError(r));
    checkSameParams(r.experiment.layers[1].params, {{"Acts.KNa.On", 0}, {"Learn.RLRate.On", 1}});
}

TEST_CASE("experiment: names count characters, not bytes") {
    std::string name;
    for (int i = 0; i < 200; ++i) name += "\xC3\xA9";  // 200 x U+00E9
    CHECK(parseExperiment(replaceOnce(kBase, R"("name": "small")", "\"name\": \"" + name + "\"")).ok());
    CHECK(firstError(parseExperiment(replaceOnce(kBase, R"("name": "small")", "\"name\": \"" + name + "e\""))) ==
          "name: must be at most 200 characters");
}

TEST_CASE("experiment: hostile documents get a clean error") {
    SUBCASE("larger than kMaxDocumentBytes") {
        const std::string json = R"({"schema": 1, "name": ")" + std::string(10 << 20, 'x') + "\"}";
        CHECK(firstError(parseExperiment(json)) ==
              "the document is 10485785 bytes, over the limit of 4194304 bytes (4 MB)");
    }
    SUBCASE("nested 10000 levels deep") {
        const std::string json = R"({"schema": 1, "x": )" + repeat("[", 10000) + repeat("]", 10000) + "}";
        const ParseResult r = parseExperiment(json);
        REQUIRE(r.errors.size() == 1);
        CHECK(r.errors[0].path == "x" + repeat("[0]", 63));
        CHECK(r.errors[0].message == "nested deeper than 64 levels");
    }
    SUBCASE("64 levels are fine for the syntax pass") {
        const std::string json = R"({"schema": 1, "x": )" + repeat("[", 63) + repeat("]", 63) + "}";
        CHECK(firstError(parseExperiment(json)) == "x: unknown key");
    }
    SUBCASE("a network too large for memory") {
        std::string layers, paths;
        for (int i = 0; i < 8; ++i) {
            layers += std::string(i ? "," : "") + R"({"name": "L)" + std::to_string(i) + R"(", "shape": [200, 300])" +
                      (i == 0 ? R"(, "type": "Input")" : i == 7 ? R"(, "type": "Target")" : "") + "}";
            if (i > 0)
                paths += std::string(i > 1 ? "," : "") + R"({"from": "L)" + std::to_string(i - 1) + R"(", "to": "L)" +
                         std::to_string(i) + "\"}";
        }
        const std::string json = R"({"schema": 1, "network": {"layers": [)" + layers + R"(], "paths": [)" + paths +
                                 R"(]}, "task": {"inputLayer": "L0", "targetLayer": "L7", "source": "generate"}})";
        const ParseResult r = parseExperiment(json);
        REQUIRE(r.errors.size() == 1);
        CHECK(r.errors[0].path == "network");
        CHECK(r.errors[0].message == "needs about 865373 MB of state, over the 1024 MB limit");
        CHECK(estimateStateBytes(r.experiment) > kMaxStateBytes);
    }
    SUBCASE("too many layers or paths") {
        std::string layers = R"({"name": "L0", "shape": [1]})";
        for (int i = 1; i <= kMaxLayers; ++i) layers += R"(, {"name": "L)" + std::to_string(i) + R"(", "shape": [1]})";
        CHECK(firstError(parseExperiment(R"({"schema": 1, "network": {"layers": [)" + layers + "]}}")) ==
              "network.layers: must have 1 to 64 layers");
        std::string some = R"({"name": "L0", "shape": [1]})", paths;
        for (int i = 1; i < 17; ++i) some += R"(, {"name": "L)" + std::to_string(i) + R"(", "shape": [1]})";
        int n = 0;
        for (int a = 0; a < 17 && n <= kMaxPaths; ++a)
            for (int b = 0; b < 17 && n <= kMaxPaths; ++b, ++n)
                paths += std::string(n ? "," : "") + R"({"from": "L)" + std::to_string(a) + R"(", "to": "L)" +
                         std::to_string(b) + "\"}";
        CHECK(firstError(parseExperiment(R"({"schema": 1, "network": {"layers": [)" + some + R"(], "paths": [)" + paths +
                                         "]}}")) == "network.paths: must have at most 256 paths");
    }
    SUBCASE("many errors are capped") {
        std::string json = R"({"schema": 1)";
        for (int i = 0; i < 80; ++i) json += ", \"k" + std::to_string(i) + "\": 0";
        const ParseResult r = parseExperiment(json + "}");
        REQUIRE(r.errors.size() == 51);
        CHECK(r.errors[0].str() == "k0: unknown key");
        CHECK(r.errors[50].str() == "too many errors: only the first 50 are listed");
    }
    SUBCASE("error messages quote user text safely") {
        const std::string json = withPath0(R"({"from": "Input", "to": "a\"\n)" + std::string(100, 'z') + R"("})");
        CHECK(firstError(parseExperiment(json)) ==
              R"(network.paths[0].to: no layer named "a\"\u000a)" + std::string(61, 'z') + R"(...")");
    }
}

TEST_CASE("experiment: every prefix and many mutations of a document parse without crashing") {
    const std::string json = builtinExperimentJson("ra25");
    const std::size_t end = json.rfind('}') + 1;
    for (std::size_t n = 0; n < json.size(); ++n) {
        const ParseResult r = parseExperiment(json.substr(0, n));
        CHECK(r.ok() == (n >= end));
    }
    std::uint32_t state = 12345;  // a fixed LCG: the same mutations every run
    const auto next = [&] { return state = state * 1664525u + 1013904223u; };
    const char bytes[] = {'{', '}', '[', ']', '"', ',', ':', '0', '-', 'e', '\\', '\0', '\xff', ' ', 'x'};
    for (int i = 0; i < 3000; ++i) {
        std::string mutated = json;
        for (int k = 0; k < 3; ++k) mutated[next() % mutated.size()] = bytes[next() % sizeof bytes];
        const ParseResult r = parseExperiment(mutated);
        if (!r.ok()) CHECK(!r.errors[0].message.empty());
    }
}

TEST_CASE("experiment: validateExperiment checks experiments built in code") {
    Experiment ex = parseExperiment(builtinExperimentJson("ra25")).experiment;
    CHECK(validateExperiment(ex).empty());
    CHECK(validateExperiment(Experiment{})[0].str() == "network.layers: must have 1 to 64 layers");
    {
        Experiment bad = ex;
        bad.layers[1].shape = {};
        CHECK(validateExperiment(bad)[0].str() == "network.layers[1].shape: must be 1, 2 or 4 positive integers");
    }
    {
        Experiment bad = ex;
        bad.layers[0].params.push_back({"Inhib.Layer.Gi", 0.5});
        CHECK(validateExperiment(bad)[0].str() == R"(network.layers[0].params["Inhib.Layer.Gi"]: is set more than once)");
    }
    {
        Experiment bad = ex;
        bad.paths[0].params[0].value = std::numeric_limits<double>::quiet_NaN();
        CHECK(validateExperiment(bad)[0].str() == R"(network.paths[0].params["Learn.LRate.Base"]: must be in [0, 1])");
    }
    {
        Experiment bad = ex;
        bad.name = "bad \xff name";
        CHECK(validateExperiment(bad)[0].str() == "name: is not valid UTF-8");
        CHECK(toJson(bad).find("bad \xEF\xBF\xBD name") != std::string::npos);  // U+FFFD, no error
    }
    {
        Experiment bad = ex;
        bad.seed = std::uint64_t{1} << 60;
        bad.schema = 3;
        CHECK(validateExperiment(bad)[0].str() == "schema: must be 2");
        CHECK(validateExperiment(bad)[1].str() == "seed: must be an integer in [0, 9007199254740991]");
    }
}

TEST_CASE("experiment: estimateStateBytes") {
    const Experiment ra25 = parseExperiment(builtinExperimentJson("ra25")).experiment;
    const std::size_t bytes = estimateStateBytes(ra25);
    CHECK(bytes > 500000);  // ~27500 synapses and 250 neurons
    CHECK(bytes < 2000000);
    // Any experiment, valid or not, gets an estimate without trouble.
    CHECK(estimateStateBytes(Experiment{}) == 0);
    Experiment odd = ra25;
    odd.layers[1].shape = {0, 1, 2, 2};
    odd.paths[0].pattern = PathPattern::PoolOneToOne;
    odd.paths[1].to = "nowhere";
    odd.task.patterns.clear();
    CHECK(estimateStateBytes(odd) < bytes);
}

TEST_CASE("experiment: the memory estimate counts the CaSyn bins of long trials") {
    // 4 layers of 65536 units with 20000-cycle trials keep 2000 CaSyn bins (8 kB) per unit:
    // about 2 GB, which must be refused before anything is allocated.
    std::string layers;
    for (int i = 0; i < 4; ++i)
        layers += std::string(i ? "," : "") + R"({"name": "L)" + std::to_string(i) + R"(", "shape": [256, 256])" +
                  (i == 0 ? R"(, "type": "Input")" : i == 3 ? R"(, "type": "Target")" : "") + "}";
    const std::string json = R"({"schema": 1, "network": {"layers": [)" + layers +
                             R"(]}, "task": {"inputLayer": "L0", "targetLayer": "L3", "source": "generate"},)"
                             R"( "train": {"minusCycles": 10000, "plusCycles": 10000}})";
    const ParseResult r = parseExperiment(json);
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].path == "network");
    CHECK(r.errors[0].message.find("MB of state, over the 1024 MB limit") != std::string::npos);
    CHECK(estimateStateBytes(r.experiment) > std::size_t{4} * 65536 * 2000 * sizeof(float));
}

TEST_CASE("pattern table: the ra25 CSV gives ra25Patterns()") {
    std::string csv;
    REQUIRE(readFile(testDataPath("ra25-axon-patterns.csv"), csv));
    std::vector<PatternRow> rows;
    const ParseResult r = parsePatternTable(csv, 25, 25, rows);
    REQUIRE_MESSAGE(r.ok(), firstError(r));
    checkSameRows(rows, ra25Patterns());

    SUBCASE("as TSV") {
        std::string tsv = csv;
        for (char& c : tsv)
            if (c == ',') c = '\t';
        REQUIRE(parsePatternTable(tsv, 25, 25, rows).ok());
        checkSameRows(rows, ra25Patterns());
    }
    SUBCASE("without the name column, with \\n line ends, a BOM and blank lines") {
        std::string plain = "\xEF\xBB\xBF";
        std::istringstream lines(csv);
        for (std::string line; std::getline(lines, line);) {
            if (!line.empty() && line.back() == '\r') line.pop_back();
            plain += line.substr(line.find(',') + 1) + "\n\n";
        }
        REQUIRE(parsePatternTable(plain, 25, 25, rows).ok());
        REQUIRE(rows.size() == 25);
        for (std::size_t i = 0; i < rows.size(); ++i) {
            CHECK(rows[i].name.empty());
            CHECK(rows[i].input == ra25Patterns()[i].input);
            CHECK(rows[i].target == ra25Patterns()[i].target);
        }
    }
}

TEST_CASE("pattern table: quoting and values") {
    std::vector<PatternRow> rows;
    const std::string table = "name,a,b,t\r\n\"evt, \"\"one\"\"\",1,0.25,.5\r\n  p2 , 1e-1 ,0, 1.0 \r\n\r\n";
    const ParseResult r = parsePatternTable(table, 2, 1, rows);
    REQUIRE_MESSAGE(r.ok(), firstError(r));
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].name == "evt, \"one\"");
    CHECK(rows[0].input == std::vector<float>{1, 0.25f});
    CHECK(rows[0].target == std::vector<float>{0.5f});
    CHECK(rows[1].name == "p2");
    CHECK(rows[1].input == std::vector<float>{0.1f, 0});
}

TEST_CASE("pattern table: errors name the row and column") {
    struct Case {
        std::string text;
        std::string firstError;
    };
    const std::string header = "name,a,b,t\n";
    const Case cases[] = {
        {"", "the table is empty"},
        {"\n \n", "the table is empty"},
        {header, "no data rows after the header"},
        {"a,b\n1,0\n", "row 1: has 2 columns, expected 4 (name + 2 inputs + 1 target) or 3 (2 inputs + 1 target)"},
        {header + "p,1,0\n", "row 2: has 3 columns, expected 4 (name + 2 inputs + 1 target)"},
        {"a,b,t\np,1,0,1\n", "row 2: has 4 columns, expected 3 (2 inputs + 1 target)"},
        {header + "p,1,0,1\nq,1,abc,0\n", "row 3, column 3: \"abc\" is not a number in [0, 1]"},
        {header + "p,1,2,0\n", "row 2, column 3: \"2\" is not a number in [0, 1]"},
        {header + "p,1,-0.5,0\n", "row 2, column 3: \"-0.5\" is not a number in [0, 1]"},
        {header + "p,1,nan,0\n", "row 2, column 3: \"nan\" is not a number in [0, 1]"},
        {header + "p,1,inf,0\n", "row 2, column 3: \"inf\" is not a number in [0, 1]"},
        {header + "p,1,0x1,0\n", "row 2, column 3: \"0x1\" is not a number in [0, 1]"},
        {header + "p,1,,0\n", "row 2, column 3: \"\" is not a number in [0, 1]"},
        {header + "p,1,1e999,0\n", "row 2, column 3: \"1e999\" is not a number in [0, 1]"},
        {header + "p,1,0,1e\n", "row 2, column 4: \"1e\" is not a number in [0, 1]"},
        {header + "\"p,1,0,1\n", "row 2: a quoted field is not closed"},
        {header + "\"p\"q,1,0,1\n", "row 2: text after a closing quote"},
        {header + std::string(65, 'n') + ",1,0,1\n", "row 2, column 1: a name has at most 64 characters"},
        {header + "p,1,0,1\np\xff,1,0,1\n", "row 3: invalid UTF-8 at byte 20"},
        {header + repeat("p,1,0,1\n", 10001), "row 10002: more than 10000 rows"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.text.substr(0, 200));
        std::vector<PatternRow> rows(3);
        const ParseResult r = parsePatternTable(c.text, 2, 1, rows);
        CHECK(firstError(r) == c.firstError);
        CHECK(rows.empty());  // nothing half-read is handed out
    }
    std::vector<PatternRow> rows;
    CHECK(firstError(parsePatternTable("a\n1\n", 0, 1, rows)) == "input and target sizes must be 1 to 65536 units");
    CHECK(firstError(parsePatternTable(std::string(5 << 20, '0'), 2, 1, rows)) ==
          "the table is 5242880 bytes, over the limit of 4194304 bytes (4 MB)");
}

TEST_CASE("validation: cycles in the layer graph where they are not allowed") {
    const std::string layers = R"({"name":"Input","type":"Input","shape":[5,5]},{"name":"H","shape":[5,5]},
                                  {"name":"Output","type":"Target","shape":[5,5]})";
    auto firstError = [&](const std::string& paths) {
        const ParseResult r = parseExperiment(R"({"schema":1,"network":{"layers":[)" + layers + R"(],"paths":[)" + paths + "]}}");
        return r.errors.empty() ? std::string("(valid)") : r.errors[0].str();
    };
    // a layer onto itself: only Lateral or Inhib
    CHECK(firstError(R"({"from":"H","to":"H"})") ==
          R"(network.paths[0].type: a path from a layer to itself must be "Lateral" or "Inhib")");
    CHECK(firstError(R"({"from":"H","to":"H","type":"Lateral"})") == "(valid)");
    CHECK(firstError(R"({"from":"H","to":"H","type":"Inhib"})") == "(valid)");
    // Forward paths must not loop; the top-down one is a Back path
    CHECK(firstError(R"({"from":"Input","to":"H"},{"from":"H","to":"Output"},{"from":"Output","to":"H"})") ==
          R"(network.paths[2]: Forward paths form a cycle through "H"; make the top-down path "Back")");
    CHECK(firstError(R"({"from":"Input","to":"H"},{"from":"H","to":"Output"},{"from":"Output","to":"H","type":"Back"})") ==
          "(valid)");
    CHECK(firstError(R"({"from":"Input","to":"H"},{"from":"H","to":"Output"},{"from":"Output","to":"Input"})") ==
          R"(network.paths[2]: Forward paths form a cycle through "Input"; make the top-down path "Back")");
}
