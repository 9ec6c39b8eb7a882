// Settings strings (settings.h): parsing, grid expansion and applying a condition to an
// experiment. Nothing here throws (the wasm build has no exceptions).
#include "theta/settings.h"

#include <cmath>
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

struct TrainField {
    const char* name;
    int TrainSpec::*field;
    IntRange range;
};

constexpr TrainField kTrainFields[] = {
    {"epochs", &TrainSpec::epochs, kEpochsRange},
    {"nZero", &TrainSpec::nZero, kNZeroRange},
    {"trialsPerEpoch", &TrainSpec::trialsPerEpoch, kTrialsPerEpochRange},
};

const TrainField* findTrainField(std::string_view name) {
    for (const TrainField& f : kTrainFields)
        if (name == f.name) return &f;
    return nullptr;
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
    if (s.target == Setting::Target::Train) {
        const IntRange r = findTrainField(s.name)->range;
        if (std::floor(value) == value && value >= r.min && value <= r.max) return {};
        return "must be an integer in [" + std::to_string(r.min) + ", " + std::to_string(r.max) + "]";
    }
    const ParamInfo* info = s.target == Setting::Target::Layer ? findLayerParam(s.name) : findPathParam(s.name);
    const char* why = checkParamValue(*info, value);
    return why ? why : "";
}

bool parseTarget(std::string_view lhs, Setting& out, std::string& reason) {
    if (lhs.substr(0, 6) == "train." && lhs.find(':') == std::string_view::npos) {
        out.target = Setting::Target::Train;
        out.name = std::string(lhs.substr(6));
        if (findTrainField(out.name)) return true;
        reason = "unknown train field " + inQuotes(out.name) + " (train.epochs, train.nZero or train.trialsPerEpoch)";
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
        if (!parseNumber(token, v)) {
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
        case Setting::Target::Train:
            ex.train.*(findTrainField(s.name)->field) = static_cast<int>(value);
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
    if (target == Target::Train) out = "train." + name;
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
