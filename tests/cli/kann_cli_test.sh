#!/usr/bin/env bash
# End-to-end checks of the `kann` command line: results on committed fixtures, and exit status 2
# with one line naming the file for every kind of bad input.
# Usage: kann_cli_test.sh KANN_BINARY FIXTURES_DIR
set -u
kann=$1
fixtures=$2
source "$(dirname "$0")/cli_checks.sh"

torch="$fixtures/torch"
npy="$fixtures/npy"

# A saved-states analysis as JSON: the documented keys, eigenvalues sorted by modulus.
"$kann" analyze --states "$torch/ecg_lstm_states.npy" --lengths "$torch/ecg_lstm_lengths.npy" --json "$tmp/a.json"
check "analyze --states writes JSON" test -s "$tmp/a.json"
check "JSON has the documented fields" /usr/bin/env python3 - "$tmp/a.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert set(["shape", "k", "reduction", "masked", "residual", "singular_values", "eigenvalues", "timings_ms"]) <= set(r)
assert r["masked"] is True and r["reduction"] == "svd"
mods = [e["modulus"] for e in r["eigenvalues"]]
assert len(mods) == r["k"] and mods == sorted(mods, reverse=True)
for j, e in enumerate(r["eigenvalues"]):
    if e["pair"] >= 0:
        p = r["eigenvalues"][e["pair"]]
        assert abs(p["re"] - e["re"]) < 1e-9 and abs(p["im"] + e["im"]) < 1e-9 and p["pair"] == j
PY

# A checkpoint on a series dataset gives the same analysis as its unrolled states saved to .npy.
"$kann" unroll --model "$torch/ecg_gru.pt" --data "$fixtures/series/label_last.arff" --out "$tmp/s.npy" \
    --lengths-out "$tmp/l.npy" 2> /dev/null
check "unroll writes states" test -s "$tmp/s.npy"
"$kann" analyze --model "$torch/ecg_gru.pt" --data "$fixtures/series/label_last.arff" --json "$tmp/m.json"
"$kann" analyze --states "$tmp/s.npy" --lengths "$tmp/l.npy" --json "$tmp/s.json"
check "model+data equals unroll then analyze" /usr/bin/env python3 - "$tmp/m.json" "$tmp/s.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
assert a["shape"] == b["shape"] and a["k"] == b["k"]
for x, y in zip(a["eigenvalues"], b["eigenvalues"]):
    assert abs(x["re"] - y["re"]) < 1e-9 and abs(x["im"] - y["im"]) < 1e-9
PY

check "JSON names the model's layout" /usr/bin/env python3 - "$tmp/m.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["layout"].startswith("the paper's ECG autoencoder: encoder GRU `encoder.rnn` 1→6"), r["layout"]
assert r["assumptions"] == []
PY
# Streamed (never holding the states) and held give the same analysis, and say which route ran.
"$kann" analyze --model "$torch/ecg_gru.pt" --data "$fixtures/series/label_last.arff" --stream on \
    --json "$tmp/streamed.json" 2> /dev/null
check "--stream on equals the held analysis" /usr/bin/env python3 - "$tmp/streamed.json" "$tmp/m.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
assert a["streamed"]["blocks"] >= 1 and a["streamed"]["reason"] == "--stream on", a["streamed"]
assert b["streamed"] is False
assert a["shape"] == b["shape"] and a["k"] == b["k"]
for x, y in zip(a["eigenvalues"], b["eigenvalues"]):
    assert abs(x["re"] - y["re"]) < 1e-9 and abs(x["im"] - y["im"]) < 1e-9
    assert abs(x["dominance"] - y["dominance"]) < 1e-9 * max(1, y["dominance"])
