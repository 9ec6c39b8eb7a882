// Pattern rows from a CSV or TSV table (what a pattern upload on the page becomes).
//
// Format: the first non-empty line is a header; the separator is a tab if the header has
// one, else a comma. The header decides the layout: inputSize + targetSize + 1 columns
// means a leading name column, inputSize + targetSize columns means no names. Every data
// row then has the header's column count: [name,] inputs..., targets..., each value a
// decimal number in [0, 1]. Fields may be quoted ("evt 1", "a ""quoted"" name"); spaces
// around fields are ignored; \r\n line ends and blank lines are fine. At most 10000 rows
// and kMaxDocumentBytes of text. Rows and columns in errors count from 1, header included,
// as a spreadsheet shows them: `row 3, column 7: "abc" is not a number in [0, 1]`.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "io/parse_util.h"
#include "theta/experiment.h"

namespace theta {
namespace {

using parse_util::ErrorList;
using parse_util::inQuotes;

constexpr std::size_t kMaxRows = 10000;
constexpr std::size_t kMaxNameChars = 64;

std::string_view trimSpaces(std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
}

bool isBlank(std::string_view line) {
    return line.find_first_not_of(" \t") == std::string_view::npos;
}

/// Splits one line into fields, undoing CSV quoting. Returns an error message or nullptr.
const char* splitFields(std::string_view line, char sep, std::vector<std::string>& fields) {
    fields.clear();
    std::size_t i = 0;
    while (true) {
        while (i < line.size() && line[i] == ' ') ++i;
        std::string field;
        if (i < line.size() && line[i] == '"') {
            for (++i;; ++i) {
                if (i >= line.size()) return "a quoted field is not closed";
                if (line[i] != '"') field += line[i];
                else if (i + 1 < line.size() && line[i + 1] == '"') field += line[++i];  // "" is one "
                else break;
            }
            ++i;  // past the closing quote
            while (i < line.size() && line[i] == ' ') ++i;
            if (i < line.size() && line[i] != sep) return "text after a closing quote";
        } else {
            const std::size_t end = std::min(line.find(sep, i), line.size());
            field = std::string(trimSpaces(line.substr(i, end - i)));
            i = end;
        }
        fields.push_back(std::move(field));
        if (i >= line.size()) return nullptr;
        ++i;  // past the separator
    }
}

/// A plain decimal number ("1", "0.25", ".5", "1e-3"); no hex, inf, nan or spaces, which
/// strtod would accept. strtod runs in the C locale: ThetaLab never calls setlocale.
bool parseDecimal(const std::string& s, double& out) {
    std::size_t i = 0, digits = 0;
    const auto skipDigits = [&] {
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
    };
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    skipDigits();
    if (i < s.size() && s[i] == '.') ++i, skipDigits();
    if (digits == 0) return false;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
        const std::size_t before = digits;
        skipDigits();
        if (digits == before) return false;
    }
    if (i != s.size()) return false;
    out = std::strtod(s.c_str(), nullptr);
    return std::isfinite(out);
}

std::string rowPath(std::size_t row) { return "row " + std::to_string(row); }
std::string cellPath(std::size_t row, std::size_t column) {
    return rowPath(row) + ", column " + std::to_string(column);
}

std::string count(int n, const char* noun) {
    return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

/// "51 (name + 25 inputs + 25 targets)"
std::string layoutText(bool hasName, int inputSize, int targetSize) {
    const int columns = inputSize + targetSize + (hasName ? 1 : 0);
    return std::to_string(columns) + " (" + (hasName ? "name + " : "") + count(inputSize, "input") + " + " +
           count(targetSize, "target") + ")";
}

/// Reads the table row by row; the header fixes separator and layout.
class TableReader {
public:
    TableReader(int inputSize, int targetSize, ErrorList& errors)
        : inputSize_(inputSize), targetSize_(targetSize), errors_(errors) {}

    void line(std::size_t row, std::string_view text, std::vector<PatternRow>& out) {
        if (isBlank(text)) return;
        if (!haveHeader_) {
            header(row, text);
            return;
        }
        if (out.size() == kMaxRows) {
            if (!tooMany_) errors_.add(rowPath(row), "more than " + std::to_string(kMaxRows) + " rows");
            tooMany_ = true;
            return;
        }
        if (const char* why = splitFields(text, sep_, fields_)) {
            errors_.add(rowPath(row), why);
            return;
        }
        if (fields_.size() != columns()) {
            errors_.add(rowPath(row), "has " + std::to_string(fields_.size()) + " columns, expected " +
                                          layoutText(hasName_, inputSize_, targetSize_));
            return;
        }
        out.push_back(dataRow(row));
    }

    bool sawHeader() const { return haveHeader_; }
    bool layoutKnown() const { return layoutKnown_; }

private:
    void header(std::size_t row, std::string_view text) {
        haveHeader_ = true;
        sep_ = text.find('\t') != std::string_view::npos ? '\t' : ',';
        if (const char* why = splitFields(text, sep_, fields_)) {
            errors_.add(rowPath(row), why);
            return;
        }
        const std::size_t values = static_cast<std::size_t>(inputSize_ + targetSize_);
        if (fields_.size() != values && fields_.size() != values + 1) {
            errors_.add(rowPath(row), "has " + std::to_string(fields_.size()) + " columns, expected " +
                                          layoutText(true, inputSize_, targetSize_) + " or " +
                                          layoutText(false, inputSize_, targetSize_));
            return;
        }
        hasName_ = fields_.size() == values + 1;
        layoutKnown_ = true;
    }

    std::size_t columns() const {
        return static_cast<std::size_t>(inputSize_ + targetSize_ + (hasName_ ? 1 : 0));
    }

    PatternRow dataRow(std::size_t row) {
        PatternRow r;
        std::size_t column = 0;
        if (hasName_) {
            r.name = fields_[column++];
            if (parse_util::utf8Length(r.name) > kMaxNameChars)
                errors_.add(cellPath(row, column),
                            "a name has at most " + std::to_string(kMaxNameChars) + " characters");
        }
        if (values(row, column, inputSize_, r.input)) values(row, column, targetSize_, r.target);
        return r;
    }

    /// Reads `count` values from `column` on; reports only the first bad one of a row, so
    /// that a misaligned file does not flood the report. False after an error.
    bool values(std::size_t row, std::size_t& column, int count, std::vector<float>& out) {
        out.resize(static_cast<std::size_t>(count));
        for (float& x : out) {
            const std::string& field = fields_[column++];
            double d = 0;
            if (!parseDecimal(field, d) || d < 0 || d > 1) {
                errors_.add(cellPath(row, column), inQuotes(field) + " is not a number in [0, 1]");
                return false;
            }
            x = static_cast<float>(d);
        }
        return true;
    }

    const int inputSize_, targetSize_;
    ErrorList& errors_;
    bool haveHeader_ = false, layoutKnown_ = false, hasName_ = false, tooMany_ = false;
    char sep_ = ',';
    std::vector<std::string> fields_;
};

}  // namespace

ParseResult parsePatternTable(std::string_view text, int inputSize, int targetSize,
                              std::vector<PatternRow>& out) {
    ParseResult result;
    ErrorList errors(result.errors);
    out.clear();
    if (inputSize < 1 || inputSize > kMaxLayerUnits || targetSize < 1 || targetSize > kMaxLayerUnits) {
        errors.add("", "input and target sizes must be 1 to " + std::to_string(kMaxLayerUnits) + " units");
        return result;
    }
    if (text.size() > kMaxDocumentBytes) {
        errors.add("", "the table is " + std::to_string(text.size()) + " bytes, over the limit of " +
                           std::to_string(kMaxDocumentBytes) + " bytes (4 MB)");
        return result;
    }
    if (const std::size_t bad = parse_util::firstInvalidUtf8(text); bad != std::string_view::npos) {
        const auto row = 1 + std::count(text.begin(), text.begin() + bad, '\n');
        errors.add(rowPath(static_cast<std::size_t>(row)), "invalid UTF-8 at byte " + std::to_string(bad));
        return result;
    }
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // a byte-order mark

    TableReader reader(inputSize, targetSize, errors);
    std::size_t row = 0;
    for (std::size_t start = 0; start < text.size();) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        reader.line(++row, line, out);
        if (reader.sawHeader() && !reader.layoutKnown()) break;  // rows cannot be read without a layout
        start = end + 1;
    }
    if (!reader.sawHeader()) errors.add("", "the table is empty");
    else if (reader.layoutKnown() && out.empty() && !errors.any())
        errors.add("", "no data rows after the header");
    if (errors.any()) out.clear();
    return result;
}

}  // namespace theta
