#!/usr/bin/python3
"""Writes the small PyTorch checkpoints that tests/core/models compare the C++ unroll against.

Run with Debian's python3 (python3-torch 1.13): /usr/bin/python3 scripts/make_torch_fixtures.py
Every checkpoint comes with PyTorch's own outputs for a few inputs of varied lengths, as .npy:
  <name>.pt              torch.save(model.state_dict()) (or torch.jit.save for TorchScript)
  <name>_tokens.npy      int64 [batch, time] token ids (padding 0), or
  <name>_x.npy           float32 [batch, time, features] series (padding 0)
  <name>_lengths.npy     int64 [batch]
  <name>_states.npy      float32 [batch, time, m]: the analysed states, zero past each length
  <name>_states_hc.npy   LSTM: h and c concatenated
  <name>_states_layer0.npy  stacks: the first layer's states
  <name>_readout.npy     readout logits of every state row [batch*time, outputs]
  <name>_decoded.npy     ECG autoencoder: decoder output from each sequence's last state
and hostile or broken files for the error tests.
"""
import collections
import os
import pickle

import numpy as np
import torch
from torch import nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "torch")


def path(name):
    return os.path.join(OUT, name)


def save_npy(name, array):
    np.save(path(name), array)


# ---- models as the paper's reference code defines them (azencot-group/KANN, kann/*_task) ----

class Sentiment(nn.Module):
    """kann/sa_task/sa_task_utils.py Model: embedding -> cell, unrolled from zeros -> linear."""

    def __init__(self, cell, vocab, embed, hidden):
        super().__init__()
        self.embedding = nn.Embedding(vocab, embed)
        self.rnn = {"GRU": nn.GRUCell, "LSTM": nn.LSTMCell, "RNN": nn.RNNCell}[cell](embed, hidden)
        self.linear = nn.Linear(hidden, 1)
        self.cell = cell

    def unroll(self, tokens):
        """Hidden state (and LSTM cell state) after each token, as the reference's unroll_states."""
        h = torch.zeros(tokens.shape[0], self.rnn.hidden_size)
        c = torch.zeros_like(h)
        hs, cs = [], []
        for x in torch.unbind(self.embedding(tokens), dim=1):
            if self.cell == "LSTM":
                h, c = self.rnn(x, (h, c))
            else:
                h = self.rnn(x, h)
            hs.append(h)
            cs.append(c)
        return torch.stack(hs, 1), torch.stack(cs, 1)


class Encoder(nn.Module):
    """kann/ecg_task/ecg_task_utils.py Encoder (batch_first, one layer, hidden = embedding_dim)."""

    def __init__(self, n_features, rnn_type, embedding_dim):
        super().__init__()
        self.rnn = getattr(nn, rnn_type)(n_features, embedding_dim, num_layers=1, batch_first=True)


class Decoder(nn.Module):
    """kann/ecg_task/ecg_task_utils.py Decoder: hidden 2 * input_dim, then output_layer."""

    def __init__(self, rnn_type, input_dim, n_features):
        super().__init__()
        self.rnn = getattr(nn, rnn_type)(input_dim, 2 * input_dim, num_layers=1, batch_first=True)
        self.output_layer = nn.Linear(2 * input_dim, n_features)

    def forward(self, z, seq_len):
        # The reference: x.repeat(seq_len, n_features) then reshape to (1, seq_len, input_dim).
        x = z.reshape(1, -1).repeat(seq_len, 1).reshape(1, seq_len, -1)
        y, _ = self.rnn(x)
        return self.output_layer(y.reshape(seq_len, -1))


class Autoencoder(nn.Module):
    def __init__(self, rnn_type, n_features, embedding_dim):
        super().__init__()
        self.encoder = Encoder(n_features, rnn_type, embedding_dim)
        self.decoder = Decoder(rnn_type, embedding_dim, n_features)


# ---- running a batch sequence by sequence, each at its own length (the truth for padding) ----

