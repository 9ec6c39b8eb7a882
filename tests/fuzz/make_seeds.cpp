// Seed generator for the fuzz corpora:
//   DIR/experiment/<builtin>.json, <builtin>-canonical.json   the built-ins as written and as toJson
//   DIR/share_link/<builtin>.deflate                           raw-deflate share-link payloads
//   DIR/checkpoint/<builtin>-<when>.ckpt                       real checkpoints at several points
//   DIR/checkpoint/testnet-<how>.ckpt                          damaged variants (see mutants())
//
//   make_seeds DIR [--small]
//
// --small leaves out the ra25 checkpoints (~0.6 MB each): tests/fuzz/corpus/ commits the
// --small output, and scripts/fuzz.sh adds the ra25 checkpoints at run time (build/fuzz/seeds/).
// Checkpoint bytes can differ between runs in struct padding; everything else is deterministic.
#include <zlib.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <sys/stat.h>
#include <vector>

#include "io/checkpoint_format.h"
#include "theta/experiment.h"
#include "theta/sim.h"

using namespace theta;

namespace {

bool writeFile(const std::string& path, const void* data, std::size_t n) {
    std::ofstream out(path, std::ios::binary);
    out.write(static_cast<const char*>(data), static_cast<std::streamsize>(n));
    if (!out) std::fprintf(stderr, "make_seeds: cannot write %s\n", path.c_str());
    return static_cast<bool>(out);
}

std::unique_ptr<Sim> builtin(const char* name) {
    const ParseResult r = parseExperiment(builtinExperimentJson(name));
    std::vector<ValidationError> errors;
    std::unique_ptr<Sim> sim = r.ok() ? Sim::create(r.experiment, errors) : nullptr;
    if (!sim) std::fprintf(stderr, "make_seeds: cannot build %s\n", name);
    return sim;
}

bool checkpoints(const std::string& dir, const char* name) {
    std::unique_ptr<Sim> sim = builtin(name);
    if (!sim) return false;
    const auto save = [&](const char* when) {
        const std::vector<std::uint8_t> bytes = sim->saveCheckpoint();
        return writeFile(dir + "/" + name + "-" + when + ".ckpt", bytes.data(), bytes.size());
    };
    bool ok = save("fresh");
    for (int c = 0; c < 37; ++c) sim->stepCycle();  // mid-trial, minus phase
    ok = save("cycle37") && ok;
    for (int c = 0; c < 130; ++c) sim->stepCycle();  // plus phase
    ok = save("cycle167") && ok;
    sim->stepEpoch();  // a finished epoch in the log, between trials
    ok = save("epoch1") && ok;
    const int trials = sim->experiment().train.trialsPerEpoch;
    for (int t = 0; t + 1 < trials; ++t) sim->stepTrial();
    for (int c = 0; c + 1 < sim->experiment().train.minusCycles + sim->experiment().train.plusCycles; ++c)
        sim->stepCycle();
    ok = save("epoch2-lastcycle") && ok;  // the next cycle ends a trial and an epoch
    return ok;
}

/// Damaged testnet checkpoints, each refused for another reason; the "-fixed" ones carry a
/// correct checksum, so only the structural checks behind it can refuse them.
bool mutants(const std::string& dir) {
    std::unique_ptr<Sim> sim = builtin("testnet");
    if (!sim) return false;
    for (int c = 0; c < 37; ++c) sim->stepCycle();
    const std::vector<std::uint8_t> good = sim->saveCheckpoint();
    std::uint64_t jsonLen = 0;
    std::memcpy(&jsonLen, good.data() + 24, 8);
    const std::size_t json = 32, counters = json + jsonLen + 8;  // after the JSON and the seed
    bool ok = true;
    const auto write = [&](const char* how, std::vector<std::uint8_t> b, bool fix) {
        if (fix) resealCheckpoint(b);
        ok = writeFile(dir + "/testnet-" + how + ".ckpt", b.data(), b.size()) && ok;
    };
    write("header-only", std::vector<std::uint8_t>(good.begin(), good.begin() + 32), false);
    write("truncated", std::vector<std::uint8_t>(good.begin(), good.begin() + good.size() / 2), false);
    std::vector<std::uint8_t> b = good;
    b[8] = 2;  // version 2
    write("newer", b, false);
    b = good;
    b[good.size() / 2] ^= 0x40;
    write("badsum", b, false);
    b = good;
    b.insert(b.end() - 8, {1, 2, 3, 4});  // bytes after the last array
    write("padded-fixed", b, true);
    b = good;
    b[json + 8] = '[';  // the experiment JSON no longer parses
    write("json-fixed", b, true);
    b = good;
    const std::int32_t cycle = 9999;  // Counters::cycle, the 4th int
    std::memcpy(b.data() + counters + 12, &cycle, 4);
    write("cycle-fixed", b, true);
    b = good;
    const std::uint64_t huge = ~std::uint64_t{0};
    std::memcpy(b.data() + 24, &huge, 8);  // the JSON's length
    write("jsonlen-fixed", b, true);
    return ok;
}

bool experiments(const std::string& dir) {
    bool ok = true;
    for (const std::string& name : builtinExperimentNames()) {
        const std::string text = builtinExperimentJson(name);
        const std::string canonical = toJson(parseExperiment(text).experiment);
        ok = writeFile(dir + "/" + name + ".json", text.data(), text.size()) &&
             writeFile(dir + "/" + name + "-canonical.json", canonical.data(), canonical.size()) && ok;
    }
    return ok;
}

bool deflateRaw(const std::string& text, std::vector<std::uint8_t>& out) {
    z_stream zs{};
    if (deflateInit2(&zs, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) return false;
    out.resize(deflateBound(&zs, text.size()));
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
    zs.avail_in = static_cast<uInt>(text.size());
    zs.next_out = out.data();
    zs.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&zs, Z_FINISH);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    return rc == Z_STREAM_END;
}

bool shareLinks(const std::string& dir) {
    bool ok = true;
    for (const std::string& name : builtinExperimentNames()) {
        std::vector<std::uint8_t> bytes;
        ok = deflateRaw(builtinExperimentJson(name), bytes) &&
             writeFile(dir + "/" + name + ".deflate", bytes.data(), bytes.size()) && ok;
    }
    return ok;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: make_seeds DIR [--small]\n");
        return 2;
    }
    const std::string dir = argv[1];
    const bool small = argc > 2 && std::strcmp(argv[2], "--small") == 0;
    ::mkdir(dir.c_str(), 0755);
    ::mkdir((dir + "/checkpoint").c_str(), 0755);
    ::mkdir((dir + "/share_link").c_str(), 0755);
    ::mkdir((dir + "/experiment").c_str(), 0755);
    bool ok = checkpoints(dir + "/checkpoint", "testnet") && mutants(dir + "/checkpoint") &&
              shareLinks(dir + "/share_link") && experiments(dir + "/experiment");
    if (!small) ok = checkpoints(dir + "/checkpoint", "ra25") && ok;
    return ok ? 0 : 1;
}
