// Settings strings (settings.h): parsing, grid expansion and applying a condition to an
// experiment. Nothing here throws (the wasm build has no exceptions).
#include "theta/settings.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <string>
#include <utility>

#include "io/parse_util.h"
#include "theta/param_table.h"

namespace theta {
namespace {

using parse_util::inQuotes;

std::string_view trim(std::string_view s) {
    const auto space = [](char c) { return c == ' ' || c == '\t'; };
    while (!s.empty() && space(s.front())) s.remove_prefix(1);
    while (!s.empty() && space(s.back())) s.remove_suffix(1);
    return s;
}

/// A range bound as written: 0, 1, 0.5, 20000.
std::string numberText(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

/// A field of the experiment's "train" or "task" object that a setting can change: numbers
/// (integers where `integer`), or one of `names` (a setting gives the name, e.g.
/// task.input=spikes, and the field stores it).
struct DocField {
    const char* path;  ///< "train.epochs", "task.ge"
    bool integer;
    double min, max;
    void (*apply)(Experiment&, double value);
    std::vector<const char*> names;  ///< non-empty: the value is an index into these
};

const std::vector<DocField>& docFields() {
    static const std::vector<DocField> fields = {
        {"train.epochs", true, kEpochsRange.min, kEpochsRange.max, [](Experiment& ex, double v) { ex.train.epochs = static_cast<int>(v); }, {}},
        {"train.nZero", true, kNZeroRange.min, kNZeroRange.max, [](Experiment& ex, double v) { ex.train.nZero = static_cast<int>(v); }, {}},
        {"train.trialsPerEpoch", true, kTrialsPerEpochRange.min, kTrialsPerEpochRange.max,
         [](Experiment& ex, double v) { ex.train.trialsPerEpoch = static_cast<int>(v); }, {}},
        {"train.runs", true, 1, 1000, [](Experiment& ex, double v) { ex.train.runs = static_cast<int>(v); }, {}},
        {"train.minusCycles", true, 1, kMaxTrialCycles / 2, [](Experiment& ex, double v) { ex.train.minusCycles = static_cast<int>(v); }, {}},
        {"train.plusCycles", true, 1, kMaxTrialCycles / 2, [](Experiment& ex, double v) { ex.train.plusCycles = static_cast<int>(v); }, {}},
        {"train.nData", true, 1, 64, [](Experiment& ex, double v) { ex.train.nData = static_cast<int>(v); }, {}},
        {"train.learn", true, 0, 1, [](Experiment& ex, double v) { ex.train.learn = v != 0; }, {}},
        {"task.order", true, 0, 1, [](Experiment& ex, double v) { ex.task.order = v == 0 ? "permuted" : "sequential"; }, {"permuted", "sequential"}},
        {"task.input", true, 0, 2, [](Experiment& ex, double v) { ex.task.input = v == 0 ? "clamp" : v == 1 ? "spikes" : "train"; },
         {"clamp", "spikes", "train"}},
        {"task.ge", false, kDriveGRange.min, kDriveGRange.max, [](Experiment& ex, double v) { ex.task.ge = static_cast<float>(v); }, {}},
        {"task.gi", false, kDriveGRange.min, kDriveGRange.max, [](Experiment& ex, double v) { ex.task.gi = static_cast<float>(v); }, {}},
        {"task.onCycle", true, 0, kMaxTrialCycles, [](Experiment& ex, double v) { ex.task.onCycle = static_cast<int>(v); }, {}},
        {"task.offCycle", true, 0, kMaxTrialCycles, [](Experiment& ex, double v) { ex.task.offCycle = static_cast<int>(v); }, {}},
        {"task.spikeHz", false, kDriveHzRange.min, kDriveHzRange.max, [](Experiment& ex, double v) { ex.task.spikeHz = static_cast<float>(v); }, {}},
        {"task.plusHz", false, kDriveHzRange.min, kDriveHzRange.max, [](Experiment& ex, double v) { ex.task.plusHz = static_cast<float>(v); }, {}},
        {"task.sendDiffHz", false, -kDriveHzRange.max, kDriveHzRange.max, [](Experiment& ex, double v) { ex.task.sendDiffHz = static_cast<float>(v); }, {}},
    };
    return fields;
}

const DocField* findDocField(std::string_view path) {
    for (const DocField& f : docFields())
        if (path == f.path) return &f;
    return nullptr;
}

std::string docFieldList(const char* group) {
    std::string list;
    for (const DocField& f : docFields())
        if (std::string_view(f.path).substr(0, std::strlen(group)) == group) list += (list.empty() ? "" : ", ") + std::string(f.path);
    return list;
}

/// A decimal number, strictly: digits, one optional sign, point and exponent, nothing else
/// (strtod alone would also take "inf", "nan", hex and leading spaces).
bool parseNumber(std::string_view s, double& out) {
    if (s.empty() || s.find_first_not_of("0123456789.eE+-") != std::string_view::npos) return false;
    const std::string text(s);
    char* end = nullptr;
    out = std::strtod(text.c_str(), &end);
    return end == text.c_str() + text.size();
}

/// Why `value` does not fit the setting's parameter or train field; empty when it fits.
std::string rangeProblem(const Setting& s, double value) {
    if (s.target == Setting::Target::Field) {
        const DocField& f = *findDocField(s.name);
        if ((!f.integer || std::floor(value) == value) && value >= f.min && value <= f.max) return {};
        return std::string(f.integer ? "must be an integer" : "must be a number") + " in [" + numberText(f.min) +
               ", " + numberText(f.max) + "]";
    }
    const ParamInfo* info = s.target == Setting::Target::Layer ? findLayerParam(s.name) : findPathParam(s.name);
    const char* why = checkParamValue(*info, value);
    return why ? why : "";
}

bool parseTarget(std::string_view lhs, Setting& out, std::string& reason) {
    for (const char* group : {"train.", "task."}) {
        if (lhs.substr(0, std::strlen(group)) != group || lhs.find(':') != std::string_view::npos) continue;
        out.target = Setting::Target::Field;
        out.name = std::string(lhs);
        if (findDocField(out.name)) return true;
        reason = "unknown " + std::string(group, std::strlen(group) - 1) + " field " + inQuotes(out.name) + " (" +
                 docFieldList(group) + ")";
        return false;
    }
    const std::size_t colon = lhs.find(':');
    if (colon == std::string_view::npos) {
        reason = "must be TARGET:Param=value, where TARGET is a layer, From>To or * (or train.epochs=N)";
        return false;
    }
    const std::string_view target = trim(lhs.substr(0, colon));
    out.name = std::string(trim(lhs.substr(colon + 1)));
    const std::size_t arrow = target.find('>');
    if (arrow == std::string_view::npos) {
        out.target = Setting::Target::Layer;
        out.layer = std::string(target);
        if (out.layer.empty()) {
            reason = "names no layer before ':' (a layer name, From>To or *)";
            return false;
        }
    } else {
        out.target = Setting::Target::Path;
        out.layer = std::string(trim(target.substr(0, arrow)));
        out.to = std::string(trim(target.substr(arrow + 1)));
        if (out.layer.empty() || out.to.empty() || out.to.find('>') != std::string::npos) {
            reason = "a path is From>To, with a layer name or * on each side";
            return false;
        }
    }
    const bool isPath = out.target == Setting::Target::Path;
    if (isPath ? findPathParam(out.name) : findLayerParam(out.name)) return true;
    if (isPath ? findLayerParam(out.name) : findPathParam(out.name)) {
        reason = inQuotes(out.name) + (isPath ? " is a layer parameter: set it on a layer (Hidden1:"
                                              : " is a path parameter: set it on a path (Input>Hidden1:") +
                 out.name + "=...)";
    } else {
        reason = std::string("unknown ") + (isPath ? "path" : "layer") + " parameter " + inQuotes(out.name);
    }
    return false;
}

bool parseValues(std::string_view rhs, Setting& out, std::string& reason) {
    std::size_t start = 0;
    while (true) {
        const std::size_t comma = rhs.find(',', start);
        const std::string_view token = trim(rhs.substr(start, comma == std::string_view::npos ? rhs.npos : comma - start));
        if (out.values.size() == static_cast<std::size_t>(kMaxConditions)) {
            reason = "has more than " + std::to_string(kMaxConditions) + " values";
            return false;
        }
        double v = 0;
        if (token.empty()) {
            reason = "has an empty value";
            return false;
        }
        const DocField* field = out.target == Setting::Target::Field ? findDocField(out.name) : nullptr;
        if (field && !field->names.empty()) {  // a name: stored as its index
            const auto& names = field->names;
            const auto it = std::find(names.begin(), names.end(), token);
            if (it == names.end()) {
                std::string list;
                for (const char* n : names) list += (list.empty() ? "" : " or ") + inQuotes(n);
                reason = "value " + inQuotes(token) + " must be " + list;
                return false;
            }
            v = static_cast<double>(it - names.begin());
        } else if (!parseNumber(token, v)) {
            reason = inQuotes(token) + " is not a number";
            return false;
        }
        if (!std::isfinite(v)) {
            reason = inQuotes(token) + " is too large";
            return false;
        }
        const std::string problem = rangeProblem(out, v);
        if (!problem.empty()) {
            reason = "value " + std::string(token) + " " + problem;
            return false;
        }
        out.values.push_back(v);
        out.valueTexts.emplace_back(token);
        if (comma == std::string_view::npos) return true;
        start = comma + 1;
    }
}

ValidationError settingError(std::size_t i, std::string_view text, const std::string& reason) {
    return {"settings[" + std::to_string(i) + "]", inQuotes(trim(text)) + ": " + reason};
}

bool sameTarget(const Setting& a, const Setting& b) {
    return a.target == b.target && a.layer == b.layer && a.to == b.to && a.name == b.name;
}

/// The ParamSetting named `name` in `params`, replaced or appended.
void setParam(std::vector<ParamSetting>& params, const std::string& name, double value) {
    for (ParamSetting& p : params)
        if (p.name == name) {
            p.value = value;
            return;
        }
    params.push_back({name, value});
}

bool hasLayer(const Experiment& ex, const std::string& name) {
    for (const LayerSpec& l : ex.layers)
        if (l.name == name) return true;
    return false;
}

/// Apply one single-valued setting to `ex`; false with `reason` when its target is not there.
bool applyOne(Experiment& ex, const Setting& s, std::string& reason) {
    const double value = s.values.front();
    switch (s.target) {
        case Setting::Target::Field:
            findDocField(s.name)->apply(ex, value);
            return true;
        case Setting::Target::Layer: {
            if (s.layer != "*" && !hasLayer(ex, s.layer)) {
                reason = "no layer named " + inQuotes(s.layer);
                return false;
            }
            for (LayerSpec& l : ex.layers)
                if (s.layer == "*" || l.name == s.layer) setParam(l.params, s.name, value);
            return true;
        }
        case Setting::Target::Path: {
            for (const std::string* side : {&s.layer, &s.to})
                if (*side != "*" && !hasLayer(ex, *side)) {
                    reason = "no layer named " + inQuotes(*side);
                    return false;
                }
            bool any = false;
            for (PathSpec& p : ex.paths)
                if ((s.layer == "*" || p.from == s.layer) && (s.to == "*" || p.to == s.to)) {
                    setParam(p.params, s.name, value);
                    any = true;
                }
            if (!any) reason = "no path " + inQuotes(s.layer + ">" + s.to) + " in the network";
            return any;
        }
    }
    return false;
}

}  // namespace

std::string Setting::text(std::size_t k) const {
    std::string out;
    if (target == Target::Field) out = name;
    else out = (target == Target::Path ? layer + ">" + to : layer) + ":" + name;
    return out + "=" + valueTexts[k];
}

bool parseSetting(std::string_view text, Setting& out, std::string& reason) {
    out = Setting{};
    const std::size_t eq = text.find('=');
    if (eq == std::string_view::npos) {
        reason = "has no '=value' (e.g. Hidden1:Inhib.Layer.Gi=1.05 or train.epochs=50)";
        return false;
    }
    return parseTarget(trim(text.substr(0, eq)), out, reason) && parseValues(text.substr(eq + 1), out, reason);
}

std::vector<ValidationError> expandSettings(const std::vector<std::string>& settings,
                                            std::vector<SettingsCondition>& out) {
    out.clear();
    if (settings.size() > static_cast<std::size_t>(kMaxSettings))
        return {{"settings", "at most " + std::to_string(kMaxSettings) + " settings"}};
    std::vector<ValidationError> errors;
    parse_util::ErrorList list(errors);  // at most 50 errors and a line saying more were left out
    std::vector<Setting> parsed(settings.size());
    for (std::size_t i = 0; i < settings.size(); ++i) {
        std::string reason;
        if (!parseSetting(settings[i], parsed[i], reason)) {
            list.add(settingError(i, settings[i], reason));
            continue;
        }
        for (std::size_t j = 0; j < i; ++j)
            if (!parsed[j].values.empty() && sameTarget(parsed[i], parsed[j])) {
                list.add(settingError(i, settings[i], "sets the same thing as settings[" + std::to_string(j) + "]"));
                break;
            }
    }
    if (!errors.empty()) return errors;

    std::vector<std::size_t> varying;  // indices of the settings with several values
    std::size_t count = 1;
    std::string sizes;
    for (std::size_t i = 0; i < parsed.size(); ++i) {
        if (parsed[i].values.size() < 2) continue;
        varying.push_back(i);
        count *= parsed[i].values.size();  // each factor <= 64: stops growing once past the limit
        if (count > static_cast<std::size_t>(kMaxConditions)) count = kMaxConditions + 1;
        sizes += (sizes.empty() ? "" : " x ") + std::to_string(parsed[i].values.size());
    }
    if (count > static_cast<std::size_t>(kMaxConditions))
        return {{"settings", "the grid has " + sizes + " conditions, more than the " + std::to_string(kMaxConditions) +
                                 " allowed"}};

    // Labels show what tells the conditions apart; a single condition shows all its settings.
    std::vector<std::size_t> shown = varying;
    if (shown.empty())
        for (std::size_t i = 0; i < parsed.size(); ++i) shown.push_back(i);
    std::vector<std::size_t> pick(parsed.size(), 0);  // value index per setting; the last varies fastest
    for (std::size_t c = 0; c < count; ++c) {
        SettingsCondition cond;
        for (std::size_t i = 0; i < parsed.size(); ++i) cond.settings.push_back(parsed[i].text(pick[i]));
        for (std::size_t i : shown) cond.label += (cond.label.empty() ? "" : " ") + cond.settings[i];
        if (cond.label.empty()) cond.label = "baseline";
        out.push_back(std::move(cond));
        for (std::size_t k = varying.size(); k-- > 0;) {
            const std::size_t i = varying[k];
            if (++pick[i] < parsed[i].values.size()) break;
            pick[i] = 0;
        }
    }
    return {};
}

std::vector<ValidationError> applySettings(Experiment& ex, const std::vector<std::string>& settings) {
    if (settings.size() > static_cast<std::size_t>(kMaxSettings))
        return {{"settings", "at most " + std::to_string(kMaxSettings) + " settings"}};
    Experiment changed = ex;
    std::vector<ValidationError> errors;
    parse_util::ErrorList list(errors);  // at most 50 errors and a line saying more were left out
    for (std::size_t i = 0; i < settings.size(); ++i) {
        Setting s;
        std::string reason;
        if (!parseSetting(settings[i], s, reason)) {
            list.add(settingError(i, settings[i], reason));
        } else if (s.values.size() != 1) {
            list.add(settingError(i, settings[i], "has " + std::to_string(s.values.size()) +
                                                              " values: apply one condition of the grid at a time"));
        } else if (!applyOne(changed, s, reason)) {
            list.add(settingError(i, settings[i], reason));
        }
    }
    if (!errors.empty()) return errors;
    errors = validateExperiment(changed);
    if (errors.empty()) ex = std::move(changed);
    return errors;
}

}  // namespace theta
