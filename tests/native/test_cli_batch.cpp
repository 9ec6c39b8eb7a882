// `thetalab` through the real binary: --jobs never changes the CSV, each CSV run
// is the run a serial init + newRun sequence trains, and bad input (a bad --set value, an
// empty file) exits 2 saying what is wrong.
#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "theta/settings.h"
#include "theta/sim.h"

using namespace theta;

namespace {

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/// A file name in the temp dir, unique per test process; removed by the destructor.
struct TempFile {
    std::string path;
    explicit TempFile(const std::string& name)
        : path("/tmp/thetalab-test-" + std::to_string(getpid()) + "-" + name) {}
    ~TempFile() { std::remove(path.c_str()); }
};

/// Exit code of `thetalab <args>` (stdout discarded, stderr to `err`).
int cli(const std::string& args, const TempFile& err) {
    const std::string cmd = std::string(THETA_CLI_PATH) + " " + args + " > /dev/null 2> " + err.path;
    return WEXITSTATUS(std::system(cmd.c_str()));
}

const char* kHeader = "condition,run,epoch,pct_err,pct_unit_err,sse,phase_corr,nzero,first_zero\n";

}  // namespace

TEST_CASE("thetalab run: the CSV of a grid batch is the same with 1 and 2 jobs") {
    TempFile one("jobs1.csv"), two("jobs2.csv"), err("err.txt");
    const std::string batch =
        "run ra25 --runs 2 --epochs 2 --set train.trialsPerEpoch=3 --set 'Hidden1:Inhib.Layer.Gi=1.0,1.1' --csv ";
    REQUIRE(cli(batch + one.path + " --jobs 1", err) == 0);
    REQUIRE(cli(batch + two.path + " --jobs 2", err) == 0);
    const std::string a = readFile(one.path), b = readFile(two.path);
    CHECK(a == b);

    // (condition, run, epoch) order: 2 conditions x 2 runs x 2 epochs.
    std::istringstream lines(a);
    std::string line;
    std::vector<std::string> rows;
    while (std::getline(lines, line)) rows.push_back(line);
    REQUIRE(rows.size() == 9);
    CHECK(rows[0] + "\n" == kHeader);
    const char* expectStart[] = {"Hidden1:Inhib.Layer.Gi=1.0,0,0,", "Hidden1:Inhib.Layer.Gi=1.0,0,1,",
                                 "Hidden1:Inhib.Layer.Gi=1.0,1,0,", "Hidden1:Inhib.Layer.Gi=1.0,1,1,",
                                 "Hidden1:Inhib.Layer.Gi=1.1,0,0,", "Hidden1:Inhib.Layer.Gi=1.1,0,1,",
                                 "Hidden1:Inhib.Layer.Gi=1.1,1,0,", "Hidden1:Inhib.Layer.Gi=1.1,1,1,"};
    for (int i = 0; i < 8; ++i) CHECK(rows[i + 1].rfind(expectStart[i], 0) == 0);
    CHECK(rows[1] != rows[5]);  // the setting changed the results
}

TEST_CASE("thetalab run: each run in the CSV is that run of a serial init + newRun sequence") {
    TempFile csv("serial.csv"), err("err.txt");
    REQUIRE(cli("run ra25 --seed 3 --runs 3 --epochs 2 --jobs 3 --set train.trialsPerEpoch=3 --csv " + csv.path, err) == 0);

    Experiment ex = parseExperiment(builtinExperimentJson("ra25")).experiment;
    REQUIRE(applySettings(ex, {"train.epochs=2", "train.trialsPerEpoch=3"}).empty());
    std::vector<ValidationError> errors;
    auto sim = Sim::create(ex, errors);
    REQUIRE(sim);
    sim->init(3);
    std::string expected = kHeader;
    for (int run = 0; run < 3; ++run) {
        if (run > 0) sim->newRun();
        sim->runToEnd();
    }
    for (const EpochStats& e : sim->epochLog()) {
        char row[256];
        std::snprintf(row, sizeof row, "train.trialsPerEpoch=3,%d,%d,%.6g,%.6g,%.6g,%.6g,%d,%d\n", e.run, e.epoch, e.pctErr,
                      e.pctUnitErr, e.sse, e.phaseCorr, e.nZero, e.firstZero);
        expected += row;
    }
    CHECK(sim->epochLog().size() == 6);
    CHECK(readFile(csv.path) == expected);
}

TEST_CASE("thetalab run: bad --set and --jobs values exit 2 and say which") {
    TempFile err("err.txt");
    CHECK(cli("run ra25 --epochs 1 --set Hiden1:Inhib.Layer.Gi=1", err) == 2);
    CHECK(readFile(err.path) == "thetalab: --set \"Hiden1:Inhib.Layer.Gi=1\": no layer named \"Hiden1\"\n");
    CHECK(cli("run ra25 --epochs 1 --set Hidden1:Inhib.Layer.Gi=1,abc", err) == 2);
    CHECK(readFile(err.path) == "thetalab: --set \"Hidden1:Inhib.Layer.Gi=1,abc\": \"abc\" is not a number\n");
    CHECK(cli("run ra25 --epochs 1 --jobs 0", err) == 2);
    CHECK(readFile(err.path) == "thetalab: --jobs must be in [1, 256]\n");
}

TEST_CASE("thetalab validate: an empty experiment file exits 2 and says it is empty") {
    TempFile empty("empty.json"), err("err.txt");
    std::ofstream(empty.path).close();
    CHECK(cli("validate " + empty.path, err) == 2);
    CHECK(readFile(err.path) == "thetalab: " + empty.path + " is empty: an experiment is one JSON document\n");
}