def run_rnn(rnn, x, layer_states=None):
    """Outputs of a torch.nn RNN/GRU/LSTM (batch_first) on one unpadded sequence [1, T, in].

    Returns (h per step of the last layer, c per step or None, per-layer h of every step)."""
    layers = []
    inp = x
    c_steps = None
    for l in range(rnn.num_layers):
        single = getattr(nn, type(rnn).__name__)(inp.shape[-1], rnn.hidden_size, batch_first=True, bias=rnn.bias)
        for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")[:4 if rnn.bias else 2]:
            getattr(single, name + "_l0").data.copy_(getattr(rnn, f"{name}_l{l}").data)
        if isinstance(rnn, nn.LSTM):
            # Cell states per step: run step by step with the same module.
            h = torch.zeros(1, 1, rnn.hidden_size)
            c = torch.zeros_like(h)
            hs, cs = [], []
            for t in range(inp.shape[1]):
                _, (h, c) = single(inp[:, t:t + 1], (h, c))
                hs.append(h[0])
                cs.append(c[0])
            out, c_steps = torch.stack(hs, 1), torch.stack(cs, 1)
        else:
            out, _ = single(inp)
        layers.append(out)
        inp = out
    # Cross-check against the whole stack as PyTorch runs it.
    full = rnn(x)[0]
    assert torch.allclose(full, layers[-1], atol=1e-6), "layer-by-layer unroll differs from the stack"
    return layers[-1], c_steps, layers


def padded(rows, time):
    """[T_i, m] arrays -> [batch, time, m] float32, zero past each length."""
    out = np.zeros((len(rows), time, rows[0].shape[-1]), dtype=np.float32)
    for b, r in enumerate(rows):
        out[b, :r.shape[0]] = r
    return out


def tokens_batch(gen, vocab, lengths):
    time = max(lengths)
    tokens = torch.zeros(len(lengths), time, dtype=torch.long)
    for b, n in enumerate(lengths):
        tokens[b, :n] = torch.randint(1, vocab, (n,), generator=gen)
    return tokens


def series_batch(gen, features, lengths):
    time = max(lengths)
    x = torch.zeros(len(lengths), time, features)
    for b, n in enumerate(lengths):
        x[b, :n] = torch.randn(n, features, generator=gen)
    return x


def save_inputs(name, lengths, tokens=None, x=None):
    save_npy(f"{name}_lengths.npy", np.array(lengths, dtype=np.int64))
    if tokens is not None:
        save_npy(f"{name}_tokens.npy", tokens.numpy())
    if x is not None:
        save_npy(f"{name}_x.npy", x.numpy())


# ---- the layouts ----

def sentiment(cell, gen):
    name = f"sentiment_{cell.lower()}"
    model = Sentiment(cell, vocab=40, embed=8, hidden=12)
    lengths = [9, 6, 3, 1]
    tokens = tokens_batch(gen, 40, lengths)
    with torch.no_grad():
        hs, cs = zip(*(model.unroll(tokens[b:b + 1, :n]) for b, n in enumerate(lengths)))
        h = padded([s[0].numpy() for s in hs], max(lengths))
        save_npy(f"{name}_states.npy", h)
        if cell == "LSTM":
            c = padded([s[0].numpy() for s in cs], max(lengths))
            save_npy(f"{name}_states_hc.npy", np.concatenate([h, c], axis=-1))
        save_npy(f"{name}_readout.npy", model.linear(torch.from_numpy(h.reshape(-1, 12))).numpy())
    torch.save(model.state_dict(), path(f"{name}.pt"))
    save_inputs(name, lengths, tokens=tokens)


def ecg(cell, gen):
    name = f"ecg_{cell.lower()}"
    model = Autoencoder(cell, n_features=1, embedding_dim=6)
    lengths = [14, 14, 9]
    x = series_batch(gen, 1, lengths)
    with torch.no_grad():
        hs, cs, decoded = [], [], []
        for b, n in enumerate(lengths):
            h, c, _ = run_rnn(model.encoder.rnn, x[b:b + 1, :n])
            hs.append(h[0].numpy())
            if c is not None:
                cs.append(c[0].numpy())
            # The reference decodes the encoder's last hidden state over the series length.
            decoded.append(model.decoder(h[0, -1], max(lengths)).numpy().reshape(-1))
        h = padded(hs, max(lengths))
        save_npy(f"{name}_states.npy", h)
        if cs:
            save_npy(f"{name}_states_hc.npy", np.concatenate([h, padded(cs, max(lengths))], axis=-1))
        save_npy(f"{name}_decoded.npy", np.stack(decoded).astype(np.float32))
    torch.save(model.state_dict(), path(f"{name}.pt"))
    save_inputs(name, lengths, x=x)


