#!/usr/bin/python3
"""Writes the data fixtures that tests/core/data read as people keep their data: text tables
(CSV with a header, label-first CSV, pandas' CSV, headered TSV, JSON Lines), NumPy series with
labels and lengths, JSON vocabularies, and the truths the tests compare against.

Run with Debian's python3: /usr/bin/python3 scripts/make_text_fixtures.py
Truths come from outside the project: Python's csv module parses every table (table_truth.json),
and torchtext's basic_english definition tokenizes the sentences (basic_english_truth.json).
"""
import csv
import io
import json
import os

import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures")
TEXT = os.path.join(ROOT, "text")
SERIES = os.path.join(ROOT, "series")

REVIEWS = [
    ("A fine film, truly.", "pos"),
    ('She said "wow", then left', "neg"),
    ("Two lines:\nthe second, too", "pos"),
    ("  padded and plain  ", "neg"),
]


def write(name, text, folder=TEXT):
    with open(os.path.join(folder, name), "w", encoding="utf-8", newline="") as f:
        f.write(text)


def table(rows, **fmt):
    out = io.StringIO()
    csv.writer(out, **fmt).writerows(rows)
    return out.getvalue()


def text_tables():
    files = {
        # A header naming text and label, quoted commas, doubled quotes and a newline in a field.
        "header.csv": table([("text", "label")] + REVIEWS),
        # Headerless, label first (as the Yelp and AG News CSVs are), CRLF lines as csv writes them.
        "label_first.csv": table([(1 if l == "pos" else 0, t) for t, l in REVIEWS]),
        # pandas' DataFrame.to_csv: an unnamed index column first, QUOTE_MINIMAL, '\n' lines.
        "pandas.csv": table([("", "review", "sentiment")] +
                            [(i, t, "positive" if l == "pos" else "negative") for i, (t, l) in enumerate(REVIEWS)],
                            lineterminator="\n"),
        "headered.tsv": table([("sentence", "label")] + [(t, 1 if l == "pos" else 0) for t, l in REVIEWS],
                              delimiter="\t", lineterminator="\n"),
        # No column is named like a text: detection must refuse, naming --text-column.
        "ambiguous.csv": table([("a", "b", "c"), ("x", "y", "z"), ("one, two", "three", "four")]),
    }
    for name, content in files.items():
        write(name, content)
    truth = {}
    for name in files:
        with open(os.path.join(TEXT, name), newline="", encoding="utf-8") as f:
            rows = [r for r in csv.reader(f, delimiter="\t" if name.endswith(".tsv") else ",") if r]
        truth[name] = rows
    write("table_truth.json", json.dumps(truth, indent=1, ensure_ascii=False) + "\n")
    write("bad_unclosed.csv", 'text,label\n"never closed,1\nmore,0\n')
    write("bad_ragged.csv", "text,label\nfine,1\ntoo,many,2\n")
    write("bad_array.json", json.dumps([{"text": "a", "label": 1}]) + "\n")


def json_lines():
    lines = [json.dumps({"id": i, "review": t, "sentiment": l}, ensure_ascii=False) for i, (t, l) in enumerate(REVIEWS)]
    lines.insert(2, "")  # blank lines are skipped
    write("reviews.jsonl", "\n".join(lines) + "\n")
    write("bools.jsonl", "".join(json.dumps({"text": t, "label": l == "pos"}) + "\n" for t, l in REVIEWS))
    write("bad_line.jsonl", json.dumps({"text": "fine", "label": 1}) + "\n{\"text\": \"broken\n")


def numpy_series():
    rng = np.random.default_rng(12)
    x = rng.standard_normal((3, 5, 2)).astype(np.float32)
    np.savez(os.path.join(SERIES, "batch.npz"), x=x, labels=np.array([2, 0, 1]), lengths=np.array([5, 3, 4]))
    np.save(os.path.join(SERIES, "batch.npy"), x[:, :, 0].astype(np.float64))
    np.save(os.path.join(SERIES, "batch_labels.npy"), np.array([1, 1, 0], dtype=np.int32))
    np.savez(os.path.join(SERIES, "bad_two_series.npz"), a=x, b=x)
    np.savez(os.path.join(SERIES, "bad_lengths.npz"), x=x, lengths=np.array([5, 6, 1]))


def vocabularies():
    # torchtext's vocab.get_stoi() as JSON: ids need not be contiguous.
    write("vocab_object.json", json.dumps({"<unk>": 0, "<pad>": 1, "the": 2, "film": 3, ".": 4, ",": 5, "good": 7}) + "\n")
    write("vocab_list.json", json.dumps(["[PAD]", "[UNK]", "the", "film", "good"]) + "\n")
    write("vocab_bracket_unk.txt", "[PAD]\n[UNK]\nthe\nfilm\n")
    write("bad_vocab_duplicate.json", '{"<unk>": 0, "the": 1, "the": 2}\n')
    write("bad_vocab_shared_id.json", '{"<unk>": 0, "the": 1, "a": 1}\n')


# torchtext.data.utils._basic_english_normalize, as torchtext defines it.
BASIC_ENGLISH = [(r"\'", " '  "), (r"\"", ""), (r"\.", " . "), (r"<br \/>", " "), (r",", " , "), (r"\(", " ( "),
                 (r"\)", " ) "), (r"\!", " ! "), (r"\?", " ? "), (r"\;", " "), (r"\:", " "), (r"\s+", " ")]


def basic_english(line):
    import re
    line = line.lower()
    for pattern, replacement in BASIC_ENGLISH:
        line = re.sub(pattern, replacement, line)
    return line.split()


def tokenizer_truth():
    sentences = [
        "I didn't like it.<br /><br />The END!",
        'He said "great" (twice); really: GREAT?',
        "Numbers 3.14, e-mail a@b.c and ... dots",
        "<BR />Upper-case break\tand\u00a0no-break space",
        "\u00c9COLE \u00dcber caf\u00e9's",
        "<br\"/> stays, <b\"r /> goes",
    ]
    write("basic_english_truth.json",
          json.dumps([{"text": s, "tokens": basic_english(s)} for s in sentences], indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    text_tables()
    json_lines()
    numpy_series()
    vocabularies()
    tokenizer_truth()
