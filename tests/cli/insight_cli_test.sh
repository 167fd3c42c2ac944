#!/usr/bin/env bash
# End-to-end checks of `kann insight`: the report on the committed Torch fixtures (a sentiment GRU
# on generated reviews, the ECG autoencoder), saved explorations, and one-line errors.
# Usage: insight_cli_test.sh KANN_BINARY FIXTURES_DIR [SHARED_DATA_DIR]
set -u
kann=$1
fixtures=$2
shared=${3:-}
source "$(dirname "$0")/cli_checks.sh"

torch="$fixtures/torch"

# The sentiment fixture has 40 token ids: "<unk>" and 39 words; 48 labelled reviews of them.
/usr/bin/env python3 - "$tmp" <<'PY'
import random, sys
words = ("good bad great awful movie film the a is was plot acting boring fun love hate best worst story and "
         "not very really it this i fine terrible nice poor excellent dull actor scene end music funny sad wonderful").split()
open(sys.argv[1] + "/vocab.txt", "w").write("<unk>\n" + "\n".join(words) + "\n")
rng = random.Random(1)
with open(sys.argv[1] + "/reviews.tsv", "w") as f:
    for i in range(48):
        f.write("%d\t%s\n" % (i % 2, " ".join(rng.choice(words) for _ in range(rng.randint(8, 20)))))
open(sys.argv[1] + "/lexicon.txt", "w").write(";; opinion words\ngood\ngreat\nlove\nbest\n")
open(sys.argv[1] + "/afinn.txt", "w").write("bad\t-3\nawful\t-3\nhate\t-3\nworst\t-3\ndoes not work\t-3\n")
PY
sentiment=(--model "$torch/sentiment_gru.pt" --data "$tmp/reviews.tsv" --vocab "$tmp/vocab.txt")

"$kann" insight "${sentiment[@]}" --lexicon "$tmp/lexicon.txt,$tmp/afinn.txt" --horizon 6 > "$tmp/summary.txt"
check "summary exits 0" test $? -eq 0
for needle in "TRUST" "prediction error" "readout accuracy (48 labelled of 48)" "MEANING" "best positive mode" \
              "lexicon check (39 words" "8 in the lexicon" "baseline |dh| AUC" "signed scale" "skipped series bands"; do
    check "summary shows '$needle'" grep -qF -- "$needle" "$tmp/summary.txt"
done

"$kann" insight "${sentiment[@]}" --lexicon "$tmp/lexicon.txt,$tmp/afinn.txt" --horizon 6 --track-ks 2,3 \
    --json "$tmp/r.json" --save "$tmp/saved.json"
check "report JSON has trust and meaning" /usr/bin/env python3 - "$tmp/r.json" <<'PY'
import json, math, sys
r = json.load(open(sys.argv[1]))
assert len(r["prediction"]["relative_error"]) == 6
assert abs(r["prediction"]["relative_error"][0] - r["residual"]) <= 1e-6 * r["residual"]
assert r["readout"]["labelled"] == 48 and 0 <= r["readout"]["agreement"] <= 1
assert r["tracks"]["ks"] == [2, 3, r["k"]]
assert len(r["modes"]) == r["k"] and all("label_auc" in m for m in r["modes"])
lex = r["lexicon"]
assert lex["lexicon_words"] == 8 and lex["words"] == 39
assert all(0 <= m["auc"] <= 1 for m in lex["modes"]) and 0 <= lex["hidden_change_auc"] <= 1
assert len(lex["signed_ends"]["top"]) == 10
PY

# The shared opinion lexicons, when present, read as a folder.
if [ -n "$shared" ] && [ -d "$shared/opinion-lexicon" ]; then
    "$kann" insight "${sentiment[@]}" --lexicon "$shared/opinion-lexicon" --json "$tmp/shared.json"
    check "shared lexicon folder" /usr/bin/env python3 -c \
        "import json,sys; assert json.load(open(sys.argv[1]))['lexicon']['lexicon_words'] >= 8" "$tmp/shared.json"
fi

# The fit with inputs: A's spectrum, both residuals, every vocabulary word's valence.
# (Hu & Liu's file name gives its words a positive polarity; AFINN's scores are negative here.)
cp "$tmp/lexicon.txt" "$tmp/positive-words.txt"
"$kann" insight "${sentiment[@]}" --lexicon "$tmp/positive-words.txt,$tmp/afinn.txt" --horizon 2 --fit inputs \
    --json "$tmp/in.json"
check "insight --fit inputs reports the valence" /usr/bin/env python3 - "$tmp/in.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["fit"] == "inputs" and r["residual"] <= r["residual_autonomous"] and r["input_dim"] > 0
v = r["vocabulary_valence"]
assert len(v) == len(r["lexicon"]["modes"]) and v[0]["words"] == 8 and v[0]["vocabulary_words"] == 39
assert all(0 <= x["auc"] <= 1 for x in v)
ends = v[0]["positive_end"]
assert len(ends) == 10 and ends[0]["value"] >= ends[-1]["value"] >= v[0]["negative_end"][-1]["value"]
PY
# Streamed, the lexicon check, its signed ends and the valence are the held run's, from word sums.
"$kann" insight "${sentiment[@]}" --lexicon "$tmp/positive-words.txt,$tmp/afinn.txt" --horizon 2 --fit inputs \
    --stream on --json "$tmp/in_streamed.json"
