// The built-in experiments' text, engine/experiments/<name>.json, and their lessons,
// engine/lessons/<name>.md, compiled in by engine/CMakeLists.txt (THETA_BUILTINS gives
// their order).
#pragma once

namespace theta {

struct BuiltinText {
    const char* name;
    const char* json;
    const char* lesson;  ///< "" when the built-in has no lesson
};

extern const BuiltinText kBuiltinTexts[];
extern const int kBuiltinTextCount;

}  // namespace theta
