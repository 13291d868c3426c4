#!/usr/bin/env python3
"""Reference values for typenet's sequence networks (GRU, LSTM, Conv1D with Dense, activation
stages and Residual), computed with PyTorch in float64 (dev-only; CI reads the committed output
and needs no PyTorch).

Run from the repository root:

    /work/venv-torch/bin/python tools/reference/pytorch_sequence.py > tests/data/sequence/reference.txt
    /work/venv-torch/bin/python tools/reference/pytorch_sequence.py --safetensors \
        tests/data/sequence/lstm_stack_f32.safetensors

Each case is a whole network of `tests/sequence.rs` (its `network!` definition is in NETS
below), with seeded PyTorch initialisation, a seeded 64-step input sequence and targets, and:

- `y`: the outputs at every step from a zero state;
- `loss`: L = (1/T) Σ_t E(y_t, t_t), typenet's per-sample loss (MSE: E = ½ Σ_j (t_j − y_j)²;
  CrossEntropy: E = −Σ_j t_j log softmax(z)_j) averaged over the T steps;
- `grad.<tensor>`: ∂L/∂tensor by autograd, through the whole sequence (full BPTT);
- `chunk_loss`, `chunk_grad.<tensor>`: truncated BPTT in chunks of 16 steps, the state carried
  from chunk to chunk but detached (no gradient crosses a boundary), the gradient of each
  chunk's mean loss summed over the chunks; `chunk_loss` lists the chunks' losses.

The network is computed one step at a time (GRUCell, LSTMCell, a causal convolution over a
window of past inputs), which is what typenet does and what lets chunks detach their state;
the whole-sequence modules (nn.GRU, nn.LSTM, nn.Conv1d on the left-padded sequence) check that
stepped forward pass to 1e-12 before anything is written.

Tensor names are typenet's (`layer1.weight_ih`, `layer2.bias`): a GRU/LSTM layer's tensors are
GRUCell's/LSTMCell's (PyTorch's nn.GRU calls them `weight_ih_l0`, …), a convolution's are
nn.Conv1d's (`weight` of shape [out, in, k]). The output format is that of
tools/reference/pytorch_recurrent.py: `case <name>`, then `<name> <dims …> : <values …>`
(row-major, Python's repr, exact), then `end`.

Minibatch cases (`batch_sgd`, `batch_adam`, in BATCH_CASES): what `Trainer::run_sequences`
does with `Mode::MiniBatch(b)`. The sequences are visited in dataset order, b at a time; each
batch starts every sequence from a zero state and walks all of them through chunks of 16 steps
in lockstep, every sequence carrying its own (detached) state; each chunk is one optimizer step
on the gradient of the chunk's loss, the mean of E over every (sequence, step) pair in the
chunk (PyTorch's mean over batch and time, with a mask where a shorter sequence has ended;
for MSE on equal lengths that is F/2 times `MSELoss()` on the (B, chunk, F) tensor, checked
below with nn.LSTM). Written: the starting parameters, `x.<s>` / `target.<s>` per sequence,
then `after.<tensor>`, the parameters after two epochs.
"""

import sys

import torch
import torch.nn.functional as F

T = 64
CHUNK = 16

