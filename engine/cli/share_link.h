// Share links: `.../#x=<payload>` where payload = base64url(deflate-raw(experiment JSON)),
// optionally followed by view settings (`&v=Act&hide=editor`). The page makes them
// (web/, docs/embedding.md); the command line reads them with this decoder.
#pragma once
#include <string>
#include <string_view>

namespace theta {

/// True if `text` looks like a share link or fragment (contains "#x=" or starts with "x=").
bool looksLikeShareLink(std::string_view text);

/// The experiment JSON carried by a link, a fragment or a bare payload. On failure returns
/// false and sets `error` to a clear reason ("not base64url", "corrupted compressed data", ...).
bool decodeShareLink(std::string_view link, std::string& json, std::string& error);

}  // namespace theta
