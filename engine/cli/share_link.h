// Share links: `.../#x=<payload>` where payload = base64url(deflate-raw(experiment JSON)),
// optionally followed by view settings (`&v=Act&hide=editor`). The page makes them
// (web/, docs/embedding.md); the command line reads them with this decoder.
#pragma once
#include <string>
#include <string_view>

namespace theta {

/// True if `text` looks like a share link or fragment (contains "#x=" or starts with "x=").
/// A link may also name a built-in (`#builtin=inhib`) and carry a lesson (`&l=<payload>`).
bool looksLikeShareLink(std::string_view text);

/// The experiment JSON carried by a link, a fragment or a bare payload. On failure returns
/// false and sets `error` to a clear reason ("not base64url", "corrupted compressed data", ...).
bool decodeShareLink(std::string_view link, std::string& json, std::string& error);

/// The lesson Markdown of a link's l= parameter (base64url(deflate-raw(text)), at most
/// kMaxLessonBytes). False with a reason when there is none or it is damaged.
bool decodeShareLinkLesson(std::string_view link, std::string& lesson, std::string& error);

/// The built-in a link names (`#builtin=NAME`), "" when none.
std::string shareLinkBuiltin(std::string_view link);

}  // namespace theta
