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


class OneHot(nn.Module):
    """A character model without an embedding: one-hot rows of the vocabulary into a GRU."""

    def __init__(self, vocab, hidden):
        super().__init__()
        self.vocab = vocab
        self.rnn = nn.GRU(vocab, hidden, batch_first=True)

    def states(self, tokens):
        return self.rnn(nn.functional.one_hot(tokens, self.vocab).float())[0]

    def forward(self, tokens):
        return self.states(tokens)


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


def one_hot(gen):
    model = OneHot(vocab=12, hidden=5)
    lengths = [6, 3, 8]
    tokens = tokens_batch(gen, 12, lengths)
    export("onehot_gru", model, tokens, "tokens")
    save_inputs("onehot_gru", lengths, tokens, "tokens")
    np.save(path("onehot_gru_states.npy"), per_sequence(tokens, lengths, lambda t: model.states(t)[0]))


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


def keras_like(gen):
    """A graph as tf2onnx writes a Keras model (no exporter here makes one): int32 ids cast to int64,
    Gather, a GRU with linear_before_reset=0 (Keras reset_after=False) whose initial_h is a graph
    input, and a MatMul + Add + Sigmoid readout of the squeezed last state. The expected states come
    from ONNX's own reference implementation of GRU (onnx.backend.test.case.node.gru)."""
    from onnx import TensorProto, helper, numpy_helper
    from onnx.backend.test.case.node.gru import GRU_Helper
    rng = np.random.default_rng(5)
    vocab, embed, hidden = 20, 4, 3
    emb = rng.normal(size=(vocab, embed)).astype(np.float32)
    w, r = (rng.normal(scale=0.6, size=(1, 3 * hidden, n)).astype(np.float32) for n in (embed, hidden))
    b = rng.normal(scale=0.3, size=(1, 6 * hidden)).astype(np.float32)
    w_out, b_out = rng.normal(size=(hidden, 2)).astype(np.float32), rng.normal(size=2).astype(np.float32)
    consts = {"emb": emb, "W": w, "R": r, "B": b, "w_out": w_out, "b_out": b_out, "axes": np.array([0], np.int64)}
    nodes = [
        helper.make_node("Cast", ["ids"], ["ids64"], name="cast", to=TensorProto.INT64),
        helper.make_node("Gather", ["emb", "ids64"], ["embedded"], name="embedding"),
        helper.make_node("Transpose", ["embedded"], ["x"], name="time_major", perm=[1, 0, 2]),
        helper.make_node("GRU", ["x", "W", "R", "B", "", "h0"], ["y", "y_h"], name="gru", hidden_size=hidden),
        helper.make_node("Squeeze", ["y_h", "axes"], ["last"], name="squeeze"),
        helper.make_node("MatMul", ["last", "w_out"], ["logits0"], name="dense"),
        helper.make_node("Add", ["logits0", "b_out"], ["logits"], name="dense_bias"),
        helper.make_node("Sigmoid", ["logits"], ["out"], name="sigmoid"),
    ]
    graph = helper.make_graph(
        nodes, "keras_like", [helper.make_tensor_value_info("ids", TensorProto.INT32, ["b", "T"]),
                              helper.make_tensor_value_info("h0", TensorProto.FLOAT, [1, "b", hidden])],
        [helper.make_tensor_value_info("out", TensorProto.FLOAT, ["b", 2])],
        [numpy_helper.from_array(v, k) for k, v in consts.items()])
    model = helper.make_model(graph, producer_name="make_onnx_fixtures", opset_imports=[helper.make_opsetid("", 14)])
    onnx.checker.check_model(model)
    onnx.save(model, path("keras_like_gru.onnx"))
    lengths = [7, 4, 9]
    tokens = tokens_batch(gen, vocab, lengths)
    save_inputs("keras_like_gru", lengths, tokens, "tokens")

    def reference(seq):
        y = GRU_Helper(X=emb[seq[0].numpy()][:, None, :], W=w, R=r, B=b).step()[0]
        return torch.from_numpy(y[:, 0, 0, :].astype(np.float32))

    states = per_sequence(tokens, lengths, reference)
    np.save(path("keras_like_gru_states.npy"), states)
    np.save(path("keras_like_gru_readout.npy"), states.reshape(-1, hidden) @ w_out + b_out)