PY
expect_error "saved states do not stream" "--stream" analyze --states "$tmp/s.npy" --stream on
"$kann" insight --model "$torch/ecg_gru.pt" --data "$fixtures/series/label_last.arff" --stream on > "$tmp/insight.txt" 2> /dev/null
check "insight streams, ranking the worst reconstructions" grep -q "worst reconstructed" "$tmp/insight.txt"
check "a streamed insight finds the series bands" grep -q "pair [0-9/]*: steps \[" "$tmp/insight.txt"
check "a streamed insight skips no series bands" bash -c "! grep -q 'skipped series bands' '$tmp/insight.txt'"
for stream in off on; do
    "$kann" ablate --model "$torch/ecg_gru.pt" --data "$fixtures/series/label_last.arff" --modes 0 --draws 2 \
        --stream $stream --json "$tmp/ablate_$stream.json" 2> /dev/null
done
check "ablate streams, removing the mode from every sequence as the held run does" /usr/bin/env python3 - \
    "$tmp/ablate_off.json" "$tmp/ablate_on.json" <<'PY'
import json, sys
a, b = (json.load(open(p))["ablations"][0] for p in sys.argv[1:])
for key in ("mean_abs_delta_output", "control_mean_abs_delta_output", "edit_size"):
    assert abs(a[key] - b[key]) <= 1e-4 * abs(a[key]), (key, a[key], b[key])
PY
"$kann" analyze --model "$torch/ecg_gru.pt" --data "$fixtures/series/label_last.arff" > "$tmp/summary.txt"
check "the summary names the model's layout" grep -qF "model: the paper's ECG autoencoder" "$tmp/summary.txt"

# What a state dict cannot say is said on stderr with the option that changes it, or refused.
"$kann" unroll --model "$torch/role_rnn_series.pt" --data "$fixtures/series/label_last.arff" --out "$tmp/r.npy" \
    2> "$tmp/err"
check "nn.RNN: tanh assumed, said on stderr" grep -qF "tanh assumed" "$tmp/err"
check "nn.RNN: the warning names --nonlinearity" grep -qF -- "--nonlinearity relu" "$tmp/err"
"$kann" unroll --model "$torch/role_rnn_series.pt" --data "$fixtures/series/label_last.arff" --out "$tmp/r.npy" \
    --nonlinearity relu 2> "$tmp/err"
check "--nonlinearity relu: nothing assumed" test "$(grep -c assumed "$tmp/err")" -eq 0
expect_error "two readings of two stacks" "pick one with --stack" unroll --model "$torch/role_two_stack.pt" \
    --data "$fixtures/series/label_last.arff" --out "$tmp/x.npy"
expect_error "unknown nonlinearity" "--nonlinearity" unroll --model "$torch/role_rnn_series.pt" \
    --data "$fixtures/series/label_last.arff" --out "$tmp/x.npy" --nonlinearity sigmoid

expect_error "missing states file" "nope.npy" analyze --states "$tmp/nope.npy"
expect_error "object dtype" "bad_object.npy" analyze --states "$npy/bad_object.npy"
expect_error "NaN states" "bad_nan_states.npy" analyze --states "$npy/bad_nan_states.npy"
expect_error "k out of range" "--k" analyze --states "$npy/states_f4.npy" --k 99
expect_error "unknown reduction" "--reduction" analyze --states "$npy/states_f4.npy" --reduction qr
expect_error "input-k without a fit with inputs" "--fit inputs" analyze --states "$npy/states_f4.npy" --input-k 2
expect_error "unknown option" "--frobnicate" analyze --states "$npy/states_f4.npy" --frobnicate
expect_error "model without data" "--data" analyze --model "$torch/ecg_gru.pt"
expect_error "hostile pickle" "bad_os_system.pt" analyze --model "$torch/bad_os_system.pt" \
    --data "$fixtures/series/label_last.arff"
expect_error "truncated checkpoint" "bad_truncated.pt" analyze --model "$torch/bad_truncated.pt" \
    --data "$fixtures/series/label_last.arff"
expect_error "keys that do not match" "bad_keys.pt" analyze --model "$torch/bad_keys.pt" \
    --data "$fixtures/series/label_last.arff"
expect_error "ragged series" "bad_ragged.csv" analyze --model "$torch/ecg_gru.pt" \
    --data "$fixtures/series/bad_ragged.csv"
expect_error "label absent" "label 9" unroll --model "$torch/ecg_gru.pt" \
    --data "$fixtures/series/label_last.arff" --label 9 --out "$tmp/x.npy"
