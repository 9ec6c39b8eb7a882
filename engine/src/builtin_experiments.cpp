// The built-in experiments, written as experiment files (schema 1) so that they go through
// the same parser and validator as any user document, and Axon's ra25 pattern set.
#include <cstdint>
#include <string>
#include <vector>

#include "theta/experiment.h"

namespace theta {
namespace {

// Axon's ra25 (emer/axon sims/ra25, its params.go; docs/model.md):
// the "Base" params sheet written out per layer and path. Values that the engine also sets
// from the layer or path type (Input Acts.Clamp.Ge 1.5, SWts.Init.SPct 0 on the path into the
// Target layer, TrgAvgAct.SubMean 0 on Input and Target layers) are written too, so the file
// shows what runs; they match Axon's full parameter dump.
constexpr const char* kRa25 = R"json({
  "schema": 1,
  "name": "ra25",
  "description": "Axon's ra25: learn 25 random input/output pairs of 5x5 patterns (6 units on) with two hidden layers and bidirectional connections. Parameters of emer/axon sims/ra25 (Base sheet).",
  "seed": 1,
  "network": {
    "layers": [
      {
        "name": "Input", "type": "Input", "shape": [5, 5],
        "params": {
          "Inhib.Layer.Gi": 0.9, "Inhib.Layer.FB": 0.5, "Inhib.ActAvg.Nominal": 0.15,
          "Acts.Clamp.Ge": 1.5, "Acts.NMDA.MgC": 1.2, "Acts.VGCC.Ge": 0,
          "Learn.CaSpike.SpikeCaSyn": 8, "Learn.Timing.SynCaCycles": 160, "Learn.Timing.LearnThr": 0.1,
          "Learn.TrgAvgAct.SubMean": 0
        }
      },
      {
        "name": "Hidden1", "type": "Hidden", "shape": [10, 10],
        "params": {
          "Inhib.Layer.Gi": 1.05, "Inhib.Layer.FB": 0.5, "Inhib.ActAvg.Nominal": 0.06,
          "Acts.NMDA.MgC": 1.2, "Acts.VGCC.Ge": 0,
          "Learn.CaSpike.SpikeCaSyn": 8, "Learn.Timing.SynCaCycles": 160, "Learn.Timing.LearnThr": 0.1
        }
      },
      {
        "name": "Hidden2", "type": "Hidden", "shape": [10, 10],
        "params": {
          "Inhib.Layer.Gi": 1.05, "Inhib.Layer.FB": 0.5, "Inhib.ActAvg.Nominal": 0.06,
          "Acts.NMDA.MgC": 1.2, "Acts.VGCC.Ge": 0,
          "Learn.CaSpike.SpikeCaSyn": 8, "Learn.Timing.SynCaCycles": 160, "Learn.Timing.LearnThr": 0.1
        }
      },
      {
        "name": "Output", "type": "Target", "shape": [5, 5],
        "params": {
          "Inhib.Layer.Gi": 0.65, "Inhib.Layer.FB": 0.5, "Inhib.ActAvg.Nominal": 0.24,
          "Acts.Spikes.Tr": 1, "Acts.Clamp.Ge": 0.8, "Acts.NMDA.MgC": 1.2, "Acts.VGCC.Ge": 0,
          "Learn.CaSpike.SpikeCaSyn": 8, "Learn.Timing.SynCaCycles": 160, "Learn.Timing.LearnThr": 0.1,
          "Learn.RLRate.SigmoidMin": 0.05, "Learn.TrgAvgAct.SubMean": 0
        }
      }
    ],
    "paths": [
      {
        "from": "Input", "to": "Hidden1", "type": "Forward", "pattern": "Full",
        "params": {
          "Learn.LRate.Base": 0.06, "SWts.Adapt.LRate": 0.1, "SWts.Init.SPct": 0.5,
          "Learn.DWt.SubMean": 0, "Learn.DWt.CaPScale": 1, "Learn.DWt.LearnThr": 0.1
        }
      },
      {
        "from": "Hidden1", "to": "Hidden2", "type": "Forward", "pattern": "Full",
        "params": {
          "Learn.LRate.Base": 0.06, "SWts.Adapt.LRate": 0.1, "SWts.Init.SPct": 0.5,
          "Learn.DWt.SubMean": 0, "Learn.DWt.CaPScale": 1, "Learn.DWt.LearnThr": 0.1
        }
      },
      {
        "from": "Hidden2", "to": "Hidden1", "type": "Back", "pattern": "Full",
        "params": {
          "PathScale.Rel": 0.3,
          "Learn.LRate.Base": 0.06, "SWts.Adapt.LRate": 0.1, "SWts.Init.SPct": 0.5,
          "Learn.DWt.SubMean": 0, "Learn.DWt.CaPScale": 1, "Learn.DWt.LearnThr": 0.1
        }
      },
      {
        "from": "Hidden2", "to": "Output", "type": "Forward", "pattern": "Full",
        "params": {
          "Learn.LRate.Base": 0.06, "SWts.Adapt.LRate": 0.1, "SWts.Init.SPct": 0,
          "Learn.DWt.SubMean": 0, "Learn.DWt.CaPScale": 1, "Learn.DWt.LearnThr": 0.1
        }
      },
      {
        "from": "Output", "to": "Hidden2", "type": "Back", "pattern": "Full",
        "params": {
          "PathScale.Rel": 0.3,
          "Learn.LRate.Base": 0.06, "SWts.Adapt.LRate": 0.1, "SWts.Init.SPct": 0.5,
          "Learn.DWt.SubMean": 0, "Learn.DWt.CaPScale": 1, "Learn.DWt.LearnThr": 0.1
        }
      }
    ]
  },
  "task": { "inputLayer": "Input", "targetLayer": "Output", "source": "ra25" },
  "train": { "trialsPerEpoch": 32, "epochs": 100, "nZero": 2, "runs": 1, "minusCycles": 150, "plusCycles": 50 }
}
)json";

