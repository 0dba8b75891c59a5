"""Load MNIST for the grader: the packaged offline subset, a folder of IDX files, or an .npz.

The grading machines cannot download datasets, so a 10,000-digit subset ships with the
package (see DATA.md); full MNIST can be used instead by pointing the
BACKPROP_GRADER_MNIST environment variable (or the `path` argument) at it.  Anything
missing or malformed raises MnistError with a one-line message naming the file.
"""

from __future__ import annotations

import gzip
import os
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

__all__ = ["ENV_VAR", "PACKAGED_SUBSET", "MnistData", "MnistError", "load_mnist"]

ENV_VAR = "BACKPROP_GRADER_MNIST"
PACKAGED_SUBSET = Path(__file__).resolve().with_name("mnist_subset.npz")

_SIDE = 28
_IMAGE_MAGIC = 2051  # 0x00000803: unsigned bytes, 3 dimensions
_LABEL_MAGIC = 2049  # 0x00000801: unsigned bytes, 1 dimension
_KEYS = ("x_train", "y_train", "x_test", "y_test")
_IDX_FILES = {
    "x_train": "train-images-idx3-ubyte",
    "y_train": "train-labels-idx1-ubyte",
    "x_test": "t10k-images-idx3-ubyte",
    "y_test": "t10k-labels-idx1-ubyte",
}


class MnistError(ValueError):
    """MNIST data are missing or malformed; the message names the file and the problem."""


@dataclass(frozen=True, eq=False)
class MnistData:
    """MNIST splits as read-only arrays: pixels float64 in [0, 1], shape (N, 784); labels int64 0-9."""

    x_train: npt.NDArray[np.float64]
    y_train: npt.NDArray[np.int64]
    x_test: npt.NDArray[np.float64]
    y_test: npt.NDArray[np.int64]
    source: str


def load_mnist(path: str | os.PathLike[str] | None = None) -> MnistData:
    """Load MNIST from `path`, else $BACKPROP_GRADER_MNIST, else the packaged subset.

    `path` may be a folder of the four standard IDX files (each plain or .gz), a
    Keras-style mnist.npz (images (N, 28, 28) uint8), or our subset .npz (images (N, 784)).
    """
    origin = ""
    if path is None:
        env = os.environ.get(ENV_VAR, "")
        path, origin = (env, f" (from ${ENV_VAR})") if env else (PACKAGED_SUBSET, "")
    p = Path(path).expanduser()
    if p.is_dir():
        return _load_idx_dir(p)
    if p.is_file():
        return _load_npz(p)
    hint = " (regenerate with tools/build_mnist_subset.py)" if p == PACKAGED_SUBSET else ""
    raise MnistError(f"{p}: no such file or directory{origin}{hint}")


def _load_idx_dir(folder: Path) -> MnistData:
    """Read the four standard IDX files from `folder`."""
    files = {key: _find_idx(folder, name) for key, name in _IDX_FILES.items()}
    arrays = {key: _read_idx(f, _IMAGE_MAGIC if key.startswith("x") else _LABEL_MAGIC)
              for key, f in files.items()}
    return _build(arrays, files, f"IDX files in {folder}")


def _find_idx(folder: Path, name: str) -> Path:
    """Return folder/name or folder/name.gz, whichever exists (plain first)."""
    for candidate in (folder / name, folder / f"{name}.gz"):
        if candidate.is_file():
            return candidate
    raise MnistError(f"{folder / name}: missing (neither {name} nor {name}.gz exists)")


