#!/usr/bin/env python3
"""Make the shipped int8 encoders give the same logits on every CPU.

``quantize_dynamic`` writes ``MatMulInteger`` nodes (uint8 activations times int8 weights, int32
sums). onnxruntime runs them with whatever the CPU offers: with AVX-512 VNNI or AMX the sums are
exact; with AVX2 alone it multiplies in pairs that saturate at 16 bits, so the same sentence
scores differently on an older machine (measured: the calibration writers' chosen English
threshold moved 5.26 → 5.49, Spanish 3.01 → 3.30, between two machines). This rewrites every
``MatMulInteger`` into the same arithmetic done in float32 — ``(A - a_zero) @ (B - b_zero)`` on
small integers, exact as long as a sum stays under 2**24, which these do — so every CPU computes
the exact sums the VNNI path does. The int8 weights stay in the file (it stays small);
onnxruntime casts them to float once, when it loads the model.

    .venv/bin/python scripts/lint_encoder_exact.py            # both shipped models, in place

``scripts/train_lint_encoder.py`` applies it to every model it exports. Needs onnx (the piper
extra has it); linting does not.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import onnx
from onnx import TensorProto, helper

DATA = Path(__file__).resolve().parents[1] / "generator" / "data"


def exact(model: onnx.ModelProto) -> int:
    """Rewrite ``model``'s MatMulInteger nodes in place; return how many."""
    graph = model.graph
    nodes = list(graph.node)
    out = []
    count = 0
    for node in nodes:
        if node.op_type != "MatMulInteger":
            out.append(node)
            continue
        a, b, a_zero, b_zero = (list(node.input) + ["", ""])[:4]
        name = node.name or node.output[0]
        floats = []
        for role, value, zero in (("a", a, a_zero), ("b", b, b_zero)):
            cast = f"{name}/exact_{role}"
            out.append(helper.make_node("Cast", [value], [cast], to=TensorProto.FLOAT))
            if zero:
                out.append(helper.make_node("Cast", [zero], [cast + "_zero"], to=TensorProto.FLOAT))
                out.append(helper.make_node("Sub", [cast, cast + "_zero"], [cast + "_centred"]))
                cast += "_centred"
            floats.append(cast)
        # the int32 sums as float: every consumer already casts them to float
        out.append(helper.make_node("MatMul", floats, list(node.output), name=name + "/exact"))
        count += 1
    del graph.node[:]
    graph.node.extend(out)
    produced = {o for n in out for o in n.output}
    for info in list(graph.value_info):
        if info.name in {o for n in nodes if n.op_type == "MatMulInteger" for o in n.output}:
            graph.value_info.remove(info)  # was int32
    assert produced
    return count


def rewrite(lang: str, folder: Path = DATA) -> None:
    path = folder / f"lint_encoder_{lang}.onnx"
    model = onnx.load(str(path))
    n = exact(model)
    if n == 0:
        print(f"{path.name}: no MatMulInteger left; unchanged")
        return
    onnx.checker.check_model(model)
    path.write_bytes(model.SerializeToString())
    meta_path = folder / f"lint_encoder_{lang}.json"
    meta = json.loads(meta_path.read_text("utf-8"))
    meta["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    meta["exact"] = "scripts/lint_encoder_exact.py: MatMulInteger as exact float32 sums"
    meta_path.write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n", "utf-8")
    print(f"{path.name}: {n} MatMulInteger nodes made exact ({path.stat().st_size // 1024} KB)")


def main() -> int:
    for lang in sys.argv[1:] or ["en", "es"]:
        rewrite(lang)
    return 0


if __name__ == "__main__":
    sys.exit(main())