class Stack(nn.Module):
    def __init__(self, cell, attr, inputs, hidden, vocab=0, readout=("", 0), bidirectional=False, bias=True):
        super().__init__()
        if vocab:
            self.embedding = nn.Embedding(vocab, inputs)
        setattr(self, attr, getattr(nn, cell)(inputs, hidden, num_layers=2, batch_first=True,
                                              bidirectional=bidirectional, bias=bias))
        if readout[1]:
            setattr(self, readout[0], nn.Linear(hidden, readout[1]))
        self.attr, self.vocab, self.readout = attr, vocab, readout

    def core(self):
        return getattr(self, self.attr)


def stack(name, gen, cell, attr, inputs, hidden, vocab=0, readout=("", 0), bias=True):
    model = Stack(cell, attr or "rnn", inputs, hidden, vocab, readout, bias=bias)
    lengths = [8, 5, 2]
    tokens = tokens_batch(gen, vocab, lengths) if vocab else None
    x = series_batch(gen, inputs, lengths) if not vocab else None
    with torch.no_grad():
        hs, cs, first = [], [], []
        for b, n in enumerate(lengths):
            seq = model.embedding(tokens[b:b + 1, :n]) if vocab else x[b:b + 1, :n]
            h, c, layers = run_rnn(model.core(), seq)
            hs.append(h[0].numpy())
            first.append(layers[0][0].numpy())
            if c is not None:
                cs.append(c[0].numpy())
        h = padded(hs, max(lengths))
        save_npy(f"{name}_states.npy", h)
        save_npy(f"{name}_states_layer0.npy", padded(first, max(lengths)))
        if cs:
            save_npy(f"{name}_states_hc.npy", np.concatenate([h, padded(cs, max(lengths))], axis=-1))
        if readout[1]:
            linear = getattr(model, readout[0])
            save_npy(f"{name}_readout.npy", linear(torch.from_numpy(h.reshape(-1, hidden))).numpy())
    # No attribute name: the bare torch.nn module's own state dict, keys without a prefix.
    state = model.state_dict() if attr else model.core().state_dict()
    torch.save(state, path(f"{name}.pt"))
    save_inputs(name, lengths, tokens=tokens, x=x)


class Scripted(nn.Module):
    """The TorchScript contract: hidden_states(x) -> [b, T, m], readout(h), decode(h)."""

    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(30, 5)
        self.gru = nn.GRU(5, 7, batch_first=True)
        self.linear = nn.Linear(7, 2)

    def forward(self, x):
        return self.hidden_states(x)

    @torch.jit.export
    def hidden_states(self, x):
        return self.gru(self.embedding(x))[0]

    @torch.jit.export
    def readout(self, h):
        return self.linear(h)


class ScriptedAutoencoder(nn.Module):
    """A series model with decode(h) for a fixed length, as the reference ECG autoencoder."""

    def __init__(self):
        super().__init__()
        self.encoder = nn.GRU(1, 4, batch_first=True)
        self.decoder = nn.GRU(4, 6, batch_first=True)
        self.output = nn.Linear(6, 1)

    def forward(self, x):
        return self.hidden_states(x)

    @torch.jit.export
    def hidden_states(self, x):
        return self.encoder(x)[0]

    @torch.jit.export
    def decode(self, h):
        return self.output(self.decoder(h.unsqueeze(1).repeat(1, 5, 1))[0])


def torchscript(gen):
    series = ScriptedAutoencoder()
    x = series_batch(gen, 1, [5, 5])
    with torch.no_grad():
        h = series.hidden_states(x)
        save_npy("scripted_series_states.npy", h.numpy())
        save_npy("scripted_series_decoded.npy", series.decode(h[:, -1]).reshape(2, 5).numpy())
    torch.jit.save(torch.jit.script(series), path("scripted_series.pt"))
    save_inputs("scripted_series", [5, 5], x=x)

    model = Scripted()
    lengths = [6, 6]
    tokens = tokens_batch(gen, 30, lengths)
    with torch.no_grad():
        h = model.hidden_states(tokens)
        save_npy("scripted_states.npy", h.numpy())
        save_npy("scripted_readout.npy", model.readout(h.reshape(-1, 7)).numpy())
    torch.jit.save(torch.jit.script(model), path("scripted.pt"))
    save_inputs("scripted", lengths, tokens=tokens)


# ---- hostile and broken files ----

