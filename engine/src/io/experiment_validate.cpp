// The checks on an Experiment, read from a document or built in code: ranges, names, the
// references between fields, the patterns and the memory estimate. One validator serves the
// CLI, the wasm module, share links and parameter edits (the rules are the schema comment of
// experiment_read.cpp).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "io/experiment_doc.h"
#include "network.h"  // kCaBinCycles
#include "theta/experiment.h"
#include "theta/param_table.h"
#include "theta/vars.h"

namespace theta {
using namespace experiment_doc;
namespace {

constexpr std::size_t kMaxNameChars = 200;
constexpr std::size_t kMaxDescriptionChars = 2000;
constexpr std::size_t kMaxLayerNameChars = 64;
constexpr std::size_t kMaxPatternNameChars = 64;
constexpr int kMaxPatterns = 10000;
constexpr std::uint64_t kMaxSeed = (std::uint64_t{1} << 53) - 1;  // exact in JavaScript
constexpr int kRa25Units = 25;
constexpr int kFsaTokens = 7;  // the Reber grammar's B T S X V P E, one unit each
constexpr int kMaxPhaseCycles = kMaxTrialCycles / 2;  // train.minusCycles, train.plusCycles

// ------------------------------------------------------------------- validation

/// Units of a valid shape (1, 2 or 4 positive integers), else -1. A double, since four
/// dimensions of up to 2^31 overflow any integer; only small values need to be exact.
double shapeUnits(const std::vector<int>& shape) {
    if (shape.size() != 1 && shape.size() != 2 && shape.size() != 4) return -1;
    double n = 1;
    for (int d : shape) {
        if (d < 1) return -1;
        n *= d;
    }
    return n;
}

/// Units of a layer the engine can build (valid shape within kMaxLayerUnits), else 0.
std::int64_t buildableUnits(const LayerSpec& layer) {
    const double n = shapeUnits(layer.shape);
    return n >= 1 && n <= kMaxLayerUnits ? static_cast<std::int64_t>(n) : 0;
}

std::int64_t poolCount(const LayerSpec& layer) {
    return layer.shape.size() == 4 ? std::int64_t{layer.shape[0]} * layer.shape[1] : 1;
}

bool isValidLayerName(const std::string& name) {
    if (name.empty() || name.size() > kMaxLayerNameChars) return false;
    return std::all_of(name.begin(), name.end(),
                       [](char c) { return isAsciiAlnum(c) || c == '_' || c == '-' || c == '.'; });
}

/// Two parameters where the first must not exceed the second.
struct OrderedParams {
    const char* low;
    const char* high;
};
constexpr OrderedParams kLayerOrder[] = {{"Acts.VmRange.Min", "Acts.VmRange.Max"},
                                         {"Learn.TrgAvgAct.TrgRange.Min", "Learn.TrgAvgAct.TrgRange.Max"}};
constexpr OrderedParams kPathOrder[] = {{"SWts.Limit.Min", "SWts.Limit.Max"}};

/// `"Input" has 25`, for messages that compare two layers.
std::string layerHas(const std::string& name, std::int64_t n) {
    return inQuotes(name) + " has " + std::to_string(n);
}

std::string rangeMessage(const char* what, std::int64_t lo, std::int64_t hi) {
    return std::string(what) + " in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
}

int layerIndex(const Experiment& ex, const std::string& name) {
    for (std::size_t i = 0; i < ex.layers.size(); ++i)
        if (ex.layers[i].name == name) return static_cast<int>(i);
    return -1;
}

/// Index of the layer `name` when it exists and has type `type`; else reports why at `path`
/// and returns -1.
int layerOfType(const Experiment& ex, ErrorList& errors, const std::string& path, const std::string& name,
                LayerType type) {
    const int i = layerIndex(ex, name);
    if (i < 0) {
        errors.add(path, "no layer named " + inQuotes(name));
    } else if (ex.layers[i].type != type) {
        errors.add(path, "layer " + inQuotes(name) + " has type \"" + nameOf(kLayerTypes, ex.layers[i].type) +
                             "\", not \"" + nameOf(kLayerTypes, type) + "\"");
        return -1;
    }
    return i;
}

bool sameEnds(const PathSpec& a, const PathSpec& b) {
    return a.from == b.from && a.to == b.to && a.type == b.type;
}

/// Which paths of an experiment the network.deep builders added: paths[first + k] came from
/// builder builderOf[k]. Errors about those paths name the builder, the only place in the
/// document they come from.
struct AddedPaths {
    std::size_t first = std::numeric_limits<std::size_t>::max();
    std::vector<std::size_t> builderOf;

