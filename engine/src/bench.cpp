// The speed benchmark: drives the network kernels directly so the cycle part and the
// learning part are timed separately, and measures the memory bandwidth in-process.
#include "theta/bench.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "cycle.h"
#include "learn.h"
#include "theta_trial.h"
#include "network.h"
#include "rng.h"
#include "theta/experiment.h"
#include "theta/sim.h"

namespace theta {
namespace {

using Clock = std::chrono::steady_clock;
double msSince(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

/// Axon's sims/bench network: 5 equal layers, full paths, hidden layers bidirectional.
std::string axonBench(int side) {
    const std::string shape = "[" + std::to_string(side) + "," + std::to_string(side) + "]";
    const int units = side * side;
    auto L = [&](const char* name, const char* type, const char* extra) {
        return std::string(R"({"name":")") + name + R"(","type":")" + type + R"(","shape":)" + shape +
               R"(,"params":{"Inhib.ActAvg.Nominal":0.08,"Inhib.Layer.Gi":)" + extra + "}}";
    };
    const std::string pathParams = R"("params":{"Learn.LRate.Base":0.1,"SWts.Adapt.LRate":0.1,"SWts.Init.SPct":0.5)";
    auto P = [&](const char* from, const char* to, bool back) {
        return std::string(R"({"from":")") + from + R"(","to":")" + to + R"(","type":")" + (back ? "Back" : "Forward") +
               R"(",)" + pathParams + (back ? R"(,"PathScale.Rel":0.2}})" : "}}");
    };
    const int on = std::max(1, units / 8);
    return R"({"schema":1,"name":"bench-)" + std::to_string(units) + R"(","network":{"layers":[)" +
           L("Input", "Input", R"(0.9,"Acts.Clamp.Ge":1.5)") + "," + L("Hidden1", "Hidden", "1.05") + "," +
           L("Hidden2", "Hidden", "1.05") + "," + L("Hidden3", "Hidden", "1.05") + "," +
           L("Output", "Target", R"(0.7,"Acts.Clamp.Ge":0.8)") + R"(],"paths":[)" + P("Input", "Hidden1", false) + "," +
           P("Hidden1", "Hidden2", false) + "," + P("Hidden2", "Hidden1", true) + "," + P("Hidden2", "Hidden3", false) +
           "," + P("Hidden3", "Hidden2", true) + "," + P("Hidden3", "Output", false) + "," + P("Output", "Hidden3", true) +
           R"(]},"task":{"source":"generate","generate":{"count":10,"on":)" + std::to_string(on) + R"(,"minDiff":)" +
           std::to_string(std::max(1, on / 2)) + R"(}},"train":{"trialsPerEpoch":10}})";
}

/// Streaming read-modify-write bandwidth (GB/s) over `bytes` of floats, best of a few passes.
double measureBandwidth(std::size_t bytes) {
    const std::size_t n = std::max<std::size_t>(bytes / sizeof(float), 1024);
    std::vector<float> buf(n, 1.0f);
    double best = 0;
    const int passes = static_cast<int>(std::clamp<std::size_t>((256u << 20) / (n * sizeof(float)), 3, 2000));
    for (int rep = 0; rep < 5; ++rep) {
        auto t0 = Clock::now();
        for (int p = 0; p < passes; ++p)
            for (std::size_t i = 0; i < n; ++i) buf[i] = buf[i] * 0.999f + 0.001f;
        const double s = msSince(t0) / 1000;
        best = std::max(best, 2.0 * n * sizeof(float) * passes / s / 1e9);  // one read + one write
    }
    volatile float sink = buf[n / 2];
    (void)sink;
    return best;
}

}  // namespace

std::vector<std::string> benchNetNames() { return {"ra25", "deepfsa", "small", "medium", "large", "huge"}; }

std::string benchExperimentJson(const std::string& net) {
    if (net == "ra25" || net == "deepfsa") return builtinExperimentJson(net);
    if (net == "small") return axonBench(5);
    if (net == "medium") return axonBench(10);
    if (net == "large") return axonBench(25);
    if (net == "huge") return axonBench(32);
    return {};
}