class RunsCode:
    """A pickle that would call os.system('echo owned') when loaded by Python's pickle."""

    def __reduce__(self):
        return (os.system, ("echo owned",))


class Tensor:
    """A tensor rebuilt from arbitrary storage offset, size and stride, to test the bounds checks."""

    def __init__(self, storage, offset, size, stride):
        self.args = (storage, offset, size, stride)

    def __reduce__(self):
        return (torch._utils._rebuild_tensor_v2, self.args + (False, collections.OrderedDict()))


def hostile():
    torch.save(collections.OrderedDict(w=RunsCode()), path("bad_os_system.pt"))
    torch.save(nn.Sequential(nn.Linear(2, 2)), path("bad_whole_model.pt"))
    storage = torch.arange(6, dtype=torch.float32).storage()
    cases = {"offset": (7, (1,), (1,)), "size": (2, (2, 3), (3, 1)), "stride": (5, (3,), (-1,)),
             "absurd": (0, (1 << 40, 1 << 40), (0, 0))}
    for case, (offset, size, stride) in cases.items():
        torch.save(collections.OrderedDict(w=Tensor(storage, offset, size, stride)), path(f"bad_tensor_{case}.pt"))
    # Every dtype the unpickler converts, a transposed view and two views of one storage.
    base = torch.arange(12, dtype=torch.float32).reshape(3, 4) / 8 - 0.5
    torch.save(collections.OrderedDict([
        ("f64", base.double()), ("f16", base.half()), ("bf16", base.bfloat16()),
        ("i64", torch.tensor([-3, 0, 1 << 20])), ("i32", torch.tensor([7, -7], dtype=torch.int32)),
        ("u8", torch.tensor([0, 255], dtype=torch.uint8)), ("flag", torch.tensor([True, False])),
        ("transposed", base.t()), ("row1", base[1]), ("column2", base[:, 2]), ("scalar", torch.tensor(2.5)),
        ("param", nn.Parameter(base[0].clone())),
    ]), path("dtypes.pt"))
    save_npy("dtypes_base.npy", base.numpy())
    # A sentiment checkpoint with one shape wrong, one key missing and one key extra.
    good = Sentiment("GRU", 40, 8, 12).state_dict()
    wrong = collections.OrderedDict(good)
    wrong["rnn.weight_hh"] = torch.zeros(36, 11)
    torch.save(wrong, path("bad_shape.pt"))
    keys = collections.OrderedDict(good)
    del keys["rnn.bias_hh"]
    keys["rnn.surprise"] = torch.zeros(3)
    torch.save(keys, path("bad_keys.pt"))
    torch.save(Stack("GRU", "gru", 3, 4, bidirectional=True).state_dict(), path("bad_bidirectional.pt"))
    # Truncated and corrupted copies of a good checkpoint.
    with open(path("sentiment_gru.pt"), "rb") as f:
        image = f.read()
    with open(path("bad_truncated.pt"), "wb") as f:
        f.write(image[:len(image) // 2])
    corrupt = bytearray(image)
    start = image.find(b"collections")  # inside data.pkl, stored uncompressed: the CRC must catch it
    corrupt[start:start + 11] = b"xxxxxxxxxxx"
    with open(path("bad_corrupt.pt"), "wb") as f:
        f.write(bytes(corrupt))
    with open(path("bad_plain_pickle.pt"), "wb") as f:
        pickle.dump({"w": 1}, f, protocol=2)


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(0)
    gen = torch.Generator().manual_seed(1)
    for cell in ("GRU", "LSTM", "RNN"):
        sentiment(cell, gen)
    for cell in ("LSTM", "GRU"):
        ecg(cell, gen)
    stack("stack_gru", gen, "GRU", "", inputs=3, hidden=10)
    stack("stack_lstm_embed_readout", gen, "LSTM", "lstm", inputs=6, hidden=8, vocab=30, readout=("fc", 2))
    stack("stack_rnn_readout", gen, "RNN", "rnn", inputs=2, hidden=9, readout=("linear", 3))
    stack("stack_gru_embed", gen, "GRU", "gru", inputs=4, hidden=7, vocab=25)
    stack("stack_lstm_nobias", gen, "LSTM", "model.lstm", inputs=3, hidden=5, bias=False)
    torchscript(gen)
    hostile()


if __name__ == "__main__":
    main()