# Each network as typenet writes it, and as a list of stages for this script:
#   ("gru", name, in, h) ("lstm", name, in, h) ("conv", name, cin, cout, k, d, bias, act)
#   ("dense", name, in, out, act) ("act", fn) ("res", [stages], act)
NETS = {
    # 1 => GRU(6) => Dense(1); loss = MSE
    "gru_dense": ([("gru", "layer1", 1, 6), ("dense", "layer2", 6, 1, None)], 1, "mse"),
    # 2 => LSTM(5) => Dense(2); loss = MSE
    "lstm_dense": ([("lstm", "layer1", 2, 5), ("dense", "layer2", 5, 2, None)], 2, "mse"),
    # 1 => LSTM(8) => LSTM(8) => Dense(1); loss = MSE
    "lstm_stack": (
        [("lstm", "layer1", 1, 8), ("lstm", "layer2", 8, 8), ("dense", "layer3", 8, 1, None)],
        1,
        "mse",
    ),
    # 3 => GRU(4) => Tanh => Dense(3, Softmax); loss = CrossEntropy
    "gru_softmax": (
        [("gru", "layer1", 3, 4), ("act", "tanh"), ("dense", "layer2", 4, 3, "softmax")],
        3,
        "ce",
    ),
    # 2 => Conv1D(4, Tanh, kernel = 3) => Conv1D(4, Tanh, kernel = 3, dilation = 2)
    #   => Conv1D(3, kernel = 2, dilation = 4, bias = false) => Dense(1); loss = MSE
    "conv_stack": (
        [
            ("conv", "layer1", 2, 4, 3, 1, True, "tanh"),
            ("conv", "layer2", 4, 4, 3, 2, True, "tanh"),
            ("conv", "layer3", 4, 3, 2, 4, False, None),
            ("dense", "layer4", 3, 1, None),
        ],
        2,
        "mse",
    ),
    # 2 => Conv1D(4, kernel = 1)
    #   => Residual(Conv1D(4, Tanh, kernel = 3, dilation = 2) => Conv1D(4, kernel = 1))
    #   => Residual(Conv1D(4, Tanh, kernel = 3, dilation = 4) => Conv1D(4, kernel = 1, bias = false), Tanh)
    #   => Dense(1); loss = MSE
    "res_conv": (
        [
            ("conv", "layer1", 2, 4, 1, 1, True, None),
            (
                "res",
                [
                    ("conv", "layer2", 4, 4, 3, 2, True, "tanh"),
                    ("conv", "layer3", 4, 4, 1, 1, True, None),
                ],
                None,
            ),
            (
                "res",
                [
                    ("conv", "layer4", 4, 4, 3, 4, True, "tanh"),
                    ("conv", "layer5", 4, 4, 1, 1, False, None),
                ],
                "tanh",
            ),
            ("dense", "layer6", 4, 1, None),
        ],
        2,
        "mse",
    ),
}


def act(name, z):
    if name is None:
        return z
    if name == "tanh":
        return torch.tanh(z)
    if name == "softmax":
        return torch.softmax(z, dim=-1)
    raise ValueError(name)


def build(stages, mods):
    """PyTorch modules for the stages, in typenet's field order, into `mods`."""
    for s in stages:
        if s[0] == "gru":
            mods[s[1]] = torch.nn.GRUCell(s[2], s[3])
        elif s[0] == "lstm":
            mods[s[1]] = torch.nn.LSTMCell(s[2], s[3])
        elif s[0] == "conv":
            mods[s[1]] = torch.nn.Conv1d(s[2], s[3], s[4], dilation=s[5], bias=s[6])
        elif s[0] == "dense":
            mods[s[1]] = torch.nn.Linear(s[2], s[3])
        elif s[0] == "res":
            build(s[1], mods)


def zero_state(stages, mods, state):
    for s in stages:
        if s[0] in ("gru",):
            state[s[1]] = torch.zeros(s[3])
        elif s[0] == "lstm":
            state[s[1]] = (torch.zeros(s[3]), torch.zeros(s[3]))
        elif s[0] == "conv":
            r = (s[4] - 1) * s[5] + 1
            state[s[1]] = [torch.zeros(s[2]) for _ in range(r)]  # oldest first
        elif s[0] == "res":
            zero_state(s[1], mods, state)


def detach_state(state):
    for k, v in state.items():
        if isinstance(v, tuple):
            state[k] = tuple(u.detach() for u in v)
        elif isinstance(v, list):
            state[k] = [u.detach() for u in v]
        else:
            state[k] = v.detach()


def step(stages, mods, state, x):
    """One step: returns (z, a) of the last stage."""
    z = a = x
    for s in stages:
        kind = s[0]
        if kind == "gru":
            h = mods[s[1]](a.unsqueeze(0), state[s[1]].unsqueeze(0)).squeeze(0)
            state[s[1]] = h
            z = a = h
        elif kind == "lstm":
            h, c = state[s[1]]
            h, c = mods[s[1]](a.unsqueeze(0), (h.unsqueeze(0), c.unsqueeze(0)))
            h, c = h.squeeze(0), c.squeeze(0)
            state[s[1]] = (h, c)
            z = a = h
        elif kind == "conv":
            m, k, d = mods[s[1]], s[4], s[5]
            ring = state[s[1]][1:] + [a]
            state[s[1]] = ring
            r = len(ring)
            z = m.bias.clone() if m.bias is not None else torch.zeros(s[3])
            for kk in range(k):
                # tap kk sees the input (k − 1 − kk)·d steps back
                z = z + m.weight[:, :, kk] @ ring[r - 1 - (k - 1 - kk) * d]
            a = act(s[7], z)
        elif kind == "dense":
            z = mods[s[1]](a)
            a = act(s[4], z)
        elif kind == "act":
            z = a
            a = act(s[1], z)
        elif kind == "res":
            zb, ab = step(s[1], mods, state, a)
            z = ab + a
            a = act(s[2], z)
    return z, a