    std::size_t explicitCount(std::size_t total) const { return std::min(total, first); }
    std::string field(std::size_t path) const {
        return path < first ? element("network.paths", path) : element("network.deep", builderOf[path - first]);
    }
};

/// The paths one builder stands for, in the order the schema lists them.
std::vector<PathSpec> builderPaths(const DeepBuilder& b) {
    const auto full = [](const std::string& from, const std::string& to, PathType type, bool selfCon,
                         std::vector<ParamSetting> params) {
        return PathSpec{from, to, type, PathPattern::Full, 1, selfCon, std::move(params), {}};
    };
    std::vector<PathSpec> out;
    out.push_back(full(b.super, b.ct, PathType::CTCtxt, false, {}));
    if (b.ctSelf) {  // Axon's ConnectCTSelf: context from the CT layer's own burst, and maintenance
        out.push_back(full(b.ct, b.ct, PathType::CTCtxt, true, {{"PathScale.Rel", 0.5}}));
        out.push_back(full(b.ct, b.ct, PathType::Maint, true, {{"PathScale.Abs", 0.5}}));
    }
    out.push_back(full(b.ct, b.pulvinar, PathType::Forward, false, {}));  // the prediction
    out.push_back(full(b.pulvinar, b.super, PathType::Back, false, {{"PathScale.Rel", 0.1}}));
    out.push_back(full(b.pulvinar, b.ct, PathType::Back, false, {{"PathScale.Rel", 0.1}}));
    return out;
}

/// Appends the builders' paths to ex.paths, after the document's own. A builder that names a
/// missing layer or one of the wrong type adds nothing; a path that is there already is
/// reported at its builder and not added, so the Validator does not report it a second time.
AddedPaths expandDeep(const std::vector<DeepBuilder>& builders, Experiment& ex, ErrorList& errors) {
    AddedPaths added;
    added.first = ex.paths.size();
    // Too many paths already (the Validator says so): skip the quadratic duplicate search.
    if (ex.paths.size() > static_cast<std::size_t>(kMaxPaths)) return added;
    for (std::size_t i = 0; i < builders.size(); ++i) {
        const DeepBuilder& b = builders[i];
        const std::string path = element("network.deep", i);
        const int super = layerOfType(ex, errors, path + ".super", b.super, LayerType::Super);
        const int ct = layerOfType(ex, errors, path + ".ct", b.ct, LayerType::CT);
        const int pulvinar = layerOfType(ex, errors, path + ".pulvinar", b.pulvinar, LayerType::Pulvinar);
        if (super < 0 || ct < 0 || pulvinar < 0) continue;
        for (PathSpec& p : builderPaths(b)) {
            const auto same = std::find_if(ex.paths.begin(), ex.paths.end(),
                                           [&](const PathSpec& q) { return sameEnds(p, q); });
            if (same != ex.paths.end()) {
                errors.add(path, std::string("its \"") + nameOf(kPathTypes, p.type) + "\" path from " +
                                     inQuotes(p.from) + " to " + inQuotes(p.to) + " is already made by " +
                                     added.field(static_cast<std::size_t>(same - ex.paths.begin())) +
                                     (p.from == p.to ? " (with \"ctSelf\": false this item leaves out the CT self paths)" : ""));
                continue;
            }
            ex.paths.push_back(std::move(p));
            added.builderOf.push_back(i);
        }
    }
    return added;
}

/// The checks on an Experiment: ranges, names and the references between fields, the
/// patterns, and finally (when everything else is valid) the memory estimate.
class Validator {
public:
    /// `added`: the paths that network.deep builders added (none for experiments built in code).
    Validator(const Experiment& ex, ErrorList& errors, AddedPaths added = {})
        : ex_(ex), errors_(errors), added_(std::move(added)) {}

    void run() {
        checkHeader();
        checkLayers();
        checkPaths();
        checkTask();
        checkTrain();
        if (!errors_.any()) checkMemory();
    }

private:
    void checkHeader() {
        if (ex_.schema != kSchemaVersion)
            errors_.add("schema", "must be " + std::to_string(kSchemaVersion));
        checkText("name", ex_.name, kMaxNameChars);
        checkText("description", ex_.description, kMaxDescriptionChars);
        if (ex_.seed > kMaxSeed) errors_.add("seed", kSeedMessage);
    }

    void checkText(const std::string& path, const std::string& text, std::size_t maxChars) {
        if (parse_util::firstInvalidUtf8(text) != std::string_view::npos)
            errors_.add(path, "is not valid UTF-8");
        else if (parse_util::utf8Length(text) > maxChars)
            errors_.add(path, "must be at most " + std::to_string(maxChars) + " characters");
    }

