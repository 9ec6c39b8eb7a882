#include "trace.h"

#include <string>

#include "theta/sim.h"

namespace theta {
namespace {

/// A CSV field: quoted when it holds a comma, a quote or a line break (condition labels can).
std::string csvField(const std::string& s) {
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

}  // namespace

const std::vector<const char*>& traceVarNames() {
    static const std::vector<const char*> names = {
        "Vm",      "Spike",    "Act",      "Ge",    "Gi",  "Inet", "VmDend",   "Gnmda",    "GgabaB",
        "Gvgcc",   "Gak",      "GknaMed",  "GknaSlow", "MahpN", "GeSyn", "GiSyn", "CaP", "CaD",
        "LearnCaP", "LearnCaD"};
    return names;
}

int runTrace(const std::vector<BatchCondition>& conditions, const TraceOptions& options) {
    std::vector<NeuronVar> vars;
    for (const char* name : traceVarNames()) vars.push_back(neuronVarFromName(name));
    bool header = false;
    for (const BatchCondition& cond : conditions) {
        std::vector<ValidationError> errors;
        std::unique_ptr<Sim> sim = Sim::create(cond.experiment, errors);
        for (const auto& e : errors) std::fprintf(stderr, "thetalab: condition %s: %s\n", cond.label.c_str(), e.str().c_str());
        if (!sim) return 2;
        const int layers = sim->numLayers(), paths = sim->numPaths();
        if (options.csv && !header) {
            std::fputs("condition,run,trial,cycle", options.csv);
            for (int li = 0; li < layers; ++li) {
                for (const char* name : traceVarNames()) std::fprintf(options.csv, ",%s.%s", sim->layerInfo(li).name.c_str(), name);
                for (int v = 0; v < kPoolVarCount; ++v)
                    std::fprintf(options.csv, ",%s.%s", sim->layerInfo(li).name.c_str(), poolVarName(static_cast<PoolVar>(v)));
            }
            for (int pi = 0; pi < paths; ++pi)
                std::fprintf(options.csv, ",%s.SynCa,%s.DWt", sim->pathName(pi).c_str(), sim->pathName(pi).c_str());
            std::fputc('\n', options.csv);
            header = true;
        }
        const std::string label = csvField(cond.label);
        for (int run = 0; run < options.runs; ++run) {
            sim->initRun(cond.experiment.seed, run);
            for (int trial = 0; trial < options.trials; ++trial) {
                std::vector<int> spikes(layers, 0);
                do {
                    const int cycle = sim->counters().cycle;  // the cycle about to run
                    sim->stepCycle();  // never at a run's end: the caller lifts the epoch limit
                    if (options.csv) std::fprintf(options.csv, "%s,%d,%d,%d", label.c_str(), run, trial, cycle);
                    for (int li = 0; li < layers; ++li) {
                        const int n = sim->layerInfo(li).numNeurons;
                        for (NeuronVar v : vars) {
                            const float* x = sim->neuronVar(li, v);
                            double sum = 0;
                            for (int i = 0; i < n; ++i) sum += x[i];
                            if (v == NeuronVar::Spike) spikes[li] += static_cast<int>(sum);
                            if (options.csv) std::fprintf(options.csv, ",%.9g", sum / n);
                        }
                        for (int v = 0; v < kPoolVarCount && options.csv; ++v)
                            std::fprintf(options.csv, ",%.9g", sim->poolVar(li, static_cast<PoolVar>(v)));
                    }
                    // DWt is computed once, at the trial's end: empty on the cycles before
                    const bool trialEnd = sim->counters().cycle == 0;
                    for (int pi = 0; pi < paths && options.csv; ++pi) {
                        std::fprintf(options.csv, ",%.9g,", sim->pathSynCa(pi));
                        if (trialEnd) std::fprintf(options.csv, "%.9g", sim->lastTrialDWt(pi));
                    }
                    if (options.csv) std::fputc('\n', options.csv);
                } while (sim->counters().cycle != 0);
                std::printf("%s run %d trial %d spikes:", cond.label.c_str(), run, trial);
                for (int li = 0; li < layers; ++li) std::printf(" %s %d", sim->layerInfo(li).name.c_str(), spikes[li]);
                if (paths > 0) std::printf(" DWt:");
                for (int pi = 0; pi < paths; ++pi) std::printf(" %s %.6g", sim->pathName(pi).c_str(), sim->lastTrialDWt(pi));
                std::printf("\n");
            }
        }
    }
    return 0;
}

}  // namespace theta
