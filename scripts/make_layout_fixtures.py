#!/usr/bin/python3
"""Writes checkpoints laid out the ways PyTorch tutorials and papers write them, for the layout-by-role
tests in tests/core/models: other embedding names, MLP heads, DataParallel's prefix, training-checkpoint
dicts, nn.RNN with relu, bidirectional stacks, two-stack autoencoders, safetensors, one-hot character
models, and the ambiguous or unexplained ones the loader must refuse.

Run with Debian's python3 (python3-torch): /usr/bin/python3 scripts/make_layout_fixtures.py
Files follow scripts/make_torch_fixtures.py (<name>.pt, _tokens/_x, _lengths, _states, _readout,
_decoded .npy), plus <name>_states_backward.npy: a bidirectional stack's reverse direction in its own
time order (step t of a sequence of length n is the state after reading tokens n-1 .. n-1-t).
"""
import collections
import json
import os
import struct
import sys

import numpy as np
import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_torch_fixtures as base  # noqa: E402  (the helpers shared with the paper's layouts)

LENGTHS = [7, 4, 2]


def per_sequence(inputs, lengths, run):
    """run(one unpadded sequence [1, n, ...]) -> [n, m] for each sequence, padded to [b, T, m]."""
    with torch.no_grad():
        return base.padded([run(inputs[b:b + 1, :n]).numpy() for b, n in enumerate(lengths)], max(lengths))


def split_directions(module, seq):
    """Forward states and the reverse direction's states in reversed time, of the module's last layer."""
    out = module(seq)[0][0]
    h = module.hidden_size
    return out[:, :h], torch.flip(out[:, h:], [0])


def layer_zero(module):
    """A one-layer copy of a stack's first layer (both directions)."""
    single = type(module)(module.input_size, module.hidden_size, batch_first=True, bidirectional=module.bidirectional)
    for name, value in single.named_parameters():
        value.data.copy_(getattr(module, name).data)
    return single


def save_readout(name, head, states):
    with torch.no_grad():
        base.save_npy(f"{name}_readout.npy", head(torch.from_numpy(states.reshape(-1, states.shape[-1]))).numpy())


class Net(nn.Module):
    """A model holding the given modules under their names, in order: its state dict's keys."""

    def __init__(self, **modules):
        super().__init__()
        for key, module in modules.items():
            setattr(self, key, module)


def record(name, model, inputs, run, head=None, state=None):
    """Saves the checkpoint (`state`, by default the model's state dict), the inputs, PyTorch's states
    from run(one unpadded sequence) and, given a head, its readout of every state row."""
    states = per_sequence(inputs, LENGTHS, run)
    base.save_npy(f"{name}_states.npy", states)
    if head is not None:
        save_readout(name, head, states)
    torch.save(model.state_dict() if state is None else state, base.path(f"{name}.pt"))
    tokens = inputs.dtype == torch.long
    base.save_inputs(name, LENGTHS, tokens=inputs if tokens else None, x=None if tokens else inputs)


# ---- embeddings, heads and containers ----

def emb_gru_mlp(gen):
    """emb -> 2-layer GRU -> fc1 -> relu -> fc2."""
    model = Net(emb=nn.Embedding(50, 6), rnn=nn.GRU(6, 8, num_layers=2, batch_first=True), fc1=nn.Linear(8, 5),
                fc2=nn.Linear(5, 3))
    record("role_emb_gru_mlp", model, base.tokens_batch(gen, 50, LENGTHS), lambda s: model.rnn(model.emb(s))[0][0],
           head=lambda h: model.fc2(torch.relu(model.fc1(h))))


def training_checkpoint(gen):
    """embed -> LSTM -> classifier = Sequential(Linear, Tanh, Dropout, Linear), saved as
    {'epoch', 'model_state_dict', 'optimizer_state_dict', 'loss'} after one Adam step."""
    model = Net(embed=nn.Embedding(40, 5), lstm=nn.LSTM(5, 7, batch_first=True),
                classifier=nn.Sequential(nn.Linear(7, 6), nn.Tanh(), nn.Dropout(0.1), nn.Linear(6, 2)))
    tokens = base.tokens_batch(gen, 40, LENGTHS)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    model.classifier(model.lstm(model.embed(tokens))[0][:, -1]).sum().backward()
    optimizer.step()
    model.eval()
    record("role_training_checkpoint", model, tokens, lambda s: model.lstm(model.embed(s))[0][0], head=model.classifier,
           state={"epoch": 3, "model_state_dict": model.state_dict(), "optimizer_state_dict": optimizer.state_dict(),
                  "loss": 0.25, "note": "trained"})


