// Ion-channel functions of the Axon neuron (emer/axon chans/), as pure templates over
// F = float or SIMD Batch. V is in mV. Every function is swept for bounds, continuity
// and monotonicity in tests/native/test_chans.cpp.
#pragma once
#include "fastmath.h"
#include "simd.h"

namespace theta::chans {
using simd::select;
using simd::vabs;
using simd::vmax;
using simd::vmin;

/// Slope of the NMDA channel's Mg2+ block: e^{-0.062 v} (v in mV; Jahr & Stevens 1990).
constexpr float kMgExpPerMV = -0.062f;

/// The Mg2+ concentration's factor in the NMDA block: MgC / 3.57 mM.
inline float mgFactor(float mgC) { return mgC / 3.57f; }

/// NMDA Mg2+ block times driving force: -v / (1 + (MgC/3.57) e^{-0.062 v}) for v < 0, else 0.
template <class F> inline F mgG(F v, float mgC) {
    F g = -v / (F(1.0f) + F(mgFactor(mgC)) * expF(F(kMgExpPerMV) * v));
    return select(v < F(0.0f), g, F(0.0f));
}

/// mgG with e^{-0.062 v} and mgFactor(MgC) supplied, so one exp serves several Mg concentrations.
template <class F> inline F mgGFromExp(F v, F expTerm, F mgFac) {
    F g = -v / (F(1.0f) + mgFac * expTerm);
    return select(v < F(0.0f), g, F(0.0f));
}

/// GHK-like Ca driving factor (NMDA Ca and VGCC), with its removable singularity at 0.
template <class F> inline F caV(F v) {
    F nearZero = F(1.0f) / (F(0.0756f) * (F(1.0f) + F(0.0378f) * v));
    F den = F(1.0f) - expF(F(0.0756f) * v);
    // keep the unused branch finite: den is 0 exactly at v = 0
    F far = -v / select(vabs(den) > F(1e-12f), den, F(1.0f));
    return select(vabs(v) < F(0.5f), nearZero, far);
}

/// GABA-B sigmoid of inhibitory conductance (Thomson & Destexhe 1999). giSpike: a float or
/// already an F.
template <class F, class P> inline F gababS(F gi, P giSpike) {
    F x = gi * F(giSpike);
    F s = F(1.0f) / (F(1.0f) + expF((x - F(7.1f)) * F(-1.0f / 1.4f)));
    return select(x > F(20.0f), F(1.0f), s);
}

/// GABA-B inward-rectifier voltage dependence: 0 at -90 mV, peak ~1.2 near -80 mV.
template <class F> inline F gababGV(F v) {
    F vbio = vmax(v, F(-90.0f)) + F(90.0f);
    return vbio / (F(1.0f) + expF(F(0.1f) * (vbio + F(10.0f))));
}

/// x / (e^x - 1), with its limit 1 - x/2 near 0 (mAHP / sAHP rate functions).
template <class F> inline F efun(F x) {
    F den = expF(x) - F(1.0f);
    F ratio = x / select(vabs(den) > F(1e-12f), den, F(1.0f));
    return select(vabs(x) < F(1e-4f), F(1.0f) - x * F(0.5f), ratio);
}

/// VGCC activation m_inf and inactivation h_inf (v clipped at 0 by the caller).
template <class F> inline F vgccMInf(F v) {
    F s = F(1.0f) / (F(1.0f) + expF(-(v + F(37.0f))));
    return select(v < F(-60.0f), F(0.0f), select(v > F(-10.0f), F(1.0f), s));
}
template <class F> inline F vgccHInf(F v) {
    F s = F(1.0f) / (F(1.0f) + expF(F(2.0f) * (v + F(41.0f))));
    return select(v < F(-50.0f), F(1.0f), select(v > F(-10.0f), F(0.0f), s));
}

/// gak with its uniforms supplied: Gk x Hf, -Mf, Voff, Vmax.
template <class F> inline F gakFrom(F vmDend, F gkHf, F negMf, F voff, F vmax) {
    F v = vmin(vmDend, vmax);
    return gkHf / (F(1.0f) + expF(negMf * (v + voff)));
}

/// A-type K conductance (simplified AKs): limits runaway VmDend.
template <class F> inline F gak(F vmDend, float gk, float hf, float mf, float voff, float vmax) {
    return gakFrom(vmDend, F(gk * hf), F(-mf), F(voff), F(vmax));
}

}  // namespace theta::chans
