// Embind bindings for the ThetaLab engine: marshalling only, no model logic.
//
// Conventions (see README "The module's JS API"; web/sim-worker.js is the only user in the page):
// * C++ exceptions are disabled under Emscripten, so nothing here throws. Calls that can
//   refuse their input return an array of {path, message} (empty = accepted), or an object
//   {errors, ...}; turning such arrays into a JS Error happens in ONE place,
//   `throwIfFieldErrors` in bindings/post.js, which also defines the throwing wrappers
//   (createSim, loadCheckpoint, parsePatternTable).
// * `...View` functions return zero-copy typed arrays over wasm memory. They are valid
//   only until the next call into the module (any call may allocate, and growth of wasm
//   memory detaches every view). `...Copy` functions return fresh JS-owned arrays.
// * Ownership: the only C++ objects handed to JS are Sims, from createSimResult and
//   loadCheckpointResult. Their caller owns them and must call `.delete()` (in the page:
//   the worker). Everything else crosses as plain JS values.
// * Values coming from JS are type-checked before `as<T>()`: a failed Embind conversion
//   throws a JS exception through the C++ frames, skipping destructors.
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>
#include <emscripten/val.h>

#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "theta/bench.h"
#include "theta/experiment.h"
#include "theta/settings.h"
#include "theta/sim.h"
#include "theta/vars.h"

using emscripten::val;
using theta::Sim;

