// libFuzzer target: share links (engine/cli/share_link.h: `#x=` + base64url(deflate-raw(JSON)),
// and a lesson in `&l=`) and the experiment and lesson parsers behind them. Each input is used
// three times:
//  * as the text of a link (the base64url decoder, the fragment parsing, both parameters);
//  * as the raw deflate stream of a link's experiment ("#x=" + base64url(input)) and of its
//    lesson ("#builtin=ra25&l=" + base64url(input)), so mutations reach the inflater and its
//    output limits (4 MiB, 256 KiB: a zip bomb must stop there).
// Properties: no crash, hang, leak or UB; a refused link says why; a decoded experiment or
// lesson is within its limit and goes through its parser with a clean error report.
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_common.h"
#include "share_link.h"
#include "theta/experiment.h"
#include "theta/lesson.h"

using namespace theta;
using theta::fuzz::checkErrorReport;
using theta::fuzz::fuzzCheck;

namespace {

std::string base64url(const std::uint8_t* p, std::size_t n) {
    static const char* const kDigits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    std::uint32_t acc = 0;
    int bits = 0;
    for (std::size_t i = 0; i < n; ++i) {
        acc = (acc << 8) | p[i];
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out += kDigits[(acc >> bits) & 63];
        }
    }
    if (bits > 0) out += kDigits[(acc << (6 - bits)) & 63];
    return out;
}

void decode(std::string_view link) {
    std::string json, error;
    if (!decodeShareLink(link, json, error)) {
        fuzzCheck(!error.empty(), "a share link was refused without a reason");
        fuzzCheck(theta::fuzz::isUtf8(error), "a share-link error is not UTF-8", error);
        return;
    }
    fuzzCheck(json.size() <= kMaxDocumentBytes, "a share link decoded to more than 4 MiB");
    checkErrorReport(parseExperiment(json).errors);
}

void decodeLesson(std::string_view link) {
    std::string text, error;
    if (!decodeShareLinkLesson(link, text, error)) {
        fuzzCheck(!error.empty(), "a link's lesson was refused without a reason");
        fuzzCheck(theta::fuzz::isUtf8(error), "a link-lesson error is not UTF-8", error);
        return;
    }
    fuzzCheck(text.size() <= kMaxLessonBytes, "a link's lesson decoded to more than 256 KiB");
    for (const LessonError& e : parseLesson(text).errors) fuzzCheck(e.line >= 1 && !e.message.empty(), "a lesson error without a line or a reason");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    decode(text);
    decodeLesson(text);
    decode("#x=" + base64url(data, size));
    decodeLesson("#builtin=ra25&l=" + base64url(data, size));
    return 0;
}
