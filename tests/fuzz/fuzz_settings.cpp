// libFuzzer target: settings strings (engine/include/theta/settings.h), as `thetalab run
// --set` and the page's batch panel take them. The input is split into lines, one setting
// each. Properties: no crash, hang or UB; every refusal is a clean error report; a grid
// never exceeds kMaxConditions and each condition's settings parse with one value each;
// applying a list to ra25 either leaves the experiment unchanged (with errors) or gives a
// valid experiment whose canonical JSON parses back to the same text.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_common.h"
#include "theta/experiment.h"
#include "theta/settings.h"

using namespace theta;
using theta::fuzz::checkErrorReport;
using theta::fuzz::fuzzCheck;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::vector<std::string> lines;
    for (std::size_t start = 0; start <= text.size() && lines.size() <= kMaxSettings + 1;) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        lines.emplace_back(text.substr(start, end - start));
        start = end + 1;
    }

    std::vector<SettingsCondition> conditions;
    const std::vector<ValidationError> gridErrors = expandSettings(lines, conditions);
    checkErrorReport(gridErrors);
    fuzzCheck(gridErrors.empty() != conditions.empty(), "a grid has both errors and conditions (or neither)");
    fuzzCheck(conditions.size() <= static_cast<std::size_t>(kMaxConditions), "a grid has too many conditions");
    for (const SettingsCondition& c : conditions) {
        fuzzCheck(theta::fuzz::isUtf8(c.label) || !theta::fuzz::isUtf8(text), "a condition label is not UTF-8", c.label);
        for (const std::string& s : c.settings) {
            Setting one;
            std::string reason;
            fuzzCheck(parseSetting(s, one, reason) && one.values.size() == 1,
                      "a condition's setting does not parse as a single value", s + "\n" + reason);
        }
    }

    static const ParseResult base = parseExperiment(builtinExperimentJson("ra25"));
    const std::string before = toJson(base.experiment);
    Experiment ex = base.experiment;
    const std::vector<ValidationError> applyErrors = applySettings(ex, lines);
    checkErrorReport(applyErrors);
    if (!applyErrors.empty()) {
        fuzzCheck(toJson(ex) == before, "a refused settings list changed the experiment", text);
        return 0;
    }
    const std::string canonical = toJson(ex);
    const ParseResult again = parseExperiment(canonical);
    fuzzCheck(again.ok(), "settings gave an experiment whose canonical JSON is refused", canonical);
    fuzzCheck(toJson(again.experiment) == canonical, "settings gave an experiment that does not round-trip", canonical);
    return 0;
}
