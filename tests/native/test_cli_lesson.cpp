// `thetalab lesson check` through the real binary: a valid lesson gives its one-line summary
// and exit 0; a broken one exits 2 with `file:line: message` for every error; --all checks
// every built-in lesson; the experiment comes from --experiment or the front matter.
#include <doctest/doctest.h>

#include <sys/wait.h>

#include <cstdlib>
#include <string>

#include "temp_files.h"

using theta::test::readFile;
using theta::test::TempFile;

namespace {

struct Result {
    int code;
    std::string out, err;
};

Result lessonCli(const std::string& args) {
    const TempFile out("lesson-out.txt"), err("lesson-err.txt");
    const std::string cmd = std::string(THETA_CLI_PATH) + " lesson " + args + " > " + out.path + " 2> " + err.path;
    const int status = std::system(cmd.c_str());
    return {WEXITSTATUS(status), readFile(out.path), readFile(err.path)};
}

}  // namespace

TEST_CASE("thetalab lesson check: a valid lesson prints its steps, action links and questions") {
    const TempFile lesson("valid.md", "---\nexperiment: ra25\n---\n1. [Step](do:step trial)\n"
                                      "2. [Lower Gi](do:set Hidden1:Inhib.Layer.Gi=0.9)\n\n"
                                      ":::question a\nWhy?\n:::\n:::question b\nAnd?\n:::\n");
    const Result r = lessonCli("check " + lesson.path);
    CHECK(r.code == 0);
    CHECK(r.out == lesson.path + ": 2 steps, 2 action links, 2 questions (checked against ra25)\n");
    CHECK(r.err.empty());

    // --experiment overrides the front matter: testnet has no Hidden1.
    const Result other = lessonCli("check " + lesson.path + " --experiment testnet");
    CHECK(other.code == 2);
    CHECK(other.err == lesson.path + ":5: set \"Hidden1:Inhib.Layer.Gi=0.9\": no layer named \"Hidden1\"\n");
}

TEST_CASE("thetalab lesson check: every error as file:line: message, exit 2") {
    const TempFile lesson("broken.md", "---\nexperiment: testnet\n---\n# Broken\n\n"
                                       "1. [Jump](do:jump 3)\n2. See [this](javascript:alert(1)).\n"
                                       "3. [Pick](do:select Output 9)\n\n:::question a\nWhy?\n");
    const Result r = lessonCli("check " + lesson.path);
    CHECK(r.code == 2);
    CHECK(r.out.empty());
    const std::string f = lesson.path;
    CHECK(r.err ==
          f + ":6: unknown action \"jump\"; use init, run, stop, step, set, view, plot, select, open or highlight\n" +
          f + ":7: link to \"javascript:alert(1)\" refused: a link goes to an http: or https: address, a path on this "
              "site (e.g. notes.html) or an action (do:...)\n" +
          f + ":8: unit 9 is not in layer \"Output\", whose units are 0 to 3\n" +
          f + ":10: question \"a\" opened here is not closed with a line \":::\"\n");
}

TEST_CASE("thetalab lesson check: the experiment comes from --experiment or the front matter") {
    const TempFile bare("bare.md", "[Run](do:run)\n");
    const Result none = lessonCli("check " + bare.path);
    CHECK(none.code == 2);
    CHECK(none.err == bare.path + ":1: no experiment to check the actions against: add \"experiment: <built-in>\" "
                                  "to the front matter or pass --experiment\n");
    const Result given = lessonCli("check " + bare.path + " --experiment deepfsa");
    CHECK(given.code == 0);
    CHECK(given.out == bare.path + ": 0 steps, 1 action link, 0 questions (checked against deepfsa)\n");

    const Result missing = lessonCli("check /nonexistent/lesson.md");
    CHECK(missing.code == 2);
    CHECK(missing.err == "thetalab: /nonexistent/lesson.md is neither a readable file nor a built-in lesson\n");
}

TEST_CASE("thetalab lesson check: built-in lessons, by name and --all") {
    const Result one = lessonCli("check testnet");
    CHECK(one.code == 0);
    CHECK(one.out.rfind("engine/lessons/testnet.md: ", 0) == 0);
    const Result all = lessonCli("check --all");
    CHECK(all.code == 0);
    CHECK(all.err.empty());
    CHECK(all.out.find("engine/lessons/testnet.md: ") != std::string::npos);
    CHECK(lessonCli("check").code == 2);                       // neither a lesson nor --all
    CHECK(lessonCli("check --all testnet").code == 2);         // both
    CHECK(lessonCli("lint testnet").code == 2);                // not a lesson subcommand
}

TEST_CASE("thetalab lesson check: at most 50 errors of the text and the check together, then a line saying so") {
    std::string text = "---\nexperiment: testnet\n---\n";
    for (int i = 0; i < 60; ++i) text += "[x](do:select Nope)\n";  // errors of the check
    const TempFile lesson("many.md", text);
    const Result r = lessonCli("check " + lesson.path);
    CHECK(r.code == 2);
    int lines = 0;
    for (char c : r.err) lines += c == '\n';
    CHECK(lines == 51);
    CHECK(r.err.find(lesson.path + ":54: too many errors: only the first 50 are listed\n") != std::string::npos);
}

TEST_CASE("thetalab lesson check: a share link's lesson (l=) is checked against the link's built-in") {
    // Made by web/share/link-codec.js (encodeShareFragment with a lesson), as the page makes them.
    const std::string good = "'https://example.org/#builtin=testnet&l=09XV5UqtKEgtysxNzSuxUihJLS7JSy3h0tXV5TLUU4gOLkktUEhUKCnKTMyJ1UjJtyoGCYC5mlwA'";
    const Result ok = lessonCli("check " + good);
    CHECK(ok.code == 0);
    CHECK(ok.out == "the link's lesson: 1 step, 1 action link, 0 questions (checked against testnet)\n");
    // "1. [Select](do:select Nowhere 0)": the link's experiment has no such layer.
    const Result bad = lessonCli("check '#builtin=testnet&l=M9RTiA5OzUlNLonVSMm3KgYzFfzyyzNSi1IVDDS5AA'");
    CHECK(bad.code == 2);
    CHECK(bad.err.find("the link's lesson:1:") != std::string::npos);
    CHECK(bad.err.find("Nowhere") != std::string::npos);
    const Result cut = lessonCli("check '#builtin=testnet&l=09XV5UqtKEgtysxNzSuxUihJ'");
    CHECK(cut.code == 2);
    CHECK(cut.err.find("truncated") != std::string::npos);
}
