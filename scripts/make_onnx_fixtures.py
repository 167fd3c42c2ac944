#!/usr/bin/python3
"""Writes the ONNX models (torch.onnx.export) that tests/core/models/onnx_model_test.cpp opens,
with PyTorch's own states for a few inputs of varied lengths, into tests/fixtures/onnx/.

Run with Debian's python3 (python3-torch, python3-onnx): /usr/bin/python3 scripts/make_onnx_fixtures.py
  <name>.onnx                  torch.onnx.export of the model (batch and time dynamic)
  <name>_tokens.npy / _x.npy   the inputs (padding 0); <name>_lengths.npy their lengths
  <name>_states.npy            the analysed layer's states (forward direction), zero past each length
  <name>_states_backward.npy   bidirectional: the reverse direction in its own time order
  <name>_states_hc.npy         LSTM: h and c concatenated
  <name>_states_layer0.npy     two layers: the first layer's states
  <name>_readout.npy           readout logits of every state row [batch*time, outputs]
  sentiment_gru.pt             the sentiment model's state dict: the CLI analyses both and compares
Each sequence's states come from PyTorch running it alone, unpadded: padding never enters.
Also broken files for the error tests (truncated, not ONNX, no recurrent node).
"""
import os
import sys

import numpy as np
import onnx
import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_torch_fixtures import padded, series_batch, tokens_batch  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "onnx")


def path(name):
    return os.path.join(OUT, name)


class Sentiment(nn.Module):
    """A tutorial-style classifier: embedding -> GRU -> linear on the last hidden state -> sigmoid."""

    def __init__(self, vocab, embed, hidden):
        super().__init__()
        self.embedding = nn.Embedding(vocab, embed)
        self.rnn = nn.GRU(embed, hidden, batch_first=True)
        self.fc = nn.Linear(hidden, 1)

    def states(self, tokens):
        return self.rnn(self.embedding(tokens))[0]

    def forward(self, tokens):
        _, h = self.rnn(self.embedding(tokens))
        return torch.sigmoid(self.fc(h[-1]))


class Recurrent(nn.Module):
    """A torch.nn RNN/GRU/LSTM over a series, returning every step's output."""

    def __init__(self, rnn):
        super().__init__()
        self.rnn = rnn

    def forward(self, x):
        return self.rnn(x)[0]


def export(name, model, example, input_name):
    model.eval()
    torch.onnx.export(model, (example,), path(f"{name}.onnx"), input_names=[input_name], output_names=["out"],
                      dynamic_axes={input_name: {0: "batch", 1: "time"}}, opset_version=14)
    onnx.checker.check_model(onnx.load(path(f"{name}.onnx")))


def save_inputs(name, lengths, inputs, kind):
    np.save(path(f"{name}_lengths.npy"), np.array(lengths, dtype=np.int64))
    np.save(path(f"{name}_{kind}.npy"), inputs.numpy())


def per_sequence(inputs, lengths, run):
    """run(one unpadded sequence [1, n, ...]) -> [n, m] for each sequence, padded to [b, T, m]."""
    with torch.no_grad():
        return padded([run(inputs[b:b + 1, :n]).numpy() for b, n in enumerate(lengths)], inputs.shape[1])


