// Settings strings (theta/settings.h): parsing and its errors, grid expansion, and applying
// a condition to an experiment and to the network built from it.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "network.h"
#include "theta/param_table.h"
#include "theta/settings.h"
#include "theta/sim.h"

using namespace theta;

namespace {

Experiment ra25() {
    ParseResult r = parseExperiment(builtinExperimentJson("ra25"));
    REQUIRE(r.ok());
    return r.experiment;
}

/// The reason parseSetting gives for `text` (empty when it parses).
std::string parseReason(const std::string& text) {
    Setting s;
    std::string reason;
    if (parseSetting(text, s, reason)) return "";
    return reason;
}

double paramIn(const std::vector<ParamSetting>& params, const std::string& name) {
    for (const ParamSetting& p : params)
        if (p.name == name) return p.value;
    FAIL("no parameter " << name);
    return 0;
}

}  // namespace

TEST_CASE("settings: layer, path and train settings parse, with grids") {
    Setting s;
    std::string reason;
    REQUIRE(parseSetting(" Hidden1 : Inhib.Layer.Gi = 1.0, 1.1 ,1.2 ", s, reason));
    CHECK(s.target == Setting::Target::Layer);
    CHECK(s.layer == "Hidden1");
    CHECK(s.name == "Inhib.Layer.Gi");
    CHECK(s.values == std::vector<double>{1.0, 1.1, 1.2});
    CHECK(s.text(1) == "Hidden1:Inhib.Layer.Gi=1.1");

    REQUIRE(parseSetting("Input>Hidden1:Learn.LRate.Base=0.03", s, reason));
    CHECK(s.target == Setting::Target::Path);
    CHECK(s.layer == "Input");
    CHECK(s.to == "Hidden1");
    CHECK(s.text(0) == "Input>Hidden1:Learn.LRate.Base=0.03");  // as written, not 0.0299999...

    REQUIRE(parseSetting("*>*:Learn.LRate.Base=4e-2", s, reason));
    CHECK(s.values == std::vector<double>{0.04});

    REQUIRE(parseSetting("train.epochs=5,10", s, reason));
    CHECK(s.target == Setting::Target::Field);
    CHECK(s.name == "train.epochs");
    CHECK(s.text(0) == "train.epochs=5");
    CHECK(s.values == std::vector<double>{5, 10});
}

TEST_CASE("settings: every refusal says what is wrong") {
    CHECK(parseReason("Hidden1:Inhib.Layer.Gi") .find("no '=value'") != std::string::npos);
    CHECK(parseReason("Inhib.Layer.Gi=1") .find("TARGET:Param=value") != std::string::npos);
    CHECK(parseReason("Hidden1:Inhib.Layr.Gi=1") == "unknown layer parameter \"Inhib.Layr.Gi\"");
    CHECK(parseReason("Input>Hidden1:Inhib.Layer.Gi=1").find("is a layer parameter") != std::string::npos);
    CHECK(parseReason("Hidden1:Learn.LRate.Base=1").find("is a path parameter") != std::string::npos);
    CHECK(parseReason("Input>:Learn.LRate.Base=0.1").find("From>To") != std::string::npos);
    CHECK(parseReason("A>B>C:Learn.LRate.Base=0.1").find("From>To") != std::string::npos);
    CHECK(parseReason(":Inhib.Layer.Gi=1").find("names no layer") != std::string::npos);
    CHECK(parseReason("Hidden1:Inhib.Layer.Gi=abc") == "\"abc\" is not a number");
    CHECK(parseReason("Hidden1:Inhib.Layer.Gi=inf") == "\"inf\" is not a number");
    CHECK(parseReason("Hidden1:Inhib.Layer.Gi=0x10") == "\"0x10\" is not a number");
    CHECK(parseReason("Hidden1:Inhib.Layer.Gi=1e999") == "\"1e999\" is too large");
    CHECK(parseReason("Hidden1:Inhib.Layer.Gi=1,,2") == "has an empty value");
    CHECK(parseReason("Hidden1:Inhib.Layer.Gi=1,500") == "value 500 must be in [0, 100]");
    CHECK(parseReason("Hidden1:Acts.Spikes.Tr=1.5") == "value 1.5 must be an integer in [0, 1000]");
    CHECK(parseReason("train.epochs=0") == "value 0 must be an integer in [1, 100000]");
    CHECK(parseReason("train.nZero=2.5") == "value 2.5 must be an integer in [0, 1000]");
    CHECK(parseReason("train.rusn=3").find("unknown train field \"train.rusn\" (train.epochs, ") == 0);
    CHECK(parseReason("train.minusCycles=0") == "value 0 must be an integer in [1, 10000]");
    CHECK(parseReason("task.order=random") == "value \"random\" must be \"permuted\" or \"sequential\"");
    CHECK(parseReason("task.Ge=0.1").find("unknown task field \"task.Ge\" (task.order, task.input, task.ge, ") == 0);
    CHECK(parseReason("task.ge=11") == "value 11 must be a number in [0, 10]");
    CHECK(parseReason("task.onCycle=1.5") == "value 1.5 must be an integer in [0, 20000]");
    CHECK(parseReason("train.learn=2") == "value 2 must be an integer in [0, 1]");
    CHECK(parseReason("task.input=burst") == "value \"burst\" must be \"clamp\" or \"spikes\" or \"train\"");
    std::string many = "train.epochs=1";
    for (int i = 2; i <= kMaxConditions + 1; ++i) many += "," + std::to_string(i);
    CHECK(parseReason(many) == "has more than 64 values");
}

