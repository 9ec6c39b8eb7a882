// Share links: decoding what the page makes (base64url of raw deflate, as the browser's
// CompressionStream('deflate-raw') writes it) and refusing damaged links with a reason.
#include <doctest/doctest.h>

#include <string>

#include "share_link.h"
#include "theta/experiment.h"

using namespace theta;

namespace {
// Made with Node: zlib.deflateRawSync(json).toString('base64url')
const char* kPayload =
    "ZY27CsJAEEX_5dZjYRGE_QMrG7uwxaCjK8k-2J0gYdl_D0HUiOWBc--pKBcnnmH2hMBeYDA-wrBTKQpCEbnCHAhB9BnzAFMx8iy5wPT1vTiGNK22zmmLxfHKfUedbfSxT5P-"
    "6GfOd_nzLSGxulfnlqPfduL3ptnWFg";
const char* kJson =
    R"({"schema":1,"name":"link-test","seed":7,"network":{"layers":[{"name":"Input","type":"Input","shape":[5,5]},)"
    R"({"name":"Output","type":"Target","shape":[5,5]}],"paths":[{"from":"Input","to":"Output"}]}})";
}  // namespace

TEST_CASE("share links: a full URL, a fragment with view settings, and a bare payload decode") {
    std::string json, error;
    for (std::string link : {std::string("https://example.org/thetalab/#x=") + kPayload,
                             std::string("#x=") + kPayload + "&v=CaDiff&hide=editor",
                             std::string("x=") + kPayload, std::string(kPayload)}) {
        INFO(link);
        REQUIRE(decodeShareLink(link, json, error));
        CHECK(json == kJson);
        CHECK(parseExperiment(json).ok());
    }
    CHECK(looksLikeShareLink(std::string("#x=") + kPayload));
    CHECK_FALSE(looksLikeShareLink("experiment.json"));
}

TEST_CASE("share links: truncated, corrupted and non-base64 links are refused with a reason") {
    std::string json, error;
    const std::string payload = kPayload;
    CHECK_FALSE(decodeShareLink("#x=" + payload.substr(0, payload.size() / 2 / 4 * 4), json, error));
    CHECK(error.find("truncated") != std::string::npos);
    std::string corrupt = payload;
    corrupt[10] = corrupt[10] == 'A' ? 'B' : 'A';
    corrupt[11] = corrupt[11] == 'A' ? 'B' : 'A';
    CHECK_FALSE(decodeShareLink("#x=" + corrupt, json, error));
    CHECK_FALSE(error.empty());
    CHECK_FALSE(decodeShareLink("#x=not*base64!", json, error));
    CHECK(error.find("base64url") != std::string::npos);
    CHECK_FALSE(decodeShareLink("#v=Act", json, error));
    CHECK(error.find("no experiment") != std::string::npos);
}
