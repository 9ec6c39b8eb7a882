// Checkpoints: a little-endian binary image of a Sim.
//
//   "THETALAB" | u32 version | u32 flags (0) | u64 payload bytes | payload | u64 FNV-1a
//
// The payload starts with the experiment's canonical JSON, from which the network is
// rebuilt, followed by every state array with its length, so a checkpoint can only be
// loaded into the network it came from, and any damage is caught by the checksum first.
#include <climits>
#include <cstdint>
#include <cstring>

#include "drive.h"
#include "noise.h"
#include "io/checkpoint_format.h"
#include "sim_impl.h"
#include "theta/experiment.h"

namespace theta {
namespace {

constexpr std::size_t kHeaderBytes = kCheckpointHeaderBytes;

struct Writer {
    std::vector<std::uint8_t> out;
    void bytes(const void* p, std::size_t n) {
        const auto* b = static_cast<const std::uint8_t*>(p);
        out.insert(out.end(), b, b + n);
    }
    template <class T> void pod(const T& v) { bytes(&v, sizeof v); }
    void str(const std::string& s) {
        pod(static_cast<std::uint64_t>(s.size()));
        bytes(s.data(), s.size());
    }
    void floats(const float* p, std::size_t n) {
        pod(static_cast<std::uint64_t>(n));
        bytes(p, n * sizeof(float));
    }
    template <class T> void vec(const std::vector<T>& v) {
        pod(static_cast<std::uint64_t>(v.size()));
        bytes(v.data(), v.size() * sizeof(T));
    }
    /// A struct with padding, written as its in-memory layout but with the padding bytes
    /// zeroed: `fields` (every member, as member pointers) are copied one by one into a
    /// zeroed object. So a file holds no stale memory and equal states give equal files.
    template <class T, class... Fields> void padded(const T& v, Fields... fields) {
        T clean;
        std::memset(static_cast<void*>(&clean), 0, sizeof clean);
        ((clean.*fields = v.*fields), ...);
        pod(clean);
    }
};

// The members of the padded structs, for Writer::padded (the reader reads the same layout).
void writeCounters(Writer& w, const Counters& c) {
    w.padded(c, &Counters::run, &Counters::epoch, &Counters::trial, &Counters::cycle, &Counters::phase,
             &Counters::trialsTotal, &Counters::cyclesTotal, &Counters::runDone);
}
void writeTrialStats(Writer& w, const TrialStats& t) {
    w.padded(t, &TrialStats::run, &TrialStats::epoch, &TrialStats::trial, &TrialStats::pattern,
             &TrialStats::pctUnitErr, &TrialStats::sse, &TrialStats::phaseCorr, &TrialStats::err);
}
void writeContext(Writer& w, const Context& c) {
    w.padded(c, &Context::cycle, &Context::thetaCycles, &Context::minusCycles, &Context::plusCycles,
             &Context::plusPhase, &Context::cyclesTotal, &Context::trialsTotal, &Context::slowCounter);
}
void writePools(Writer& w, const std::vector<Pool>& pools) {
    w.pod(static_cast<std::uint64_t>(pools.size()));
    for (const Pool& p : pools)
        w.padded(p, &Pool::layer, &Pool::nStart, &Pool::nEnd, &Pool::isLayerPool, &Pool::clamped, &Pool::ffsRaw,
                 &Pool::fbsRaw, &Pool::geExtRaw, &Pool::FFs, &Pool::FBs, &Pool::GeExts, &Pool::FSi, &Pool::SSi,
                 &Pool::SSf, &Pool::FSGi, &Pool::SSGi, &Pool::TotalGi, &Pool::FFAvg, &Pool::FFAvgPrv, &Pool::caPAvg,
                 &Pool::caPMax, &Pool::caDMax);
}
// Structs written as plain bytes must have none: EpochStats and FsaStream.
static_assert(sizeof(EpochStats) == 8 * 4, "EpochStats gained padding: write it with Writer::padded");
static_assert(sizeof(FsaStream) == 8 + 8 + 4 + 4, "FsaStream gained padding: write it with Writer::padded");

/// Bounds-checked reader: after any failure every read is a no-op and `ok` stays false.
struct Reader {
    const std::uint8_t* p;
    std::size_t left;
    bool ok = true;
    bool bytes(void* dst, std::size_t n) {
        if (!ok || n > left) return ok = false;
        if (n > 0) std::memcpy(dst, p, n);  // dst is null for an empty vector: memcpy's UB
        p += n;
        left -= n;
        return true;
    }
    template <class T> bool pod(T& v) { return bytes(&v, sizeof v); }
    bool str(std::string& s) {
        std::uint64_t n = 0;
        if (!pod(n) || n > left) return ok = false;
        s.assign(reinterpret_cast<const char*>(p), n);
        p += n;
        left -= n;
        return true;
    }
    /// Reads exactly n floats (the length stored must match what the network needs).
    bool floats(float* dst, std::size_t n) {
        std::uint64_t stored = 0;
        if (!pod(stored) || stored != n) return ok = false;
        return bytes(dst, n * sizeof(float));
    }
    template <class T> bool vec(std::vector<T>& v, std::size_t maxCount) {
        std::uint64_t n = 0;
        if (!pod(n) || n > maxCount || n * sizeof(T) > left) return ok = false;
        v.resize(n);
        return bytes(v.data(), n * sizeof(T));
    }
};

/// A bool read from bytes may hold any byte, and loading one that is not 0 or 1 is undefined
/// behaviour: look at its byte instead.
bool validBool(const bool& b) {
    unsigned char c = 0;
    std::memcpy(&c, &b, 1);
    return c <= 1;
}

template <class IO, class Arr> void stateArrays(IO& io, Arr& net) {
    io.floats(net.neurons.data(), net.neurons.size());
    io.floats(net.caBins.data(), net.caBins.size());
    for (auto& pt : net.paths)
        for (auto* a : {&pt.Wt, &pt.LWt, &pt.SWt, &pt.DWt, &pt.DSWt, &pt.gBuf, &pt.gSyn}) io.floats(a->data(), a->size());
}

}  // namespace

std::vector<std::uint8_t> Sim::saveCheckpoint() const {
    const Impl& m = *impl_;
    Writer w;
    w.bytes(kCheckpointMagic, 8);
    w.pod(kCheckpointVersion);
    w.pod(std::uint32_t{0});
    w.pod(std::uint64_t{0});  // payload size, patched below
    w.str(toJson(ex_));
    w.pod(m.seed);
    writeCounters(w, m.counters);
    w.pod(m.trialActive);
    w.vec(m.order);
    w.pod(static_cast<std::uint64_t>(m.orderPos));
    w.pod(m.permutations);
    w.vec(m.currentPattern);
    w.vec(m.fsa);
    writeTrialStats(w, m.lastTrial);
    w.pod(m.epochAcc);
    w.pod(m.epochTrials);
    w.vec(m.epochLog);
    writeContext(w, m.net.ctx);
    for (const Layer& ly : m.net.layers) {
        w.pod(ly.giMult);
        w.pod(ly.actMAvg);
        w.pod(ly.actPAvg);
    }
    writePools(w, m.net.pools);
    Writer& wr = w;
    stateArrays(wr, const_cast<Network&>(m.net));
    const std::uint64_t payload = w.out.size() - kHeaderBytes;
    std::memcpy(w.out.data() + kCheckpointSizeOffset, &payload, sizeof payload);
    w.pod(fnv1a(w.out.data(), w.out.size()));
    return w.out;
}

std::unique_ptr<Sim> Sim::loadCheckpoint(const std::uint8_t* data, std::size_t size, std::vector<ValidationError>& errors) {
    auto fail = [&](const std::string& why) {
        errors.push_back({"checkpoint", why});
        return nullptr;
    };
    errors.clear();
    if (!data || size < kHeaderBytes + 8 || std::memcmp(data, kCheckpointMagic, 8) != 0)
        return fail("not a ThetaLab checkpoint (no THETALAB header)");
    std::uint32_t version = 0;
    std::memcpy(&version, data + 8, 4);
    if (version < kCheckpointVersion)
        return fail("checkpoint version " + std::to_string(version) + " was written by an older ThetaLab (this one reads " +
                    "version " + std::to_string(kCheckpointVersion) + "); export the experiment and weights again");
    if (version > kCheckpointVersion)
        return fail("checkpoint version " + std::to_string(version) + " is newer than this ThetaLab (reads up to " +
                    std::to_string(kCheckpointVersion) + ")");
    std::uint64_t payload = 0;
    std::memcpy(&payload, data + kCheckpointSizeOffset, 8);
    if (payload != size - kHeaderBytes - 8) return fail("truncated or padded: the size does not match its header");
    std::uint64_t sum = 0;
    std::memcpy(&sum, data + size - 8, 8);
    if (sum != fnv1a(data, size - 8)) return fail("damaged: the checksum does not match");

    Reader r{data + kHeaderBytes, static_cast<std::size_t>(payload)};
    std::string json;
    r.str(json);
    ParseResult parsed = parseExperiment(json);
    if (!r.ok || !parsed.ok()) return fail("its experiment is unreadable");
    std::unique_ptr<Sim> sim = Sim::create(parsed.experiment, errors);
    if (!sim) return nullptr;
    Impl& m = *sim->impl_;
    std::uint64_t orderPos = 0;
    r.pod(m.seed);
    r.pod(m.counters);
    m.net.drive.seed = driveSeed(m.seed, m.counters.run);  // as Sim::newRun set them
    m.net.noiseSeed = noiseSeed(m.seed, m.counters.run);
    r.pod(m.trialActive);
    r.vec(m.order, m.patterns.size());
    r.pod(orderPos);
    r.pod(m.permutations);
    r.vec(m.currentPattern, static_cast<std::size_t>(m.net.nData));
    r.vec(m.fsa, static_cast<std::size_t>(m.net.nData));
    r.pod(m.lastTrial);
    r.pod(m.epochAcc);
    r.pod(m.epochTrials);
    r.vec(m.epochLog, 100000000);
    const int thetaCycles = m.net.ctx.thetaCycles;
    const int minusCycles = m.net.ctx.minusCycles, plusCycles = m.net.ctx.plusCycles;
    r.pod(m.net.ctx);
    for (Layer& ly : m.net.layers) {
        r.pod(ly.giMult);
        r.pod(ly.actMAvg);
        r.pod(ly.actPAvg);
    }
    const std::vector<Pool> builtPools = m.net.pools;
    r.vec(m.net.pools, builtPools.size());
    stateArrays(r, m.net);
    m.orderPos = static_cast<std::size_t>(orderPos);
    // A checksum is no defence against a crafted file: every index the looper uses is checked.
    bool fits = r.ok && r.left == 0 && validBool(m.trialActive) && validBool(m.counters.runDone) &&
                validBool(m.lastTrial.err) && validBool(m.net.ctx.plusPhase) && m.net.pools.size() == builtPools.size() &&
                m.net.ctx.thetaCycles == thetaCycles && m.net.ctx.cycle >= 0 && m.net.ctx.cycle <= thetaCycles &&
                m.net.ctx.cyclesTotal >= 0 && m.net.ctx.slowCounter >= 0 && m.order.size() == m.patterns.size() &&
                m.orderPos <= m.order.size() && m.currentPattern.size() == static_cast<std::size_t>(m.net.nData) &&
                // between trials the looper shows cycle 0 while ctx.cycle stays at the end
                // of the last trial (trialStart resets it)
                (m.trialActive ? m.counters.cycle == m.net.ctx.cycle : m.counters.cycle == 0);
    // The looper's counters stay in the ranges the schedule gives them, so stepping on cannot
    // overflow them (each is incremented without a check).
    const TrainSpec& train = sim->ex_.train;
    fits = fits && m.net.ctx.minusCycles == minusCycles && m.net.ctx.plusCycles == plusCycles &&
           m.counters.run >= 0 && m.counters.run < INT_MAX && m.counters.epoch >= 0 &&
           m.counters.epoch <= train.epochs && m.counters.trial >= 0 && m.counters.trial < train.trialsPerEpoch &&
           m.counters.trial % m.net.nData == 0 &&
           m.epochTrials == m.counters.trial &&  // items of this epoch so far: the looper counts both alike
           (m.counters.phase == Phase::Minus || m.counters.phase == Phase::Plus) &&
           m.net.ctx.cyclesTotal < INT64_MAX && m.net.ctx.trialsTotal >= 0 && m.net.ctx.trialsTotal < INT64_MAX &&
           m.net.ctx.slowCounter < Context::kSlowInterval && m.lastTrial.pattern >= -1 &&
           m.lastTrial.pattern < static_cast<int>(m.patterns.size());
    for (const EpochStats& e : m.epochLog) fits = fits && e.nZero >= 0 && e.nZero < INT_MAX;
    for (std::size_t i = 0; fits && i < builtPools.size(); ++i) {
        const Pool &a = m.net.pools[i], &b = builtPools[i];
        fits = validBool(a.isLayerPool) && validBool(a.clamped) && a.layer == b.layer && a.nStart == b.nStart &&
               a.nEnd == b.nEnd && a.isLayerPool == b.isLayerPool;
    }
    for (std::uint32_t o : m.order) fits = fits && o < m.patterns.size();
    fits = fits && m.fsa.size() == (m.fsaTask ? static_cast<std::size_t>(m.net.nData) : 0);
    for (const FsaStream& st : m.fsa) fits = fits && fsaConsistent(st);
    for (int cp : m.currentPattern)
        fits = fits && cp >= -1 && cp < static_cast<int>(m.patterns.size()) &&
               !(m.trialActive && cp < 0 && !m.driveTask);  // a drive task shows no pattern
    if (!fits) return fail("its state does not fit its experiment");
    return sim;
}

}  // namespace theta
