#include "drive.h"

#include <cmath>

namespace theta {

Drive driveOf(const Experiment& ex) {
    Drive drive;
    if (ex.task.source != "drive") return drive;
    for (std::size_t i = 0; i < ex.layers.size(); ++i)
        if (ex.layers[i].name == ex.task.inputLayer) drive.layer = static_cast<int>(i);
    drive.spikes = ex.task.input == "spikes";
    drive.ge = ex.task.ge;
    drive.gi = ex.task.gi;
    drive.onCycle = ex.task.onCycle;
    drive.offCycle = ex.task.offCycle;
    drive.minusHz = ex.task.spikeHz;
    drive.plusHz = ex.task.plusHz;
    return drive;
}

float driveGe(const Drive& drive, int cycle, bool plusPhase) {
    if (cycle < drive.onCycle || cycle >= drive.offCycle) return 0;
    if (!drive.spikes) return drive.ge;
    const float hz = plusPhase ? drive.plusHz : drive.minusHz;
    if (hz <= 0) return 0;
    // The counter counts the cycles since the onset (1 on the first) and fires on the cycle
    // it exceeds 1000 / Hz, restarting from 0: a pulse every floor(1000 / Hz) + 1 cycles.
    const int period = static_cast<int>(std::floor(1000.0f / hz)) + 1;
    return (cycle - drive.onCycle + 1) % period == 0 ? drive.ge : 0.0f;
}

void applyDrive(Network& net, int d) {
    const Drive& drive = net.drive;
    if (drive.layer < 0) return;
    const Layer& ly = net.layers[drive.layer];
    const ActParams& ac = ly.params.Acts;
    const float ge = driveGe(drive, net.ctx.cycle, net.ctx.plusPhase);
    float* geRaw = net.layerVar(ly, NeuronVar::GeRaw, d);
    float* geSyn = net.layerVar(ly, NeuronVar::GeSyn, d);
    float* giRaw = net.layerVar(ly, NeuronVar::GiRaw, d);
    float* giSyn = net.layerVar(ly, NeuronVar::GiSyn, d);
    for (int i = 0; i < ly.numNeurons; ++i) {  // padding lanes stay inert
        geRaw[i] = ge;
        geSyn[i] = ge * ac.Dt.GeTau;
        giRaw[i] = drive.gi;
        giSyn[i] = drive.gi * ac.Dt.GiTau;
    }
}

}  // namespace theta
