// Embind bindings for the ThetaLab engine: marshalling only, no model logic.
//
// Conventions (see README "Serving" and web/sim-worker.js, the only user in the page):
// * C++ exceptions are disabled under Emscripten, so nothing here throws. Calls that can
//   refuse their input return an array of {path, message} (empty = accepted); turning
//   such arrays into a JS Error happens in ONE place, `throwIfFieldErrors` in
//   bindings/post.js, which also defines the throwing `createSim(json)`.
// * `...View` functions return zero-copy typed arrays over wasm memory. They are valid
//   only until the next call into the module (any call may allocate, and growth of wasm
//   memory detaches every view). `...Copy` functions and weight getters return fresh
//   JS-owned arrays.
// * A Sim made from JS (createSim / createSimResult) is owned by the caller, who must call
//   `.delete()` on it (in the page: the worker).
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "theta/bench.h"
#include "theta/experiment.h"
#include "theta/sim.h"
#include "theta/vars.h"

using emscripten::val;
using theta::Sim;

namespace {

// Self-documenting names for the JS types that cross the boundary.
using Float32Array = val;
using JsArray = val;
using JsObject = val;

JsArray fieldErrors(const std::vector<theta::ValidationError>& errors) {
    JsArray out = val::array();
    for (const auto& e : errors) {
        JsObject o = val::object();
        o.set("path", e.path);
        o.set("message", e.message);
        out.call<void>("push", o);
    }
    return out;
}

JsArray oneError(const char* path, const std::string& message) {
    return fieldErrors({theta::ValidationError{path, message}});
}

JsArray stringArray(const std::vector<std::string>& items) {
    JsArray out = val::array();
    for (const auto& s : items) out.call<void>("push", s);
    return out;
}

// A JS seed (safe-integer Number, BigInt or decimal string) as uint64; false if not one.
bool seedFromJs(const val& v, std::uint64_t& out) {
    const std::string type = v.typeOf().as<std::string>();
    if (type == "number") {
        const double d = v.as<double>();
        if (!(d >= 0 && d <= 9007199254740991.0 && std::floor(d) == d)) return false;
        out = static_cast<std::uint64_t>(d);
        return true;
    }
    if (type != "bigint" && type != "string") return false;
    const std::string s = v.call<std::string>("toString");
    if (s.empty() || s.size() > 20) return false;
    std::uint64_t x = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
        const std::uint64_t d = static_cast<std::uint64_t>(c - '0');
        if (x > (UINT64_MAX - d) / 10) return false;  // overflow
        x = x * 10 + d;
    }
    out = x;
    return true;
}

bool validLayer(const Sim& sim, int li) { return li >= 0 && li < sim.numLayers(); }

// Float pointer of one neuron variable, or nullptr for a bad layer or unknown name.
const float* neuronVarPtr(const Sim& sim, int li, const std::string& name, int& n) {
    if (!validLayer(sim, li)) return nullptr;
    const theta::NeuronVar v = theta::neuronVarFromName(name.c_str());
    if (v == theta::NeuronVar::Count) return nullptr;
    n = sim.layerInfo(li).numNeurons;
    return sim.neuronVar(li, v);
}

// ---- free functions

JsObject createSimResult(const std::string& json) {
    JsObject result = val::object();
    theta::ParseResult parsed = theta::parseExperiment(json);
    std::vector<theta::ValidationError> errors = std::move(parsed.errors);
    std::unique_ptr<Sim> sim;
    if (errors.empty()) sim = Sim::create(parsed.experiment, errors);
    result.set("errors", fieldErrors(errors));
    result.set("sim", sim ? val(std::move(sim)) : val::null());  // ownership moves to JS
    return result;
}

JsArray validateExperiment(const std::string& json) {
    return fieldErrors(theta::parseExperiment(json).errors);
}

val builtinExperimentJson(const std::string& name) {
    const std::string json = theta::builtinExperimentJson(name);
    return json.empty() ? val::null() : val(json);
}

JsArray neuronVarNames() {
    JsArray out = val::array();
    for (int i = 0; i < theta::kNeuronVarCount; ++i) {
        out.call<void>("push", std::string(theta::neuronVarName(static_cast<theta::NeuronVar>(i))));
    }
    return out;
}

// ---- Sim methods (free functions taking Sim& bind as methods)

JsArray simInit(Sim& sim, const val& seed) {
    std::uint64_t s = 0;
    if (!seedFromJs(seed, s)) return oneError("seed", "must be an integer in [0, 2^64)");
    sim.init(s);
    return val::array();
}

JsObject simCounters(const Sim& sim) {
    const theta::Counters& c = sim.counters();
    JsObject o = val::object();
    o.set("run", c.run);
    o.set("epoch", c.epoch);
    o.set("trial", c.trial);
    o.set("cycle", c.cycle);
    o.set("phase", std::string(c.phase == theta::Phase::Minus ? "minus" : "plus"));
    o.set("trialsTotal", static_cast<double>(c.trialsTotal));
    o.set("cyclesTotal", static_cast<double>(c.cyclesTotal));
    o.set("runDone", c.runDone);
    return o;
}

JsObject simLastTrial(const Sim& sim) {
    const theta::TrialStats& t = sim.lastTrial();
    JsObject o = val::object();
    o.set("run", t.run);
    o.set("epoch", t.epoch);
    o.set("trial", t.trial);
    o.set("pattern", t.pattern);
    o.set("pctUnitErr", t.pctUnitErr);
    o.set("sse", t.sse);
    o.set("phaseCorr", t.phaseCorr);
    o.set("err", t.err);
    return o;
}

