// The built-in experiments' text: engine/experiments/<name>.json, compiled in by
// engine/CMakeLists.txt (THETA_BUILTINS gives their order).
#pragma once

namespace theta {

struct BuiltinText {
    const char* name;
    const char* json;
};

extern const BuiltinText kBuiltinTexts[];
extern const int kBuiltinTextCount;

}  // namespace theta
