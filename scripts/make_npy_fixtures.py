#!/usr/bin/python3
"""Writes the small NumPy fixtures that tests/core/io check the .npy/.npz reader against.

Run with Debian's python3 (numpy): /usr/bin/python3 scripts/make_npy_fixtures.py
The values are simple on purpose: the tests check them by hand.
"""
import os
import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "npy")


def path(name):
    return os.path.join(OUT, name)


def save_version(name, array, version):
    with open(path(name), "wb") as f:
        np.lib.format.write_array(f, array, version=version, allow_pickle=False)


def good_arrays():
    np.save(path("f4_2x3.npy"), (np.arange(6, dtype=np.float32) * 0.5 - 1).reshape(2, 3))
    np.save(path("f8_4.npy"), np.array([1.5, -2.25, 1e300, 5e-324], dtype=np.float64))
    np.save(path("i4_2x2.npy"), np.array([[1, -2], [2147483647, -2147483648]], dtype=np.int32))
    np.save(path("i8_3.npy"), np.array([2**40, -7, 0], dtype=np.int64))
    np.save(path("f8_scalar.npy"), np.array(3.5))
    np.save(path("f4_0x3.npy"), np.zeros((0, 3), dtype=np.float32))
    # A 1-D array is laid out the same in both orders, so fortran_order True is harmless there.
    np.save(path("f4_fortran_1d.npy"), np.asfortranarray(np.array([1, 2, 3], dtype=np.float32)))
    save_version("f4_v2.npy", np.array([[1, 2], [3, 4]], dtype=np.float32), (2, 0))
    save_version("i8_v3.npy", np.array([5, 6, 7], dtype=np.int64), (3, 0))


def states():
    # [b=2, T=3, m=2]; sequence 1 is 2 steps long, its last step is padding.
    z = np.arange(12, dtype=np.float32).reshape(2, 3, 2) / 4
    np.save(path("states_f4.npy"), z)
    np.save(path("states_f8.npy"), z.astype(np.float64))
    np.save(path("lengths_i8.npy"), np.array([3, 2], dtype=np.int64))
    np.save(path("lengths_i4.npy"), np.array([3, 2], dtype=np.int32))
    np.savez(path("arrays.npz"), states=z, lengths=np.array([3, 2], dtype=np.int64))
    np.savez_compressed(path("arrays_compressed.npz"), a=np.arange(5, dtype=np.int32),
                        b=np.eye(2, dtype=np.float64))


def bad_arrays():
    np.save(path("bad_big_endian.npy"), np.array([1, 2], dtype=">f4"))
    np.save(path("bad_fortran.npy"), np.asfortranarray(np.arange(6, dtype=np.float32).reshape(2, 3)))
    np.save(path("bad_object.npy"), np.array([1, "a"], dtype=object), allow_pickle=True)
    np.save(path("bad_bool.npy"), np.array([True, False]))
    np.save(path("bad_int16.npy"), np.array([1, 2], dtype=np.int16))
    np.save(path("bad_structured.npy"), np.zeros(2, dtype=[("x", "<f4"), ("y", "<i4")]))
    np.save(path("bad_nan_states.npy"), np.array([[[0.0], [np.nan]]], dtype=np.float32))
    np.save(path("bad_states_2d.npy"), np.zeros((2, 3), dtype=np.float32))
    np.save(path("bad_lengths_float.npy"), np.array([3.0, 2.0], dtype=np.float32))


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    good_arrays()
    states()
    bad_arrays()
