// A lesson's tree as JSON for the page (docs/lessons.md, "The document the page gets"):
// blocks and spans by "type", text only. The page builds DOM nodes from it with text nodes,
// so nothing a lesson says can become markup.
#include <nlohmann/json.hpp>

#include <string>

#include "theta/lesson.h"

namespace theta {
namespace {

using Json = nlohmann::ordered_json;

const char* spanType(LessonSpanKind k) {
    switch (k) {
    case LessonSpanKind::Text: return "text";
    case LessonSpanKind::Code: return "code";
    case LessonSpanKind::Emphasis: return "em";
    case LessonSpanKind::Strong: return "strong";
    case LessonSpanKind::Link: return "link";
    case LessonSpanKind::Image: return "image";
    case LessonSpanKind::Action: return "action";
    }
    return "text";
}

// Depth is bounded by the parser: spans nest at most kMaxLessonInlineDepth + 1 deep.
Json spansJson(const std::vector<LessonSpan>& spans) {
    Json out = Json::array();
    for (const LessonSpan& s : spans) {
        Json o = {{"type", spanType(s.kind)}, {"line", s.line}};
        switch (s.kind) {
        case LessonSpanKind::Text:
        case LessonSpanKind::Code: o["text"] = s.text; break;
        case LessonSpanKind::Image:
            o["alt"] = s.text;
            if (s.error.empty()) o["src"] = s.url;
            else o["error"] = s.error;
            break;
        case LessonSpanKind::Link:
            if (s.error.empty()) o["href"] = s.url;
            else o["error"] = s.error;
            break;
        case LessonSpanKind::Action: {
            o["index"] = s.action.index;
            o["target"] = s.action.target;
            // verb and args only when the verb was recognized (the target's first word is it)
            const std::string verb = lessonVerbName(s.action.verb);
            if (s.action.target.compare(0, s.action.target.find(' '), verb) == 0) {
                o["verb"] = verb;
                o["args"] = s.action.args;
            }
            if (!s.action.error.empty()) o["error"] = s.action.error;
            break;
        }
        case LessonSpanKind::Emphasis:
        case LessonSpanKind::Strong: break;
        }
        if (s.kind != LessonSpanKind::Text && s.kind != LessonSpanKind::Code && s.kind != LessonSpanKind::Image)
            o["content"] = spansJson(s.children);
        out.push_back(std::move(o));
    }
    return out;
}

// Blocks nest at most a question, or a list > item > list.
Json blocksJson(const std::vector<LessonBlock>& blocks) {
    Json out = Json::array();
    for (const LessonBlock& b : blocks) {
        Json o;
        switch (b.kind) {
        case LessonBlockKind::Heading:
            o = {{"type", "heading"}, {"line", b.line}, {"level", b.level}, {"content", spansJson(b.spans)}};
            break;
        case LessonBlockKind::Paragraph:
            o = {{"type", "paragraph"}, {"line", b.line}, {"content", spansJson(b.spans)}};
            break;
        case LessonBlockKind::Code:
            o = {{"type", "code"}, {"line", b.line}, {"lang", b.lang}, {"text", b.text}};
            break;
        case LessonBlockKind::List: {
            o = {{"type", "list"}, {"line", b.line}, {"ordered", b.ordered}};
            if (b.ordered) o["start"] = b.start;
            Json items = Json::array();
            for (const LessonListItem& item : b.items) {
                Json i = {{"line", item.line}};
                if (item.step >= 0) i["step"] = item.step;
                i["content"] = spansJson(item.spans);
                i["lists"] = blocksJson(item.lists);
                items.push_back(std::move(i));
            }
            o["items"] = std::move(items);
            break;
        }
        case LessonBlockKind::Question:
            o = {{"type", "question"}, {"line", b.line}, {"id", b.id}, {"blocks", blocksJson(b.blocks)}};
            break;
        }
        out.push_back(std::move(o));
    }
    return out;
}

}  // namespace

std::string lessonJson(const Lesson& lesson) {
    const Json doc = {{"title", lesson.title},     {"experiment", lesson.experiment}, {"steps", lesson.steps},
                      {"actions", lesson.actions}, {"questions", lesson.questions},   {"blocks", blocksJson(lesson.blocks)}};
    return doc.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace theta
