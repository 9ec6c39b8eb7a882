// The parameter tables (param_table.h) and the neuron variable names (vars.h).
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <set>
#include <string>

#include "theta/experiment.h"
#include "theta/param_table.h"
#include "theta/vars.h"

using namespace theta;

namespace {

struct TableView {
    const char* what;
    const ParamInfo* entries;
    std::size_t count;
    std::size_t structBytes;
    const ParamInfo* (*find)(std::string_view);
};

TableView layerTable() {
    std::size_t n = 0;
    const ParamInfo* t = layerParamTable(n);
    return {"LayerParams", t, n, sizeof(LayerParams), findLayerParam};
}

TableView pathTable() {
    std::size_t n = 0;
    const ParamInfo* t = pathParamTable(n);
    return {"PathParams", t, n, sizeof(PathParams), findPathParam};
}

float defaultValue(const TableView& table, const ParamInfo& info) {
    if (table.find == findLayerParam) {
        LayerParams p;
        return paramRef(p, info);
    }
    PathParams p;
    return paramRef(p, info);
}

}  // namespace

TEST_CASE("param table: names are unique and lookups find each entry") {
    for (const TableView& table : {layerTable(), pathTable()}) {
        CAPTURE(table.what);
        REQUIRE(table.count > 0);
        std::set<std::string> names;
        for (std::size_t i = 0; i < table.count; ++i) {
            const ParamInfo& info = table.entries[i];
            CAPTURE(info.name);
            CHECK(names.insert(info.name).second);
            CHECK(table.find(info.name) == &info);
        }
        CHECK(table.find("Foo.Bar") == nullptr);
        CHECK(table.find("") == nullptr);
    }
    // The two tables are separate namespaces.
    CHECK(findLayerParam("Com.Delay") == nullptr);
    CHECK(findPathParam("Inhib.Layer.Gi") == nullptr);
    // Names the documentation and the built-ins rely on.
    for (const char* name : {"Acts.Spikes.Tr", "Acts.KNa.Med.Gk", "Learn.TrgAvgAct.TrgRange.Min",
                             "Inhib.Layer.Gi", "Inhib.Pool.On", "Learn.CaLearn.Dt.MTau",
                             "Learn.LearnNMDA.MgC", "Acts.Decay.GBuffs", "Learn.RLRate.On"})
        CHECK_MESSAGE(findLayerParam(name) != nullptr, name);
    for (const char* name : {"SWts.Init.SPct", "Learn.LRate.Base", "Com.Delay", "PathScale.Rel",
                             "Learn.DWt.CaPScale", "Learn.Learn"})
        CHECK_MESSAGE(findPathParam(name) != nullptr, name);
}

TEST_CASE("param table: every float of LayerParams and PathParams is listed exactly once") {
    for (const TableView& table : {layerTable(), pathTable()}) {
        CAPTURE(table.what);
        // Every field is a float and the structs have no padding, so covering each 4-byte
        // slot once means covering every field.
        CHECK(table.count * sizeof(float) == table.structBytes);
        std::set<std::size_t> offsets;
        for (std::size_t i = 0; i < table.count; ++i) {
            const ParamInfo& info = table.entries[i];
            CAPTURE(info.name);
            CHECK(info.offset % sizeof(float) == 0);
            CHECK(info.offset < table.structBytes);
            CHECK(offsets.insert(info.offset).second);
        }
    }
}

TEST_CASE("param table: Axon's defaults are inside every range, and kinds are consistent") {
    for (const TableView& table : {layerTable(), pathTable()}) {
        CAPTURE(table.what);
        for (std::size_t i = 0; i < table.count; ++i) {
            const ParamInfo& info = table.entries[i];
            const float value = defaultValue(table, info);
            CAPTURE(info.name);
            CAPTURE(value);
            CHECK(info.min <= info.max);
            CHECK(info.unit != nullptr);
            CHECK(checkParamValue(info, value) == nullptr);
            if (info.kind == ParamKind::Bool) {
                CHECK(info.min == 0);
                CHECK(info.max == 1);
            }
        }
    }
    // Type defaults the engine applies are inside too.
    CHECK(checkParamValue(*findLayerParam("Acts.Clamp.Ge"), 1.5) == nullptr);
    CHECK(checkParamValue(*findPathParam("SWts.Init.SPct"), 0) == nullptr);
    CHECK(checkParamValue(*findPathParam("PathScale.Rel"), 0.1) == nullptr);
}