check "insight --stream on reports the lexicon check, ends and valence" /usr/bin/env python3 - "$tmp/in.json" "$tmp/in_streamed.json" <<'PY'
import json, sys
held, streamed = (json.load(open(p)) for p in sys.argv[1:3])
assert not any("lexicon" in s or "valence" in s for s in streamed["skipped"]), streamed["skipped"]
def same(a, b):
    if isinstance(a, dict): return all(same(a[k], b[k]) for k in a)
    if isinstance(a, list): return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, float): return abs(a - b) <= 1e-9 * max(1.0, abs(a))
    return a == b
assert same(held["lexicon"], streamed["lexicon"]) and same(held["vocabulary_valence"], streamed["vocabulary_valence"])
assert len(streamed["lexicon"]["signed_ends"]["top"]) == 10
PY
"$kann" analyze --model "$torch/ecg_gru.pt" --data "$fixtures/series/label_last.arff" --k 2 --fit inputs \
    --json "$tmp/ecg_in.json"
check "analyze --fit inputs on a series" /usr/bin/env python3 -c "import json,sys; r=json.load(open(sys.argv[1])); \
assert r['fit']=='inputs' and r['input_dim']==1 and r['input_k']==1 and r['residual']<=r['residual_autonomous']" "$tmp/ecg_in.json"
expect_error "unknown fit" "--fit" analyze "${sentiment[@]}" --fit driven
expect_error "input k below -1" "--input-k" analyze "${sentiment[@]}" --fit inputs --input-k -2
expect_error "inputs of saved states" "--fit" analyze --states "$torch/ecg_gru_states.npy" --fit inputs

# Ablation: the dominant modes against the control, for a readout and for a decoder.
"$kann" ablate "${sentiment[@]}" --modes top:2 --draws 2 --json "$tmp/ab.json"
check "ablate reports modes against the control" /usr/bin/env python3 - "$tmp/ab.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["output"] == "readout logits" and r["control_draws"] == 2 and r["labelled"] == 48
assert len(r["ablations"]) == 2
for a in r["ablations"]:
    assert a["mean_abs_delta_output"] > 0 and a["control_mean_abs_delta_output"] > 0 and len(a["controls"]) == 2
    assert 0 <= a["accuracy"]["after"] <= 1 and a["accuracy"]["before"] == r["ablations"][0]["accuracy"]["before"]
PY
"$kann" ablate --model "$torch/ecg_gru.pt" --data "$fixtures/series/label_last.arff" --modes 0 --draws 1 > "$tmp/ab.txt"
check "ablate an autoencoder's mode" grep -qF "decoder reconstruction" "$tmp/ab.txt"
expect_error "ablate a mode that does not exist" "--modes" ablate "${sentiment[@]}" --modes 999
expect_error "ablate saved states" "--model" ablate --states "$torch/ecg_gru_states.npy" --modes 0
expect_error "ablate without modes" "--modes" ablate "${sentiment[@]}"

# A saved exploration reruns the same analysis; a changed file warns, a missing one is an error.
check "saved exploration written" test -s "$tmp/saved.json"
"$kann" insight --restore "$tmp/saved.json" --json "$tmp/restored.json" 2> "$tmp/err"
check "restore without warnings (notes only)" bash -c '! grep -qv "^note: " "$1"' _ "$tmp/err"
check "restore gives the same spectrum" /usr/bin/env python3 - "$tmp/r.json" "$tmp/restored.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
assert [m["lambda"] for m in a["modes"]] == [m["lambda"] for m in b["modes"]]
PY
echo "1	good good good" >> "$tmp/reviews.tsv"
"$kann" insight --restore "$tmp/saved.json" > /dev/null 2> "$tmp/err"
check "changed data: exit 0" test $? -eq 0
check "changed data: warns" grep -qF "reviews.tsv changed" "$tmp/err"
rm "$tmp/vocab.txt"
expect_error "missing file of a saved exploration" "vocab.txt" insight --restore "$tmp/saved.json"

# The ECG autoencoder: bands of its dominant pairs, no readout.
"$kann" insight --model "$torch/ecg_gru.pt" --data "$fixtures/series/label_last.arff" --horizon 2 > "$tmp/ecg.txt"
check "ECG summary shows bands" grep -qE "pair [0-9]+.*: steps \[" "$tmp/ecg.txt"
check "ECG summary says no readout" grep -qF "no readout" "$tmp/ecg.txt"

expect_error "bad start fraction" "--start-fraction" insight --model "$torch/ecg_gru.pt" \
    --data "$fixtures/series/label_last.arff" --start-fraction 2
expect_error "bad track ks" "--track-ks" insight --model "$torch/ecg_gru.pt" \
    --data "$fixtures/series/label_last.arff" --track-ks 2,x
expect_error "track k too large" "1..3" insight --model "$torch/ecg_gru.pt" \
    --data "$fixtures/series/label_last.arff" --track-ks 99
expect_error "missing lexicon" "nolexicon.txt" insight --model "$torch/ecg_gru.pt" \
    --data "$fixtures/series/label_last.arff" --lexicon "$tmp/nolexicon.txt"
expect_error "not a saved exploration" "r.json" insight --restore "$tmp/r.json"

echo "insight cli: $passed passed, $failed failed"
test "$failed" -eq 0