expect_error "text without vocabulary" "--vocab" analyze --model "$torch/sentiment_gru.pt" \
    --data "$fixtures/text/labelled.tsv"

# Data as people keep it (scripts/make_text_fixtures.py): a CSV with a header is read as its
# 4 texts, not as 6 lines, and every detected choice is said on stderr.
tf="$fixtures/text"
"$kann" analyze --model "$torch/sentiment_gru.pt" --data "$tf/header.csv" --vocab "$tf/vocab_object.json" \
    --tokenizer basic_english --json "$tmp/csv.json" 2> "$tmp/csv.err"
check "header CSV: 4 texts" /usr/bin/env python3 -c \
    "import json, sys; assert json.load(open(sys.argv[1]))['shape'][0] == 4" "$tmp/csv.json"
check "header CSV: format said" grep -qF "format 'text-csv' (detected" "$tmp/csv.err"
check "header CSV: labels mapping said" grep -qF "neg = 0, pos = 1" "$tmp/csv.err"
check "header CSV: tokenizer and unknown token said" grep -qF "unknown token '<unk>'" "$tmp/csv.err"
"$kann" analyze --model "$torch/sentiment_gru.pt" --data "$tf/reviews.jsonl" --vocab "$tf/vocab_object.json" \
    --tokenizer basic_english --json "$tmp/jsonl.json" 2> /dev/null
check "JSON Lines: 4 texts" /usr/bin/env python3 -c \
    "import json, sys; assert json.load(open(sys.argv[1]))['shape'][0] == 4" "$tmp/jsonl.json"
"$kann" analyze --model "$torch/ecg_gru.pt" --data "$fixtures/series/batch.npy" --json "$tmp/npy.json" 2> /dev/null
check ".npy series: 3 series of 5 steps" /usr/bin/env python3 -c \
    "import json, sys; assert json.load(open(sys.argv[1]))['shape'][:2] == [3, 5]" "$tmp/npy.json"
expect_error "ambiguous table" "--text-column" analyze --model "$torch/sentiment_gru.pt" \
    --data "$tf/ambiguous.csv" --vocab "$tf/vocab_object.json"
expect_error "binary read as lines" "binary" analyze --model "$torch/sentiment_gru.pt" \
    --data "$fixtures/series/batch.npy" --format lines --vocab "$tf/vocab_object.json"
expect_error "unknown token absent" "--unk" analyze --model "$torch/sentiment_gru.pt" \
    --data "$tf/header.csv" --vocab "$tf/vocab_object.json" --unk "[UNK]"

# Fixed points: JSON with states in the network's coordinates, each one a fixed point (q below the tolerance).
"$kann" fixed-points --model "$torch/ecg_gru.pt" --data "$fixtures/series/label_last.arff" --starts 32 \
    --adam-steps 300 --json "$tmp/fp.json" 2> /dev/null
check "fixed-points JSON has the documented fields" /usr/bin/env python3 - "$tmp/fp.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert {"input", "fixed_points", "slow_points", "alignment", "line"} <= set(r) and r["input"] == "zero"
assert {"line", "slowest_eigenvector", "readout", "koopman_mode"} <= set(r["alignment"])
for p in r["fixed_points"]:
    assert len(p["state"]) == r["state_dim"] and p["q"] < r["tolerance"]
    assert len(p["jacobian_eigenvalues"]) == r["state_dim"]
for p in r["slow_points"]:
    assert r["tolerance"] <= p["q"] < r["slow_tolerance"]
PY
expect_error "fixed points need a model" "--model" fixed-points --states "$npy/states_f4.npy"
expect_error "fixed points of a TorchScript module" "TorchScript" fixed-points --model "$torch/scripted_series.pt" \
    --data "$fixtures/series/label_last.arff"
expect_error "a word for a series model" "--input" fixed-points --model "$torch/ecg_gru.pt" \
    --data "$fixtures/series/label_last.arff" --input good