TEST_CASE("param table: checkParamValue") {
    const double inf = std::numeric_limits<double>::infinity();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    struct Case {
        const char* name;
        bool layer;
        double value;
        const char* expected;  // nullptr = valid
    };
    const Case cases[] = {
        {"Inhib.Layer.Gi", true, 0.9, nullptr},
        {"Inhib.Layer.Gi", true, 0, nullptr},
        {"Inhib.Layer.Gi", true, 100, nullptr},
        {"Inhib.Layer.Gi", true, -0.1, "must be in [0, 100]"},
        {"Inhib.Layer.Gi", true, 100.5, "must be in [0, 100]"},
        {"Inhib.Layer.Gi", true, nan, "must be in [0, 100]"},
        {"Inhib.Layer.Gi", true, inf, "must be in [0, 100]"},
        {"Inhib.Layer.Gi", true, -inf, "must be in [0, 100]"},
        {"Inhib.Layer.Gi", true, 1e300, "must be in [0, 100]"},
        // compared as the float the engine stores: 0.001 is inside [0.001, 1]
        {"Inhib.ActAvg.Nominal", true, 0.001, nullptr},
        {"Inhib.ActAvg.Nominal", true, 0.0009, "must be in [0.001, 1]"},
        {"Inhib.ActAvg.Nominal", true, 0, "must be in [0.001, 1]"},
        {"Acts.Dt.VmSteps", true, 2, nullptr},
        {"Acts.Dt.VmSteps", true, 2.5, "must be an integer in [1, 8]"},
        {"Acts.Dt.VmSteps", true, 0, "must be an integer in [1, 8]"},
        {"Acts.Dt.VmSteps", true, 9, "must be an integer in [1, 8]"},
        {"Acts.Spikes.Tr", true, 1, nullptr},
        {"Acts.KNa.On", true, 0, nullptr},
        {"Acts.KNa.On", true, 1, nullptr},
        {"Acts.KNa.On", true, 0.5, "must be 0 or 1"},
        {"Acts.KNa.On", true, 2, "must be 0 or 1"},
        {"Acts.Erev.I", true, -90, nullptr},
        {"Acts.Erev.I", true, -201, "must be in [-200, 100]"},
        {"Acts.Dt.GeTau", true, 0.5, "must be in [1, 1000]"},
        {"Com.Delay", false, 0, nullptr},
        {"Com.Delay", false, 16, nullptr},
        {"Com.Delay", false, 17, "must be an integer in [0, 16]"},
        {"Com.Delay", false, -1, "must be an integer in [0, 16]"},
        {"Com.Delay", false, nan, "must be an integer in [0, 16]"},
        {"Learn.LRate.Base", false, 0.06, nullptr},
        {"Learn.LRate.Base", false, 1.5, "must be in [0, 1]"},
    };
    for (const Case& c : cases) {
        const ParamInfo* info = c.layer ? findLayerParam(c.name) : findPathParam(c.name);
        REQUIRE_MESSAGE(info != nullptr, c.name);
        CAPTURE(c.name);
        CAPTURE(c.value);
        const char* got = checkParamValue(*info, c.value);
        if (c.expected == nullptr) CHECK(got == nullptr);
        else CHECK(std::string(got ? got : "(valid)") == c.expected);
    }
}