JsArray simEpochLog(const Sim& sim) {
    JsArray out = val::array();
    for (const theta::EpochStats& e : sim.epochLog()) {
        JsObject o = val::object();
        o.set("run", e.run);
        o.set("epoch", e.epoch);
        o.set("pctErr", e.pctErr);
        o.set("pctUnitErr", e.pctUnitErr);
        o.set("sse", e.sse);
        o.set("phaseCorr", e.phaseCorr);
        o.set("nZero", e.nZero);
        o.set("firstZero", e.firstZero);
        out.call<void>("push", o);
    }
    return out;
}

val simLayerInfo(const Sim& sim, int li) {
    if (!validLayer(sim, li)) return val::null();
    const theta::LayerInfo info = sim.layerInfo(li);
    JsObject o = val::object();
    o.set("name", info.name);
    o.set("type", std::string(theta::layerTypeName(info.type)));
    JsArray shape = val::array();
    for (int d : info.shape) shape.call<void>("push", d);
    o.set("shape", shape);
    o.set("numNeurons", info.numNeurons);
    return o;
}

val simNeuronVarView(const Sim& sim, int li, const std::string& name) {
    int n = 0;
    const float* p = neuronVarPtr(sim, li, name, n);
    return p ? val(emscripten::typed_memory_view(static_cast<std::size_t>(n), p)) : val::null();
}

val simNeuronVarCopy(const Sim& sim, int li, const std::string& name) {
    const val view = simNeuronVarView(sim, li, name);
    return view.isNull() ? view : val::global("Float32Array").new_(view);
}

// Weights of one unit from (recv) or onto (send) every unit of another layer, as a fresh
// Float32Array (NaN where not connected); null when the layers are not connected.
template <bool kRecv>
val simWeights(const Sim& sim, int li, int lni, int otherLi) {
    if (!validLayer(sim, li) || !validLayer(sim, otherLi)) return val::null();
    if (lni < 0 || lni >= sim.layerInfo(li).numNeurons) return val::null();
    std::vector<float> out(static_cast<std::size_t>(sim.layerInfo(otherLi).numNeurons));
    const bool ok = kRecv ? sim.recvWeights(li, lni, otherLi, out.data())
                          : sim.sendWeights(li, lni, otherLi, out.data());
    if (!ok) return val::null();
    return val::global("Float32Array").new_(emscripten::typed_memory_view(out.size(), out.data()));
}

JsArray simSetLayerParam(Sim& sim, const std::string& layer, const std::string& name, double value) {
    return fieldErrors(sim.setLayerParam(layer, name, value));
}

JsArray simSetPathParam(Sim& sim, const std::string& from, const std::string& to,
                        const std::string& name, double value) {
    return fieldErrors(sim.setPathParam(from, to, name, value));
}

std::string simStateHash(const Sim& sim) {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(sim.stateHash()));
    return buf;
}

double simStateBytes(const Sim& sim) { return static_cast<double>(sim.stateBytes()); }

std::string simExperimentJson(const Sim& sim) { return theta::toJson(sim.experiment()); }

// Decimal string: a uint64 seed does not fit a JS Number; init() accepts the string back.
std::string simExperimentSeed(const Sim& sim) { return std::to_string(sim.experiment().seed); }

}  // namespace

EMSCRIPTEN_BINDINGS(thetalab) {
    using namespace emscripten;

    function("simdArch", +[]() { return std::string(theta::simdArchName()); });
    function("simdLanes", &theta::simdLanes);
    function("builtinExperimentNames", +[]() { return stringArray(theta::builtinExperimentNames()); });
    function("builtinExperimentJson", &builtinExperimentJson);
    function("validateExperiment", &validateExperiment);
    function("neuronVarNames", &neuronVarNames);
    function("createSimResult", &createSimResult);  // {sim|null, errors}; post.js adds createSim
    // speed benchmark (BENCHMARKS.md): one JSON line, like `thetalab bench --json`
    function("runBench", +[](std::string net, int trials) { return theta::benchReportJson(theta::runBench(net, trials)); });

    class_<Sim>("Sim")
        .function("init", &simInit)
        .function("newRun", &Sim::newRun)
        .function("stepCycle", &Sim::stepCycle)
        .function("stepPhase", &Sim::stepPhase)
        .function("stepTrial", &Sim::stepTrial)
        .function("stepEpoch", &Sim::stepEpoch)
        .function("counters", &simCounters)
        .function("lastTrial", &simLastTrial)
        .function("epochLog", &simEpochLog)
        .function("numLayers", &Sim::numLayers)
        .function("layerInfo", &simLayerInfo)
        .function("layerIndex", &Sim::layerIndex)
        .function("neuronVarView", &simNeuronVarView)
        .function("neuronVarCopy", &simNeuronVarCopy)
        .function("recvWeights", &simWeights<true>)
        .function("sendWeights", &simWeights<false>)
        .function("setLayerParam", &simSetLayerParam)
        .function("setPathParam", &simSetPathParam)
        .function("stateHash", &simStateHash)
        .function("stateBytes", &simStateBytes)
        .function("experimentJson", &simExperimentJson)
        .function("experimentSeed", &simExperimentSeed);
}