def data_parallel_relu(gen):
    """word_embeddings -> 2-layer nn.RNN(nonlinearity='relu') -> fc, with nn.DataParallel's keys
    ("module.") inside {'state_dict': ...}."""
    model = Net(word_embeddings=nn.Embedding(30, 4), rnn=nn.RNN(4, 6, num_layers=2, nonlinearity="relu", batch_first=True),
                fc=nn.Linear(6, 2))
    wrapped = collections.OrderedDict(("module." + k, v) for k, v in model.state_dict().items())
    record("role_dataparallel_rnn_relu", model, base.tokens_batch(gen, 30, LENGTHS),
           lambda s: model.rnn(model.word_embeddings(s))[0][0], head=model.fc,
           state={"state_dict": wrapped, "best_accuracy": 0.5})


def model_entry(gen):
    """encoder.embedding, encoder.gru, out, saved as {'model': state_dict, 'args': {...}}."""
    model = Net(encoder=Net(embedding=nn.Embedding(25, 4), gru=nn.GRU(4, 5, batch_first=True)), out=nn.Linear(5, 2))
    record("role_model_entry", model, base.tokens_batch(gen, 25, LENGTHS),
           lambda s: model.encoder.gru(model.encoder.embedding(s))[0][0], head=model.out,
           state={"model": model.state_dict(), "args": {"hidden": 5, "layers": [1, 2], "dropout": 0.0}})


# ---- bidirectional stacks ----

def bidirectional_gru(gen):
    name = "role_bigru"
    model = Net(gru=nn.GRU(3, 4, num_layers=2, batch_first=True, bidirectional=True), fc=nn.Linear(8, 2))
    x = base.series_batch(gen, 3, LENGTHS)
    first = layer_zero(model.gru)
    for suffix, module, direction in (("", model.gru, 0), ("_backward", model.gru, 1),
                                      ("_layer0", first, 0), ("_layer0_backward", first, 1)):
        states = per_sequence(x, LENGTHS, lambda s, m=module, d=direction: split_directions(m, s)[d])
        base.save_npy(f"{name}_states{suffix}.npy", states)
    torch.save(model.state_dict(), base.path(f"{name}.pt"))
    base.save_inputs(name, LENGTHS, x=x)


def bidirectional_lstm(gen):
    name = "role_bilstm"
    model = Net(embedding=nn.Embedding(20, 4), lstm=nn.LSTM(4, 5, batch_first=True, bidirectional=True))
    tokens = base.tokens_batch(gen, 20, LENGTHS)

    def backward_hc(seq):
        # The reverse direction alone, step by step over the reversed sequence: its h and c.
        cell = nn.LSTM(4, 5, batch_first=True)
        for p in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            getattr(cell, p + "_l0").data.copy_(getattr(model.lstm, p + "_l0_reverse").data)
        h = c = torch.zeros(1, 1, 5)
        hs, cs = [], []
        for x in torch.flip(model.embedding(seq), [1]).unbind(1):
            _, (h, c) = cell(x.unsqueeze(1), (h, c))
            hs.append(h[0, 0])
            cs.append(c[0, 0])
        return torch.cat([torch.stack(hs), torch.stack(cs)], 1)

    for suffix, direction in (("", 0), ("_backward", 1)):
        states = per_sequence(tokens, LENGTHS, lambda s, d=direction: split_directions(model.lstm, model.embedding(s))[d])
        base.save_npy(f"{name}_states{suffix}.npy", states)
    hc = per_sequence(tokens, LENGTHS, backward_hc)
    assert np.allclose(hc[..., :5], np.load(base.path(f"{name}_states_backward.npy")), atol=1e-6)
    base.save_npy(f"{name}_states_backward_hc.npy", hc)
    torch.save(model.state_dict(), base.path(f"{name}.pt"))
    base.save_inputs(name, LENGTHS, tokens=tokens)


class ScriptedBiGru(nn.Module):
    """A TorchScript model whose backward states depend on the padding after each sequence."""

    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(20, 4)
        self.gru = nn.GRU(4, 3, batch_first=True, bidirectional=True)

    def forward(self, x):
        return self.hidden_states(x)

    @torch.jit.export
    def hidden_states(self, x):
        return self.gru(self.embedding(x))[0]


