// RTNeural's compile-time API (ModelT with LSTMLayerT, GRULayerT, Conv1DT, DenseT) on the
// networks of benches/recurrent.rs (issue 20), with that bench's weights, loaded through
// RTNeural's own PyTorch loaders (torch_helpers: loadLSTM, loadGRU, loadConv1D, loadDense) from a
// state_dict built here, and stepped over the same 4,800 input samples as typenet's side
// (src/main.rs beside this file). Prints `name<TAB>ns per sample`, the fastest of
// TYPENET_ROUNDS (5) passes; TYPENET_CHECK=1 prints a few outputs instead; TYPENET_ONLY=name
// runs that network only (for callgrind, tools/bench/recurrent_mix.sh).
// Built and run by tools/bench/rtneural_recurrent.sh against RTNeural's source (not in this
// repository).
#include <RTNeural/RTNeural.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

static constexpr int RATE = 48000;
static constexpr int ROUND = RATE / 10;

// benches/recurrent.rs's `weights`: n deterministic values in (-s, s).
static std::vector<float> weights(std::size_t n, std::uint64_t salt, double s) {
    std::vector<float> v(n);
    for (std::size_t k = 0; k < n; ++k) {
        std::uint64_t z = (std::uint64_t(k) + 1) * 0x9E3779B97F4A7C15ull ^ salt;
        z = (z ^ (z >> 31)) * 0xBF58476D1CE4E5B9ull;
        v[k] = float((double(z >> 11) / double(1ull << 53) * 2.0 - 1.0) * s);
    }
    return v;
}

// benches/recurrent.rs's `signal`.
static float signal(int t) {
    float p = float(t) * (440.0f * 2.0f * 3.14159265358979323846f / float(RATE));
    return 0.6f * std::sin(p) + 0.2f * std::sin(3.0f * p);
}

// rows × cols, row-major, from `flat` at `at` (advanced).
static std::vector<std::vector<float>> matrix(const std::vector<float>& flat, std::size_t& at, int rows, int cols) {
    std::vector<std::vector<float>> m(rows, std::vector<float>(cols));
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c)
            m[r][c] = flat[at++];
    return m;
}

static std::vector<float> vec(const std::vector<float>& flat, std::size_t& at, int n) {
    std::vector<float> v(flat.begin() + at, flat.begin() + at + n);
    at += n;
    return v;
}

// A recurrent layer of `gates` × hidden rows (PyTorch's LSTM: 4, GRU: 3) with one input, then
// Dense(1): typenet's flat parameters (state_dict order) as PyTorch's state_dict.
static nlohmann::json recurrent_dict(int gates, int hidden, std::uint64_t salt) {
    int g = gates * hidden;
    auto flat = weights(std::size_t(g) * (1 + hidden + 2), salt, 0.5);
    std::size_t at = 0;
    nlohmann::json j;
    j["rnn.weight_ih_l0"] = matrix(flat, at, g, 1);
    j["rnn.weight_hh_l0"] = matrix(flat, at, g, hidden);
    j["rnn.bias_ih_l0"] = vec(flat, at, g);
    j["rnn.bias_hh_l0"] = vec(flat, at, g);
    auto w = weights(hidden, salt + 1, 0.5);
    j["out.weight"] = std::vector<std::vector<float>>{w};
    j["out.bias"] = std::vector<float>{0.1f};
    return j;
}

// Conv1d(in → 16, kernel 3) with the bench's weights: weight (out, in, k), then bias.
static nlohmann::json conv_dict(const std::string& name, int in, std::uint64_t salt) {
    int ck = in * 3;
    auto flat = weights(16 * (ck + 1), salt, 1.0 / std::sqrt(double(ck)));
    std::size_t at = 0;
    std::vector<std::vector<std::vector<float>>> w(16, std::vector<std::vector<float>>(in, std::vector<float>(3)));
    for (int o = 0; o < 16; ++o)
        for (int i = 0; i < in; ++i)
            for (int k = 0; k < 3; ++k)
                w[o][i][k] = flat[at++];
    nlohmann::json j;
    j[name + "weight"] = w;
    j[name + "bias"] = vec(flat, at, 16);
    return j;
}

static int env(const char* name, int dflt) {
    const char* v = std::getenv(name);
    return v ? std::atoi(v) : dflt;
}

