// Settings: parameter and training overrides written as short strings, and grids of them.
// One implementation for `thetalab run --set` and the page's batch runner (M.expandSettings,
// M.applySettings), so a condition means the same experiment in both.
//
//   Hidden1:Inhib.Layer.Gi=1.05            a layer parameter ("*:..." = every layer)
//   Input>Hidden1:Learn.LRate.Base=0.03    a path parameter ("*>*:..." = every path; either
//                                          side may be "*": "Input>*" = every path from Input)
//   train.epochs=50                        train.epochs, nZero, trialsPerEpoch, runs,
//                                          minusCycles, plusCycles, nData, learn (0 or 1)
//   task.order=sequential                  a pattern task's order (permuted, sequential)
//   task.ge=0.15                           a "drive" task's ge, gi, onCycle, offCycle,
//                                          spikeHz, plusHz, and input (clamp or spikes)
//   Hidden1:Inhib.Layer.Gi=1.0,1.1,1.2     a grid: several values, one condition each
//
// Spaces around the parts are ignored. Parameter names and value ranges are those of the
// experiment file (param_table.h); train and task fields take the validator's ranges.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "theta/experiment.h"

namespace theta {

/// At most this many settings in one list, and conditions in one grid: a batch is meant to
/// compare a few settings, and the page runs every condition in one tab.
constexpr int kMaxSettings = 64;
constexpr int kMaxConditions = 64;

/// One parsed setting string.
struct Setting {
    enum class Target { Layer, Path, Field };
    Target target = Target::Layer;
    std::string layer;            ///< Layer: the layer name or "*"; Path: the sending layer or "*"
    std::string to;               ///< Path: the receiving layer or "*"
    std::string name;             ///< parameter path ("Inhib.Layer.Gi") or field ("train.epochs", "task.ge")
    std::vector<double> values;   ///< one value, or the grid's values in the order written
    std::vector<std::string> valueTexts;  ///< the values as written (labels keep "0.03", not 0.029999...)

    /// The setting with its k-th value only, e.g. "Input>Hidden1:Learn.LRate.Base=0.03".
    std::string text(std::size_t k) const;
};

/// Parse one setting string: syntax, parameter name (layer or path table), numbers and their
/// ranges. Layer names are checked only when applied (they depend on the experiment).
/// On failure returns false and sets `reason` ("unknown layer parameter \"Inhib.Layr.Gi\"").
bool parseSetting(std::string_view text, Setting& out, std::string& reason);

/// One cell of a grid: single-valued setting strings, applied in order.
struct SettingsCondition {
    /// Short name: the settings that vary across the grid (all of them when none varies,
    /// "baseline" when there are none), joined by spaces:
    /// "Hidden1:Inhib.Layer.Gi=1.1 Input>Hidden1:Learn.LRate.Base=0.03".
    std::string label;
    std::vector<std::string> settings;
};

/// Expand settings (some with several values) into the cartesian list of conditions; the
/// last setting varies fastest. No settings give one condition, "baseline", with none.
/// Errors have the path "settings[i]" and a message starting with the setting text in
/// quotes; `out` is left empty when there are any (also for more than kMaxConditions cells
/// or a parameter set twice).
std::vector<ValidationError> expandSettings(const std::vector<std::string>& settings,
                                            std::vector<SettingsCondition>& out);

/// Apply single-valued settings to `ex` in order (a later setting wins over an earlier one
/// for the same parameter), adding or replacing entries of the layers' and paths' params and
/// setting train fields, then re-validate the whole experiment (validateExperiment).
/// Errors name "settings[i]" (unknown layer, no such path, a grid value) or the experiment
/// field the validator refused; on any error `ex` is left unchanged.
std::vector<ValidationError> applySettings(Experiment& ex, const std::vector<std::string>& settings);

}  // namespace theta