    void checkLayers() {
        const auto& layers = ex_.layers;
        if (layers.empty() || layers.size() > static_cast<std::size_t>(kMaxLayers)) {
            // Beyond the limit the per-layer checks (quadratic in the count) are skipped.
            errors_.add("network.layers", "must have 1 to " + std::to_string(kMaxLayers) + " layers");
            if (!layers.empty()) return;
        }
        for (std::size_t i = 0; i < layers.size(); ++i) {
            const std::string path = element("network.layers", i);
            const LayerSpec& layer = layers[i];
            if (!isValidLayerName(layer.name))
                errors_.add(path + ".name", "must be 1 to 64 letters, digits, '_', '-' or '.'");
            else if (layerIndex(layer.name) != static_cast<int>(i))
                errors_.add(path + ".name", "duplicate layer name " + inQuotes(layer.name));
            checkDriver(path + ".driver", layer);
            checkShape(path + ".shape", layer.shape);
            checkParams<LayerParams>(path, layer.params, findLayerParam, kLayerOrder);
        }
    }

    /// A Pulvinar layer shows its driver's activity unit by unit in the plus phase, so the
    /// two must have the same number of units.
    void checkDriver(const std::string& path, const LayerSpec& layer) {
        if (layer.type != LayerType::Pulvinar) {
            if (!layer.driver.empty()) errors_.add(path, kDriverNotAllowed);
            return;
        }
        if (layer.driver.empty()) {
            errors_.add(path, kDriverRequired);
            return;
        }
        const int d = knownLayer(path, layer.driver);
        if (d < 0) return;
        const LayerSpec& driver = ex_.layers[d];
        if (driver.type == LayerType::Pulvinar) {
            errors_.add(path, "must name a layer that is not a \"Pulvinar\" layer (" + inQuotes(driver.name) + " is)");
            return;
        }
        const std::int64_t units = buildableUnits(layer), driverUnits = buildableUnits(driver);
        if (units != 0 && driverUnits != 0 && units != driverUnits)  // 0: a shape error, reported already
            errors_.add(path, "must name a layer with as many units as this one (" + layerHas(driver.name, driverUnits) +
                                  " units, " + layerHas(layer.name, units) + ")");
    }

    void checkShape(const std::string& path, const std::vector<int>& shape) {
        const double units = shapeUnits(shape);
        if (units < 0) {
            errors_.add(path, kShapeMessage);
        } else if (units > kMaxLayerUnits) {
            char count[32];
            std::snprintf(count, sizeof count, "%.0f", units);
            errors_.add(path, std::string("has ") + count + " units, over the limit of " +
                                  std::to_string(kMaxLayerUnits));
        }
    }

    template <class Params, std::size_t N>
    void checkParams(const std::string& path, const std::vector<ParamSetting>& params,
                     const ParamInfo* (*find)(std::string_view), const OrderedParams (&order)[N]) {
        const std::string base = path + ".params";
        Params effective;  // defaults plus the valid settings, for the ordering checks
        for (std::size_t j = 0; j < params.size(); ++j) {
            const ParamSetting& setting = params[j];
            const std::string p = member(base, setting.name);
            const ParamInfo* info = find(setting.name);
            const auto sameName = [&](const ParamSetting& s) { return s.name == setting.name; };
            if (info == nullptr) {
                errors_.add(p, "unknown parameter");
            } else if (std::any_of(params.begin(), params.begin() + j, sameName)) {
                errors_.add(p, "is set more than once");
            } else if (const char* why = checkParamValue(*info, setting.value)) {
                errors_.add(p, why);
            } else {
                paramRef(effective, *info) = static_cast<float>(setting.value);
            }
        }
        for (const OrderedParams& pair : order) {
            const ParamInfo* low = find(pair.low);
            const ParamInfo* high = find(pair.high);
            if (low == nullptr || high == nullptr) continue;  // the table no longer has them
            const float lo = paramRef(effective, *low), hi = paramRef(effective, *high);
            if (lo > hi)
                errors_.add(base, std::string(pair.low) + " (" + floatText(lo) + ") is above " + pair.high +
                                      " (" + floatText(hi) + ")");
        }
    }

