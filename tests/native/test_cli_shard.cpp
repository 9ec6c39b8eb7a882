// `thetalab run --shard I/N`: a sweep too large for one machine split over a scheduler's
// jobs. The shards, run through GNU parallel as a cluster or a lab of machines would run
// them, give CSVs whose concatenation in shard order is the whole run's CSV, byte for byte.
#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "temp_files.h"

using theta::test::readFile;

namespace {

/// A directory in the temp dir, unique per test process; removed with its files at the end.
struct TempDir {
    std::string path = "/tmp/thetalab-shard-" + std::to_string(getpid());
    TempDir() { REQUIRE(std::system(("rm -rf " + path + " && mkdir -p " + path).c_str()) == 0); }
    ~TempDir() { (void)std::system(("rm -rf " + path).c_str()); }
};

int shell(const std::string& cmd) { return WEXITSTATUS(std::system(cmd.c_str())); }

const std::string kCli = THETA_CLI_PATH;
/// 3 conditions x 3 runs = 9 (condition, run) pairs: 4 shards split them 2, 2, 2, 3.
const std::string kBatch =
    "run ra25 --runs 3 --epochs 2 --set train.trialsPerEpoch=4 --set 'Hidden1:Inhib.Layer.Gi=0.9,1.0,1.1'";

}  // namespace

TEST_CASE("thetalab run --shard: 4 shards through GNU parallel concatenate to the single-machine CSV") {
    TempDir dir;
    REQUIRE_MESSAGE(shell("command -v parallel > /dev/null") == 0, "GNU parallel is missing: scripts/setup.sh installs it");
    REQUIRE(shell(kCli + " " + kBatch + " --csv " + dir.path + "/whole.csv > /dev/null") == 0);
    // Shards finish in any order (2 at a time); their files are joined in shard order.
    REQUIRE(shell("parallel --halt now,fail=1 -j 2 '" + kCli + " " + kBatch + " --shard {}/4 --csv " + dir.path +
                  "/shard-{}.csv > /dev/null' ::: 1 2 3 4") == 0);
    std::string joined;
    for (int i = 1; i <= 4; ++i) {
        const std::string part = readFile(dir.path + "/shard-" + std::to_string(i) + ".csv");
        CHECK_MESSAGE(!part.empty(), "shard " << i << " wrote nothing");
        // Only the first shard starts with the header, so plain concatenation works.
        CHECK((part.rfind("condition,", 0) == 0) == (i == 1));
        joined += part;
    }
    const std::string whole = readFile(dir.path + "/whole.csv");
    CHECK(whole.size() > 100);
    CHECK(joined == whole);
}

TEST_CASE("thetalab run --shard: more shards than runs leave some empty, and bad values exit 2 naming the option") {
    TempDir dir;
    const std::string one = "run ra25 --epochs 1 --set train.trialsPerEpoch=2";
    CHECK(shell(kCli + " " + one + " --shard 2/3 --csv " + dir.path + "/empty.csv > " + dir.path + "/out.txt") == 0);
    CHECK(readFile(dir.path + "/empty.csv").empty());  // not the first shard: no header, no rows
    CHECK(readFile(dir.path + "/out.txt").find("this shard has no runs") != std::string::npos);
    // 3 shards of a 1-run batch: the two empty ones add nothing to the concatenation.
    std::string joined;
    for (int i = 1; i <= 3; ++i) {
        const std::string csv = dir.path + "/one-" + std::to_string(i) + ".csv";
        REQUIRE(shell(kCli + " " + one + " --shard " + std::to_string(i) + "/3 --csv " + csv + " > /dev/null") == 0);
        joined += readFile(csv);
    }
    REQUIRE(shell(kCli + " " + one + " --csv " + dir.path + "/one.csv > /dev/null") == 0);
    CHECK(joined == readFile(dir.path + "/one.csv"));
    for (const char* bad : {"0/4", "5/4", "3", "a/b", "1/0", "-1/2"}) {
        CAPTURE(bad);
        CHECK(shell(kCli + " " + one + " --shard " + bad + " > /dev/null 2> " + dir.path + "/err.txt") == 2);
        CHECK(readFile(dir.path + "/err.txt").find("--shard needs I/N") != std::string::npos);
    }
}