def layer_outputs(rnn, x):
    """Every layer's outputs [1, n, directions * hidden] of a torch.nn RNN on one sequence, and the
    LSTM cell states of the last layer's forward direction per step."""
    layers, inp, cells = [], x, None
    for l in range(rnn.num_layers):
        single = type(rnn)(inp.shape[-1], rnn.hidden_size, batch_first=True, bidirectional=rnn.bidirectional,
                           **({"nonlinearity": rnn.nonlinearity} if isinstance(rnn, nn.RNN) else {}))
        for suffix in ("", "_reverse") if rnn.bidirectional else ("",):
            for w in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
                getattr(single, f"{w}_l0{suffix}").data.copy_(getattr(rnn, f"{w}_l{l}{suffix}").data)
        out = single(inp)[0]
        if isinstance(rnn, nn.LSTM):
            h = torch.zeros(1, 1, rnn.hidden_size)
            c, cs = torch.zeros_like(h), []
            forward = nn.LSTM(inp.shape[-1], rnn.hidden_size, batch_first=True)
            for w in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
                getattr(forward, f"{w}_l0").data.copy_(getattr(rnn, f"{w}_l{l}").data)
            for t in range(inp.shape[1]):
                _, (h, c) = forward(inp[:, t:t + 1], (h, c))
                cs.append(c[0, 0])
            cells = torch.stack(cs)
        layers.append(out)
        inp = out
    assert torch.allclose(rnn(x)[0], layers[-1], atol=1e-6), "layer-by-layer run differs from the stack"
    return layers, cells


def sentiment(gen):
    model = Sentiment(vocab=40, embed=6, hidden=8)
    lengths = [5, 9, 3, 7]
    tokens = tokens_batch(gen, 40, lengths)
    export("sentiment_gru", model, tokens, "tokens")
    torch.save(model.state_dict(), path("sentiment_gru.pt"))  # the same network as a checkpoint, for the CLI test
    save_inputs("sentiment_gru", lengths, tokens, "tokens")
    states = per_sequence(tokens, lengths, lambda t: model.states(t)[0])
    np.save(path("sentiment_gru_states.npy"), states)
    with torch.no_grad():
        np.save(path("sentiment_gru_readout.npy"), model.fc(torch.from_numpy(states.reshape(-1, 8))).numpy())


def recurrent(name, gen, rnn, features, lengths):
    """A series model: states of the last layer (both directions), of layer 0, and LSTM h and c."""
    model = Recurrent(rnn)
    x = series_batch(gen, features, lengths)
    export(name, model, x, "x")
    save_inputs(name, lengths, x, "x")
    hidden = rnn.hidden_size

    def last_layer(part):
        return per_sequence(x, lengths, lambda s: part(layer_outputs(rnn, s)))

    np.save(path(f"{name}_states.npy"), last_layer(lambda r: r[0][-1][0, :, :hidden]))
    if rnn.bidirectional:
        # The reverse direction's output at step t has read steps n-1 .. t: flipped, it is in its own order.
        np.save(path(f"{name}_states_backward.npy"), last_layer(lambda r: r[0][-1][0, :, hidden:].flip(0)))
    if rnn.num_layers > 1:
        np.save(path(f"{name}_states_layer0.npy"), last_layer(lambda r: r[0][0][0, :, :hidden]))
    if isinstance(rnn, nn.LSTM):
        np.save(path(f"{name}_states_hc.npy"), last_layer(lambda r: torch.cat([r[0][-1][0, :, :hidden], r[1]], 1)))


def broken(gen):
    with open(path("sentiment_gru.onnx"), "rb") as f:
        image = f.read()
    with open(path("bad_truncated.onnx"), "wb") as f:
        f.write(image[:len(image) // 2])
    with open(path("bad_not_onnx.onnx"), "wb") as f:
        f.write(b"label\ttext\n1\tnot a model at all\n")
    mlp = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 1))
    export("bad_no_recurrent", mlp, torch.randn(2, 5, 4, generator=gen), "x")


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(0)
    gen = torch.Generator().manual_seed(2)
    sentiment(gen)
    recurrent("lstm", gen, nn.LSTM(3, 5, batch_first=True), 3, [6, 2, 4])
    recurrent("rnn_2layer_relu", gen, nn.RNN(4, 6, num_layers=2, nonlinearity="relu", batch_first=True), 4, [3, 7, 5])
    recurrent("bigru", gen, nn.GRU(3, 5, bidirectional=True, batch_first=True), 3, [4, 8, 6])
    recurrent("bilstm_2layer", gen, nn.LSTM(2, 4, num_layers=2, bidirectional=True, batch_first=True), 2, [5, 3, 6])
    broken(gen)


if __name__ == "__main__":
    main()
