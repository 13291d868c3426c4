// RTNeural's compile-time API (ModelT) on the four networks of issue 17, with the weights and
// inputs of benches/profiles (typenet's side): prints `name<TAB>nanoseconds per forward`, the
// fastest of TYPENET_REPS (20) repetitions of TYPENET_CALLS (10) calls, like that crate.
// Built and run by tools/bench/rtneural.sh against RTNeural's source (not in this repository).
#include <RTNeural/RTNeural.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

// benches/profiles' `value`: a deterministic value in [-1, 1) for index i.
static float value(std::size_t i) {
    std::uint64_t h = (std::uint64_t(i) + 1) * 0x9e3779b97f4a7c15ull >> 40;
    return (float(h) / float(1ull << 24)) * 2.0f - 1.0f;
}

// Sets a DenseT's weight and bias from the flat parameter order typenet uses (PyTorch's
// state_dict: weight out × in row-major, then bias), starting at `offset`; returns the next one.
template <typename Dense>
static std::size_t fill(Dense& d, std::size_t offset, float scale) {
    const int in = Dense::in_size, out = Dense::out_size;
    std::vector<std::vector<float>> w(out, std::vector<float>(in));
    for (int o = 0; o < out; ++o)
        for (int i = 0; i < in; ++i)
            w[o][i] = value(offset + std::size_t(o) * in + i) * scale;
    offset += std::size_t(out) * in;
    std::vector<float> b(out);
    for (int o = 0; o < out; ++o)
        b[o] = value(offset + o) * scale;
    d.setWeights(w);
    d.setBias(b.data());
    return offset + out;
}

static std::size_t env(const char* name, std::size_t dflt) {
    const char* v = std::getenv(name);
    return v ? std::strtoull(v, nullptr, 10) : dflt;
}

template <typename F>
static double best(std::size_t reps, std::size_t calls, F&& f) {
    f();
    double b = 1e300;
    for (std::size_t r = 0; r < reps; ++r) {
        auto t = std::chrono::steady_clock::now();
        for (std::size_t c = 0; c < calls; ++c)
            f();
        double ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t).count();
        b = std::min(b, ns / double(calls));
    }
    return b;
}

// Keeps the compiler from assuming anything about `p`'s memory (as Rust's black_box).
static inline void clobber(const void* p) { asm volatile("" : : "g"(p) : "memory"); }

template <typename Model>
static void run(const char* name, Model& model, const float* x, std::size_t reps, std::size_t calls, const std::string& only) {
    bool picked = only.empty() || (only[0] == '=' ? only.substr(1) == name : std::string(name).find(only) != std::string::npos);
    if (!picked)
        return;
    double ns = best(reps, calls, [&] {
        clobber(x);
        model.forward(x);
        clobber(model.getOutputs());
    });
    std::printf("%s\t%.1f\n", name, ns);
}

// The sum of w[0..n) (n a multiple of 64) in 64 lanes added lane by lane (vectorised without
// reordering): a plain read at the rate the caches give, the ceiling of N4's forward pass.
static float stream_sum(const float* w, std::size_t n) {
    float acc[64] = {};
    for (std::size_t i = 0; i < n; i += 64)
        for (int l = 0; l < 64; ++l)
            acc[l] += w[i + l];
    float s = 0;
    for (int l = 0; l < 64; ++l)
        s += acc[l];
    return s;
}

// N4's ceiling: one plain read of as many floats as its first layer's weights (401 KB), 64-byte
// aligned. Not inlined into main, so that the networks' code there compiles as it did without it
// (inlined, it changed g++'s inlining of N2's loop: 90 -> 101 instructions per pass).
__attribute__((noinline)) static void ceiling(std::size_t reps, std::size_t calls, const std::string& only) {
    const char* name = "N4 ceiling: read 401 KB";
    if (!only.empty() && (only[0] == '=' ? only.substr(1) != name : std::string(name).find(only) == std::string::npos))
        return;
    alignas(64) static float w[784 * 128];
    for (std::size_t i = 0; i < 784 * 128; ++i) w[i] = value(i) * 0.05f;
    volatile float sink;
    double ns = best(reps, calls, [&] {
        clobber(w);
        sink = stream_sum(w, 784 * 128);
    });
    (void)sink;
    std::printf("%s\t%.1f\n", name, ns);
}

