#!/usr/bin/env python3
"""Writes the tokenizer fixtures the Swift tests compare against, using Hugging Face
`tokenizers` (the Rust tokenizer behind BertTokenizerFast) on the model's tokenizer.json.

usage: make_tokenizer_fixtures.py MODEL_DIR DATA_DIR OUT_DIR
  MODEL_DIR  models/all-minilm-l6-v2 (tokenizer.json)
  DATA_DIR   ../shared/data (TASK/test.jsonl)
  OUT_DIR    Tests/ModelTests/Fixtures

tokenizer-sentences.json: real test sentences (singles and pairs), some truncated.
tokenizer-characters.json: how every code point behaves between "x" and "y":
  runs [first, last, class] with class D dropped, W whitespace, I isolated word,
  K kept inside the word; "transformed" lists (a sample of) the rest as the
  resulting words of hex scalars.
"""
import json
import os
import sys

from tokenizers import Tokenizer

PER_TASK = 24
TRUNCATE_EVERY = 3
TRUNCATED_LENGTH = 24
HANGUL_SAMPLE_EVERY = 997


def load_tokenizer(model_dir):
    tok = Tokenizer.from_file(os.path.join(model_dir, "tokenizer.json"))
    tok.no_padding()
    tok.no_truncation()
    return tok


def encode(tok, text, pair, max_length):
    if max_length is None:
        tok.no_truncation()
    else:
        tok.enable_truncation(max_length=max_length, strategy="longest_first")
    e = tok.encode(text, pair) if pair is not None else tok.encode(text)
    tok.no_truncation()
    return {"text": text, "text_pair": pair, "max_length": max_length,
            "input_ids": e.ids, "token_type_ids": e.type_ids}


def sentences(tok, data_dir):
    cases = []
    for task in sorted(os.listdir(data_dir)):
        path = os.path.join(data_dir, task, "test.jsonl")
        if not os.path.isfile(path):
            continue
        with open(path, encoding="utf-8") as f:
            rows = [json.loads(line) for _, line in zip(range(PER_TASK), f)]
        for i, row in enumerate(rows):
            pair = row.get("text_pair")
            cases.append(encode(tok, row["text"], pair, None))
            if i % TRUNCATE_EVERY == 0:
                cases.append(encode(tok, row["text"], pair, TRUNCATED_LENGTH))
    # Ties and edge lengths of longest-first truncation.
    same = "one two three four five six seven eight nine ten"
    for max_length in (3, 4, 5, 12, 13, 20, 23, 24):
        cases.append(encode(tok, same, same, max_length))
        cases.append(encode(tok, same, "short pair", max_length))
        cases.append(encode(tok, "short", same, max_length))
    for max_length in (2, 3, 5):
        cases.append(encode(tok, same, None, max_length))
    return cases


def characters(tok):
    norm, pre = tok.normalizer, tok.pre_tokenizer
    runs, transformed = [], {}
    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        words = [w for w, _ in pre.pre_tokenize_str(norm.normalize_str("x" + chr(cp) + "y"))]
        if words == ["xy"]:
            cls = "D"
        elif words == ["x", "y"]:
            cls = "W"
        elif words == ["x", chr(cp), "y"]:
            cls = "I"
        elif words == ["x" + chr(cp) + "y"]:
            cls = "K"
        else:
            cls = "T"
            is_hangul = 0xAC00 <= cp <= 0xD7A3
            if not is_hangul or cp % HANGUL_SAMPLE_EVERY == 0:
                transformed["%X" % cp] = [[ord(ch) for ch in w] for w in words]
        if runs and runs[-1][2] == cls and runs[-1][1] in (cp - 1, 0xD7FF):
            runs[-1][1] = cp
        else:
            runs.append([cp, cp, cls])
    return {"runs": runs, "transformed": transformed}


def main():
    model_dir, data_dir, out_dir = sys.argv[1:4]
    tok = load_tokenizer(model_dir)
    with open(os.path.join(out_dir, "tokenizer-sentences.json"), "w", encoding="utf-8") as f:
        json.dump(sentences(tok, data_dir), f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
    with open(os.path.join(out_dir, "tokenizer-characters.json"), "w", encoding="utf-8") as f:
        json.dump(characters(tok), f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