static inline void clobber(const void* p) { asm volatile("" : : "g"(p) : "memory"); }

template <typename Model, typename Out>
static void run(const char* name, Model& model, const std::vector<float>& xs, Out out, int rounds) {
    if (const char* only = std::getenv("TYPENET_ONLY"); only && std::string(only) != name)
        return;
    model.reset();
    if (env("TYPENET_CHECK", 0)) {
        std::printf("check %s", name);
        for (int n = 0; n < ROUND; ++n) {
            model.forward(&xs[n]);
            if (n == 0 || n == 1 || n == 10 || n == 100 || n == 1000 || n == ROUND - 1)
                std::printf(" %.6f", out(model));
        }
        std::printf("\n");
        return;
    }
    double best = 1e300;
    for (int r = 0; r < rounds; ++r) {
        auto t = std::chrono::steady_clock::now();
        float s = 0.0f;
        for (int n = 0; n < ROUND; ++n) {
            clobber(&xs[n]);
            model.forward(&xs[n]);
            s += out(model);
        }
        clobber(&s);
        double ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t).count();
        best = std::min(best, ns / ROUND);
    }
    std::printf("%s\t%.1f\n", name, best);
}

template <int H>
using LstmNet = RTNeural::ModelT<float, 1, 1, RTNeural::LSTMLayerT<float, 1, H>, RTNeural::DenseT<float, H, 1>>;
template <int H>
using GruNet = RTNeural::ModelT<float, 1, 1, RTNeural::GRULayerT<float, 1, H>, RTNeural::DenseT<float, H, 1>>;
using ConvNet = RTNeural::ModelT<float, 1, 16,
    RTNeural::Conv1DT<float, 1, 16, 3, 1>, RTNeural::Conv1DT<float, 16, 16, 3, 2>,
    RTNeural::Conv1DT<float, 16, 16, 3, 4>, RTNeural::Conv1DT<float, 16, 16, 3, 8>>;

template <int H>
static void lstm(const char* name, const std::vector<float>& xs, int rounds) {
    static LstmNet<H> m;
    auto j = recurrent_dict(4, H, 1);
    RTNeural::torch_helpers::loadLSTM<float>(j, "rnn.", m.template get<0>());
    RTNeural::torch_helpers::loadDense<float>(j, "out.", m.template get<1>());
    run(name, m, xs, [](LstmNet<H>& m) { return m.getOutputs()[0]; }, rounds);
}

template <int H>
static void gru(const char* name, const std::vector<float>& xs, int rounds) {
    static GruNet<H> m;
    auto j = recurrent_dict(3, H, 3);
    RTNeural::torch_helpers::loadGRU<float>(j, "rnn.", m.template get<0>());
    RTNeural::torch_helpers::loadDense<float>(j, "out.", m.template get<1>());
    run(name, m, xs, [](GruNet<H>& m) { return m.getOutputs()[0]; }, rounds);
}

int main() {
    int rounds = env("TYPENET_ROUNDS", 5);
    std::vector<float> xs(ROUND);
    for (int n = 0; n < ROUND; ++n)
        xs[n] = signal(n);
    lstm<8>("lstm8", xs, rounds);
    lstm<16>("lstm16", xs, rounds);
    lstm<32>("lstm32", xs, rounds);
    lstm<64>("lstm64", xs, rounds);
    gru<8>("gru8", xs, rounds);
    gru<16>("gru16", xs, rounds);
    gru<32>("gru32", xs, rounds);
    gru<64>("gru64", xs, rounds);
    static ConvNet conv;
    RTNeural::torch_helpers::loadConv1D<float>(conv_dict("c1.", 1, 5), "c1.", conv.get<0>());
    RTNeural::torch_helpers::loadConv1D<float>(conv_dict("c2.", 16, 6), "c2.", conv.get<1>());
    RTNeural::torch_helpers::loadConv1D<float>(conv_dict("c3.", 16, 7), "c3.", conv.get<2>());
    RTNeural::torch_helpers::loadConv1D<float>(conv_dict("c4.", 16, 8), "c4.", conv.get<3>());
    run("conv4", conv, xs, [](ConvNet& m) {
        float s = 0.0f;
        for (int o = 0; o < 16; ++o)
            s += m.getOutputs()[o];
        return s;
    }, rounds);
}