def _read_idx(path: Path, magic: int) -> npt.NDArray[np.uint8]:
    """Parse an IDX file (optionally gzipped): big-endian magic, big-endian sizes, then ubyte data."""
    try:
        raw = path.read_bytes()
        if raw[:2] == b"\x1f\x8b":  # gzip magic; IDX files always start with two zero bytes
            raw = gzip.decompress(raw)
    except (OSError, EOFError, zlib.error) as exc:  # gzip.BadGzipFile is an OSError
        raise MnistError(f"{path}: cannot read ({_one_line(exc)})") from exc
    ndim = 3 if magic == _IMAGE_MAGIC else 1
    header = 4 + 4 * ndim
    if len(raw) < header:
        raise MnistError(f"{path}: truncated header ({len(raw)} bytes, need {header})")
    found = int.from_bytes(raw[:4], "big")
    if found != magic:
        kind = "images" if magic == _IMAGE_MAGIC else "labels"
        raise MnistError(f"{path}: bad magic number {found}, expected {magic} for IDX {kind}")
    dims = tuple(int(d) for d in np.frombuffer(raw, dtype=">u4", count=ndim, offset=4))
    expected = header + int(np.prod(dims, dtype=np.int64))
    if len(raw) != expected:
        problem = "truncated" if len(raw) < expected else "has trailing bytes"
        raise MnistError(f"{path}: {problem}: {len(raw)} bytes but header sizes {dims} need {expected}")
    return np.frombuffer(raw, dtype=np.uint8, offset=header).reshape(dims)


def _load_npz(path: Path) -> MnistData:
    """Read a Keras-style or subset-style .npz (no pickles allowed)."""
    try:
        loaded = np.load(path, allow_pickle=False)
        if not isinstance(loaded, np.lib.npyio.NpzFile):
            raise MnistError(f"{path}: holds a single .npy array, expected an .npz archive with {', '.join(_KEYS)}")
        with loaded as npz:
            missing = [k for k in _KEYS if k not in npz.files]
            if missing:
                raise MnistError(f"{path}: missing array(s) {', '.join(missing)} "
                                 f"(need {', '.join(_KEYS)})")
            arrays = {k: npz[k] for k in _KEYS}
            source = str(npz["source"].item()) if "source" in npz.files else f"npz file {path}"
    except MnistError:
        raise
    except (OSError, ValueError, EOFError, zipfile.BadZipFile, zlib.error) as exc:
        raise MnistError(f"{path}: not a readable MNIST .npz ({_one_line(exc)})") from exc
    return _build(arrays, dict.fromkeys(_KEYS, path), source)


def _build(arrays: dict[str, np.ndarray], files: dict[str, Path], source: str) -> MnistData:
    """Validate shapes, dtypes, counts and label range; convert to float64 pixels and int64 labels."""
    out: dict[str, np.ndarray] = {}
    for split in ("train", "test"):
        xk, yk = f"x_{split}", f"y_{split}"
        x, y = arrays[xk], arrays[yk]
        xf, yf = files[xk], files[yk]
        if x.dtype != np.uint8:
            raise MnistError(f"{xf}: {xk} has dtype {x.dtype}, expected uint8 pixels")
        if x.ndim == 3 and x.shape[1:] == (_SIDE, _SIDE):
            x = x.reshape(len(x), _SIDE * _SIDE)
        if x.ndim != 2 or x.shape[1] != _SIDE * _SIDE:
            raise MnistError(f"{xf}: {xk} has shape {x.shape}, expected (N, 28, 28) or (N, 784)")
        if y.ndim != 1 or not np.issubdtype(y.dtype, np.integer):
            raise MnistError(f"{yf}: {yk} has shape {y.shape} dtype {y.dtype}, expected 1-D integers")
        if len(x) != len(y):
            raise MnistError(f"{xf}: {len(x)} {split} images but {yf} has {len(y)} labels")
        if len(x) == 0:
            raise MnistError(f"{xf}: {xk} holds no images")
        if y.min() < 0 or y.max() > 9:
            raise MnistError(f"{yf}: {yk} has labels outside 0-9 (min {y.min()}, max {y.max()})")
        out[xk] = x.astype(np.float64) / 255.0
        out[yk] = y.astype(np.int64)
    for a in out.values():
        a.setflags(write=False)
    return MnistData(source=source, **out)


def _one_line(exc: BaseException) -> str:
    """First line of an exception message, so our errors stay one line."""
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]
