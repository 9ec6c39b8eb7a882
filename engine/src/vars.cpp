// Neuron and pool variable names, generated from the same X-macro lists as their enums.
#include "theta/vars.h"

#include <cstring>

namespace theta {
namespace {

constexpr const char* kNeuronVarNames[] = {
#define THETA_NAME_ITEM(name) #name,
    THETA_NEURON_VARS(THETA_NAME_ITEM)
#undef THETA_NAME_ITEM
};
static_assert(sizeof(kNeuronVarNames) / sizeof(kNeuronVarNames[0]) == kNeuronVarCount,
              "one name per neuron variable");

constexpr const char* kPoolVarNames[] = {
#define THETA_NAME_ITEM(name) #name,
    THETA_POOL_VARS(THETA_NAME_ITEM)
#undef THETA_NAME_ITEM
};

}  // namespace

const char* neuronVarName(NeuronVar v) {
    const int i = static_cast<int>(v);
    return i >= 0 && i < kNeuronVarCount ? kNeuronVarNames[i] : nullptr;
}

const char* poolVarName(PoolVar v) {
    const int i = static_cast<int>(v);
    return i >= 0 && i < kPoolVarCount ? kPoolVarNames[i] : nullptr;
}

NeuronVar neuronVarFromName(const char* name) {
    if (name == nullptr) return NeuronVar::Count;
    for (int i = 0; i < kNeuronVarCount; ++i)
        if (std::strcmp(kNeuronVarNames[i], name) == 0) return static_cast<NeuronVar>(i);
    return NeuronVar::Count;
}

}  // namespace theta
