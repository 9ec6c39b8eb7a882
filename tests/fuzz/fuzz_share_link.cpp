// libFuzzer target: share links (engine/cli/share_link.h: `#x=` + base64url(deflate-raw(JSON)))
// and the experiment parser behind them. Each input is used twice:
//  * as the text of a link (the base64url decoder, the fragment parsing);
//  * as the raw deflate stream of a link ("#x=" + base64url(input)), so mutations reach the
//    inflater and its 4 MiB output limit (a zip bomb must stop there).
// Properties: no crash, hang, leak or UB; a refused link says why; a decoded experiment is at
// most kMaxDocumentBytes and goes through parseExperiment with a clean error report.
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_common.h"
#include "share_link.h"
#include "theta/experiment.h"

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

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    decode(std::string_view(reinterpret_cast<const char*>(data), size));
    decode("#x=" + base64url(data, size));
    return 0;
}