def initial_state(gen):
    """A series GRU whose initial_h is a constant (one state for every sequence), checked against
    ONNX's reference GRU; and the same with a different state per batch position, which is refused."""
    from onnx import TensorProto, helper, numpy_helper
    from onnx.backend.test.case.node.gru import GRU_Helper
    rng = np.random.default_rng(6)
    features, hidden = 2, 3
    w, r = (rng.normal(scale=0.7, size=(1, 3 * hidden, n)).astype(np.float32) for n in (features, hidden))
    b = rng.normal(scale=0.3, size=(1, 6 * hidden)).astype(np.float32)
    h0 = rng.normal(size=(1, 1, hidden)).astype(np.float32)

    def save(name, initial):
        nodes = [helper.make_node("GRU", ["x", "W", "R", "B", "", "h0"], ["y"], name="gru", hidden_size=hidden,
                                  linear_before_reset=1)]
        graph = helper.make_graph(nodes, name, [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["T", "b", features])],
                                  [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)],
                                  [numpy_helper.from_array(v, k) for k, v in {"W": w, "R": r, "B": b, "h0": initial}.items()])
        onnx.save(helper.make_model(graph, producer_name="make_onnx_fixtures"), path(f"{name}.onnx"))

    save("initial_state_gru", h0)
    save("bad_initial_state", np.concatenate([h0, -h0], axis=1))
    lengths = [5, 3]
    x = series_batch(gen, features, lengths)
    save_inputs("initial_state_gru", lengths, x, "x")

    def reference(seq):
        y = GRU_Helper(X=seq[0].numpy()[:, None, :], W=w, R=r, B=b, initial_h=h0, linear_before_reset=1).step()[0]
        return torch.from_numpy(y[:, 0, 0, :].astype(np.float32))

    np.save(path("initial_state_gru_states.npy"), per_sequence(x, lengths, reference))


def broken(gen):
    with open(path("sentiment_gru.onnx"), "rb") as f:
        image = f.read()
    with open(path("bad_truncated.onnx"), "wb") as f:
        f.write(image[:len(image) // 2])
    with open(path("bad_not_onnx.onnx"), "wb") as f:
        f.write(b"label\ttext\n1\tnot a model at all\n")
    mlp = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 1))
    export("bad_no_recurrent", mlp, torch.randn(2, 5, 4, generator=gen), "x")
    handmade_graphs()


def handmade_graphs():
    """Graphs no exporter writes: weights given at run time, a cycle, weights in an external file."""
    from onnx import TensorProto, helper, numpy_helper
    w = numpy_helper.from_array(np.ones((1, 6, 3), np.float32), "W")
    r = numpy_helper.from_array(np.ones((1, 6, 2), np.float32), "R")
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, ["T", "b", 3])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, None)
    w_input = helper.make_tensor_value_info("W", TensorProto.FLOAT, [1, 6, 3])
    gru = helper.make_node("GRU", ["x", "W", "R"], ["y"], name="gru", hidden_size=2)

    def save(name, nodes, inputs, initializers):
        graph = helper.make_graph(nodes, name, inputs, [y], initializers)
        onnx.save(helper.make_model(graph, producer_name="make_onnx_fixtures"), path(f"{name}.onnx"))

    save("bad_weight_input", [gru], [x, w_input], [r])
    cycle = [helper.make_node("Transpose", ["b"], ["a"], name="t1"), helper.make_node("Transpose", ["a"], ["b"], name="t2"),
             helper.make_node("GRU", ["a", "W", "R"], ["y"], name="gru", hidden_size=2)]
    save("bad_cycle", cycle, [x], [w, r])
    external = numpy_helper.from_array(np.ones((1, 6, 3), np.float32), "W")
    external.ClearField("raw_data")
    external.data_location = TensorProto.EXTERNAL
    entry = external.external_data.add()
    entry.key, entry.value = "location", "weights.bin"
    save("bad_external", [gru], [x], [external, r])


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(0)
    gen = torch.Generator().manual_seed(2)
    sentiment(gen)
    recurrent("lstm", gen, nn.LSTM(3, 5, batch_first=True), 3, [6, 2, 4])
    recurrent("rnn_2layer_relu", gen, nn.RNN(4, 6, num_layers=2, nonlinearity="relu", batch_first=True), 4, [3, 7, 5])
    recurrent("bigru", gen, nn.GRU(3, 5, bidirectional=True, batch_first=True), 3, [4, 8, 6])
    recurrent("bilstm_2layer", gen, nn.LSTM(2, 4, num_layers=2, bidirectional=True, batch_first=True), 2, [5, 3, 6])
    one_hot(gen)
    keras_like(gen)
    initial_state(gen)
    broken(gen)


if __name__ == "__main__":
    main()