// The golden test network of emer/axon axon/basic_test.go (newTestNet; docs/model.md):
// three 4x1 layers, one-to-one, all weights 0.5 (SWts.Init.Var 0), one-hot patterns shown on
// Input and as the Output target.
constexpr const char* kTestNet = R"json({
  "schema": 1,
  "name": "testnet",
  "description": "The 3-layer golden test network of Axon's basic_test.go: Input 4x1 -> Hidden 4x1 -> Output 4x1 (Target), one-to-one, Output -> Hidden back path, all weights 0.5.",
  "seed": 1,
  "network": {
    "layers": [
      {
        "name": "Input", "type": "Input", "shape": [4, 1],
        "params": { "Learn.RLRate.On": 0, "Inhib.Layer.FB": 0.5, "Acts.Decay.GBuffs": 1, "Acts.Gbar.L": 20 }
      },
      {
        "name": "Hidden", "type": "Hidden", "shape": [4, 1],
        "params": { "Learn.RLRate.On": 0, "Inhib.Layer.FB": 0.5, "Acts.Decay.GBuffs": 1, "Acts.Gbar.L": 20 }
      },
      {
        "name": "Output", "type": "Target", "shape": [4, 1],
        "params": { "Learn.RLRate.On": 0, "Inhib.Layer.FB": 0.5, "Acts.Decay.GBuffs": 1, "Acts.Gbar.L": 20 }
      }
    ],
    "paths": [
      { "from": "Input", "to": "Hidden", "type": "Forward", "pattern": "OneToOne",
        "params": { "SWts.Init.Var": 0 } },
      { "from": "Hidden", "to": "Output", "type": "Forward", "pattern": "OneToOne",
        "params": { "SWts.Init.Var": 0 } },
      { "from": "Output", "to": "Hidden", "type": "Back", "pattern": "OneToOne",
        "params": { "SWts.Init.Var": 0, "PathScale.Rel": 0.2 } }
    ]
  },
  "task": {
    "inputLayer": "Input", "targetLayer": "Output", "source": "inline",
    "patterns": [
      { "name": "p0", "input": [1, 0, 0, 0], "target": [1, 0, 0, 0] },
      { "name": "p1", "input": [0, 1, 0, 0], "target": [0, 1, 0, 0] },
      { "name": "p2", "input": [0, 0, 1, 0], "target": [0, 0, 1, 0] },
      { "name": "p3", "input": [0, 0, 0, 1], "target": [0, 0, 0, 1] }
    ]
  },
  "train": { "trialsPerEpoch": 4, "epochs": 100, "nZero": 2, "runs": 1, "minusCycles": 150, "plusCycles": 50 }
}
)json";

