"""Piper's noise, fixed: the same sentence is the same samples on every run, in any order.

A Piper (VITS) voice draws random numbers as it speaks, in two places: the durations of its sounds
and the fine texture of the voice. onnxruntime draws them from one stream per loaded voice, so a
sentence's speech depended on how many sentences were spoken before it: its length moved by a few
per cent, and a cold render (every sentence spoken) differed from a warm one (only the uncached).

``fixed_noise_model`` rewrites each ``RandomNormalLike`` node of the model, in memory, into a
slice of a fixed bank of standard normal numbers (numpy's PCG64, seeds 1, 2, …), starting at an
offset made from the sentence's phoneme ids (Σ idᵢ·i mod the bank's size). The numbers have the
distribution the model's own draws have, so the voice sounds the same; they no longer depend on the
run, the order sentences are spoken in, or whether the cache held the ones before. (Piper's own
``include_alignments`` patches models in memory with the same library, onnx.)

The rewritten model is kept beside the speech cache (``<cache>/voices/``, named by the voice
file's sha256), so it is made once per voice: rewriting takes about 1.5 s and peaks about 40 MB
above loading a file (measured with the packaged voice); loading the kept file costs what loading
the original did. Like the cache, that file is an optimisation: when it cannot be written the
rewritten bytes are used directly, and one that onnxruntime cannot read is made again.
"""

from __future__ import annotations

from pathlib import Path

BANK = 1 << 19  # numbers per bank (2 MB); a sentence that needs more wraps round the bank
NOISE_VERSION = "fixed-1"  # in the cache key: clips made with the model's own draws are not reused
_P = "holdspace_noise/"


def fixed_noise_model(path: Path) -> bytes:
    """The model at ``path`` with its random draws fixed, serialized for onnxruntime. A model
    without random nodes comes back unchanged."""
    import numpy as np  # here: lint and plan import this module for NOISE_VERSION, never this
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    model = onnx.load(str(path))
    graph = model.graph
    random = [n for n in graph.node if n.op_type == "RandomNormalLike"]
    if not random:
        return model.SerializeToString()

    def const(name: str, value: object) -> onnx.TensorProto:
        return numpy_helper.from_array(np.array(value, np.int64), _P + name)

    ids = graph.input[0].name  # Piper: "input", the phoneme ids [batch, phonemes]
    offset = [
        helper.make_node("Shape", [ids], [_P + "ids_shape"]),
        helper.make_node("Cast", [ids], [_P + "ids"], to=TensorProto.INT64),
        helper.make_node("Gather", [_P + "ids_shape", _P + "one"], [_P + "n"], axis=0),
        helper.make_node("Add", [_P + "n", _P + "one"], [_P + "n_end"]),
        helper.make_node("Range", [_P + "one", _P + "n_end", _P + "one"], [_P + "position"]),
        helper.make_node("Mul", [_P + "ids", _P + "position"], [_P + "weighted"]),
        helper.make_node("ReduceSum", [_P + "weighted"], [_P + "sum"], keepdims=0),
        helper.make_node("Mod", [_P + "sum", _P + "bank_size"], [_P + "offset"]),
        helper.make_node("Unsqueeze", [_P + "offset", _P + "axis0"], [_P + "start"]),
    ]
    initializers = [const("one", 1), const("bank_size", BANK), const("axis0", [0])]
    nodes, seed = [], 0
    for node in graph.node:
        if node.op_type != "RandomNormalLike":
            nodes.append(node)
            continue
        seed += 1  # one bank per random node
        p = f"{_P}{seed}/"
        bank = np.random.default_rng(seed).standard_normal(BANK, dtype=np.float32)
        initializers.append(numpy_helper.from_array(bank, p + "bank"))
        like, out = node.input[0], node.output[0]
        nodes += [  # out = bank repeated as needed, [offset, offset + size), in like's shape
            helper.make_node("Shape", [like], [p + "shape"]),
            helper.make_node("ReduceProd", [p + "shape"], [p + "size"], keepdims=0),
            helper.make_node("Add", [_P + "offset", p + "size"], [p + "end"]),
            helper.make_node("Sub", [p + "end", _P + "one"], [p + "last"]),
            helper.make_node("Div", [p + "last", _P + "bank_size"], [p + "wraps"]),
            helper.make_node("Add", [p + "wraps", _P + "one"], [p + "repeats"]),
            helper.make_node("Unsqueeze", [p + "repeats", _P + "axis0"], [p + "tiles"]),
            helper.make_node("Tile", [p + "bank", p + "tiles"], [p + "banks"]),
            helper.make_node("Unsqueeze", [p + "end", _P + "axis0"], [p + "stop"]),
            helper.make_node("Slice", [p + "banks", _P + "start", p + "stop"], [p + "flat"]),
            helper.make_node("Reshape", [p + "flat", p + "shape"], [out], name=p + "noise"),
        ]
    del graph.node[:]
    graph.node.extend(offset + nodes)
    graph.initializer.extend(initializers)
    return model.SerializeToString()


def fixed_model_file(sha256: str) -> Path:
    """Where the rewritten voice whose file has digest ``sha256`` is kept."""
    from generator.speech.cache import default_root

    return default_root() / "voices" / f"{sha256[:32]}-{NOISE_VERSION}.onnx"


def fixed_model(model: Path, sha256: str) -> Path | bytes:
    """The model with its noise fixed: the kept file (written now if missing), or the rewritten
    bytes when it cannot be written."""
    from generator.speech.cache import keep

    path = fixed_model_file(sha256)
    if path.is_file():
        return path
    data = fixed_noise_model(model)
    return path if keep(path, data, ".voice-") else data