    void checkPaths() {
        const auto& paths = ex_.paths;
        constexpr auto kMax = static_cast<std::size_t>(kMaxPaths);
        if (paths.size() > kMax) {
            const std::size_t written = added_.explicitCount(paths.size());
            if (written > kMax)
                errors_.add("network.paths", "must have at most " + std::to_string(kMaxPaths) + " paths");
            else
                errors_.add("network.deep", "adds " + std::to_string(paths.size() - written) + " paths to the " +
                                                std::to_string(written) + " of network.paths, over the limit of " +
                                                std::to_string(kMaxPaths) + " paths");
            return;  // as for layers
        }
        for (std::size_t i = 0; i < paths.size(); ++i) {
            const std::string path = added_.field(i);
            const PathSpec& p = paths[i];
            const int from = knownLayer(path + ".from", p.from);
            const int to = knownLayer(path + ".to", p.to);
            // Two paths may join the same layers when their types differ: a CT layer has a
            // CTCtxt and a Maint path onto itself.
            for (std::size_t k = 0; k < i; ++k)
                if (sameEnds(paths[k], p)) {
                    errors_.add(path, "same from, to and type as " + added_.field(k));
                    break;
                }
            if (from >= 0 && to >= 0) {
                checkPattern(path, p, ex_.layers[from], ex_.layers[to]);
                checkPathType(path, p, ex_.layers[from], ex_.layers[to]);
                if (!p.weights.empty()) checkWeights(path, p, ex_.layers[from], ex_.layers[to]);
            }
            checkParams<PathParams>(path, p.params, findPathParam, kPathOrder);
        }
        checkForwardCycles();
    }

    /// What each path type may connect (docs/model.md): context goes into CT
    /// layers from the Super layer (or CT layer) whose burst it carries; maintenance is a CT
    /// layer's own lateral path.
    void checkPathType(const std::string& path, const PathSpec& p, const LayerSpec& from, const LayerSpec& to) {
        const bool self = p.from == p.to;
        switch (p.type) {
            case PathType::CTCtxt:
                if (to.type != LayerType::CT)
                    errors_.add(path + ".to", "a \"CTCtxt\" path must go into a \"CT\" layer (" + typeOf(to) + ")");
                else if (from.type != LayerType::Super && from.type != LayerType::CT)
                    errors_.add(path + ".from", "a \"CTCtxt\" path must come from a \"Super\" or \"CT\" layer (" +
                                                    typeOf(from) + ")");
                break;
            case PathType::Maint:
                if (!self || to.type != LayerType::CT)
                    errors_.add(path + ".type", "a \"Maint\" path must go from a \"CT\" layer to itself");
                break;
            case PathType::Forward:
            case PathType::Back:
                if (!self) break;
                if (to.type == LayerType::CT)
                    errors_.add(path + ".type", "a path from a \"CT\" layer to itself must be \"Lateral\", \"Inhib\", "
                                                "\"CTCtxt\" or \"Maint\"");
                else
                    errors_.add(path + ".type", "a path from a layer to itself must be \"Lateral\" or \"Inhib\"");
                break;
            case PathType::Lateral:
            case PathType::Inhib: break;
        }
    }

    /// `"Hidden" has type "Super"`
    static std::string typeOf(const LayerSpec& layer) {
        return inQuotes(layer.name) + " has type \"" + nameOf(kLayerTypes, layer.type) + "\"";
    }

    /// Forward paths carry activity up the hierarchy and Back paths carry it down (weaker,
    /// PathScale.Rel 0.1 by default); a cycle of Forward paths means one of them should be
    /// Back, so it is refused, naming the path that closes the cycle.
    void checkForwardCycles() {
        const auto& paths = ex_.paths;
        const int n = static_cast<int>(ex_.layers.size());
        std::vector<std::vector<std::pair<int, std::size_t>>> up(n);  // layer -> (layer above, path)
        for (std::size_t i = 0; i < paths.size(); ++i) {
            const int from = layerIndex(paths[i].from), to = layerIndex(paths[i].to);
            if (from >= 0 && to >= 0 && from != to && paths[i].type == PathType::Forward) up[from].push_back({to, i});
        }
        std::vector<int> state(n, 0);  // 0 unvisited, 1 on the current walk, 2 done
        std::vector<std::pair<int, std::size_t>> stack;  // (layer, next edge): iterative DFS
        for (int start = 0; start < n; ++start) {
            if (state[start] != 0) continue;
            stack.push_back({start, 0});
            state[start] = 1;
            while (!stack.empty()) {
                auto& [layer, next] = stack.back();
                if (next == up[layer].size()) {
                    state[layer] = 2;
                    stack.pop_back();
                    continue;
                }
                const auto [above, pathIndex] = up[layer][next++];
                if (state[above] == 1) {
                    errors_.add(added_.field(pathIndex),
                                "Forward paths form a cycle through " + inQuotes(ex_.layers[above].name) +
                                    "; make the top-down path \"Back\"");
                    return;
                }
                if (state[above] == 0) {
                    state[above] = 1;
                    stack.push_back({above, 0});
                }
            }
        }
    }