struct Builtin {
    const char* name;
    const char* json;
};
// Axon's deepfsa (emer/axon sims/deepfsa, docs/model.md): a Super layer and its
// CT layer learn to predict the next Reber-grammar token over the Pulvinar, with 16 token
// streams side by side (NData 16; an epoch is 208 items = 13 steps). Parameters of the newest
// deepfsa params.go read (313026b: learn-timing off, ETraceScale 0.1; sheet "Layer", ".InLay",
// ".PulvinarLayer", ".CTLayer", "Path", ".CTCtxtPath", ".CTSelfCtxt", ".CTSelfMaint",
// ".FromPulv"); values the engine sets from the type are written too. Axon stops at 100
// epochs; this runs up to 150 so slower seeds can reach the criterion.
#define THETA_DEEPFSA_LAYER                                                                        \
  "\"Inhib.ActAvg.Nominal\": 0.15, \"Inhib.Layer.FB\": 1, \"Acts.Decay.Act\": 0, "                 \
  "\"Acts.Decay.Glong\": 0, \"Acts.Sahp.CaTau\": 10, \"Learn.CaLearn.ETraceTau\": 4, "             \
  "\"Learn.CaLearn.ETraceScale\": 0.1, \"Learn.Timing.LearnThr\": 0.05, \"Learn.Timing.SynCaCycles\": 160"
#define THETA_DEEPFSA_PATH                                                                         \
  "\"Learn.LRate.Base\": 0.03, \"SWts.Adapt.LRate\": 0.01, \"SWts.Init.SPct\": 1, "               \
  "\"Learn.DWt.SubMean\": 0, \"Learn.DWt.CaPScale\": 0.95, \"Learn.DWt.LearnThr\": 0.2, "           \
  "\"SWts.Adapt.HiMeanDecay\": 0.0008"
#define THETA_DEEPFSA_CTXT                                                                         \
  "\"Learn.LRate.Base\": 0.02, \"SWts.Adapt.LRate\": 0.01, \"SWts.Init.SPct\": 1, "               \
  "\"Learn.DWt.SubMean\": 0, \"Learn.DWt.CaPScale\": 0.95, \"Learn.DWt.LearnThr\": 0, "             \
  "\"SWts.Adapt.HiMeanDecay\": 0.0008"
