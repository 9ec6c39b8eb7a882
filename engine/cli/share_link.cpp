#include "share_link.h"

#include <zlib.h>

#include <cstdint>
#include <vector>

#include "theta/experiment.h"
#include "theta/lesson.h"

namespace theta {
namespace {

/// The payload: the value of the x= parameter of the fragment (up to the next '&').
std::string_view payloadOf(std::string_view link) {
    std::size_t at = link.find("#x=");
    if (at != std::string_view::npos) {
        at += 3;
    } else if (link.rfind("x=", 0) == 0) {
        at = 2;
    } else if (link.rfind("#", 0) == 0) {
        return {};
    } else {
        at = 0;  // a bare payload
    }
    std::string_view rest = link.substr(at);
    return rest.substr(0, rest.find('&'));
}

int base64urlValue(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '-') return 62;
    if (c == '_') return 63;
    return -1;
}

bool base64urlDecode(std::string_view in, std::vector<std::uint8_t>& out) {
    while (!in.empty() && in.back() == '=') in.remove_suffix(1);  // tolerate padding
    if (in.size() % 4 == 1) return false;
    std::uint32_t acc = 0;
    int bits = 0;
    for (char c : in) {
        const int v = base64urlValue(c);
        if (v < 0) return false;
        acc = (acc << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<std::uint8_t>(acc >> bits));
        }
    }
    return true;
}

/// The value of `key=` in a link's fragment (after '#', or the whole text when it has none),
/// up to the next '&'; empty when absent.
std::string_view fragmentParam(std::string_view link, std::string_view key) {
    const std::size_t hash = link.find('#');
    std::string_view rest = hash == std::string_view::npos ? link : link.substr(hash + 1);
    while (!rest.empty()) {
        const std::size_t amp = rest.find('&');
        const std::string_view part = rest.substr(0, amp);
        if (part.size() > key.size() && part.substr(0, key.size()) == key && part[key.size()] == '=')
            return part.substr(key.size() + 1);
        if (amp == std::string_view::npos) break;
        rest.remove_prefix(amp + 1);
    }
    return {};
}

/// Raw-deflate inflate, refusing output over `limit` bytes (a zip bomb stops there); `what`
/// names the content in messages.
bool inflateRaw(const std::vector<std::uint8_t>& in, std::string& out, std::string& error,
                std::size_t limit = kMaxDocumentBytes, const char* what = "experiment") {
    z_stream zs{};
    if (inflateInit2(&zs, -15) != Z_OK) {
        error = "cannot start decompression";
        return false;
    }
    zs.next_in = const_cast<Bytef*>(in.data());
    zs.avail_in = static_cast<uInt>(in.size());
    char buf[16384];
    int rc = Z_OK;
    while (rc == Z_OK) {
        zs.next_out = reinterpret_cast<Bytef*>(buf);
        zs.avail_out = sizeof buf;
        rc = inflate(&zs, Z_NO_FLUSH);
        out.append(buf, sizeof buf - zs.avail_out);
        if (out.size() > limit) {
            inflateEnd(&zs);
            error = std::string("the ") + what + " in the link is over the " +
                    (limit >= (1u << 20) ? std::to_string(limit >> 20) + " MiB" : std::to_string(limit >> 10) + " KiB") + " limit";
            return false;
        }
        if (rc == Z_BUF_ERROR && zs.avail_in == 0) break;  // input ended before the stream did
    }
    inflateEnd(&zs);
    if (rc != Z_STREAM_END) {
        error = rc == Z_BUF_ERROR || rc == Z_OK ? "the link is truncated (the compressed data ends early)"
                                                : "the link's compressed data is corrupted";
        return false;
    }
    return true;
}

}  // namespace

bool looksLikeShareLink(std::string_view text) {
    return text.find("#x=") != std::string_view::npos || text.rfind("x=", 0) == 0;
}

bool decodeShareLink(std::string_view link, std::string& json, std::string& error) {
    json.clear();
    const std::string_view payload = payloadOf(link);
    if (payload.empty()) {
        error = "the link carries no experiment (no x= payload)";
        return false;
    }
    if (payload.size() > 2 * kMaxDocumentBytes) {
        error = "the link is too long";
        return false;
    }
    std::vector<std::uint8_t> bytes;
    if (!base64urlDecode(payload, bytes)) {
        error = "the link's payload is not base64url text";
        return false;
    }
    return inflateRaw(bytes, json, error);
}

bool decodeShareLinkLesson(std::string_view link, std::string& lesson, std::string& error) {
    lesson.clear();
    const std::string_view payload = fragmentParam(link, "l");
    if (payload.empty()) {
        error = "the link carries no lesson (no l= parameter)";
        return false;
    }
    std::vector<std::uint8_t> bytes;
    if (payload.size() > 2 * kMaxLessonBytes || !base64urlDecode(payload, bytes)) {
        error = payload.size() > 2 * kMaxLessonBytes ? "the link's lesson is too long" : "the link's lesson is not base64url text";
        return false;
    }
    return inflateRaw(bytes, lesson, error, kMaxLessonBytes, "lesson");
}

std::string shareLinkBuiltin(std::string_view link) {
    return link.find('#') == std::string_view::npos ? std::string() : std::string(fragmentParam(link, "builtin"));
}

}  // namespace theta