    /// Index of the layer named `name`, reporting an unknown name at `path`.
    int knownLayer(const std::string& path, const std::string& name) {
        const int i = layerIndex(name);
        if (i < 0) errors_.add(path, "no layer named " + inQuotes(name));
        return i;
    }

    void checkPattern(const std::string& path, const PathSpec& p, const LayerSpec& from,
                      const LayerSpec& to) {
        const std::int64_t sendUnits = buildableUnits(from), recvUnits = buildableUnits(to);
        if (sendUnits == 0 || recvUnits == 0) return;  // the shape error is reported already
        if (p.pattern == PathPattern::OneToOne && sendUnits != recvUnits)
            errors_.add(path + ".pattern", "\"OneToOne\" needs layers of equal size (" +
                                               layerHas(from.name, sendUnits) + " units, " +
                                               layerHas(to.name, recvUnits) + ")");
        if (p.pattern == PathPattern::PoolOneToOne && poolCount(from) != poolCount(to))
            errors_.add(path + ".pattern", "\"PoolOneToOne\" needs layers with equal pool counts (" +
                                               layerHas(from.name, poolCount(from)) + ", " +
                                               layerHas(to.name, poolCount(to)) + ")");
        if (p.pattern == PathPattern::UniformRandom && !(p.pcon > 0 && p.pcon <= 1))
            errors_.add(path + ".pcon", "must be in (0, 1]");
    }

    /// Explicit weights: a Full path's every synapse, sender-major, each in [0, 1].
    void checkWeights(const std::string& path, const PathSpec& p, const LayerSpec& from, const LayerSpec& to) {
        if (p.pattern != PathPattern::Full) {
            errors_.add(path + ".weights", "is only allowed with pattern \"Full\"");
            return;
        }
        const std::int64_t want = buildableUnits(from) * buildableUnits(to);
        if (want == 0) return;  // the shape error is reported already
        if (static_cast<std::int64_t>(p.weights.size()) != want) {
            errors_.add(path + ".weights", "has " + std::to_string(p.weights.size()) + " values, expected " +
                                               std::to_string(want) + " (" + layerHas(from.name, buildableUnits(from)) +
                                               " x " + layerHas(to.name, buildableUnits(to)) + ")");
            return;
        }
        const auto outside = [](float v) { return !(v >= 0 && v <= 1); };  // NaN too
        const auto bad = std::find_if(p.weights.begin(), p.weights.end(), outside);
        if (bad != p.weights.end()) errors_.add(element(path + ".weights", bad - p.weights.begin()), "must be a number in [0, 1]");
    }

    void checkTask() {
        const TaskSpec& task = ex_.task;
        if (!isKnownSource(task.source))
            errors_.add("task.source", mustBeKnownSource());
        if (task.source == "drive") return checkDrive(task);
        if (std::find_if(std::begin(kTaskOrders), std::end(kTaskOrders),
                         [&](const char* n) { return task.order == n; }) == std::end(kTaskOrders))
            errors_.add("task.order", mustBeOneOf(std::vector<const char*>(std::begin(kTaskOrders), std::end(kTaskOrders))));
        // "fsa" is scored on a Pulvinar layer's prediction; the other sources clamp a Target layer.
        const bool fsa = task.source == "fsa";
        const LayerType targetType = fsa ? LayerType::Pulvinar : LayerType::Target;
        const std::int64_t inUnits = taskLayerUnits("task.inputLayer", task.inputLayer, LayerType::Input);
        // Inline and generated patterns may have no target (schema 2, targetLayer ""): a
        // test-only run, with nothing to score and so no zero-error epochs to stop at.
        const bool noTarget = task.targetLayer.empty() && (task.source == "inline" || task.source == "generate");
        if (noTarget && ex_.train.nZero != 0)
            errors_.add("train.nZero", "must be 0 without a task.targetLayer (there are no errors to count)");
        const std::int64_t outUnits =
            noTarget ? 0 : taskLayerUnits("task.targetLayer", task.targetLayer, targetType);
        if (inUnits == 0 || (outUnits == 0 && !noTarget)) return;
        if (fsa) {
            checkFsaUnits("task.inputLayer", task.inputLayer, inUnits);
            checkFsaUnits("task.targetLayer", task.targetLayer, outUnits);
            return;  // no pattern rows: the engine walks the grammar
        }
        if (task.source == "ra25" && (inUnits != kRa25Units || outUnits != kRa25Units)) {
            errors_.add("task.source", "\"ra25\" needs 25-unit input and target layers (" +
                                           layerHas(task.inputLayer, inUnits) + ", " +
                                           layerHas(task.targetLayer, outUnits) + ")");
            return;
        }
        if (task.source == "generate") checkGenerate(task, noTarget ? inUnits : std::min(inUnits, outUnits));
        if (task.source == "inline" && (task.patterns.empty() || task.patterns.size() > kMaxPatterns))
            errors_.add("task.patterns", "must have 1 to " + std::to_string(kMaxPatterns) + " rows");
        if (task.source != "generate") checkRows(task.patterns, inUnits, outUnits);
    }

