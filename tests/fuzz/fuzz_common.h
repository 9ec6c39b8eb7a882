// Shared checks for the libFuzzer targets (tests/fuzz/fuzz_*.cpp).
//
// A target returns normally for every input that the engine handles as promised (accepted,
// or refused with a clear error); anything else calls fuzzFail(), which prints the reason
// and aborts, so libFuzzer saves the input as a crash. ASan and UBSan abort on their own.
// tests/native/test_fuzz_regressions.cpp compiles the targets into the doctest suite with
// THETA_FUZZ_REPLAY=1, where fuzzFail() throws instead, so a doctest CHECK can report it.
#pragma once
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "theta/experiment.h"

namespace theta::fuzz {

[[noreturn]] inline void fuzzFail(const char* what, std::string_view detail = {}) {
#if THETA_FUZZ_REPLAY
    throw std::runtime_error(std::string(what) + "\n" + std::string(detail.substr(0, 2000)));
#endif
    std::fprintf(stderr, "\nFUZZ CHECK FAILED: %s\n", what);
    if (!detail.empty()) {
        const std::string_view shown = detail.substr(0, 2000);
        std::fprintf(stderr, "%.*s%s\n", static_cast<int>(shown.size()), shown.data(),
                     detail.size() > shown.size() ? " ..." : "");
    }
    std::abort();
}

inline void fuzzCheck(bool ok, const char* what, std::string_view detail = {}) {
    if (!ok) fuzzFail(what, detail);
}

/// Well-formed UTF-8 (the same rules as engine/src/io/parse_util.h, written again here so the
/// check does not trust the code it checks).
inline bool isUtf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const unsigned char b = static_cast<unsigned char>(s[i]);
        std::size_t n = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
        if (n == 0 || i + n > s.size()) return false;
        for (std::size_t k = 1; k < n; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
        i += n;
    }
    return true;
}

/// Error reports go to the page and the terminal: each must say something, be UTF-8 without
/// control characters (user text is quoted and escaped), stay short, and the list is capped
/// at 50 errors plus one "too many errors" line (parse_util::ErrorList).
inline void checkErrorReport(const std::vector<ValidationError>& errors) {
    fuzzCheck(errors.size() <= 51, "more than 50 errors (+1 summary line) were reported");
    for (const ValidationError& e : errors) {
        fuzzCheck(!e.message.empty(), "an error without a message", e.path);
        const std::string line = e.str();
        fuzzCheck(isUtf8(line), "an error message is not valid UTF-8", line);
        // A path quotes at most 64 characters of a key per level (escaped: at most 6 bytes
        // each, ~390 bytes a level) over at most 64 levels; a message quotes at most a few
        // user strings of 64 characters: every report line stays below 32 KiB.
        fuzzCheck(line.size() <= 32768, "an error message is over 32 KiB", line);
        for (char c : line)
            fuzzCheck(static_cast<unsigned char>(c) >= 0x20 && c != 0x7F,
                      "an error message holds a control character", line);
    }
}

}  // namespace theta::fuzz