TEST_CASE("settings: grid expansion makes the cartesian product, last setting fastest") {
    std::vector<SettingsCondition> conds;
    REQUIRE(expandSettings({"Hidden1:Inhib.Layer.Gi=1.0,1.1,1.2", "train.epochs=7",
                            "Input>Hidden1:Learn.LRate.Base=0.03,0.06"},
                           conds)
                .empty());
    REQUIRE(conds.size() == 6);
    CHECK(conds[0].label == "Hidden1:Inhib.Layer.Gi=1.0 Input>Hidden1:Learn.LRate.Base=0.03");
    CHECK(conds[1].label == "Hidden1:Inhib.Layer.Gi=1.0 Input>Hidden1:Learn.LRate.Base=0.06");
    CHECK(conds[2].label == "Hidden1:Inhib.Layer.Gi=1.1 Input>Hidden1:Learn.LRate.Base=0.03");
    CHECK(conds[5].label == "Hidden1:Inhib.Layer.Gi=1.2 Input>Hidden1:Learn.LRate.Base=0.06");
    // The fixed setting is in every condition, in the order written, but not in the labels.
    CHECK(conds[3].settings == std::vector<std::string>{"Hidden1:Inhib.Layer.Gi=1.1", "train.epochs=7",
                                                        "Input>Hidden1:Learn.LRate.Base=0.06"});

    REQUIRE(expandSettings({"train.epochs=7", "*:Inhib.Layer.FB=0.6"}, conds).empty());
    REQUIRE(conds.size() == 1);
    CHECK(conds[0].label == "train.epochs=7 *:Inhib.Layer.FB=0.6");

    REQUIRE(expandSettings({}, conds).empty());
    REQUIRE(conds.size() == 1);
    CHECK(conds[0].label == "baseline");
    CHECK(conds[0].settings.empty());
}

TEST_CASE("settings: expansion refuses bad settings, repeats and grids over the limit") {
    std::vector<SettingsCondition> conds;
    auto errors = expandSettings({"train.epochs=3", "Hidden1:Inhib.Layer.Gi=x", "train.epochs=4"}, conds);
    CHECK(conds.empty());
    REQUIRE(errors.size() == 2);
    CHECK(errors[0].path == "settings[1]");
    CHECK(errors[0].message == "\"Hidden1:Inhib.Layer.Gi=x\": \"x\" is not a number");
    CHECK(errors[1].path == "settings[2]");
    CHECK(errors[1].message == "\"train.epochs=4\": sets the same thing as settings[0]");

    // 5 x 13 = 65 conditions
    errors = expandSettings({"train.epochs=1,2,3,4,5", "train.nZero=0,1,2,3,4,5,6,7,8,9,10,11,12"}, conds);
    CHECK(conds.empty());
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].path == "settings");
    CHECK(errors[0].message == "the grid has 5 x 13 conditions, more than the 64 allowed");
    CHECK(expandSettings({"train.epochs=1,2,3,4", "train.nZero=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15"}, conds)
              .empty());
    CHECK(conds.size() == 64);

    CHECK(expandSettings(std::vector<std::string>(kMaxSettings + 1, "train.epochs=1"), conds).at(0).message ==
          "at most 64 settings");
}