constexpr const char* kDeepFsa = "{"
  "\"schema\": 1, \"name\": \"deepfsa\","
  "\"description\": \"Axon's deepfsa: the Super layer Hidden and its CT layer HiddenCT learn to predict the next token of the Reber grammar (B T S X V P E) over the Pulvinar InputP, whose plus phase shows the token that came. 16 token streams run side by side (NData 16); an item counts as an error when InputP's most active unit in the minus phase is not a token the grammar allowed. Parameters of emer/axon sims/deepfsa.\","
  "\"seed\": 1,"
  "\"network\": {\"layers\": ["
  "{\"name\": \"Input\", \"type\": \"Input\", \"shape\": [1, 7, 1, 1], \"params\": {" THETA_DEEPFSA_LAYER
  ", \"Inhib.Layer.Gi\": 0.9, \"Acts.Clamp.Ge\": 1.5, \"Learn.TrgAvgAct.SubMean\": 0}},"
  "{\"name\": \"InputP\", \"type\": \"Pulvinar\", \"shape\": [1, 7, 1, 1], \"driver\": \"Input\", \"params\": {" THETA_DEEPFSA_LAYER
  ", \"Inhib.Layer.Gi\": 0.75, \"Acts.Clamp.Ge\": 1.5, \"Pulvinar.DriveScale\": 0.2, \"Pulvinar.FullDriveAct\": 0.6,"
  " \"Acts.Spikes.Tr\": 3, \"Acts.Decay.AHP\": 0, \"Learn.RLRate.SigmoidMin\": 1}},"
  "{\"name\": \"Hidden\", \"type\": \"Super\", \"shape\": [10, 10], \"params\": {" THETA_DEEPFSA_LAYER
  ", \"Inhib.Layer.Gi\": 1.0, \"Bursts.ThrRel\": 0.1, \"Bursts.ThrAbs\": 0.1}},"
  "{\"name\": \"HiddenCT\", \"type\": \"CT\", \"shape\": [10, 10], \"params\": {" THETA_DEEPFSA_LAYER
  ", \"Inhib.Layer.Gi\": 2.1, \"Acts.Dend.SSGi\": 2, \"CT.GeGain\": 2, \"CT.DecayTau\": 50, \"Acts.GabaB.Gk\": 0.015,"
  " \"Acts.MaintNMDA.Ge\": 0.007, \"Acts.MaintNMDA.Tau\": 200, \"Acts.NMDA.Ge\": 0.007, \"Acts.NMDA.Tau\": 200}}"
  "], \"paths\": ["
  "{\"from\": \"Hidden\", \"to\": \"HiddenCT\", \"type\": \"CTCtxt\", \"params\": {" THETA_DEEPFSA_CTXT "}},"
  "{\"from\": \"HiddenCT\", \"to\": \"HiddenCT\", \"type\": \"CTCtxt\", \"selfCon\": true, \"params\": {" THETA_DEEPFSA_CTXT
  ", \"PathScale.Rel\": 0.5}},"
  "{\"from\": \"HiddenCT\", \"to\": \"HiddenCT\", \"type\": \"Maint\", \"selfCon\": true, \"params\": {" THETA_DEEPFSA_PATH
  ", \"PathScale.Abs\": 0.5}},"
  "{\"from\": \"Input\", \"to\": \"Hidden\", \"type\": \"Forward\", \"params\": {" THETA_DEEPFSA_PATH "}},"
  "{\"from\": \"HiddenCT\", \"to\": \"InputP\", \"type\": \"Forward\", \"params\": {"
  "\"Learn.LRate.Base\": 0.03, \"Learn.DWt.SubMean\": 0, \"Learn.DWt.CaPScale\": 0.95, \"Learn.DWt.LearnThr\": 0.2}},"
  "{\"from\": \"InputP\", \"to\": \"Hidden\", \"type\": \"Back\", \"params\": {" THETA_DEEPFSA_PATH ", \"PathScale.Rel\": 0.1}},"
  "{\"from\": \"InputP\", \"to\": \"HiddenCT\", \"type\": \"Back\", \"params\": {" THETA_DEEPFSA_PATH ", \"PathScale.Rel\": 0.1}}"
  "]},"
  "\"task\": {\"inputLayer\": \"Input\", \"targetLayer\": \"InputP\", \"source\": \"fsa\"},"
  "\"train\": {\"trialsPerEpoch\": 208, \"epochs\": 150, \"nZero\": 2, \"runs\": 1, \"minusCycles\": 150, \"plusCycles\": 50, \"nData\": 16}"
  "}";
#undef THETA_DEEPFSA_LAYER
#undef THETA_DEEPFSA_PATH
#undef THETA_DEEPFSA_CTXT

constexpr Builtin kBuiltins[] = {{"ra25", kRa25}, {"testnet", kTestNet}, {"deepfsa", kDeepFsa}};