int main() {
    using namespace RTNeural;
    std::size_t reps = env("TYPENET_REPS", 20), calls = env("TYPENET_CALLS", 10);
    const char* o = std::getenv("TYPENET_ONLY");
    std::string only = o ? o : "";

    // N1: 2 => Dense(2, Sigmoid) => Dense(2, Sigmoid), scale 0.5.
    static ModelT<float, 2, 2, DenseT<float, 2, 2>, SigmoidActivationT<float, 2>, DenseT<float, 2, 2>, SigmoidActivationT<float, 2>> n1;
    fill(n1.get<2>(), fill(n1.get<0>(), 0, 0.5f), 0.5f);
    // N2: 2 => Dense(8, Tanh) => Dense(1, Sigmoid), scale 0.5.
    static ModelT<float, 2, 1, DenseT<float, 2, 8>, TanhActivationT<float, 8>, DenseT<float, 8, 1>, SigmoidActivationT<float, 1>> n2;
    fill(n2.get<2>(), fill(n2.get<0>(), 0, 0.5f), 0.5f);
    // N3: 16 => Dense(32, Tanh) => Dense(32, Tanh) => Dense(4), scale 0.3.
    static ModelT<float, 16, 4, DenseT<float, 16, 32>, TanhActivationT<float, 32>, DenseT<float, 32, 32>, TanhActivationT<float, 32>, DenseT<float, 32, 4>> n3;
    fill(n3.get<4>(), fill(n3.get<2>(), fill(n3.get<0>(), 0, 0.3f), 0.3f), 0.3f);
    // N4: 784 => Dense(128, ReLU) => Dense(10), scale 0.05.
    static ModelT<float, 784, 10, DenseT<float, 784, 128>, ReLuActivationT<float, 128>, DenseT<float, 128, 10>> n4;
    fill(n4.get<2>(), fill(n4.get<0>(), 0, 0.05f), 0.05f);

    alignas(64) float x2[2], x16[16], x784[784];
    for (int i = 0; i < 2; ++i) x2[i] = value(std::size_t(i) * 64);
    for (int i = 0; i < 16; ++i) x16[i] = value(std::size_t(i) * 64);
    for (int i = 0; i < 784; ++i) x784[i] = float((i * 31) % 97) / 97.0f;

    n1.reset(); n2.reset(); n3.reset(); n4.reset();
    // The outputs, once, so the two sides can be compared (TYPENET_CHECK=1).
    if (env("TYPENET_CHECK", 0)) {
        n1.forward(x2); std::printf("check N1 %.6f %.6f\n", n1.getOutputs()[0], n1.getOutputs()[1]);
        n2.forward(x2); std::printf("check N2 %.6f\n", n2.getOutputs()[0]);
        n3.forward(x16); std::printf("check N3 %.6f %.6f %.6f %.6f\n", n3.getOutputs()[0], n3.getOutputs()[1], n3.getOutputs()[2], n3.getOutputs()[3]);
        n4.forward(x784); std::printf("check N4 %.6f %.6f %.6f\n", n4.getOutputs()[0], n4.getOutputs()[1], n4.getOutputs()[9]);
        return 0;
    }
    run("N1 2-2-2 forward", n1, x2, reps, calls, only);
    run("N2 2-8-1 forward", n2, x2, reps, calls, only);
    run("N3 16-32-32-4 forward", n3, x16, reps, calls, only);
    run("N4 784-128-10 forward", n4, x784, reps, calls, only);
    ceiling(reps, calls, only);
}