    /// Units of the task layer `name`, which must exist and have type `type`; 0 when it
    /// does not or its shape is invalid.
    std::int64_t taskLayerUnits(const std::string& path, const std::string& name, LayerType type) {
        const int i = layerOfType(ex_, errors_, path, name, type);
        return i < 0 ? 0 : buildableUnits(ex_.layers[i]);
    }

    /// "drive": the driven layer integrates its input (Hidden or Super), the numbers are in
    /// range, and the input turns on before it turns off within the trial.
    void checkDrive(const TaskSpec& task) {
        const int li = layerIndex(task.inputLayer);
        if (li < 0)
            errors_.add("task.inputLayer", "no layer named " + inQuotes(task.inputLayer));
        else if (ex_.layers[li].type != LayerType::Hidden && ex_.layers[li].type != LayerType::Super)
            errors_.add("task.inputLayer", "layer " + inQuotes(task.inputLayer) + " has type \"" +
                                               nameOf(kLayerTypes, ex_.layers[li].type) +
                                               "\": \"drive\" sets the input of a \"Hidden\" or \"Super\" layer");
        if (std::find_if(std::begin(kDriveInputs), std::end(kDriveInputs),
                         [&](const char* n) { return task.input == n; }) == std::end(kDriveInputs))
            errors_.add("task.input", mustBeOneOf(std::vector<const char*>(std::begin(kDriveInputs), std::end(kDriveInputs))));
        checkReal("task.ge", task.ge, kDriveGRange);
        checkReal("task.gi", task.gi, kDriveGRange);
        checkReal("task.spikeHz", task.spikeHz, kDriveHzRange);
        checkReal("task.plusHz", task.plusHz, kDriveHzRange);
        if (!task.senderLayer.empty()) {
            const int si = layerIndex(task.senderLayer);
            if (task.input != "train")
                errors_.add("task.senderLayer", "is only allowed with input \"train\"");
            else if (si < 0)
                errors_.add("task.senderLayer", "no layer named " + inQuotes(task.senderLayer));
            else if (ex_.layers[si].type != LayerType::Hidden && ex_.layers[si].type != LayerType::Super)
                errors_.add("task.senderLayer", "layer " + inQuotes(task.senderLayer) + " has type \"" +
                                                    nameOf(kLayerTypes, ex_.layers[si].type) +
                                                    "\": \"drive\" sets the input of a \"Hidden\" or \"Super\" layer");
            else if (si == li)
                errors_.add("task.senderLayer", "must not be task.inputLayer");
            checkReal("task.sendDiffHz", task.sendDiffHz, RealRange{-kDriveHzRange.max, kDriveHzRange.max});
        }
        const int cycles = ex_.train.minusCycles + ex_.train.plusCycles;
        checkInt("task.onCycle", task.onCycle, 0, cycles);
        checkInt("task.offCycle", task.offCycle, 0, cycles);
        if (task.onCycle > task.offCycle)
            errors_.add("task.offCycle", "must not be before task.onCycle (" + std::to_string(task.onCycle) + ")");
    }

    void checkReal(const char* path, float value, RealRange r) {
        if (!(value >= r.min && value <= r.max))
            errors_.add(path, "must be a number in [" + floatText(static_cast<float>(r.min)) + ", " + floatText(static_cast<float>(r.max)) + "]");
    }

    void checkFsaUnits(const std::string& path, const std::string& name, std::int64_t units) {
        if (units != kFsaTokens)
            errors_.add(path, "\"fsa\" needs a layer of 7 units, one per token (B T S X V P E); " +
                                  layerHas(name, units));
    }

    void checkGenerate(const TaskSpec& task, std::int64_t units) {
        if (task.generateCount < 1 || task.generateCount > kMaxPatterns)
            errors_.add("task.generate.count", rangeMessage("must be an integer", 1, kMaxPatterns));
        if (task.generateOn < 1 || task.generateOn > units)
            errors_.add("task.generate.on", rangeMessage("must be an integer", 1, units) +
                                                " (the units of the smaller task layer)");
        if (task.generateMinDiff < 0 || task.generateMinDiff > units)
            errors_.add("task.generate.minDiff", rangeMessage("must be an integer", 0, units) +
                                                     " (the units of the smaller task layer)");
    }