TEST_CASE("settings: applying sets params and train fields, and the built network uses them") {
    Experiment ex = ra25();
    REQUIRE(applySettings(ex, {"Hidden1:Inhib.Layer.Gi=1.2", "Input>Hidden1:Learn.LRate.Base=0.03",
                               "Hidden1:Acts.Dend.GR=2.5", "train.epochs=3", "train.nZero=0"})
                .empty());
    CHECK(paramIn(ex.layers[1].params, "Inhib.Layer.Gi") == 1.2);  // replaced in place
    CHECK(ex.layers[1].params.front().name == "Inhib.Layer.Gi");
    CHECK(ex.layers[1].params.back().name == "Acts.Dend.GR");      // appended
    CHECK(paramIn(ex.layers[2].params, "Inhib.Layer.Gi") == 1.05); // Hidden2 unchanged
    CHECK(paramIn(ex.paths[0].params, "Learn.LRate.Base") == 0.03);
    CHECK(ex.train.epochs == 3);
    CHECK(ex.train.nZero == 0);

    std::vector<ValidationError> errors;
    auto sim = Sim::create(ex, errors);
    REQUIRE(sim);
    Network& net = sim->network();
    CHECK(paramRef(net.layers[1].params, *findLayerParam("Inhib.Layer.Gi")) == 1.2f);
    CHECK(paramRef(net.layers[2].params, *findLayerParam("Inhib.Layer.Gi")) == 1.05f);
    CHECK(paramRef(net.paths[0].params, *findPathParam("Learn.LRate.Base")) == 0.03f);
    // The changed experiment survives its canonical JSON.
    ParseResult again = parseExperiment(toJson(ex));
    REQUIRE(again.ok());
    CHECK(toJson(again.experiment) == toJson(ex));
}

TEST_CASE("settings: wildcards reach every layer or every matching path, a later setting wins") {
    Experiment ex = ra25();
    REQUIRE(applySettings(ex, {"*:Inhib.Layer.FB=0.7", "Output:Inhib.Layer.FB=0.4", "*>*:SWts.Adapt.LRate=0.2",
                               "Hidden2>*:Learn.LRate.Base=0.01"})
                .empty());
    for (const LayerSpec& l : ex.layers) CHECK(paramIn(l.params, "Inhib.Layer.FB") == (l.name == "Output" ? 0.4 : 0.7));
    for (const PathSpec& p : ex.paths) {
        CHECK(paramIn(p.params, "SWts.Adapt.LRate") == 0.2);
        CHECK(paramIn(p.params, "Learn.LRate.Base") == (p.from == "Hidden2" ? 0.01 : 0.06));
    }
}

TEST_CASE("settings: applying refuses unknown targets, grids and invalid results, leaving the experiment") {
    const Experiment before = ra25();
    Experiment ex = before;
    auto errors = applySettings(ex, {"Hiden1:Inhib.Layer.Gi=1", "Input>Output:Learn.LRate.Base=0.1",
                                     "Input>Hiddn:Learn.LRate.Base=0.1", "train.epochs=2,3", "Hidden1:Inhib=1"});
    REQUIRE(errors.size() == 5);
    CHECK(errors[0].str() == "settings[0]: \"Hiden1:Inhib.Layer.Gi=1\": no layer named \"Hiden1\"");
    CHECK(errors[1].str() == "settings[1]: \"Input>Output:Learn.LRate.Base=0.1\": no path \"Input>Output\" in the network");
    CHECK(errors[2].message.find("no layer named \"Hiddn\"") != std::string::npos);
    CHECK(errors[3].message.find("has 2 values") != std::string::npos);
    CHECK(errors[4].message.find("unknown layer parameter \"Inhib\"") != std::string::npos);
    CHECK(toJson(ex) == toJson(before));

    // Each value is in range, but the result is not valid: the validator's field path.
    errors = applySettings(ex, {"Hidden1:Acts.VmRange.Min=50", "Hidden1:Acts.VmRange.Max=-50"});
    REQUIRE(!errors.empty());
    CHECK(errors[0].path.find("network.layers[1].params") == 0);
    CHECK(toJson(ex) == toJson(before));
}

TEST_CASE("settings: every number of train and of a drive task can be set, and means what the file says") {
    Experiment ex = parseExperiment(builtinExperimentJson("neuron")).experiment;
    const std::vector<std::string> settings = {
        "train.runs=3", "train.minusCycles=100", "train.plusCycles=60", "train.nData=2", "train.trialsPerEpoch=4",
        "train.epochs=7", "train.nZero=0", "train.learn=1", "task.ge=0.2", "task.gi=0.05", "task.onCycle=5",
        "task.offCycle=150", "task.input=spikes", "task.spikeHz=40", "task.plusHz=80"};
    const std::vector<ValidationError> errors = applySettings(ex, settings);
    for (const ValidationError& e : errors) MESSAGE(e.str());
    REQUIRE(errors.empty());
    CHECK(ex.train.runs == 3);
    CHECK(ex.train.minusCycles == 100);
    CHECK(ex.train.plusCycles == 60);
    CHECK(ex.train.nData == 2);
    CHECK(ex.train.learn);
    CHECK(ex.task.input == "spikes");
    CHECK(ex.task.plusHz == 80);
    // the same document with the fields written in it
    const Experiment written = parseExperiment(toJson(ex)).experiment;
    CHECK(toJson(written) == toJson(ex));
    Experiment det = parseExperiment(builtinExperimentJson("detector")).experiment;
    REQUIRE(applySettings(det, {"task.order=permuted"}).empty());
    CHECK(det.task.order == "permuted");
}
