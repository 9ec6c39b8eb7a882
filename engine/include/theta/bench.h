// Speed benchmark of the engine on Axon's ra25, deepfsa and `bench` networks (the same code runs
// natively, under Node and in a browser worker). Benchmarks print figures; nothing here
// is a pass/fail test.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace theta {

struct BenchReport {
    std::string net;              ///< "ra25", "deepfsa", "small", "medium", "large", "huge"
    std::string arch;             ///< SIMD arch ("sse2", "wasm", "scalar", ...)
    int lanes = 1;
    int neurons = 0;
    std::size_t synapses = 0;
    int trials = 0;               ///< timed trials (after a warm-up trial and 3 spike-counting ones)
    double msPerTrial = 0;        ///< mean over the timed trials: 200 cycles + learning (every stream)
    int dataStreams = 1;          ///< input streams side by side (deepfsa: 16)
    double msPerItem = 0;         ///< msPerTrial / dataStreams: the time per input item
    double nsPerNeuronCycle = 0;  ///< cycle part only, per neuron (of each stream) per cycle
    double nsPerSynapseLearn = 0; ///< DWt + WtFromDWt, per synapse per trial
    double spikesPerSecond = 0;   ///< synaptic deliveries (spikes x fan-out) per second of cycle time
    std::size_t stateBytes = 0;
    double bytesPerNeuron = 0;    ///< neuron state (incl. CaSyn bins) per neuron
    double bytesPerSynapse = 0;   ///< synapse state + connectivity index per synapse
    double memBandwidthGBs = 0;   ///< streaming read+write bandwidth over a buffer of stateBytes
    double msBandwidthBound = 0;  ///< time to stream the state twice per trial at that bandwidth
};

/// Names of the bench networks.
std::vector<std::string> benchNetNames();
/// The experiment JSON of a bench network (empty if unknown).
std::string benchExperimentJson(const std::string& net);
/// Run `trials` timed trials (0 = a default that keeps the run near a second or two).
BenchReport runBench(const std::string& net, int trials = 0);
/// One line of JSON.
std::string benchReportJson(const BenchReport& r);

}  // namespace theta
