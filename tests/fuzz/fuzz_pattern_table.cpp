// libFuzzer target: the pattern-table parser (parsePatternTable, CSV or TSV), on any bytes,
// for a few layer sizes each time: 2 inputs + 1 target (the doctest tables), 4 + 4 (the
// testnet built-in), 25 + 25 (ra25 and tests/native/data/ra25-axon-patterns.csv), 1 + 1 and
// 3 + 7 (odd sizes), and an invalid size (which must be refused before the text is read).
//
// Properties: no crash, hang, leak or UB; a refused table leaves no rows and gets a clean
// error report; an accepted table has 1 to 10000 rows, each with exactly inputSize and
// targetSize values in [0, 1] and a UTF-8 name of at most 64 characters; and the rows,
// used as an inline task, make a valid experiment (what the page does with an upload).
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_common.h"
#include "theta/experiment.h"

using namespace theta;
using theta::fuzz::checkErrorReport;
using theta::fuzz::fuzzCheck;
using theta::fuzz::isUtf8;

namespace {

std::size_t utf8Chars(std::string_view s) {
    std::size_t n = 0;
    for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

void checkValues(const std::vector<float>& values, int size, const char* what) {
    fuzzCheck(values.size() == static_cast<std::size_t>(size), what);
    for (float v : values) fuzzCheck(v >= 0 && v <= 1, "a value outside [0, 1] was accepted");
}

/// The rows as the inline task of a two-layer network; a valid table must give a valid one.
void checkAsExperiment(const std::vector<PatternRow>& rows, int inputSize, int targetSize) {
    Experiment ex;
    ex.layers = {{"Input", LayerType::Input, {1, inputSize}, {}}, {"Output", LayerType::Target, {1, targetSize}, {}}};
    ex.paths = {PathSpec{"Input", "Output"}};
    ex.task.source = "inline";
    ex.task.patterns = rows;
    const std::vector<ValidationError> errors = validateExperiment(ex);
    fuzzCheck(errors.empty(), "an accepted table does not make a valid inline task",
              errors.empty() ? "" : errors[0].str());
}

void parseWith(std::string_view text, int inputSize, int targetSize) {
    std::vector<PatternRow> rows(2);  // leftovers must be cleared
    const ParseResult r = parsePatternTable(text, inputSize, targetSize, rows);
    checkErrorReport(r.errors);
    if (!r.ok()) {
        fuzzCheck(rows.empty(), "a refused table handed out rows");
        return;
    }
    fuzzCheck(!rows.empty() && rows.size() <= 10000, "an accepted table has 0 or more than 10000 rows");
    for (const PatternRow& row : rows) {
        fuzzCheck(isUtf8(row.name) && utf8Chars(row.name) <= 64, "a bad row name was accepted", row.name);
        checkValues(row.input, inputSize, "a row has the wrong number of inputs");
        checkValues(row.target, targetSize, "a row has the wrong number of targets");
    }
    checkAsExperiment(rows, inputSize, targetSize);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    static constexpr int kSizes[][2] = {{2, 1}, {4, 4}, {25, 25}, {1, 1}, {3, 7}};
    for (const auto& s : kSizes) parseWith(text, s[0], s[1]);

    std::vector<PatternRow> rows;
    const ParseResult bad = parsePatternTable(text, 0, 1, rows);
    fuzzCheck(!bad.ok() && rows.empty(), "a table for a 0-unit layer was accepted");
    return 0;
}
