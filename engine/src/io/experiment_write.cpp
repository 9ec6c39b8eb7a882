// Writing an Experiment as canonical JSON (toJson; share links and checkpoints carry it):
// keys in the schema's order, every field written, numbers in the shortest form that reads
// back exactly, arrays of numbers on one line.
#include <algorithm>
#include <string>
#include <vector>

#include "io/experiment_doc.h"
#include "theta/experiment.h"

namespace theta {
using namespace experiment_doc;
namespace {

Json paramsJson(const std::vector<ParamSetting>& params) {
    Json out = Json::object();
    for (const ParamSetting& s : params) out[s.name] = jsonNumber(s.value);
    return out;
}

Json floatsJson(const std::vector<float>& values) {
    Json out = Json::array();
    for (float v : values) out.push_back(jsonFloat(v));
    return out;
}

Json experimentTree(const Experiment& ex) {
    Json doc = Json::object();
    doc["schema"] = ex.schema;
    doc["name"] = ex.name;
    doc["description"] = ex.description;
    doc["seed"] = ex.seed;
    Json layers = Json::array();
    for (const LayerSpec& l : ex.layers) {
        Json layer = Json::object();
        layer["name"] = l.name;
        layer["type"] = layerTypeName(l.type);
        if (l.type == LayerType::Pulvinar) layer["driver"] = l.driver;
        layer["shape"] = l.shape;
        layer["params"] = paramsJson(l.params);
        layers.push_back(std::move(layer));
    }
    Json paths = Json::array();
    for (const PathSpec& p : ex.paths) {
        Json path = Json::object();
        path["from"] = p.from;
        path["to"] = p.to;
        path["type"] = pathTypeName(p.type);
        path["pattern"] = pathPatternName(p.pattern);
        if (p.pattern == PathPattern::UniformRandom) path["pcon"] = jsonFloat(p.pcon);
        path["selfCon"] = p.selfCon;
        path["params"] = paramsJson(p.params);
        if (!p.weights.empty()) path["weights"] = floatsJson(p.weights);
        paths.push_back(std::move(path));
    }
    doc["network"] = Json{{"layers", std::move(layers)}, {"paths", std::move(paths)}};
    Json task = Json::object();
    task["inputLayer"] = ex.task.inputLayer;
    const bool drive = ex.task.source == "drive";
    if (!drive) task["targetLayer"] = ex.task.targetLayer;  // a drive task has no target
    task["source"] = ex.task.source;
    if (ex.task.source != "drive" && ex.task.source != "fsa") task["order"] = ex.task.order;
    if (drive) {
        task["input"] = ex.task.input;
        task["ge"] = jsonFloat(ex.task.ge);
        task["gi"] = jsonFloat(ex.task.gi);
        task["onCycle"] = ex.task.onCycle;
        task["offCycle"] = ex.task.offCycle;
        task["spikeHz"] = jsonFloat(ex.task.spikeHz);
        task["plusHz"] = jsonFloat(ex.task.plusHz);
        if (!ex.task.senderLayer.empty()) {
            task["senderLayer"] = ex.task.senderLayer;
            task["sendDiffHz"] = jsonFloat(ex.task.sendDiffHz);
        }
    }
    if (ex.task.source == "generate")
        task["generate"] = Json{{"count", ex.task.generateCount},
                                {"on", ex.task.generateOn},
                                {"minDiff", ex.task.generateMinDiff}};
    if (ex.task.source == "inline") {
        Json rows = Json::array();
        for (const PatternRow& r : ex.task.patterns)
            rows.push_back(ex.task.targetLayer.empty()
                               ? Json{{"name", r.name}, {"input", floatsJson(r.input)}}
                               : Json{{"name", r.name}, {"input", floatsJson(r.input)}, {"target", floatsJson(r.target)}});
        task["patterns"] = std::move(rows);
    }
    doc["task"] = std::move(task);
    const TrainSpec& t = ex.train;
    doc["train"] = Json{{"trialsPerEpoch", t.trialsPerEpoch}, {"epochs", t.epochs},
                        {"nZero", t.nZero},                   {"runs", t.runs},
                        {"minusCycles", t.minusCycles},       {"plusCycles", t.plusCycles},
                        {"nData", t.nData},                   {"learn", t.learn}};
    return doc;
}

/// Serializer text of a scalar or of a container written on one line. Invalid UTF-8 (only
/// possible in experiments built in code) becomes U+FFFD instead of an error.
std::string compact(const Json& v) { return v.dump(-1, ' ', false, Json::error_handler_t::replace); }

bool isFlat(const Json& v) {
    return std::none_of(v.begin(), v.end(), [](const Json& x) { return x.is_structured(); });
}

/// Indented output with arrays of numbers kept on one line, so that shapes and pattern rows
/// stay readable (nlohmann's indented dump puts every number on its own line).
void writeIndented(const Json& v, int indent, std::string& out) {
    if (!v.is_structured() || v.empty() || (v.is_array() && isFlat(v))) {
        out += compact(v);
        return;
    }
    const bool object = v.is_object();
    out += object ? "{\n" : "[\n";
    std::size_t i = 0;
    for (auto it = v.begin(); it != v.end(); ++it) {
        out.append(static_cast<std::size_t>(indent + 2), ' ');
        if (object) out += compact(Json(it.key())) + ": ";
        writeIndented(it.value(), indent + 2, out);
        out += ++i < v.size() ? ",\n" : "\n";
    }
    out.append(static_cast<std::size_t>(indent), ' ');
    out += object ? '}' : ']';
}

}  // namespace

const char* layerTypeName(LayerType t) { return nameOf(kLayerTypes, t); }
const char* pathTypeName(PathType t) { return nameOf(kPathTypes, t); }
const char* pathPatternName(PathPattern p) { return nameOf(kPathPatterns, p); }

std::string toJson(const Experiment& ex) {
    std::string out;
    writeIndented(experimentTree(ex), 0, out);
    out += '\n';
    return out;
}

}  // namespace theta