def scripted_bidirectional(gen):
    name = "role_scripted_bigru"
    torch.jit.save(torch.jit.script(ScriptedBiGru()), base.path(f"{name}.pt"))
    base.save_inputs(name, LENGTHS, tokens=base.tokens_batch(gen, 20, LENGTHS))


# ---- autoencoders with two or more recurrent modules ----

def decode_repeated(decoder_modules, output, z, time):
    """The reference autoencoders' decoding: the encoder's last state repeated over the length."""
    y = z.reshape(1, 1, -1).repeat(1, time, 1)
    for module in decoder_modules:
        y = module(y)[0]
    return output(y[0]).reshape(-1)


def two_stack(gen):
    name = "role_two_stack"
    # An autoencoder or a stack: the keys cannot say.
    model = Net(rnn1=nn.GRU(2, 5, batch_first=True), rnn2=nn.GRU(5, 7, batch_first=True), out=nn.Linear(7, 2))
    x = base.series_batch(gen, 2, LENGTHS)
    time = max(LENGTHS)
    encoder = per_sequence(x, LENGTHS, lambda s: model.rnn1(s)[0][0])
    base.save_npy(f"{name}_states.npy", encoder)
    with torch.no_grad():
        decoded = [decode_repeated([model.rnn2], model.out, torch.from_numpy(encoder[b, n - 1]), time).numpy()
                   for b, n in enumerate(LENGTHS)]
    base.save_npy(f"{name}_decoded.npy", np.stack(decoded).astype(np.float32))
    stacked = per_sequence(x, LENGTHS, lambda s: model.rnn2(model.rnn1(s)[0])[0][0])
    base.save_npy(f"{name}_states_stacked.npy", stacked)
    save_readout(name, model.out, stacked)
    torch.save(model.state_dict(), base.path(f"{name}.pt"))
    base.save_inputs(name, LENGTHS, x=x)


def named_autoencoder(gen):
    """The widely copied LSTM autoencoder tutorial: encoder.rnn1/rnn2, decoder.rnn1/rnn2/output_layer."""
    name = "role_lstm_autoencoder"
    model = Net(encoder=Net(rnn1=nn.LSTM(1, 8, batch_first=True), rnn2=nn.LSTM(8, 4, batch_first=True)),
                decoder=Net(rnn1=nn.LSTM(4, 4, batch_first=True), rnn2=nn.LSTM(4, 8, batch_first=True),
                            output_layer=nn.Linear(8, 1)))
    x = base.series_batch(gen, 1, LENGTHS)
    time = max(LENGTHS)
    enc = model.encoder
    states = per_sequence(x, LENGTHS, lambda s: enc.rnn2(enc.rnn1(s)[0])[0][0])
    base.save_npy(f"{name}_states.npy", states)
    base.save_npy(f"{name}_states_layer0.npy", per_sequence(x, LENGTHS, lambda s: enc.rnn1(s)[0][0]))
    dec = model.decoder
    with torch.no_grad():
        decoded = [decode_repeated([dec.rnn1, dec.rnn2], dec.output_layer, torch.from_numpy(states[b, n - 1]), time).numpy()
                   for b, n in enumerate(LENGTHS)]
    base.save_npy(f"{name}_decoded.npy", np.stack(decoded).astype(np.float32))
    torch.save(model.state_dict(), base.path(f"{name}.pt"))
    base.save_inputs(name, LENGTHS, x=x)


# ---- safetensors, written by hand: Debian has no safetensors package ----

SAFETENSORS_DTYPES = {torch.float32: ("F32", "<f4"), torch.float64: ("F64", "<f8"),
                      torch.float16: ("F16", "<f2")}


def tensor_bytes(t):
    if t.dtype == torch.bfloat16:  # the top half of each float32
        return "BF16", (t.float().numpy().view(np.uint32) >> 16).astype("<u2").tobytes()
    code, layout = SAFETENSORS_DTYPES[t.dtype]
    return code, t.numpy().astype(layout).tobytes()


