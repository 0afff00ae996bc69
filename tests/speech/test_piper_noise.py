"""The fixed noise, on a model of one random node: the draws have the model's distribution, do
do not depend on what was drawn before, follow the phoneme ids, and wrap round the bank for long sentences."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from generator.speech import piper_noise

onnx = pytest.importorskip("onnx", reason="pip install -e .[piper]")


def tiny_model(path: Path) -> Path:
    """input [1, n] int64 ids → noise shaped like a [1, 3, 2n] tensor, as Piper draws it."""
    from onnx import TensorProto, helper

    def ints(name: str, values: list[int]) -> onnx.TensorProto:
        return helper.make_tensor(name, TensorProto.INT64, [len(values)], values)

    nodes = [
        helper.make_node("Shape", ["input"], ["ids_shape"]),
        helper.make_node("Slice", ["ids_shape", "at1", "at2"], ["n"]),
        helper.make_node("Mul", ["n", "two"], ["width"]),
        helper.make_node("Concat", ["one_three", "width"], ["noise_shape"], axis=0),
        helper.make_node("ConstantOfShape", ["noise_shape"], ["like"]),
        helper.make_node("RandomNormalLike", ["like"], ["noise"], dtype=TensorProto.FLOAT),
    ]
    graph = helper.make_graph(
        nodes,
        "tiny",
        [helper.make_tensor_value_info("input", TensorProto.INT64, [1, "n"])],
        [helper.make_tensor_value_info("noise", TensorProto.FLOAT, None)],
        [ints("at1", [1]), ints("at2", [2]), ints("two", [2]), ints("one_three", [1, 3])],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 15)])
    model.ir_version = 8
    onnx.save(model, path)
    return path


def run(model: bytes, *sentences: list[int]) -> list[np.ndarray]:
    """Each sentence's noise, drawn one after another by one loaded model."""
    ort = pytest.importorskip("onnxruntime")
    session = ort.InferenceSession(model, providers=["CPUExecutionProvider"])
    return [session.run(None, {"input": np.array([ids], np.int64)})[0] for ids in sentences]


def test_the_model_draws_afresh_each_run_and_the_fixed_one_does_not(tmp_path: Path) -> None:
    path = tiny_model(tmp_path / "tiny.onnx")
    ids = [3, 1, 4, 1, 5, 9, 2, 6]
    other = [3, 1, 4, 1, 5, 9, 2, 7]
    first, second = run(onnx.load(str(path)).SerializeToString(), ids, ids)
    assert not np.array_equal(first, second)  # what Piper did: a sentence's draws depend on
    # how many were drawn before it

    fixed = piper_noise.fixed_noise_model(path)
    noise, after_other, again = run(fixed, ids, other, ids)
    assert noise.shape == (1, 3, 16)
    assert np.array_equal(noise, again)
    assert np.array_equal(noise, run(piper_noise.fixed_noise_model(path), ids)[0])  # a new load
    assert not np.array_equal(noise, after_other)  # another sentence, other draws


def test_the_draws_are_standard_normal(tmp_path: Path) -> None:
    fixed = piper_noise.fixed_noise_model(tiny_model(tmp_path / "tiny.onnx"))
    noise = run(fixed, list(range(1, 2001)))[0].ravel()  # 12,000 draws
    assert abs(noise.mean()) < 0.05 and abs(noise.std() - 1) < 0.05


def test_a_sentence_longer_than_the_bank_wraps_round_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(piper_noise, "BANK", 10)
    fixed = piper_noise.fixed_noise_model(tiny_model(tmp_path / "tiny.onnx"))
    ids = [1] * 9  # Σ id·position = 45, offset 5; 54 draws from a bank of 10
    noise = run(fixed, ids)[0].ravel()
    bank = np.random.default_rng(1).standard_normal(10, dtype=np.float32)
    assert np.array_equal(noise, np.tile(bank, 7)[5:59])


def test_a_model_without_random_draws_is_unchanged(tmp_path: Path) -> None:
    from onnx import TensorProto, helper

    graph = helper.make_graph(
        [helper.make_node("Identity", ["input"], ["out"])],
        "plain",
        [helper.make_tensor_value_info("input", TensorProto.INT64, [1, "n"])],
        [helper.make_tensor_value_info("out", TensorProto.INT64, [1, "n"])],
    )
    path = tmp_path / "plain.onnx"
    onnx.save(helper.make_model(graph), path)
    assert piper_noise.fixed_noise_model(path) == onnx.load(str(path)).SerializeToString()


def test_the_rewritten_model_is_made_once_and_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOLDSPACE_CACHE_DIR", str(tmp_path / "cache"))
    path = tiny_model(tmp_path / "tiny.onnx")
    kept = piper_noise.fixed_model(path, "ab" * 32)
    assert kept == piper_noise.fixed_model_file("ab" * 32) and kept.is_file()
    assert kept.read_bytes() == piper_noise.fixed_noise_model(path)
    assert [p.name for p in kept.parent.iterdir()] == [kept.name]  # no temp file left

    def never(_: Path) -> bytes:
        raise AssertionError("rewritten again")

    monkeypatch.setattr(piper_noise, "fixed_noise_model", never)
    assert piper_noise.fixed_model(path, "ab" * 32) == kept


def test_a_cache_that_cannot_be_written_gives_the_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache folder would go")
    monkeypatch.setenv("HOLDSPACE_CACHE_DIR", str(blocked))
    path = tiny_model(tmp_path / "tiny.onnx")
    assert piper_noise.fixed_model(path, "cd" * 32) == piper_noise.fixed_noise_model(path)
