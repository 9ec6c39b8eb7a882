#include "noise.h"

#include "rng.h"

namespace theta {

std::uint64_t noiseSeed(std::uint64_t seed, int run) { return mix64(seed ^ 0x6e6f697365ull) ^ static_cast<std::uint64_t>(run); }

void spikeNoise(Network& net, const Layer& ly, int d) {
    const NoiseParams& np = ly.params.Acts.Noise;
    if (np.On == 0) return;
    const LayerConsts& k = ly.consts;
    float* geP = net.layerVar(ly, NeuronVar::GeNoiseP, d);
    float* ge = net.layerVar(ly, NeuronVar::GeNoise, d);
    float* giP = net.layerVar(ly, NeuronVar::GiNoiseP, d);
    float* gi = net.layerVar(ly, NeuronVar::GiNoise, d);
    const std::uint64_t first = (static_cast<std::uint64_t>(net.ctx.cyclesTotal) * net.nData + d) * net.nPad + ly.off;
    for (int i = 0; i < ly.numNeurons; ++i) {  // padding lanes stay silent
        Rng rng(net.noiseSeed, RngStream::Noise, first + i);
        float spikeGe = 0, spikeGi = 0;
        geP[i] *= rng.uniform();
        if (geP[i] <= k.noiseGeExpInt) {
            geP[i] = 1;
            spikeGe = np.Ge;
        }
        giP[i] *= rng.uniform();
        if (giP[i] <= k.noiseGiExpInt) {
            giP[i] = 1;
            spikeGi = np.Gi;
        }
        ge[i] = ge[i] + spikeGe - ge[i] * k.geDt;  // Axon's GeSynFromRaw
        gi[i] = gi[i] + spikeGi - gi[i] * k.giDt;
    }
}

}  // namespace theta
