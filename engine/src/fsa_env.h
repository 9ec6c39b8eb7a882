// The Reber grammar finite-state automaton of Axon's deepfsa (sims/deepfsa/fsa-env.go,
// TMatReber; docs/model.md): one token per trial, sequences back to back
// (... E, B, ...). Each data stream is its own generator, a pure function of (seed, stream).
#pragma once
#include <cstdint>

#include "theta/experiment.h"  // kFsaTokens, fsaTokenName

namespace theta {

/// One stream's place in the grammar. Plain words only: checkpoints copy it as bytes.
struct FsaStream {
    std::uint64_t draws = 0;  ///< random draws taken (the stream's position)
    std::uint64_t valid = 0;  ///< bit t set: token t was a legal outcome of this step
    std::int32_t state = 0;   ///< automaton state 0..7 (0 = start, 7 = after E)
    std::int32_t token = -1;  ///< the token emitted by the last step (-1 = none yet)
};

/// Take one step of stream `stream` (of `seed`): from its state, choose the next state
/// (two branches at 50% each, or the single one), emit that transition's token, and record
/// every token the state allowed. After E the next step starts over at B.
void fsaStep(FsaStream& st, std::uint64_t seed, int stream);

/// True if `state` is an automaton state and `valid` the allowed-token set of a step into it.
bool fsaConsistent(const FsaStream& st);

}  // namespace theta
