// `thetalab` through the real binary: --jobs never changes the CSV, each CSV run
// is the run a serial init + newRun sequence trains, and bad input (a bad --set value, an
// empty file) exits 2 saying what is wrong.
#include <doctest/doctest.h>

#include <sys/wait.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "temp_files.h"
#include "theta/settings.h"
#include "theta/sim.h"

using namespace theta;
using theta::test::readFile;
using theta::test::TempFile;

namespace {

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

TEST_CASE("thetalab trace: one CSV row per cycle and condition, the neuron's columns, spikes on stdout") {
    TempFile csv("trace.csv"), out("trace.out"), err("err.txt");
    const std::string cmd = std::string(THETA_CLI_PATH) + " trace neuron --set task.ge=0.1,0.15 --trials 2 --csv " +
                            csv.path + " > " + out.path + " 2> " + err.path;
    REQUIRE(WEXITSTATUS(std::system(cmd.c_str())) == 0);
    std::istringstream lines(readFile(csv.path));
    std::string header, line;
    std::getline(lines, header);
    CHECK(header.rfind("condition,run,trial,cycle,Neuron.Vm,Neuron.Spike,Neuron.Act,Neuron.Ge,Neuron.Gi,Neuron.Inet,"
                       "Neuron.VmDend,Neuron.Gnmda,Neuron.GgabaB,Neuron.Gvgcc,Neuron.Gak,Neuron.GknaMed,Neuron.GknaSlow,"
                       "Neuron.MahpN,", 0) == 0);
    CHECK(header.find("Neuron.CaP,Neuron.CaD,Neuron.LearnCaP,Neuron.LearnCaD") != std::string::npos);
    std::vector<std::string> rows;
    while (std::getline(lines, line)) rows.push_back(line);
    REQUIRE(rows.size() == 2u * 2u * 200u);  // conditions x trials x cycles, in --set order
    CHECK(rows[0].rfind("task.ge=0.1,0,0,0,", 0) == 0);
    CHECK(rows[399].rfind("task.ge=0.1,0,1,199,", 0) == 0);
    CHECK(rows[400].rfind("task.ge=0.15,0,0,0,", 0) == 0);
    // each trial's spikes: none below threshold, the same count in every trial (it starts at rest)
    const std::string said = readFile(out.path);
    CHECK(said.find("task.ge=0.1 run 0 trial 0 spikes: Neuron 0\n") != std::string::npos);
    const std::size_t at = said.find("task.ge=0.15 run 0 trial 0 spikes: Neuron ");
    REQUIRE(at != std::string::npos);
    const int n = std::atoi(said.c_str() + at + std::string("task.ge=0.15 run 0 trial 0 spikes: Neuron ").size());
    CHECK(n > 5);
    CHECK(said.find("task.ge=0.15 run 0 trial 1 spikes: Neuron " + std::to_string(n) + "\n") != std::string::npos);

    TempFile err2("err2.txt");
    CHECK(cli("trace neuron --trials 0", err2) == 2);
    CHECK(readFile(err2.path).find("--trials must be in [1, 10000]") != std::string::npos);
    CHECK(cli("trace neuron --set task.gi=20", err2) == 2);
    CHECK(readFile(err2.path).find("task.gi=20") != std::string::npos);
}

TEST_CASE("thetalab trace: each layer's pool inhibition columns are Sim::poolVar's (FSGi moves fast, SSGi slowly)") {
    TempFile csv("trace-inhib.csv"), err("err.txt");
    REQUIRE(cli("trace ra25 --csv " + csv.path, err) == 0);
    std::istringstream lines(readFile(csv.path));
    std::string header, line;
    std::getline(lines, header);
    for (const char* name : {"FFs", "FBs", "GeExts", "FSi", "SSi", "SSf", "FSGi", "SSGi", "TotalGi"})
        CHECK(header.find(std::string(",Hidden1.") + name) != std::string::npos);
    // the same trial in a Sim: the CSV's Hidden1.FSGi and SSGi columns are the pool's values
    std::vector<std::string> cols;
    std::istringstream h(header);
    for (std::string c; std::getline(h, c, ',');) cols.push_back(c);
    const auto col = [&](const std::string& name) { return std::find(cols.begin(), cols.end(), name) - cols.begin(); };
    const std::size_t fsgi = col("Hidden1.FSGi"), ssgi = col("Hidden1.SSGi");
    REQUIRE(fsgi < cols.size());
    std::vector<ValidationError> errors;
    auto sim = Sim::create(parseExperiment(builtinExperimentJson("ra25")).experiment, errors);
    REQUIRE(sim);
    int rows = 0;
    double lastFS = 0, lastSS = 0, fsMoves = 0, ssMoves = 0;
    while (std::getline(lines, line)) {
        std::vector<std::string> f;
        std::istringstream ls(line);
        for (std::string c; std::getline(ls, c, ',');) f.push_back(c);
        sim->stepCycle();
        CHECK(std::stod(f[fsgi]) == doctest::Approx(sim->poolVar(1, PoolVar::FSGi)).epsilon(1e-6));
        CHECK(std::stod(f[ssgi]) == doctest::Approx(sim->poolVar(1, PoolVar::SSGi)).epsilon(1e-6));
        fsMoves += std::fabs(std::stod(f[fsgi]) - lastFS);
        ssMoves += std::fabs(std::stod(f[ssgi]) - lastSS);
        lastFS = std::stod(f[fsgi]);
        lastSS = std::stod(f[ssgi]);
        ++rows;
    }
    CHECK(rows == 200);
    CHECK(fsMoves > 10 * ssMoves);  // PV-like inhibition jumps with each volley, SST-like builds slowly
}

TEST_CASE("thetalab run: a test-only run prints each trial's pattern and layer activity, and no FirstZero") {
    TempFile out("testonly.out"), err("err.txt");
    const std::string cmd = std::string(THETA_CLI_PATH) + " run stability > " + out.path + " 2> " + err.path;
    REQUIRE(WEXITSTATUS(std::system(cmd.c_str())) == 0);
    const std::string text = readFile(out.path);
    for (int t = 0; t < 10; ++t) {
        CAPTURE(t);
        const std::string head = "run 0 trial " + std::to_string(t) + " pattern " + std::to_string(t) + ": Layer0 ActM ";
        const std::size_t at = text.find(head);
        REQUIRE(at != std::string::npos);
        CHECK(text.find(", Layer2 ActM ", at) < text.find('\n', at));
    }
    // the numbers are the Sim's own
    std::vector<ValidationError> errors;
    auto sim = Sim::create(parseExperiment(builtinExperimentJson("stability")).experiment, errors);
    REQUIRE(sim);
    sim->stepTrial();
    char expect[64];
    std::snprintf(expect, sizeof expect, "Layer1 ActM %.3f ActP %.3f", sim->layerTrialAct(1, Phase::Minus),
                  sim->layerTrialAct(1, Phase::Plus));
    CHECK(text.find(std::string("run 0 trial 0 pattern 0: Layer0 ActM 0.146 ActP 0.150, ") + expect) != std::string::npos);
    CHECK(text.find("a test-only run: no learning, nothing to score") != std::string::npos);
    CHECK(text.find("FirstZero") == std::string::npos);

    TempFile learning("learning.out");
    const std::string cmd2 = std::string(THETA_CLI_PATH) + " run ra25 --epochs 1 > " + learning.path + " 2> " + err.path;
    REQUIRE(WEXITSTATUS(std::system(cmd2.c_str())) == 0);
    CHECK(readFile(learning.path).find(" trial ") == std::string::npos);  // training runs report epochs only
}
