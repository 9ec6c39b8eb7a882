#include "drive.h"

#include <cmath>

#include "fastmath.h"
#include "rng.h"

namespace theta {
namespace {

int layerNamed(const Experiment& ex, const std::string& name) {
    for (std::size_t i = 0; i < ex.layers.size(); ++i)
        if (ex.layers[i].name == name) return static_cast<int>(i);
    return -1;
}

/// The driven input of `ly`'s units this cycle; `extraHz` is added to a train's rate and
/// `layerKey` tells the two driven layers' trains apart.
void driveLayer(Network& net, const Layer& ly, int d, float extraHz, std::uint64_t layerKey) {
    const Drive& drive = net.drive;
    const ActParams& ac = ly.params.Acts;
    float* geRaw = net.layerVar(ly, NeuronVar::GeRaw, d);
    float* geSyn = net.layerVar(ly, NeuronVar::GeSyn, d);
    float* giRaw = net.layerVar(ly, NeuronVar::GiRaw, d);
    float* giSyn = net.layerVar(ly, NeuronVar::GiSyn, d);
    const int cycle = net.ctx.cycle;
    const float held = drive.input == Drive::Input::Train ? 0.0f : driveGe(drive, cycle, net.ctx.plusPhase);
    for (int i = 0; i < ly.numNeurons; ++i) {  // padding lanes stay inert
        float ge = held;
        if (drive.input == Drive::Input::Train) {
            // one stream per (trial, data index, layer, unit): the same trains in every build
            const std::uint64_t stream = (static_cast<std::uint64_t>(net.ctx.trialsTotal) << 24) ^
                                         (static_cast<std::uint64_t>(d) << 20) ^ (layerKey << 18) ^
                                         static_cast<std::uint64_t>(i);
            const bool on = cycle >= drive.onCycle && cycle < drive.offCycle;
            ge = on && trainSpikes(drive, stream, cycle, net.ctx.minusCycles, extraHz) ? drive.ge : 0.0f;
        }
        geRaw[i] = ge;
        geSyn[i] = ge * ac.Dt.GeTau;
        giRaw[i] = drive.gi;
        giSyn[i] = drive.gi * ac.Dt.GiTau;
    }
}

}  // namespace

Drive driveOf(const Experiment& ex) {
    Drive drive;
    if (ex.task.source != "drive") return drive;
    drive.layer = layerNamed(ex, ex.task.inputLayer);
    drive.sender = ex.task.senderLayer.empty() ? -1 : layerNamed(ex, ex.task.senderLayer);
    drive.input = ex.task.input == "spikes"  ? Drive::Input::Spikes
                  : ex.task.input == "train" ? Drive::Input::Train
                                             : Drive::Input::Clamp;
    drive.ge = ex.task.ge;
    drive.gi = ex.task.gi;
    drive.onCycle = ex.task.onCycle;
    drive.offCycle = ex.task.offCycle;
    drive.minusHz = ex.task.spikeHz;
    drive.plusHz = ex.task.plusHz;
    drive.sendDiffHz = ex.task.sendDiffHz;
    return drive;
}

std::uint64_t driveSeed(std::uint64_t seed, int run) { return mix64(seed) ^ static_cast<std::uint64_t>(run); }

float driveGe(const Drive& drive, int cycle, bool plusPhase) {
    if (cycle < drive.onCycle || cycle >= drive.offCycle) return 0;
    if (drive.input == Drive::Input::Clamp) return drive.ge;
    const float hz = plusPhase ? drive.plusHz : drive.minusHz;
    if (hz <= 0) return 0;
    // The counter counts the cycles since the onset (1 on the first) and fires on the cycle
    // it exceeds 1000 / Hz, restarting from 0: a pulse every floor(1000 / Hz) + 1 cycles.
    const int period = static_cast<int>(std::floor(1000.0f / hz)) + 1;
    return (cycle - drive.onCycle + 1) % period == 0 ? drive.ge : 0.0f;
}

bool trainSpikes(const Drive& drive, std::uint64_t stream, int cycle, int minusCycles, float extraHz) {
    // The generator's state is replayed from the trial's start (a few hundred draws at most),
    // so it needs no storage and a checkpoint taken mid-trial continues the same trains.
    Rng rng(drive.seed, RngStream::Drive, stream);
    float p = 1;
    bool spike = false;
    for (int c = 0; c <= cycle; ++c) {
        const float hz = (c < minusCycles ? drive.minusHz : drive.plusHz) + extraHz;
        p *= rng.uniform();
        spike = hz > 5 && p <= expF(-1000.0f / hz);
        if (spike) p = 1;
    }
    return spike;
}

void applyDrive(Network& net, int d) {
    const Drive& drive = net.drive;
    if (drive.layer < 0) return;
    driveLayer(net, net.layers[drive.layer], d, 0, 0);
    if (drive.sender >= 0) driveLayer(net, net.layers[drive.sender], d, drive.sendDiffHz, 1);
}

}  // namespace theta
