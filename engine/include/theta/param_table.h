// Every settable parameter by its Axon path ("Inhib.Layer.Gi", "Learn.LRate.Base"),
// with its valid range. One table serves the experiment parser, parameter changes
// from the page, and the generated documentation.
#pragma once
#include <cstddef>
#include <string_view>

#include "theta/experiment.h"
#include "theta/params.h"

namespace theta {

enum class ParamKind { Real, Integer, Bool };

struct ParamInfo {
    const char* name;   ///< Axon path, e.g. "Acts.Spikes.Tr"
    std::size_t offset; ///< byte offset of the float inside LayerParams or PathParams
    ParamKind kind;
    float min, max;     ///< inclusive valid range
    const char* unit;   ///< "mV", "nS", "ms", "cycles", "" ...
};

/// The table of layer (or path) parameters; `count` receives its length.
const ParamInfo* layerParamTable(std::size_t& count);
const ParamInfo* pathParamTable(std::size_t& count);

/// Lookup by exact name; nullptr when unknown.
const ParamInfo* findLayerParam(std::string_view name);
const ParamInfo* findPathParam(std::string_view name);

/// The float a ParamInfo refers to.
inline float& paramRef(LayerParams& p, const ParamInfo& info) {
    return *reinterpret_cast<float*>(reinterpret_cast<char*>(&p) + info.offset);
}
inline float& paramRef(PathParams& p, const ParamInfo& info) {
    return *reinterpret_cast<float*>(reinterpret_cast<char*>(&p) + info.offset);
}

/// The engine's default of a layer parameter for a layer of `type`, or of a path parameter
/// for a path of `type` into a layer of `recvType`: Axon's Defaults() with the type's
/// overrides, as the network builder applies them before an experiment's settings.
float layerParamDefault(const ParamInfo& info, LayerType type);
float pathParamDefault(const ParamInfo& info, PathType type, LayerType recvType);

/// nullptr when `value` is valid for `info`, else the reason as a static string
/// ("must be in [0, 10]"). NaN and infinities are never valid.
const char* checkParamValue(const ParamInfo& info, double value);

}  // namespace theta