BenchReport runBench(const std::string& netName, int trials) {
    BenchReport r;
    r.net = netName;
    r.arch = simdArchName();
    r.lanes = simdLanes();
    ParseResult parsed = parseExperiment(benchExperimentJson(netName));
    if (!parsed.ok()) return r;
    std::vector<ValidationError> errors;
    auto sim = Sim::create(parsed.experiment, errors);
    if (!sim) return r;
    Network& net = sim->network();
    for (const Layer& ly : net.layers) r.neurons += ly.numNeurons;
    for (const Path& pt : net.paths) r.synapses += pt.numSyn();
    r.stateBytes = sim->stateBytes();
    std::size_t neuronBytes = (net.neurons.size() + net.caBins.size()) * sizeof(float);
    r.bytesPerNeuron = static_cast<double>(neuronBytes) / r.neurons;
    r.bytesPerSynapse = r.synapses ? static_cast<double>(r.stateBytes - neuronBytes) / r.synapses : 0;

    r.dataStreams = net.nData;

    // Pattern nets: random patterns with 1/8 of the units on (like Axon's bench), driven
    // directly so the cycle part and the learning part are timed apart. deepfsa (its own
    // environment, 16 streams): whole steps of the Sim, its environment and statistics too.
    const bool drivenDirectly = parsed.experiment.task.source != "fsa";
    const int in = sim->layerIndex(parsed.experiment.task.inputLayer);
    const int out = sim->layerIndex(parsed.experiment.task.targetLayer);
    std::vector<std::vector<float>> inputs, targets;
    Rng rng(7, RngStream::Env);
    for (int p = 0; drivenDirectly && p < 10; ++p) {
        std::vector<float> a(net.layers[in].numNeurons), b(net.layers[out].numNeurons);
        for (auto& v : a) v = rng.uniform() < 0.125f ? 1.0f : 0.0f;
        for (auto& v : b) v = rng.uniform() < 0.125f ? 1.0f : 0.0f;
        inputs.push_back(a);
        targets.push_back(b);
    }
    if (trials <= 0) trials = r.synapses > 2000000 ? 5 : r.synapses > 200000 ? 10 : 50;
    auto countSpikes = [&](double* spikesOut) {  // synaptic deliveries: each spike reaches its sender's fan-out
        for (const Layer& ly : net.layers) {
            std::size_t fanout = 0;
            for (int pi : ly.sendPaths) fanout += net.paths[pi].numSyn() / std::max(1, ly.numNeurons);
            for (int d = 0; d < net.nData; ++d) {
                const float* spk = net.layerVar(ly, NeuronVar::Spike, d);
                for (int i = 0; i < ly.numNeurons; ++i) *spikesOut += spk[i] * fanout;
            }
        }
    };
    auto runTrial = [&](int t, double* spikesOut) {
        if (!drivenDirectly) {  // the Sim's step that ends the trial also learns
            const auto trialsBefore = sim->counters().trialsTotal;
            while (sim->counters().trialsTotal == trialsBefore && sim->stepCycle())
                if (spikesOut) countSpikes(spikesOut);
            return;
        }
        trialStart(net, in, &inputs[t % 10], out, &targets[t % 10]);
        for (bool cyclesLeft = true; cyclesLeft;) {
            cyclesLeft = thetaTrialCycle(net);
            if (spikesOut) countSpikes(spikesOut);
        }
        thetaTrialLearn(net);
    };
    // Coarse timers (a browser worker's performance.now() is rounded to 0.1 ms) make
    // per-trial timing useless, so whole loops are timed: all trials, then learning alone.
    double spikes = 0;
    runTrial(0, &spikes);  // warm-up, also counts spikes per trial
    spikes = 0;
    const int spikeTrials = std::min(trials, 3);
    for (int t = 1; t <= spikeTrials; ++t) runTrial(t, &spikes);
    auto t0 = Clock::now();
    for (int t = 1; t <= trials; ++t) runTrial(t, nullptr);
    const double trialMs = msSince(t0) / trials;
    auto t1 = Clock::now();
    for (int t = 0; t < trials; ++t) {
        computeDWt(net);
        wtFromDWt(net);
    }
    const double learnMs = std::min(trialMs, msSince(t1) / trials);
    const double cycleMs = trialMs - learnMs;
    r.trials = trials;
    r.msPerTrial = trialMs;
    r.msPerItem = trialMs / net.nData;
    r.nsPerNeuronCycle = cycleMs * 1e6 / (static_cast<double>(r.neurons) * net.nData * net.ctx.thetaCycles);
    r.nsPerSynapseLearn = r.synapses ? learnMs * 1e6 / r.synapses : 0;
    r.spikesPerSecond = cycleMs > 0 ? spikes / spikeTrials / (cycleMs / 1000) : 0;
    r.memBandwidthGBs = measureBandwidth(r.stateBytes);
    // a trial streams the neuron state once per cycle and the synapse state about twice
    const double bytesPerTrial = static_cast<double>(neuronBytes) * net.ctx.thetaCycles + 2.0 * (r.stateBytes - neuronBytes);
    r.msBandwidthBound = bytesPerTrial / (r.memBandwidthGBs * 1e9) * 1000;
    return r;
}

std::string benchReportJson(const BenchReport& r) {
    char buf[1024];
    std::snprintf(buf, sizeof buf,
                  "{\"net\":\"%s\",\"arch\":\"%s\",\"lanes\":%d,\"neurons\":%d,\"synapses\":%zu,\"trials\":%d,"
                  "\"msPerTrial\":%.4f,\"dataStreams\":%d,\"msPerItem\":%.4f,\"nsPerNeuronCycle\":%.3f,\"nsPerSynapseLearn\":%.3f,\"spikesPerSecond\":%.4g,"
                  "\"stateBytes\":%zu,\"bytesPerNeuron\":%.1f,\"bytesPerSynapse\":%.2f,\"memBandwidthGBs\":%.2f,"
                  "\"msBandwidthBound\":%.4f}",
                  r.net.c_str(), r.arch.c_str(), r.lanes, r.neurons, r.synapses, r.trials, r.msPerTrial,
                  r.dataStreams, r.msPerItem, r.nsPerNeuronCycle, r.nsPerSynapseLearn, r.spikesPerSecond, r.stateBytes, r.bytesPerNeuron,
                  r.bytesPerSynapse, r.memBandwidthGBs, r.msBandwidthBound);
    return buf;
}

}  // namespace theta