// Axon's sims/ra25/random_5x5_25.tsv (its CSV form is tests/native/data/ra25-axon-patterns.csv,
// which a test compares with this table): the units that are 1, as flat indices in the file's
// column order; all other units are 0.
constexpr int kRa25Units = 25;
constexpr int kRa25On = 6;
struct Ra25Row {
    const char* name;
    std::uint8_t input[kRa25On];
    std::uint8_t target[kRa25On];
};
constexpr Ra25Row kRa25Rows[] = {
    {"evt_0", {0, 12, 13, 14, 17, 20}, {1, 4, 5, 9, 22, 24}},
    {"evt_1", {9, 10, 15, 19, 20, 21}, {7, 8, 9, 16, 18, 20}},
    {"evt_2", {2, 9, 12, 14, 15, 16}, {4, 8, 10, 12, 15, 18}},
    {"evt_3", {0, 7, 8, 14, 17, 20}, {0, 2, 8, 10, 13, 15}},
    {"evt_4", {2, 5, 11, 14, 22, 24}, {2, 7, 8, 9, 18, 19}},
    {"evt_5", {2, 15, 19, 21, 23, 24}, {3, 5, 7, 16, 22, 24}},
    {"evt_6", {1, 5, 7, 9, 13, 23}, {6, 9, 11, 14, 21, 22}},
    {"evt_7", {4, 7, 13, 18, 21, 22}, {0, 1, 2, 3, 6, 8}},
    {"evt_8", {5, 9, 11, 14, 16, 17}, {10, 13, 16, 17, 19, 23}},
    {"evt_9", {5, 10, 12, 19, 22, 24}, {2, 3, 9, 17, 20, 24}},
    {"evt_10", {5, 6, 7, 16, 20, 22}, {1, 10, 12, 20, 21, 22}},
    {"evt_11", {3, 7, 11, 13, 19, 21}, {2, 7, 15, 16, 19, 23}},
    {"evt_12", {6, 8, 9, 12, 19, 22}, {1, 9, 11, 16, 20, 22}},
    {"evt_13", {0, 6, 8, 11, 20, 22}, {5, 6, 9, 13, 15, 23}},
    {"evt_14", {1, 5, 7, 13, 16, 21}, {1, 2, 10, 11, 16, 24}},
    {"evt_15", {2, 3, 10, 12, 14, 24}, {1, 10, 11, 12, 16, 22}},
    {"evt_16", {2, 3, 12, 13, 20, 24}, {2, 5, 7, 9, 13, 18}},
    {"evt_17", {1, 3, 11, 15, 19, 20}, {2, 3, 9, 10, 12, 17}},
    {"evt_18", {4, 6, 15, 16, 21, 24}, {0, 1, 3, 19, 21, 24}},
    {"evt_19", {4, 7, 11, 14, 16, 19}, {2, 5, 6, 16, 20, 22}},
    {"evt_20", {7, 9, 10, 12, 17, 21}, {6, 10, 14, 17, 20, 23}},
    {"evt_21", {0, 8, 15, 17, 23, 24}, {2, 6, 8, 12, 16, 22}},
    {"evt_22", {0, 5, 6, 10, 22, 24}, {1, 4, 11, 12, 18, 22}},
    {"evt_23", {7, 14, 17, 18, 19, 23}, {0, 1, 8, 13, 19, 23}},
    {"evt_24", {3, 4, 10, 13, 14, 21}, {1, 2, 7, 20, 21, 23}},
};

std::vector<float> unitsOn(const std::uint8_t (&on)[kRa25On]) {
    std::vector<float> values(kRa25Units, 0.0f);
    for (std::uint8_t i : on) values[i] = 1.0f;
    return values;
}

std::vector<PatternRow> makeRa25Patterns() {
    std::vector<PatternRow> rows;
    for (const Ra25Row& r : kRa25Rows) rows.push_back({r.name, unitsOn(r.input), unitsOn(r.target)});
    return rows;
}

}  // namespace

std::vector<std::string> builtinExperimentNames() {
    std::vector<std::string> names;
    for (const Builtin& b : kBuiltins) names.emplace_back(b.name);
    return names;
}

std::string builtinExperimentJson(std::string_view name) {
    for (const Builtin& b : kBuiltins)
        if (name == b.name) return b.json;
    return {};
}

const std::vector<PatternRow>& ra25Patterns() {
    static const std::vector<PatternRow> rows = makeRa25Patterns();
    return rows;
}

}  // namespace theta
