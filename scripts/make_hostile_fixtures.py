#!/usr/bin/env python3
"""Writes the zip bombs the hostile-input tests refuse, into tests/fixtures/hostile/.

Plain Python (zipfile, pickle): no PyTorch needed. Run: python3 scripts/make_hostile_fixtures.py
  bomb.npz        a.npy: float32 [16777216] zeros, deflated: 64 MiB from ~65 KB
  bomb.pt         a state dict {'w': float32 [16777216]} whose storage is the same 64 MiB of zeros
  lying_size.npz  a.npy holds 128 bytes but its directory records claim 4 GiB - 16
  nan_weight.pt   a state dict {'w': float32 [[1, 2], [nan, 4]]}
"""
import collections
import io
import os
import pickle
import struct
import sys
import types
import zipfile

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "hostile")
ELEMENTS = 1 << 24


def npy_zeros(count):
    header = "{'descr': '<f4', 'fortran_order': False, 'shape': (%d,), }" % count
    header += " " * (64 - (10 + len(header) + 1) % 64) + "\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode() + bytes(4 * count)


def write_zip(name, entries):
    with zipfile.ZipFile(os.path.join(OUT, name), "w") as z:
        for entry, data in entries:
            info = zipfile.ZipInfo(entry, date_time=(2024, 1, 1, 0, 0, 0))  # fixed: the files stay byte-identical
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data, compresslevel=9)


# The globals torch.save names, as stand-ins so this script needs no PyTorch.
def _fake_torch():
    torch, utils = types.ModuleType("torch"), types.ModuleType("torch._utils")

    def _rebuild_tensor_v2(*args):
        return args

    _rebuild_tensor_v2.__module__ = "torch._utils"
    _rebuild_tensor_v2.__qualname__ = "_rebuild_tensor_v2"
    utils._rebuild_tensor_v2 = _rebuild_tensor_v2
    storage = type("FloatStorage", (), {"__module__": "torch", "__qualname__": "FloatStorage"})
    torch.FloatStorage = storage
    sys.modules.update({"torch": torch, "torch._utils": utils})
    return _rebuild_tensor_v2, storage


class _Storage:
    def __init__(self, numel):
        self.numel = numel


def state_dict_pickle(numel, size, stride):
    rebuild, storage_class = _fake_torch()

    class Tensor:
        def __reduce__(self):
            return rebuild, (_Storage(numel), 0, size, stride, False, collections.OrderedDict())

    class Pickler(pickle.Pickler):
        def persistent_id(self, obj):
            return ("storage", storage_class, "0", "cpu", obj.numel) if isinstance(obj, _Storage) else None

    out = io.BytesIO()
    Pickler(out, protocol=2).dump(collections.OrderedDict(w=Tensor()))
    return out.getvalue()


def lying_size(name):
    """A deflated entry whose local and central records both claim 0xFFFFFFF0 bytes."""
    data = npy_zeros(16)
    write_zip(name, [("a.npy", data)])
    path = os.path.join(OUT, name)
    raw = bytearray(open(path, "rb").read())
    claimed = struct.pack("<I", 0xFFFFFFF0)
    local = raw.find(b"PK\x03\x04")
    raw[local + 22:local + 26] = claimed
    central = raw.find(b"PK\x01\x02")
    raw[central + 24:central + 28] = claimed
    open(path, "wb").write(bytes(raw))


def main():
    os.makedirs(OUT, exist_ok=True)
    write_zip("bomb.npz", [("a.npy", npy_zeros(ELEMENTS))])
    write_zip("bomb.pt", [("bomb/data.pkl", state_dict_pickle(ELEMENTS, (ELEMENTS,), (1,))),
                          ("bomb/data/0", bytes(4 * ELEMENTS)), ("bomb/version", b"3\n")])
    write_zip("nan_weight.pt", [("nan_weight/data.pkl", state_dict_pickle(4, (2, 2), (2, 1))),
                                ("nan_weight/data/0", struct.pack("<4f", 1, 2, float("nan"), 4)),
                                ("nan_weight/version", b"3\n")])
    lying_size("lying_size.npz")


if __name__ == "__main__":
    main()