TEST_CASE("param table: parameters the engine does not model accept only Axon's default") {
    for (const char* name : {"Acts.NMDA.ITau", "Acts.MaintNMDA.ITau", "Learn.LearnNMDA.ITau"}) {
        CAPTURE(name);
        CHECK(checkParamValue(*findLayerParam(name), 1) == nullptr);
        CHECK(std::string(checkParamValue(*findLayerParam(name), 2)).find("is not modelled") == 0);
    }
    for (const char* name : {"Acts.NMDA.Voff", "Acts.MaintNMDA.Voff", "Learn.LearnNMDA.Voff"}) {
        CAPTURE(name);
        CHECK(checkParamValue(*findLayerParam(name), 0) == nullptr);
        CHECK(std::string(checkParamValue(*findLayerParam(name), 5)).find("is not modelled") == 0);
    }
    CHECK(checkParamValue(*findLayerParam("Acts.Dt.MaxCycStart"), 10) == nullptr);
    CHECK(std::string(checkParamValue(*findLayerParam("Acts.Dt.MaxCycStart"), 20)).find("is not modelled (CaPMax") == 0);
    // AK's Voff is modelled: any value in range.
    CHECK(checkParamValue(*findLayerParam("Acts.AK.Voff"), 5) == nullptr);
    // In an experiment file the refusal names the field.
    std::string json = builtinExperimentJson("ra25");
    const std::string param = "\"Acts.NMDA.MgC\"";   // the first layer that sets it
    REQUIRE(json.find(param) != std::string::npos);
    json.insert(json.find(param), "\"Acts.NMDA.ITau\": 2, ");
    const ParseResult r = parseExperiment(json);
    REQUIRE_FALSE(r.ok());
    CAPTURE(r.errors[0].str());
    CHECK(r.errors[0].str().find(".params[\"Acts.NMDA.ITau\"]: is not modelled") != std::string::npos);
}

TEST_CASE("param table: paramRef reaches the named field") {
    LayerParams lp;
    paramRef(lp, *findLayerParam("Inhib.Layer.Gi")) = 2.5f;
    paramRef(lp, *findLayerParam("Learn.TrgAvgAct.TrgRange.Max")) = 3;
    paramRef(lp, *findLayerParam("Acts.KNa.Slow.Decay")) = 700;
    CHECK(lp.Inhib.Layer.Gi == 2.5f);
    CHECK(lp.Inhib.Pool.Gi == 1);
    CHECK(lp.Learn.TrgAvgAct.TrgRange.Max == 3);
    CHECK(lp.Acts.KNa.Slow.Decay == 700);
    CHECK(lp.Acts.KNa.Med.Decay == 200);
    PathParams pp;
    paramRef(pp, *findPathParam("Com.Delay")) = 4;
    paramRef(pp, *findPathParam("SWts.Limit.Max")) = 0.7f;
    CHECK(pp.Com.Delay == 4);
    CHECK(pp.SWts.Limit.Max == 0.7f);
}

TEST_CASE("neuron variable names") {
    std::set<std::string> names;
    for (int i = 0; i < kNeuronVarCount; ++i) {
        const NeuronVar v = static_cast<NeuronVar>(i);
        const char* name = neuronVarName(v);
        REQUIRE(name != nullptr);
        CHECK(names.insert(name).second);
        CHECK(neuronVarFromName(name) == v);
    }
    CHECK(std::string(neuronVarName(NeuronVar::Act)) == "Act");
    CHECK(std::string(neuronVarName(NeuronVar::LearnCaP)) == "LearnCaP");
    CHECK(neuronVarFromName("Vm") == NeuronVar::Vm);
    CHECK(neuronVarFromName("vm") == NeuronVar::Count);
    CHECK(neuronVarFromName("") == NeuronVar::Count);
    CHECK(neuronVarFromName(nullptr) == NeuronVar::Count);
    CHECK(neuronVarName(NeuronVar::Count) == nullptr);
    CHECK(neuronVarName(static_cast<NeuronVar>(-1)) == nullptr);
}