def write_safetensors(path, tensors, metadata=None):
    header, blobs, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = metadata
    for key, t in tensors.items():
        code, data = tensor_bytes(t.detach().contiguous())
        header[key] = {"dtype": code, "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def safetensors_model(gen):
    """Weights stored as F16, BF16, F64 and F32; the model's own weights rounded the same way first."""
    name = "role_safetensors"
    model = Net(lstm=nn.LSTM(3, 5, batch_first=True), head=nn.Linear(5, 1))
    stored = {"lstm.weight_ih_l0": torch.float16, "lstm.weight_hh_l0": torch.bfloat16,
              "lstm.bias_ih_l0": torch.float64, "lstm.bias_hh_l0": torch.float32,
              "head.weight": torch.float32, "head.bias": torch.float16}
    state = model.state_dict()
    with torch.no_grad():
        for key, dtype in stored.items():
            state[key].copy_(state[key].to(dtype).float())
    x = base.series_batch(gen, 3, LENGTHS)
    states = per_sequence(x, LENGTHS, lambda s: model.lstm(s)[0][0])
    base.save_npy(f"{name}_states.npy", states)
    save_readout(name, model.head, states)
    write_safetensors(base.path(f"{name}.safetensors"), {k: state[k].to(d) for k, d in stored.items()},
                      {"format": "pt"})
    base.save_inputs(name, LENGTHS, x=x)
    # Broken copies: a header length past the end, and two tensors sharing bytes.
    with open(base.path(f"{name}.safetensors"), "rb") as f:
        image = f.read()
    with open(base.path("bad_safetensors_length.safetensors"), "wb") as f:
        f.write(struct.pack("<Q", len(image)) + image[8:])
    w = torch.zeros(2, 2)
    header = {"a": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]},
              "b": {"dtype": "F32", "shape": [2], "data_offsets": [8, 16]}}
    text = json.dumps(header).encode()
    with open(base.path("bad_safetensors_overlap.safetensors"), "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + w.numpy().tobytes())


def rnn_series(gen):
    """A bare nn.RNN(nonlinearity='relu') state dict on one-feature series: the CLI's warning case."""
    model = nn.RNN(1, 3, batch_first=True, nonlinearity="relu")
    record("role_rnn_series", model, base.series_batch(gen, 1, LENGTHS), lambda s: model(s)[0][0])


# ---- one-hot character model ----

def one_hot_chars(gen):
    """A character model without embedding: one-hot rows of a 12-symbol vocabulary into a GRU."""
    model = Net(gru=nn.GRU(12, 6, batch_first=True), decoder=nn.Linear(6, 12))
    record("role_char_onehot", model, base.tokens_batch(gen, 12, LENGTHS),
           lambda s: model.gru(nn.functional.one_hot(s, 12).float())[0][0], head=model.decoder)


# ---- readings the loader must refuse, each with the option that settles it ----

def refused():
    gru = nn.GRU(4, 5, batch_first=True).state_dict()

    def save(name, items):
        torch.save(collections.OrderedDict(items), base.path(f"{name}.pt"))

    linear = nn.Linear(5, 2).state_dict()
    save("role_two_embeddings", [("src_emb.weight", torch.randn(20, 4)), ("tgt_emb.weight", torch.randn(30, 4))] +
         [("gru." + k, v) for k, v in gru.items()])
    save("role_two_heads", [("gru." + k, v) for k, v in gru.items()] +
         [("fc_a." + k, v) for k, v in linear.items()] +
         [("fc_b." + k, v) for k, v in nn.Linear(5, 3).state_dict().items()])
    torch.save({"generator": gru, "discriminator": linear}, base.path("role_two_state_dicts.pt"))
    torch.save({"epoch": 4, "weights": [torch.zeros(2)]}, base.path("role_no_state_dict.pt"))
    save("role_unexplained", [("embed.weight", torch.randn(20, 4))] + [("gru." + k, v) for k, v in gru.items()] +
         [("norm.weight", torch.ones(5)), ("norm.bias", torch.zeros(5))] + [("fc." + k, v) for k, v in linear.items()])


def main():
    torch.manual_seed(7)
    gen = torch.Generator().manual_seed(8)
    emb_gru_mlp(gen)
    training_checkpoint(gen)
    data_parallel_relu(gen)
    model_entry(gen)
    bidirectional_gru(gen)
    bidirectional_lstm(gen)
    scripted_bidirectional(gen)
    two_stack(gen)
    named_autoencoder(gen)
    safetensors_model(gen)
    one_hot_chars(gen)
    rnn_series(gen)
    refused()


if __name__ == "__main__":
    main()