def whole(stages, mods, xs):
    """The whole sequence through PyTorch's sequence modules: the stepped pass's check."""
    a = xs
    for s in stages:
        kind = s[0]
        if kind == "gru":
            cell = mods[s[1]]
            m = torch.nn.GRU(s[2], s[3])
            with torch.no_grad():
                for n in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
                    getattr(m, n + "_l0").copy_(getattr(cell, n))
            a, _ = m(a.unsqueeze(1))
            a = a.squeeze(1)
        elif kind == "lstm":
            cell = mods[s[1]]
            m = torch.nn.LSTM(s[2], s[3])
            with torch.no_grad():
                for n in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
                    getattr(m, n + "_l0").copy_(getattr(cell, n))
            a, _ = m(a.unsqueeze(1))
            a = a.squeeze(1)
        elif kind == "conv":
            m, k, d = mods[s[1]], s[4], s[5]
            z = m(F.pad(a.t().unsqueeze(0), ((k - 1) * d, 0))).squeeze(0).t()
            a = act(s[7], z)
        elif kind == "dense":
            a = act(s[4], mods[s[1]](a))
        elif kind == "act":
            a = act(s[1], a)
        elif kind == "res":
            a = act(s[2], whole(s[1], mods, a) + a)
    return a


def step_loss(kind, z, a, t):
    if kind == "mse":
        return 0.5 * ((t - a) ** 2).sum()
    if kind == "ce":
        return -(t * torch.log_softmax(z, dim=-1)).sum()
    raise ValueError(kind)


def dump(name, t):
    t = torch.as_tensor(t).detach().to(torch.float64).contiguous()
    dims = " ".join(str(d) for d in t.shape)
    vals = " ".join(repr(float(v)) for v in t.reshape(-1).tolist())
    print(f"{name} {dims} : {vals}")


def case(name, seed):
    stages, n_in, loss_kind = NETS[name]
    torch.manual_seed(seed)
    mods = {}
    build(stages, mods)
    params = [(f"{m}.{n}", p) for m, mod in mods.items() for n, p in mod.named_parameters()]
    g = torch.Generator().manual_seed(seed + 1000)
    xs = torch.randn(T, n_in, generator=g)
    n_out = None
    # Full BPTT.
    state = {}
    zero_state(stages, mods, state)
    zs, ys = [], []
    for t in range(T):
        z, a = step(stages, mods, state, xs[t])
        zs.append(z)
        ys.append(a)
    y = torch.stack(ys)
    n_out = y.shape[1]
    ref = whole(stages, mods, xs)
    assert (ref - y).abs().max().item() < 1e-12, (name, (ref - y).abs().max().item())
    if loss_kind == "mse":
        targets = torch.randn(T, n_out, generator=g)
    else:
        targets = torch.softmax(torch.randn(T, n_out, generator=g), dim=-1)
    loss = sum(step_loss(loss_kind, zs[t], ys[t], targets[t]) for t in range(T)) / T
    grads = torch.autograd.grad(loss, [p for _, p in params])
    # Truncated BPTT.
    state = {}
    zero_state(stages, mods, state)
    chunk_losses = []
    chunk_grads = [torch.zeros_like(p) for _, p in params]
    for start in range(0, T, CHUNK):
        detach_state(state)
        terms = []
        for t in range(start, min(start + CHUNK, T)):
            z, a = step(stages, mods, state, xs[t])
            terms.append(step_loss(loss_kind, z, a, targets[t]))
        cl = sum(terms) / len(terms)
        chunk_losses.append(cl.detach())
        for acc, gr in zip(chunk_grads, torch.autograd.grad(cl, [p for _, p in params])):
            acc += gr
    print(f"case {name}")
    for n, p in params:
        dump(n, p)
    dump("x", xs)
    dump("target", targets)
    dump("y", y)
    dump("loss", loss.reshape(1))
    for (n, _), gr in zip(params, grads):
        dump(f"grad.{n}", gr)
    dump("chunk_loss", torch.stack(chunk_losses))
    for (n, _), gr in zip(params, chunk_grads):
        dump(f"chunk_grad.{n}", gr)
    print("end")


# name: (network, sequence lengths, batch size, optimizer, its settings); two epochs each.
BATCH_CASES = {
    "batch_sgd": ("lstm_dense", [64, 64, 64, 64], 4, "sgd", dict(lr=0.1, momentum=0.9)),
    "batch_adam": ("gru_dense", [64, 50, 37, 64, 20], 3, "adam", dict(lr=0.01)),
}
EPOCHS = 2


