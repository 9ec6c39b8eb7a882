#include "fsa_env.h"

#include "rng.h"

namespace theta {
namespace {

enum Token { B, T, S, X, V, P, E };

struct Branch {
    int next, token;
};

/// Outgoing transitions of each state (1 or 2, equally likely); state 7 has none.
struct StateRow {
    int count;
    Branch branch[2];
};

constexpr StateRow kReber[8] = {
    {1, {{1, B}, {0, 0}}},  // start
    {2, {{2, T}, {3, P}}},
    {2, {{2, S}, {4, X}}},
    {2, {{3, T}, {5, V}}},
    {2, {{6, S}, {3, X}}},
    {2, {{6, V}, {4, P}}},
    {1, {{7, E}, {0, 0}}},
    {0, {{0, 0}, {0, 0}}},  // end: the next step starts over at 0
};

}  // namespace

const char* fsaTokenName(int token) {
    static const char* const kNames[kFsaTokens] = {"B", "T", "S", "X", "V", "P", "E"};
    return token >= 0 && token < kFsaTokens ? kNames[token] : "?";
}

void fsaStep(FsaStream& st, std::uint64_t seed, int stream) {
    if (st.state < 0 || st.state >= 7) st.state = 0;
    const StateRow& row = kReber[st.state];
    Rng rng(seed, RngStream::Fsa, static_cast<std::uint64_t>(stream));
    rng.seek(st.draws);
    const int pick = row.count == 2 && rng.uniform() >= 0.5f ? 1 : 0;
    st.draws = rng.draws();
    st.valid = 0;
    for (int k = 0; k < row.count; ++k) st.valid |= std::uint64_t{1} << row.branch[k].token;
    st.token = row.branch[pick].token;
    st.state = row.branch[pick].next;
}

bool fsaConsistent(const FsaStream& st) {
    if (st.state < 0 || st.state > 7 || st.token < -1 || st.token >= kFsaTokens) return false;
    if (st.token < 0) return st.valid == 0;
    return (st.valid >> st.token & 1) != 0 && st.valid < (std::uint64_t{1} << kFsaTokens);
}

}  // namespace theta