namespace {

// Self-documenting names for the JS types that cross the boundary.
using Float32Array = val;
using Uint8Array = val;
using JsArray = val;
using JsObject = val;

// The engine allows at most 8 recordings and does not say how many are set, while
// recordedValues(k) aborts for a k beyond them. So every Sim made here always has exactly
// 8 (unused ones empty: no units, no vars, nothing recorded), and k < 8 is always valid.
constexpr int kRecordingSlots = 8;

// ---- JS values in and out

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

JsArray oneError(const std::string& path, const std::string& message) {
    return fieldErrors({theta::ValidationError{path, message}});
}

JsArray stringArray(const std::vector<std::string>& items) {
    JsArray out = val::array();
    for (const auto& s : items) out.call<void>("push", s);
    return out;
}

Float32Array float32Copy(const float* p, std::size_t n) {
    return val::global("Float32Array").new_(emscripten::typed_memory_view(n, p));
}

bool isArray(const val& v) { return val::global("Array").call<bool>("isArray", v); }

/// A JS number that is a whole number in [lo, hi]; false for anything else.
bool intFromJs(const val& v, int lo, int hi, int& out) {
    if (v.typeOf().as<std::string>() != "number") return false;
    const double d = v.as<double>();
    if (!(d >= lo && d <= hi && std::floor(d) == d)) return false;
    out = static_cast<int>(d);
    return true;
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

JsObject epochStatsObject(const theta::EpochStats& e) {
    JsObject o = val::object();
    o.set("run", e.run);
    o.set("epoch", e.epoch);
    o.set("pctErr", e.pctErr);
    o.set("pctUnitErr", e.pctUnitErr);
    o.set("sse", e.sse);
    o.set("phaseCorr", e.phaseCorr);
    o.set("nZero", e.nZero);
    o.set("firstZero", e.firstZero);
    return o;
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

/// Hands a new Sim to JS (which then owns it), after filling its recording slots.
val adoptSim(std::unique_ptr<Sim> sim) {
    if (!sim) return val::null();
    sim->setRecordings(std::vector<theta::Recording>(kRecordingSlots));  // layer 0, nothing recorded
    return val(std::move(sim));
}

// ---- free functions

JsObject createSimResult(const std::string& json) {
    JsObject result = val::object();
    theta::ParseResult parsed = theta::parseExperiment(json);
    std::vector<theta::ValidationError> errors = std::move(parsed.errors);
    std::unique_ptr<Sim> sim;
    if (errors.empty()) sim = Sim::create(parsed.experiment, errors);
    result.set("errors", fieldErrors(errors));
    result.set("sim", adoptSim(std::move(sim)));
    return result;
}

/// {sim|null, errors} from checkpoint bytes (a Uint8Array); post.js adds loadCheckpoint.
JsObject loadCheckpointResult(const Uint8Array& bytes) {
    JsObject result = val::object();
    std::vector<theta::ValidationError> errors;
    std::unique_ptr<Sim> sim;
    if (!bytes.instanceof(val::global("Uint8Array"))) {
        errors.push_back({"checkpoint", "must be bytes (a Uint8Array)"});
    } else {
        const std::vector<std::uint8_t> data = emscripten::convertJSArrayToNumberVector<std::uint8_t>(bytes);
        sim = Sim::loadCheckpoint(data.data(), data.size(), errors);
        if (!sim && errors.empty()) errors.push_back({"checkpoint", "refused"});
    }
    result.set("errors", fieldErrors(errors));
    result.set("sim", adoptSim(std::move(sim)));
    return result;
}

/// {rows: [{name, input: Float32Array, target: Float32Array}], errors} from CSV/TSV text;
/// post.js adds parsePatternTable (plain number arrays, errors as one JS Error).
JsObject parsePatternTableResult(const std::string& text, int inputSize, int targetSize) {
    std::vector<theta::PatternRow> rows;
    const theta::ParseResult parsed = theta::parsePatternTable(text, inputSize, targetSize, rows);
    JsArray jsRows = val::array();
    if (parsed.ok()) {
        for (const theta::PatternRow& r : rows) {
            JsObject o = val::object();
            o.set("name", r.name);
            o.set("input", float32Copy(r.input.data(), r.input.size()));
            o.set("target", float32Copy(r.target.data(), r.target.size()));
            jsRows.call<void>("push", o);
        }
    }
    JsObject result = val::object();
    result.set("rows", jsRows);
    result.set("errors", fieldErrors(parsed.errors));
    return result;
}

JsArray validateExperiment(const std::string& json) {
    return fieldErrors(theta::parseExperiment(json).errors);
}

val builtinExperimentJson(const std::string& name) {
    const std::string json = theta::builtinExperimentJson(name);
    return json.empty() ? val::null() : val(json);
}

/// The strings of a JS array of at most kMaxSettings strings; false with `errors` naming the
/// array or the element that is not a string.
bool settingsFromJs(const val& v, std::vector<std::string>& out, std::vector<theta::ValidationError>& errors) {
    if (!isArray(v)) {
        errors.push_back({"settings", "must be an array of strings"});
        return false;
    }
    const int n = v["length"].as<int>();
    if (n > theta::kMaxSettings) {
        errors.push_back({"settings", "at most " + std::to_string(theta::kMaxSettings) + " settings"});
        return false;
    }
    for (int i = 0; i < n; ++i) {
        const val item = v[i];
        if (item.typeOf().as<std::string>() != "string") {
            errors.push_back({"settings[" + std::to_string(i) + "]", "must be a string"});
            return false;
        }
        out.push_back(item.as<std::string>());
    }
    return true;
}

/// {conditions: [{label, settings: [string]}], errors} for setting strings, some with
/// several values (a grid): settings.h.
JsObject expandSettings(const val& settings) {
    std::vector<std::string> texts;
    std::vector<theta::ValidationError> errors;
    std::vector<theta::SettingsCondition> conditions;
    if (settingsFromJs(settings, texts, errors)) errors = theta::expandSettings(texts, conditions);
    JsArray jsConditions = val::array();
    for (const theta::SettingsCondition& c : conditions) {
        JsObject o = val::object();
        o.set("label", c.label);
        o.set("settings", stringArray(c.settings));
        jsConditions.call<void>("push", o);
    }
    JsObject result = val::object();
    result.set("conditions", jsConditions);
    result.set("errors", fieldErrors(errors));
    return result;
}

/// {json: canonical JSON | null, errors}: the experiment with single-valued settings applied.
JsObject applySettings(const val& json, const val& settings) {
    std::vector<std::string> texts;
    std::vector<theta::ValidationError> errors;
    theta::ParseResult parsed;
    if (json.typeOf().as<std::string>() != "string") {
        errors.push_back({"", "experiment must be JSON text"});
    } else if (settingsFromJs(settings, texts, errors)) {
        parsed = theta::parseExperiment(json.as<std::string>());
        errors = std::move(parsed.errors);
        if (errors.empty()) errors = theta::applySettings(parsed.experiment, texts);
    }
    JsObject result = val::object();
    result.set("json", errors.empty() ? val(theta::toJson(parsed.experiment)) : val::null());
    result.set("errors", fieldErrors(errors));
    return result;
}

JsArray neuronVarNames() {
    JsArray out = val::array();
    for (int i = 0; i < theta::kNeuronVarCount; ++i) {
        out.call<void>("push", std::string(theta::neuronVarName(static_cast<theta::NeuronVar>(i))));
    }
    return out;
}

JsArray poolVarNames() {
    JsArray out = val::array();
    for (int i = 0; i < theta::kPoolVarCount; ++i) {
        out.call<void>("push", std::string(theta::poolVarName(static_cast<theta::PoolVar>(i))));
    }
    return out;
}

/// PoolVar::Count when `name` is no pool variable (the engine has no lookup by name).
theta::PoolVar poolVarFromName(const std::string& name) {
    for (int i = 0; i < theta::kPoolVarCount; ++i) {
        const auto v = static_cast<theta::PoolVar>(i);
        if (name == theta::poolVarName(v)) return v;
    }
    return theta::PoolVar::Count;
}

// ---- Sim methods (free functions taking Sim& bind as methods)

JsArray simInit(Sim& sim, const val& seed) {
    std::uint64_t s = 0;
    if (!seedFromJs(seed, s)) return oneError("seed", "must be an integer in [0, 2^64)");
    sim.init(s);
    return val::array();
}

// Run indices from JS: far beyond any batch (train.runs <= 1000), and newRun() can still count on.
constexpr int kMaxRunIndex = 1000000000;

/// Start run `run` of `seed` directly, as a serial init(seed) + newRun() sequence would reach
/// it: how the page's batch runner runs the runs of a condition in any order.
JsArray simInitRun(Sim& sim, const val& seed, const val& run) {
    std::uint64_t s = 0;
    int r = 0;
    if (!seedFromJs(seed, s)) return oneError("seed", "must be an integer in [0, 2^64)");
    if (!intFromJs(run, 0, kMaxRunIndex, r)) return oneError("run", "must be an integer in [0, " + std::to_string(kMaxRunIndex) + "]");
    sim.initRun(s, r);
    return val::array();
}

/// Up to n cycles, stopping after the cycle that ends a trial: one call per chunk lets the
/// worker time-slice training and still see every trial's statistics. Returns the cycles
/// stepped (0 when the run is done).
int simStepCycles(Sim& sim, int n) {
    int stepped = 0;
    while (stepped < n && sim.stepCycle()) {
        ++stepped;
        if (sim.counters().cycle == 0) break;  // a trial just ended
    }
    return stepped;
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

/// Epoch statistics from index `start` of the log on (the whole log for 0), so a caller
/// that already has the first entries does not copy them again.
JsArray simEpochLogFrom(const Sim& sim, int start) {
    JsArray out = val::array();
    const auto& log = sim.epochLog();
    for (std::size_t i = start > 0 ? static_cast<std::size_t>(start) : 0; i < log.size(); ++i) {
        out.call<void>("push", epochStatsObject(log[i]));
    }
    return out;
}

JsArray simEpochLog(const Sim& sim) { return simEpochLogFrom(sim, 0); }

int simEpochLogSize(const Sim& sim) { return static_cast<int>(sim.epochLog().size()); }

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
    int n = 0;
    const float* p = neuronVarPtr(sim, li, name, n);
    return p ? float32Copy(p, static_cast<std::size_t>(n)) : val::null();
}

// Weights of one unit from (recv) or onto (send) every unit of another layer (NaN where
// no synapse); null when the layers are not connected or an index is out of range.
// The engine gathers them (a unit's synapses are not contiguous), so a View is over a
// scratch buffer that the next weights call overwrites.
std::vector<float> weightScratch;

template <bool kRecv>
const float* gatherWeights(const Sim& sim, int li, int lni, int otherLi, std::size_t& n) {
    if (!validLayer(sim, li) || !validLayer(sim, otherLi)) return nullptr;
    if (lni < 0 || lni >= sim.layerInfo(li).numNeurons) return nullptr;
    n = static_cast<std::size_t>(sim.layerInfo(otherLi).numNeurons);
    weightScratch.resize(n);
    const bool ok = kRecv ? sim.recvWeights(li, lni, otherLi, weightScratch.data())
                          : sim.sendWeights(li, lni, otherLi, weightScratch.data());
    return ok ? weightScratch.data() : nullptr;
}

template <bool kRecv>
val simWeightsView(const Sim& sim, int li, int lni, int otherLi) {
    std::size_t n = 0;
    const float* p = gatherWeights<kRecv>(sim, li, lni, otherLi, n);
    return p ? val(emscripten::typed_memory_view(n, p)) : val::null();
}

template <bool kRecv>
val simWeightsCopy(const Sim& sim, int li, int lni, int otherLi) {
    std::size_t n = 0;
    const float* p = gatherWeights<kRecv>(sim, li, lni, otherLi, n);
    return p ? float32Copy(p, n) : val::null();
}

// ---- inhibition and activity per layer (the inhib and stability sims' plots)

/// Inhibition variable `name` of layer li's layer pool (one value for the whole layer, as of
/// the last cycle); null for a bad layer or name.
val simPoolVar(const Sim& sim, int li, const std::string& name) {
    const theta::PoolVar v = poolVarFromName(name);
    return validLayer(sim, li) && v != theta::PoolVar::Count ? val(sim.poolVar(li, v)) : val::null();
}

/// Layer li's mean ActM ("minus") or ActP ("plus") over the last finished trial; null for a
/// bad layer or phase.
val simLayerTrialAct(const Sim& sim, int li, const std::string& phase) {
    if (!validLayer(sim, li) || (phase != "minus" && phase != "plus")) return val::null();
    return val(sim.layerTrialAct(li, phase == "minus" ? theta::Phase::Minus : theta::Phase::Plus));
}

JsArray simSetLayerParam(Sim& sim, const std::string& layer, const std::string& name, double value) {
    return fieldErrors(sim.setLayerParam(layer, name, value));
}

JsArray simSetPathParam(Sim& sim, const std::string& from, const std::string& to,
                        const std::string& name, double value) {
    return fieldErrors(sim.setPathParam(from, to, name, value));
}

// ---- recordings (theta-cycle scope, spike raster)

/// recs: at most 8 of {layer, neurons: [lni, ...], vars: ['Vm', ...]}, replacing the
/// earlier ones. Recording k's values are then recordedView(k) / recordedCopy(k).
JsArray simSetRecordings(Sim& sim, const val& recs) {
    if (!isArray(recs)) return oneError("recordings", "must be an array");
    const int count = recs["length"].as<int>();
    if (count > kRecordingSlots) return oneError("recordings", "at most 8 recordings");
    std::vector<theta::Recording> out(kRecordingSlots);
    for (int k = 0; k < count; ++k) {
        const std::string at = "recordings[" + std::to_string(k) + "]";
        const val rec = recs[k];
        if (rec.typeOf().as<std::string>() != "object" || rec.isNull()) return oneError(at, "must be an object");
        if (!intFromJs(rec["layer"], 0, INT_MAX, out[k].layer)) return oneError(at + ".layer", "must be a layer index");
        const val neurons = rec["neurons"];
        const val vars = rec["vars"];
        if (!isArray(neurons)) return oneError(at + ".neurons", "must be an array of unit indices");
        if (!isArray(vars)) return oneError(at + ".vars", "must be an array of variable names");
        const int nNeurons = neurons["length"].as<int>();
        const int nVars = vars["length"].as<int>();
        if (nNeurons > theta::kMaxLayerUnits) return oneError(at + ".neurons", "too many units");
        for (int i = 0; i < nNeurons; ++i) {
            int lni = 0;
            if (!intFromJs(neurons[i], 0, INT_MAX, lni)) return oneError(at + ".neurons", "must be an array of unit indices");
            out[k].neurons.push_back(lni);
        }
        for (int i = 0; i < nVars; ++i) {
            const val name = vars[i];
            const theta::NeuronVar v = name.typeOf().as<std::string>() == "string"
                                           ? theta::neuronVarFromName(name.as<std::string>().c_str())
                                           : theta::NeuronVar::Count;
            if (v == theta::NeuronVar::Count) return oneError(at + ".vars", "unknown variable");
            out[k].vars.push_back(v);
        }
    }
    return fieldErrors(sim.setRecordings(out));
}

/// Recording k's values so far in the current trial (or the whole last trial between
/// trials): [cycle][var][unit], recordedCycles() cycles. False for k outside [0, 8).
bool recordedRange(const Sim& sim, int k, const float*& p, std::size_t& n) {
    if (k < 0 || k >= kRecordingSlots) return false;
    const std::vector<float>& values = sim.recordedValues(k);
    const auto& train = sim.experiment().train;
    const std::size_t perCycle = values.size() / static_cast<std::size_t>(train.minusCycles + train.plusCycles);
    p = values.data();  // may be null for an empty recording; n is 0 then
    n = perCycle * static_cast<std::size_t>(sim.recordedCycles());
    return true;
}

/// The pool recording so far in the current trial (or the whole last trial):
/// [cycle][layer][var] in poolVarNames() order, recordedCycles() cycles; empty while off.
Float32Array simRecordedPoolsCopy(const Sim& sim) {
    const std::vector<float>& values = sim.recordedPools();
    const std::size_t perCycle = static_cast<std::size_t>(sim.numLayers()) * theta::kPoolVarCount;
    return float32Copy(values.data(), values.empty() ? 0 : perCycle * static_cast<std::size_t>(sim.recordedCycles()));
}

val simRecordedView(const Sim& sim, int k) {
    const float* p = nullptr;
    std::size_t n = 0;
    return recordedRange(sim, k, p, n) ? val(emscripten::typed_memory_view(n, p)) : val::null();
}

val simRecordedCopy(const Sim& sim, int k) {
    const float* p = nullptr;
    std::size_t n = 0;
    return recordedRange(sim, k, p, n) ? float32Copy(p, n) : val::null();
}

// ---- checkpoint, hash, experiment

Uint8Array simSaveCheckpoint(const Sim& sim) {
    const std::vector<std::uint8_t> bytes = sim.saveCheckpoint();
    return val::global("Uint8Array").new_(emscripten::typed_memory_view(bytes.size(), bytes.data()));
}

std::string simStateHash(const Sim& sim) {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(sim.stateHash()));
    return buf;
}

double simStateBytes(const Sim& sim) { return static_cast<double>(sim.stateBytes()); }

// Per-path trial figures (the synapse sim's DWt and synaptic calcium): null for an index
// that names no path, so a stale index from the page never reads outside the engine.
val simLastTrialDWt(const Sim& sim, int pi) {
    return pi >= 0 && pi < sim.numPaths() ? val(sim.lastTrialDWt(pi)) : val::null();
}
val simPathSynCa(const Sim& sim, int pi) {
    return pi >= 0 && pi < sim.numPaths() ? val(sim.pathSynCa(pi)) : val::null();
}

std::string simExperimentJson(const Sim& sim) { return theta::toJson(sim.experiment()); }

// Decimal string: a uint64 seed does not fit a JS Number; init() accepts the string back.
std::string simExperimentSeed(const Sim& sim) { return std::to_string(sim.experiment().seed); }

// ---- faults

// Out of memory: a failed `new` calls this. Without it the abort says only "Aborted()";
// with it, "Aborted(OOM)", which the worker reports as running out of memory.
[[noreturn]] void onOutOfMemory() {
    EM_ASM({ abort('OOM'); });
    __builtin_unreachable();
}

struct InstallOomHandler {
    InstallOomHandler() { std::set_new_handler(onOutOfMemory); }
} installOomHandler;

// TEST ONLY: crash the module on purpose, to test the worker's fatal-error path and
// restart. "trap" executes `unreachable`; "oom" asks for more memory than wasm32 has.
void testOnlyCrash(const std::string& kind) {
    if (kind == "trap") __builtin_trap();
    if (kind == "oom") {
        // volatile: the compiler may not fold the request or elide the allocation
        volatile std::size_t huge = std::size_t{3} << 30;
        void* volatile p = ::operator new(huge);
        ::operator delete(p);
    }
}

}  // namespace

EMSCRIPTEN_BINDINGS(thetalab) {
    using namespace emscripten;

    function("simdArch", +[]() { return std::string(theta::simdArchName()); });
    function("simdLanes", &theta::simdLanes);
    function("builtinExperimentNames", +[]() { return stringArray(theta::builtinExperimentNames()); });
    function("builtinExperimentJson", &builtinExperimentJson);
    function("validateExperiment", &validateExperiment);
    function("neuronVarNames", &neuronVarNames);
    function("poolVarNames", &poolVarNames);    // ["FFs", "FBs", ..., "TotalGi"]: vars.h's PoolVar
    function("expandSettings", &expandSettings);  // {conditions: [{label, settings}], errors}
    function("applySettings", &applySettings);    // {json | null, errors}
    function("createSimResult", &createSimResult);            // {sim|null, errors}; post.js adds createSim
    function("loadCheckpointResult", &loadCheckpointResult);  // {sim|null, errors}; post.js adds loadCheckpoint
    function("parsePatternTableResult", &parsePatternTableResult);  // post.js adds parsePatternTable
    // speed benchmark (docs/benchmarks.md): one JSON line, like `thetalab bench --json`
    function("runBench", +[](std::string net, int trials) { return theta::benchReportJson(theta::runBench(net, trials)); });
    function("testOnlyCrash", &testOnlyCrash);

    class_<Sim>("Sim")
        .function("init", &simInit)
        .function("initRun", &simInitRun)
        .function("newRun", &Sim::newRun)
        .function("stepCycle", &Sim::stepCycle)
        .function("stepCycles", &simStepCycles)
        .function("stepPhase", &Sim::stepPhase)
        .function("stepTrial", &Sim::stepTrial)
        .function("stepEpoch", &Sim::stepEpoch)
        .function("counters", &simCounters)
        .function("lastTrial", &simLastTrial)
        .function("epochLog", &simEpochLog)
        .function("epochLogFrom", &simEpochLogFrom)
        .function("epochLogSize", &simEpochLogSize)
        .function("numLayers", &Sim::numLayers)
        .function("layerInfo", &simLayerInfo)
        .function("layerIndex", &Sim::layerIndex)
        .function("neuronVarView", &simNeuronVarView)
        .function("neuronVarCopy", &simNeuronVarCopy)
        .function("poolVar", &simPoolVar)
        .function("layerTrialAct", &simLayerTrialAct)
        .function("recvWeightsView", &simWeightsView<true>)
        .function("recvWeightsCopy", &simWeightsCopy<true>)
        .function("sendWeightsView", &simWeightsView<false>)
        .function("sendWeightsCopy", &simWeightsCopy<false>)
        .function("setLayerParam", &simSetLayerParam)
        .function("setPathParam", &simSetPathParam)
        .function("setRecordings", &simSetRecordings)
        .function("recordedView", &simRecordedView)
        .function("recordedCopy", &simRecordedCopy)
        .function("recordedCycles", &Sim::recordedCycles)
        .function("setPoolRecording", &Sim::setPoolRecording)
        .function("recordedPoolsCopy", &simRecordedPoolsCopy)
        .function("saveCheckpoint", &simSaveCheckpoint)
        .function("stateHash", &simStateHash)
        .function("stateBytes", &simStateBytes)
        .function("numPaths", &Sim::numPaths)
        .function("lastTrialDWt", &simLastTrialDWt)
        .function("pathSynCa", &simPathSynCa)
        .function("experimentJson", &simExperimentJson)
        .function("experimentSeed", &simExperimentSeed);
}

// ---- What the page knows about the engine, read from the engine rather than copied into
// the page's JS: the layer types' roles, every parameter's default by layer or path type,
// and the fsa task's token names. The simulation worker sends them in its `info`.
// (Included here, with the block that uses it, so this block is self-contained.)
#include "theta/param_table.h"

namespace {

/// {LayerType: {hiddenLike, targetLike, deep}} for every layer type.
JsObject layerTypes() {
    JsObject out = val::object();
    for (theta::LayerType t : theta::kAllLayerTypes) {
        JsObject o = val::object();
        o.set("hiddenLike", theta::isHiddenLike(t));
        o.set("targetLike", theta::isTargetLike(t));
        o.set("deep", theta::isDeepType(t));
        out.set(theta::layerTypeName(t), o);
    }
    return out;
}

/// {name: default} of every layer parameter (or path parameter) through `value(info)`.
template <class Value>
JsObject paramValues(const theta::ParamInfo* table, std::size_t count, Value value) {
    JsObject o = val::object();
    for (std::size_t i = 0; i < count; ++i) o.set(table[i].name, value(table[i]));
    return o;
}

/// {layer: {LayerType: {name: v}}, path: {PathType: {RecvLayerType: {name: v}}}}: every
/// parameter's default before an experiment's settings (the editor shows them for unset fields).
JsObject paramDefaults() {
    std::size_t nLayer = 0, nPath = 0;
    const theta::ParamInfo* layerTable = theta::layerParamTable(nLayer);
    const theta::ParamInfo* pathTable = theta::pathParamTable(nPath);
    JsObject layer = val::object();
    for (theta::LayerType t : theta::kAllLayerTypes) {
        layer.set(theta::layerTypeName(t), paramValues(layerTable, nLayer,
            [t](const theta::ParamInfo& info) { return theta::layerParamDefault(info, t); }));
    }
    JsObject path = val::object();
    for (theta::PathType pt : {theta::PathType::Forward, theta::PathType::Back, theta::PathType::Lateral,
                               theta::PathType::Inhib, theta::PathType::CTCtxt, theta::PathType::Maint}) {
        JsObject byRecv = val::object();
        for (theta::LayerType recv : theta::kAllLayerTypes) {
            byRecv.set(theta::layerTypeName(recv), paramValues(pathTable, nPath,
                [pt, recv](const theta::ParamInfo& info) { return theta::pathParamDefault(info, pt, recv); }));
        }
        path.set(theta::pathTypeName(pt), byRecv);
    }
    JsObject out = val::object();
    out.set("layer", layer);
    out.set("path", path);
    return out;
}

/// ["B", "T", ...]: token t of the fsa task is unit t of its input and Pulvinar layers.
JsArray fsaTokenNames() {
    std::vector<std::string> names;
    for (int t = 0; t < theta::kFsaTokens; ++t) names.emplace_back(theta::fsaTokenName(t));
    return stringArray(names);
}

}  // namespace

EMSCRIPTEN_BINDINGS(thetalab_engine_facts) {
    emscripten::function("layerTypes", &layerTypes);        // {Type: {hiddenLike, targetLike, deep}}
    emscripten::function("paramDefaults", &paramDefaults);  // {layer: {Type: {...}}, path: {Type: {RecvType: {...}}}}
    emscripten::function("fsaTokenNames", &fsaTokenNames);  // ["B", "T", "S", "X", "V", "P", "E"]
}