def batch_case(name, seed):
    net, lengths, b, opt_name, settings = BATCH_CASES[name]
    stages, n_in, loss_kind = NETS[net]
    torch.manual_seed(seed)
    mods = {}
    build(stages, mods)
    params = [(f"{m}.{n}", p) for m, mod in mods.items() for n, p in mod.named_parameters()]
    start_params = [p.detach().clone() for _, p in params]
    g = torch.Generator().manual_seed(seed + 1000)
    xs = [torch.randn(n, n_in, generator=g) for n in lengths]
    n_out = stages[-1][3]
    ts = [torch.randn(n, n_out, generator=g) for n in lengths]
    if opt_name == "sgd":
        opt = torch.optim.SGD([p for _, p in params], **settings)
    else:
        opt = torch.optim.Adam([p for _, p in params], **settings)
    for _ in range(EPOCHS):
        for first in range(0, len(lengths), b):
            batch = list(range(first, min(first + b, len(lengths))))
            states = []
            for _ in batch:
                state = {}
                zero_state(stages, mods, state)
                states.append(state)
            longest = max(lengths[s] for s in batch)
            for start in range(0, longest, CHUNK):
                terms = []
                for s, state in zip(batch, states):
                    detach_state(state)
                    for t in range(start, min(start + CHUNK, lengths[s])):
                        z, a = step(stages, mods, state, xs[s][t])
                        terms.append(step_loss(loss_kind, z, a, ts[s][t]))
                loss = sum(terms) / len(terms)
                if net == "lstm_dense" and start == 0 and len(set(lengths[s] for s in batch)) == 1:
                    # The same loss as MSELoss over the (B, chunk, F) tensor, scaled by F/2
                    # (on the first chunk: later ones carry states from earlier parameters).
                    check_batched_lstm(mods, stages, batch, xs, ts, start, loss, n_out)
                opt.zero_grad()
                loss.backward()
                opt.step()
    print(f"case {name}")
    for (n, _), p in zip(params, start_params):
        dump(n, p)
    for s in range(len(lengths)):
        dump(f"x.{s}", xs[s])
        dump(f"target.{s}", ts[s])
    for n, p in params:
        dump(f"after.{n}", p)
    print("end")


def check_batched_lstm(mods, stages, batch, xs, ts, start, loss, n_out):
    """Recomputes the batch's first chunk with nn.LSTM(batch_first=True) on the (B, T, F)
    tensor and MSELoss over it: loss == F/2 · MSELoss."""
    cell, dense = mods[stages[0][1]], mods[stages[1][1]]
    m = torch.nn.LSTM(stages[0][2], stages[0][3], batch_first=True)
    with torch.no_grad():
        for n in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            getattr(m, n + "_l0").copy_(getattr(cell, n))
        end = start + CHUNK
        x = torch.stack([xs[s][:end] for s in batch])
        t = torch.stack([ts[s][start:end] for s in batch])
        y = dense(m(x)[0][:, start:end])
        want = F.mse_loss(y, t) * n_out / 2
    assert abs(want.item() - loss.item()) < 1e-12, (want.item(), loss.item())


def save_safetensors(name, seed, path):
    """Case `name`'s PyTorch modules, saved as safetensors in float32 under typenet's names
    (`layer1.weight_ih`, …): what `#[weights = "…"]` and `safetensors::load` read."""
    from safetensors.torch import save_file

    stages, _, _ = NETS[name]
    torch.manual_seed(seed)
    mods = {}
    build(stages, mods)
    tensors = {
        f"{m}.{n}": p.detach().to(torch.float32).contiguous()
        for m, mod in mods.items()
        for n, p in mod.named_parameters()
    }
    save_file(tensors, path)


def main():
    if sys.argv[1:2] == ["--safetensors"]:
        # tests/data/sequence/lstm_stack_f32.safetensors: the lstm_stack case's weights.
        torch.set_default_dtype(torch.float64)
        save_safetensors("lstm_stack", 20 + list(NETS).index("lstm_stack"), sys.argv[2])
        return
    torch.set_default_dtype(torch.float64)
    print(
        f"# generated by tools/reference/pytorch_sequence.py with torch {torch.__version__}; do not edit"
    )
    for i, name in enumerate(NETS):
        case(name, 20 + i)
    for i, name in enumerate(BATCH_CASES):
        batch_case(name, 40 + i)


if __name__ == "__main__":
    sys.exit(main())