# An ONNX export (torch.onnx.export) analyses like the same network's state dict; its layout is told.
onnx="$fixtures/onnx"
/usr/bin/env python3 - "$tmp" <<'PY'
import random, sys
words = ["w%d" % i for i in range(1, 40)]
open(sys.argv[1] + "/onnx_vocab.txt", "w").write("<unk>\n" + "\n".join(words) + "\n")
rng = random.Random(3)
with open(sys.argv[1] + "/onnx_reviews.tsv", "w") as f:
    for i in range(24):
        f.write("%d\t%s\n" % (i % 2, " ".join(rng.choice(words) for _ in range(rng.randint(8, 16)))))
PY
text=(--data "$tmp/onnx_reviews.tsv" --vocab "$tmp/onnx_vocab.txt" --k 6)
"$kann" analyze --model "$onnx/sentiment_gru.onnx" "${text[@]}" --json "$tmp/onnx.json" 2> "$tmp/onnx.err"
check "analyze --model M.onnx exits 0" test $? -eq 0
"$kann" analyze --model "$onnx/sentiment_gru.pt" "${text[@]}" --json "$tmp/onnx_pt.json" 2> /dev/null
check "an ONNX export analyses like its state dict" /usr/bin/env python3 - "$tmp/onnx.json" "$tmp/onnx_pt.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
assert a["shape"] == b["shape"] == [24, 16, 8], a["shape"]
for x, y in zip(a["eigenvalues"], b["eigenvalues"]):
    assert abs(x["re"] - y["re"]) < 1e-4 and abs(x["im"] - y["im"]) < 1e-4, (x, y)
PY
expect_error "ONNX graph without a recurrent node" "bad_no_recurrent.onnx: no RNN, GRU or LSTM node" analyze \
    --model "$onnx/bad_no_recurrent.onnx" "${text[@]}"
expect_error "truncated ONNX file" "bad_truncated.onnx: not a valid ONNX model" analyze \
    --model "$onnx/bad_truncated.onnx" "${text[@]}"
expect_error "backward direction of a forward-only ONNX node" "--direction backward, but" analyze \
    --model "$onnx/sentiment_gru.onnx" "${text[@]}" --direction backward

# Hostile and oversized inputs (tests/fixtures/hostile, scripts/make_hostile_fixtures.py).
hostile="$fixtures/hostile"
KANN_MEMORY_LIMIT_BYTES=$((16 << 20)) expect_error "zip bomb checkpoint" "zip bomb" analyze \
    --model "$hostile/bomb.pt" --data "$fixtures/series/label_last.arff"
expect_error "NaN weight" "'w' holds a non-finite weight (nan) at [1, 0]" analyze \
    --model "$hostile/nan_weight.pt" --data "$fixtures/series/label_last.arff"
KANN_MEMORY_LIMIT_BYTES=4000 expect_error "analysis beyond the memory" "the analysis needs about" analyze \
    --states "$torch/ecg_lstm_states.npy" --lengths "$torch/ecg_lstm_lengths.npy"

# Every subcommand's options are checked as they are read, whatever the command does next.
for command in analyze unroll insight export train ecg-beats bench; do
    "$kann" "$command" --help > "$tmp/help" 2> "$tmp/err"
    check "$command --help: exit 0 and usage on stdout" test $? -eq 0 -a -s "$tmp/help" -a ! -s "$tmp/err"
done
expect_error "figure scale out of range" "--scale" export --restore "$tmp/a.json" --scale 100
expect_error "figure scale not a number" "--scale" export --restore "$tmp/a.json" --scale big
expect_error "no demo to train" "demo" train --out "$tmp/train"
expect_error "unknown demo" "mnist" train mnist --out "$tmp/train"
expect_error "start fraction out of range" "--start-fraction" insight --states "$torch/ecg_lstm_states.npy" \
    --start-fraction 2
expect_error "track ks not numbers" "--track-ks" insight --states "$torch/ecg_lstm_states.npy" --track-ks 2,x
expect_error "a value twice" "--batch" analyze --states "$torch/ecg_lstm_states.npy" --batch 3 --count 4

echo "cli: $passed passed, $failed failed"
test "$failed" -eq 0