    void checkRows(const std::vector<PatternRow>& rows, std::int64_t inUnits, std::int64_t outUnits) {
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const std::string path = element("task.patterns", i);
            checkText(path + ".name", rows[i].name, kMaxPatternNameChars);
            checkValues(path + ".input", rows[i].input, inUnits, ex_.task.inputLayer);
            if (ex_.task.targetLayer.empty() && !rows[i].target.empty())
                errors_.add(path + ".target", "is only allowed with a task.targetLayer");
            else if (!ex_.task.targetLayer.empty() && rows[i].target.empty())
                errors_.add(path + ".target", "is required");
            else if (!ex_.task.targetLayer.empty())
                checkValues(path + ".target", rows[i].target, outUnits, ex_.task.targetLayer);
        }
    }

    void checkValues(const std::string& path, const std::vector<float>& values, std::int64_t units,
                     const std::string& layer) {
        if (static_cast<std::int64_t>(values.size()) != units) {
            errors_.add(path, "has " + std::to_string(values.size()) + " values, expected " +
                                  std::to_string(units) + " (the units of " + inQuotes(layer) + ")");
            return;
        }
        const auto outside = [](float v) { return !(v >= 0 && v <= 1); };  // NaN too
        const auto bad = std::find_if(values.begin(), values.end(), outside);
        if (bad != values.end()) errors_.add(element(path, bad - values.begin()), kUnitValueMessage);
    }

    void checkTrain() {
        const TrainSpec& t = ex_.train;
        checkInt("train.trialsPerEpoch", t.trialsPerEpoch, kTrialsPerEpochRange.min, kTrialsPerEpochRange.max);
        checkInt("train.epochs", t.epochs, kEpochsRange.min, kEpochsRange.max);
        checkInt("train.nZero", t.nZero, kNZeroRange.min, kNZeroRange.max);
        checkInt("train.runs", t.runs, 1, 1000);
        checkInt("train.minusCycles", t.minusCycles, 1, kMaxPhaseCycles);
        checkInt("train.plusCycles", t.plusCycles, 1, kMaxPhaseCycles);
        checkInt("train.nData", t.nData, 1, 64);
        if (t.nData >= 1 && t.trialsPerEpoch % t.nData != 0)
            errors_.add("train.trialsPerEpoch", "must be a multiple of train.nData (" + std::to_string(t.nData) +
                                                    "): each step presents nData items");
    }

    void checkInt(const char* path, int value, int lo, int hi) {
        if (value < lo || value > hi) errors_.add(path, rangeMessage("must be an integer", lo, hi));
    }

    void checkMemory();

    int layerIndex(const std::string& name) const { return theta::layerIndex(ex_, name); }

