// Model parameters as plain structs with Axon's names, defaults and units.
//
// Field names follow emer/axon so that a parameter can be set with Axon's own
// dotted path, e.g. "Inhib.Layer.Gi" or "Learn.LRate.Base" (see param_table.h).
// Defaults are Axon HEAD's (docs/model.md); units: mV, nS, pF, ms (1 cycle = 1 ms).
// Booleans are stored as float 0/1 so every parameter is settable by one path.
#pragma once

namespace theta {

// ---------------------------------------------------------------- neurons
struct SpikeParams {
    float Thr = -50;        ///< AdEx threshold V_T (mV)
    float VmR = -70;        ///< reset potential after a spike (mV)
    float Tr = 3;           ///< refractory period (cycles); ra25 Output uses 1
    float RTau = 1.6667f;   ///< decay time constant toward VmR while refractory (ms)
    float Exp = 1;          ///< 1 = AdEx exponential term on
    float ExpSlope = 2;     ///< AdEx slope factor Delta_T (mV)
    float ExpThr = -10;     ///< spike when Vm >= ExpThr (mV)
    float MaxHz = 180;      ///< firing rate that maps to Act = 1 (Hz)
    float ISITau = 5;       ///< time constant for the running ISI average (spikes)
};

struct DendParams {
    float GExp = 0.2f;      ///< fraction of the somatic exp current applied to VmDend
    float GR = 3;           ///< extra leak on VmDend while refractory (x Gbar.L)
    float SSGi = 2;         ///< slow (SST) pool inhibition onto VmDend (x pool SSGi)
};

struct InitParams {
    float Vm = -70;         ///< initial and decay-target membrane potential (mV)
    float Act = 0;          ///< initial rate-code activity
    float GeBase = 0;       ///< baseline excitatory conductance
    float GiBase = 0;       ///< baseline inhibitory conductance
};

struct DecayParams {
    float Act = 0.2f;       ///< fraction of activity state decayed at trial start
    float Glong = 0.6f;     ///< fraction of long conductances (NMDA, GABA-B, VmDend) decayed
    float AHP = 0;          ///< fraction of AHP/KNa channel state decayed
    float LearnCa = 0;      ///< fraction of learning Ca decayed
    float GBuffs = 0;       ///< 1 = clear spike delay buffers at trial start
};

struct DtParams {
    float VmC = 281;        ///< membrane capacitance (pF); VmDt = 1/VmC
    float VmDendC = 500;    ///< dendrite capacitance (pF)
    float VmSteps = 2;      ///< Vm integration sub-steps per cycle
    float GeTau = 5;        ///< AMPA conductance decay (ms)
    float GiTau = 7;        ///< GABA-A conductance decay (ms)
    float IntTau = 40;      ///< ActInt / GeInt / GiInt integration (cycles)
    float LongAvgTau = 20;  ///< ActAvg integration (trials)
    float MaxCycStart = 10; ///< cycle after which CaPMax is tracked
};

struct GbarParams { float E = 100, L = 20, I = 100, K = 100; };  ///< max conductances (nS)
struct ErevParams { float E = 0, L = -70, I = -90, K = -90; };   ///< reversal potentials (mV)

struct ClampParams {
    float Ge = 0.8f;        ///< Ge for clamped external input (Input layers use 1.5)
    float Add = 0;          ///< 1 = add Ext to synaptic Ge instead of replacing it
    float ErrThr = 0.5f;    ///< ActM threshold for error statistics
};

struct VmRangeParams { float Min = -100, Max = 0; };  ///< Vm clamp (mV)

struct MahpParams {         ///< M-type (KCNQ) medium AHP, voltage gated
    float Gk = 0.05f, Off = -30, Slope = 9, TauMax = 1000;
};
struct SahpParams {         ///< slow AHP driven by trial-level CaD
    float Gk = 0.05f, CaTau = 5, Off = 0.8f, Slope = 0.02f, TauMax = 1;
};
struct KNaChan { float On = 1, Gk = 0.1f, Rise = 50, Decay = 200; };
struct KNaParams {          ///< Na-gated K adaptation, medium and slow
    float On = 1;
    KNaChan Med{1, 0.1f, 50, 200};
    KNaChan Slow{1, 0.1f, 1000, 1000};
};
struct NMDAParams {         ///< NMDA receptor channel with Mg block
    float Ge = 0.006f, Tau = 100, ITau = 1, MgC = 1.4f, Voff = 0;
};
struct GabaBParams {        ///< GABA-B (Thomson & Destexhe 1999)
    float Gk = 0.015f, Rise = 45, Decay = 50, Gbase = 0.2f, GiSpike = 10;
};
struct VGCCParams { float Ge = 0.02f, Ca = 0.25f; };
struct AKParams { float Gk = 0.1f, Hf = 0.076f, Mf = 0.075f, Voff = 2, Vmax = -37; };
/// Axon's SpikeNoiseParams: random excitatory and inhibitory input spikes (kinasesim's
/// near-regular generator at GeHz and GiHz), each of conductance Ge / Gi, integrated like
/// synaptic input (GeTau, GiTau) into GeNoise and GiNoise, which add to Ge and Gi.
struct NoiseParams { float On = 0, GeHz = 100, Ge = 0.001f, GiHz = 200, Gi = 0.001f; };

struct ActParams {
    SpikeParams Spikes; DendParams Dend; InitParams Init; DecayParams Decay; DtParams Dt;
    GbarParams Gbar; ErevParams Erev; ClampParams Clamp; VmRangeParams VmRange;
    MahpParams Mahp; SahpParams Sahp; KNaParams KNa; NMDAParams NMDA; GabaBParams GabaB;
    VGCCParams VGCC; AKParams AK; NoiseParams Noise;
    /// NMDA channel driven only by Maint paths (CT self-maintenance; GMaintSyn -> GnmdaMaint)
    NMDAParams MaintNMDA{0.007f, 200, 1, 1.4f, 0};
};

// ---------------------------------------------------------------- inhibition
struct FSFFFBParams {       ///< fast-and-slow feedforward/feedback inhibition (fsfffb)
    float On = 1;
    float Gi = 1;           ///< overall gain
    float FB = 1;           ///< feedback (spike) weight relative to feedforward (Ge)
    float FSTau = 6;        ///< fast-spiking PV decay (cycles)
    float SS = 30;          ///< slow SST gain
    float SSfTau = 20;      ///< SST facilitation decay (cycles)
    float SSiTau = 50;      ///< SST integration (cycles)
    float FS0 = 0.1f;       ///< fast-spiking threshold
    float FFAvgTau = 50;    ///< running average of feedforward drive (cycles)
    float FFPrv = 0;        ///< weight of the previous trial's FFAvg
    float ClampExtMin = 0.05f; ///< GeExts above this make clamped pools follow the input only
};
struct ActAvgParams {
    float Nominal = 0.1f;   ///< expected fraction of active units: sets path scaling
};
struct InhibParams {
    ActAvgParams ActAvg;
    FSFFFBParams Layer;
    FSFFFBParams Pool{0};
};

// ---------------------------------------------------------------- learning (neuron side)
struct CaDtParams { float MTau, PTau, DTau; };
struct CaLearnParams {      ///< NMDA + VGCC calcium: the error signal LearnCaP - LearnCaD
    float Norm = 80, SpikeVGCC = 1, SpikeVgccCa = 35, VgccTau = 10, PosBias = 1;
    CaDtParams Dt{2, 40, 40};
    /// eligibility trace of the trial-to-trial CaD change (ETrLearn = max(0, 1 + Scale ETrace)
    /// multiplies the receiver's learning trace); Scale 0 = off
    float ETraceTau = 4;    ///< trials
    float ETraceScale = 0;
};
struct CaSpikeParams {      ///< spike-driven Ca: activity (CaP/CaD) and synaptic credit (CaSyn)
    float SpikeCaM = 8, SpikeCaSyn = 8, CaSynTau = 30;
    CaDtParams Dt{5, 40, 40};
};
struct TimingParams {
    float SynCaCycles = 160; ///< cycles of CaSyn credit integrated before the learning point
    float LearnThr = 0.1f;   ///< receivers with CaD at or below this do not learn this trial
};
struct TrgAvgActParams {    ///< target-activity homeostasis and synaptic scaling
    float RescaleOn = 1, ErrLRate = 0.02f, SynScaleRate = 0.005f, SubMean = 1;
    float Permute = 1, Pool = 1;
    struct { float Min = 0.5f, Max = 2; } TrgRange;
};
struct RLRateParams {       ///< receiver learning-rate factor
    float On = 1, SigmoidMin = 0.05f, Diff = 1, SpikeThr = 0.1f, DiffThr = 0.02f, Min = 0.001f;
};
struct LearnNeuronParams {
    CaLearnParams CaLearn; CaSpikeParams CaSpike; TimingParams Timing;
    NMDAParams LearnNMDA{0.006f, 100, 1, 1.4f, 0};
    TrgAvgActParams TrgAvgAct; RLRateParams RLRate;
};

// ---------------------------------------------------------------- deep predictive layers
struct BurstParams {        ///< Super layers: 5IB bursting in the plus phase
    float ThrRel = 0.1f;    ///< threshold between the layer's mean and max CaP (fraction)
    float ThrAbs = 0.1f;    ///< absolute CaP threshold
};
struct CTParams {           ///< CT layers: context input from CTCtxt paths
    float GeGain = 1;       ///< gain on CtxtGe as excitatory input
    float DecayTau = 50;    ///< decay of CtxtGe (cycles; 0 = replaced each trial, not accumulated)
};
struct PulvinarParams {     ///< Pulvinar layers: plus-phase drive from the driver's Burst
    float DriveScale = 0.1f;   ///< Ge per unit of driver Burst
    float FullDriveAct = 0.6f; ///< driver max CaP at which the non-driver input is fully off
};

struct LayerParams {
    ActParams Acts;
    InhibParams Inhib;
    LearnNeuronParams Learn;
    BurstParams Bursts;
    CTParams CT;
    PulvinarParams Pulvinar;
};

// ---------------------------------------------------------------- pathways
struct ComParams { float Delay = 2; };  ///< spike delay (cycles); arrival at Delay + 1
struct PathScaleParams {
    float Rel = 1;          ///< relative scale among paths of the same receiver
    float Abs = 1;          ///< absolute multiplier
};
struct SWtInitParams { float SPct = 0.5f, Mean = 0.5f, Var = 0.25f, Sym = 1; };
struct SWtAdaptParams {
    float On = 1, LRate = 0.1f, SubMean = 1, HiMeanDecay = 0.0008f, HiMeanThr = 0.5f;
    float SigGain = 6;      ///< integer gain of the LWt -> Wt sigmoid
};
struct SWtLimitParams { float Min = 0.2f, Max = 0.8f; };
struct SWtParams { SWtInitParams Init; SWtAdaptParams Adapt; SWtLimitParams Limit; };
struct LRateParams { float Base = 0.04f; };
struct DWtParams {
    float SubMean = 0;      ///< zero-sum: fraction of the mean nonzero DWt subtracted per receiver
    float LearnThr = 0;     ///< minimum synaptic CaSyn credit for a hidden-layer synapse to learn
    float CaPScale = 1;     ///< scale of the synaptic CaP term in the target-layer rule
};
struct LearnSynParams { float Learn = 1; LRateParams LRate; DWtParams DWt; };

struct PathParams {
    ComParams Com;
    PathScaleParams PathScale;
    SWtParams SWts;
    LearnSynParams Learn;
};

}  // namespace theta
