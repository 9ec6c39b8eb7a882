// The built-in lessons by experiment name (their text is engine/lessons/<name>.md, compiled
// in as builtin_texts.h says, so they go through the same parser and checker as any lesson).
#include "builtin_texts.h"
#include "theta/lesson.h"

namespace theta {

std::string builtinLessonText(std::string_view name) {
    for (int i = 0; i < kBuiltinTextCount; ++i)
        if (name == kBuiltinTexts[i].name) return kBuiltinTexts[i].lesson;
    return {};
}

}  // namespace theta