    const Experiment& ex_;
    ErrorList& errors_;
    const AddedPaths added_;
};

// ------------------------------------------------------------------- memory estimate

// What the engine allocates, roughly: every neuron variable (vars.h) plus a few per-neuron
// extras, in arrays padded to the widest SIMD width; the trial's CaSyn bins per neuron (one
// per kCaBinCycles cycles: 20 in a 200-cycle trial, 2000 in the longest); per synapse Wt, LWt, SWt, DWt, DSWt, the sender-major receiver index and the
// receiver-major synapse index (28 B), plus 8 B of temporaries while the paths are built
// (the estimate must cover the peak, which in wasm has to fit a 2 GiB heap with the page's
// own copies); per path and receiving neuron a spike delay ring of Delay + 1 floats; the
// pattern rows.
constexpr std::uint64_t kFloatsPerNeuron = 80;
static_assert(kNeuronVarCount <= static_cast<int>(kFloatsPerNeuron), "update the estimate");
constexpr std::uint64_t kNeuronPadding = 16;
constexpr std::uint64_t kBytesPerSynapse = 28 + 8;

std::uint64_t synapseCount(const PathSpec& p, const LayerSpec& from, const LayerSpec& to) {
    const std::uint64_t s = buildableUnits(from), r = buildableUnits(to);
    if (s == 0 || r == 0) return 0;  // also guarantees valid shapes, so pool counts are >= 1
    const std::uint64_t full = s * r - (p.from == p.to && !p.selfCon ? s : 0);
    switch (p.pattern) {
        case PathPattern::OneToOne: return std::min(s, r);
        case PathPattern::PoolOneToOne: {
            const std::uint64_t pools = static_cast<std::uint64_t>(std::min(poolCount(from), poolCount(to)));
            return pools * (s / static_cast<std::uint64_t>(poolCount(from))) *
                   (r / static_cast<std::uint64_t>(poolCount(to)));
        }
        case PathPattern::UniformRandom: {
            const double pcon = p.pcon >= 0 && p.pcon <= 1 ? p.pcon : 1;
            return static_cast<std::uint64_t>(std::ceil(pcon * static_cast<double>(full)));
        }
        case PathPattern::Full: break;
    }
    return full;
}

std::uint64_t delaySlots(const PathSpec& p) {
    double delay = PathParams{}.Com.Delay;
    for (const ParamSetting& s : p.params)
        if (s.name == "Com.Delay" && s.value >= 0 && s.value <= 16) delay = s.value;
    return static_cast<std::uint64_t>(delay) + 1;
}

/// CaSyn bins per neuron, as buildNetwork allocates them; cycle counts out of range are taken
/// at the nearest limit.
std::uint64_t caSynBins(const TrainSpec& t) {
    const auto cycles = [](int c) { return static_cast<std::uint64_t>(std::min(std::max(c, 1), kMaxPhaseCycles)); };
    return (cycles(t.minusCycles) + cycles(t.plusCycles) + kCaBinCycles - 1) / kCaBinCycles;
}

/// Works on any Experiment, valid or not: unknown layers and invalid shapes count as empty.
std::uint64_t stateBytes64(const Experiment& ex) {
    const auto find = [&](const std::string& name) -> const LayerSpec* {
        for (const LayerSpec& l : ex.layers)
            if (l.name == name) return &l;
        return nullptr;
    };
    std::uint64_t bytes = 0;
    const std::uint64_t nData = static_cast<std::uint64_t>(std::min(std::max(ex.train.nData, 1), 64));
    const std::uint64_t bins = caSynBins(ex.train);
    for (const LayerSpec& layer : ex.layers) {
        const std::uint64_t units = static_cast<std::uint64_t>(buildableUnits(layer));
        const std::uint64_t padded = (units + kNeuronPadding - 1) / kNeuronPadding * kNeuronPadding;
        bytes += padded * (kFloatsPerNeuron + bins) * 4 * nData;
    }
    for (const PathSpec& p : ex.paths) {
        const LayerSpec* from = find(p.from);
        const LayerSpec* to = find(p.to);
        if (from == nullptr || to == nullptr) continue;
        bytes += synapseCount(p, *from, *to) * kBytesPerSynapse;
        bytes += static_cast<std::uint64_t>(buildableUnits(*to)) * delaySlots(p) * 4 * nData;
    }
    const LayerSpec* in = find(ex.task.inputLayer);
    const LayerSpec* out = find(ex.task.targetLayer);
    if (in != nullptr && out != nullptr) {
        const std::uint64_t rows = ex.task.source == "generate"
                                       ? static_cast<std::uint64_t>(std::max(ex.task.generateCount, 0))
                                       : ex.task.patterns.size();
        bytes += rows * static_cast<std::uint64_t>(buildableUnits(*in) + buildableUnits(*out)) * 4;
    }
    return bytes;
}

void Validator::checkMemory() {
    const std::uint64_t bytes = stateBytes64(ex_);
    if (bytes <= kMaxStateBytes) return;
    constexpr std::uint64_t kMB = 1u << 20;
    const std::uint64_t mb = (bytes + kMB / 2) / kMB;
    errors_.add("network", "needs about " + std::to_string(mb) + " MB of state, over the " +
                               std::to_string(kMaxStateBytes / kMB) + " MB limit");
}

}  // namespace

namespace experiment_doc {
void validateDocument(const std::vector<DeepBuilder>& deep, Experiment& ex, ErrorList& errors) {
    AddedPaths added = expandDeep(deep, ex, errors);
    Validator(ex, errors, std::move(added)).run();
}
}  // namespace experiment_doc

std::vector<ValidationError> validateExperiment(const Experiment& ex) {
    std::vector<ValidationError> out;
    ErrorList errors(out);
    Validator(ex, errors).run();
    return out;
}

std::size_t estimateStateBytes(const Experiment& ex) {
    const std::uint64_t bytes = stateBytes64(ex);
    // size_t is 32 bits in wasm: saturate rather than wrap.
    return bytes > std::numeric_limits<std::size_t>::max() ? std::numeric_limits<std::size_t>::max()
                                                           : static_cast<std::size_t>(bytes);
}

}  // namespace theta
