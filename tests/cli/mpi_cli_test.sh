#!/usr/bin/env bash
# `mpirun -n 2 kann analyze` on one machine against the single-process run: the same saved states
# shared by two processes agree to 1e-9 (only the order of the float64 sums differs); a model's
# batch unrolled in two shares agrees to 1e-7 (LibTorch's float32 unroll of a sequence moves by
# ~3e-8 with the batch it runs in). `mpirun -n 2 kann insight` gives the single streamed run's
# report to 1e-9 when each sequence runs in the same block. Rank 0 alone writes. Skipped (exit 77)
# without -DKANN_MPI=ON.
# Usage: mpi_cli_test.sh KANN_BINARY FIXTURES MPI_BUILT(ON|OFF) MPIEXEC
set -u
kann=$1
fixtures=$2
if [ "$3" != "ON" ]; then
    echo "skipped: kann was built without -DKANN_MPI=ON (cmake -DKANN_MPI=ON, Debian's libopenmpi-dev)"
    exit 77
fi
mpiexec=$4
source "$(dirname "$0")/cli_checks.sh"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1  # CI containers run as root
mpi() { "$mpiexec" -n "$1" --oversubscribe "$kann" "${@:2}"; }

# 31 sine waves of 3..60 steps: varied lengths, an odd batch so the shares differ in size.
sine_waves 31 5 60 > "$tmp/waves.ts"
model=(--model "$fixtures/torch/ecg_gru.pt" --data "$tmp/waves.ts")
"$kann" unroll "${model[@]}" --out "$tmp/s.npy" --lengths-out "$tmp/l.npy" 2> /dev/null
saved=(--states "$tmp/s.npy" --lengths "$tmp/l.npy" --k 5)

"$kann" analyze "${saved[@]}" --json "$tmp/one.json"
mpi 2 analyze "${saved[@]}" --json "$tmp/two.json" > "$tmp/two.out" 2> "$tmp/two.err"
check "mpirun -n 2 analyze --states exits 0" test $? -eq 0
# agree TOLERANCE A.json B.json: the fit, spectrum, dominance and residuals within TOLERANCE.
agree() {
    /usr/bin/env python3 - "$@" <<'PY'
import json, sys
tol = float(sys.argv[1])
a, b = (json.load(open(p)) for p in sys.argv[2:])
assert a["shape"] == b["shape"] and a["k"] == b["k"], (a["shape"], b["shape"])
assert abs(a["residual"] - b["residual"]) < tol
for x, y in zip(a["singular_values"], b["singular_values"]):
    assert abs(x - y) < tol * max(1.0, abs(y)), (x, y)
assert len(a["eigenvalues"]) == len(b["eigenvalues"]) == a["k"]
for x, y in zip(a["eigenvalues"], b["eigenvalues"]):
    for key in ("re", "im", "dominance", "residual"):
        assert abs(x[key] - y[key]) < tol * max(1.0, abs(y[key])), (key, x[key], y[key])
    assert x["pair"] == y["pair"]
PY
}
check "two processes give the single run's fit to 1e-9 (saved states)" agree 1e-9 "$tmp/one.json" "$tmp/two.json"
check "the JSON says how the batch was shared" grep -q '"mpirun: 2 processes"' "$tmp/two.json"
check "the other rank is silent" test ! -s "$tmp/two.out" -a ! -s "$tmp/two.err"
mpi 3 analyze "${saved[@]}" > "$tmp/three.out" 2> /dev/null
check "one summary from three processes" test "$(grep -c 'relative residual' "$tmp/three.out")" -eq 1

"$kann" analyze "${model[@]}" --stream on --json "$tmp/model_one.json" 2> /dev/null
mpi 2 analyze "${model[@]}" --json "$tmp/model_two.json" 2> /dev/null
check "mpirun -n 2 analyze --model exits 0" test $? -eq 0
check "two processes unrolling shares give the single run's fit to 1e-7" agree 1e-7 "$tmp/model_one.json" "$tmp/model_two.json"

# The fit with inputs: the input blocks of the two shares add up like the moments.
"$kann" analyze "${model[@]}" --fit inputs --stream on --json "$tmp/inputs_one.json" 2> /dev/null
mpi 2 analyze "${model[@]}" --fit inputs --json "$tmp/inputs_two.json" 2> /dev/null
check "mpirun -n 2 analyze --fit inputs exits 0" test $? -eq 0
check "two processes give the single run's fit with inputs to 1e-7" agree 1e-7 "$tmp/inputs_one.json" "$tmp/inputs_two.json"
check "the JSON of two processes says the fit had inputs" grep -q '"fit": "inputs"' "$tmp/inputs_two.json"

# kann insight: each process streams its share of the batch, the sums of the report's pass are
# combined across them, and rank 0 writes the report: the single streamed run's, number by number.
# Reviews of 1..60 words in blocks of at most 400 steps (as a large batch, cut into many blocks, so
# that each process unrolls the single run's blocks), the sentiment fixture (hidden 12; 40 ids).
/usr/bin/env python3 - "$tmp" <<'PY'
import random, sys
rng = random.Random(3)
open(sys.argv[1] + "/vocab.txt", "w").write("<unk>\n" + "".join("w%d\n" % i for i in range(1, 40)))
with open(sys.argv[1] + "/reviews.tsv", "w") as f:
    for i in range(61):
        f.write("%d\t%s\n" % (i % 2, " ".join("w%d" % rng.randint(1, 39) for _ in range(rng.randint(1, 60)))))
open(sys.argv[1] + "/positive-words.txt", "w").write("".join("w%d\n" % i for i in range(1, 8)))
open(sys.argv[1] + "/negative-words.txt", "w").write("".join("w%d\n" % i for i in range(8, 15)))
PY
text=(--model "$fixtures/torch/sentiment_gru.pt" --data "$tmp/reviews.tsv" --vocab "$tmp/vocab.txt" --horizon 8
      --lexicon "$tmp/positive-words.txt,$tmp/negative-words.txt" --min-occurrences 2)
# same TOLERANCE A.json B.json: the same keys and strings, every number within TOLERANCE (relative
# beyond 1); prints how many numbers it compared.
same() {
    /usr/bin/env python3 - "$@" <<'PY'
import json, sys
tol = float(sys.argv[1])
a, b = (json.load(open(p)) for p in sys.argv[2:])
count = 0
def walk(x, y, at):
    global count
    if isinstance(x, dict):
        assert isinstance(y, dict) and x.keys() == y.keys(), (at, sorted(x), sorted(y))
        for key in x: walk(x[key], y[key], at + "/" + key)
    elif isinstance(x, list):
        assert isinstance(y, list) and len(x) == len(y), (at, len(x), len(y))
        for i, (u, v) in enumerate(zip(x, y)): walk(u, v, at + "/%d" % i)
    elif isinstance(x, (int, float)) and not isinstance(x, bool):
        assert isinstance(y, (int, float)) and abs(x - y) <= tol * max(1.0, abs(x)), (at, x, y)
        count += 1
    else:
        assert x == y, (at, x, y)
walk(a, b, "")
print(count, "numbers agree", file=sys.stderr)
assert count > 100, count
PY
}
export KANN_STREAM_BLOCK_BYTES=$((400 * 12 * 4))
for fit in autonomous inputs; do
    "$kann" insight "${text[@]}" --fit "$fit" --stream on --json "$tmp/insight_one.json" 2> /dev/null
    mpi 2 insight "${text[@]}" --fit "$fit" --stream on --json "$tmp/insight_two.json" > "$tmp/insight.out" 2> "$tmp/insight.err"
    check "mpirun -n 2 insight --fit $fit exits 0" test $? -eq 0
    check "two processes give the single streamed insight to 1e-9 (--fit $fit)" \
        same 1e-9 "$tmp/insight_one.json" "$tmp/insight_two.json"
    check "the lexicon check of two processes is in the report (--fit $fit)" grep -q '"lexicon"' "$tmp/insight_two.json"
    [ "$fit" = autonomous ] || check "the vocabulary valence of two processes is in the report" \
        grep -q '"vocabulary_valence"' "$tmp/insight_two.json"
done
# The autoencoder: reconstruction errors and the series bands of the final states of every process.
"$kann" insight "${model[@]}" --horizon 4 --stream on --json "$tmp/beats_one.json" 2> /dev/null
mpi 2 insight "${model[@]}" --horizon 4 --json "$tmp/beats_two.json" > "$tmp/insight.out" 2> /dev/null
check "mpirun -n 2 insight of an autoencoder exits 0" test $? -eq 0
check "two processes give the single streamed insight of an autoencoder to 1e-9" \
    same 1e-9 "$tmp/beats_one.json" "$tmp/beats_two.json"
check "the bands are there" grep -q '"bands"' "$tmp/beats_two.json"
check "the other rank of insight is silent" test ! -s "$tmp/insight.out"
mpi 3 insight "${text[@]}" > "$tmp/insight_three.out" 2> /dev/null
check "one insight summary from three processes" test "$(grep -c '^TRUST' "$tmp/insight_three.out")" -eq 1
unset KANN_STREAM_BLOCK_BYTES
# Saved states: each process reads its range of sequences once more for the report.
"$kann" insight "${saved[@]}" --horizon 4 --json "$tmp/saved_one.json"
mpi 2 insight "${saved[@]}" --horizon 4 --json "$tmp/saved_two.json" 2> /dev/null
check "mpirun -n 2 insight --states exits 0" test $? -eq 0
check "two processes give the single insight of saved states to 1e-9" same 1e-9 "$tmp/saved_one.json" "$tmp/saved_two.json"

mpi 2 analyze "${model[@]}" --batch 1 > /dev/null 2> "$tmp/few.err"
check "more processes than sequences: refused" test $? -ne 0
check "more processes than sequences: says so" grep -q "mpirun: 2 processes for a batch of 1 sequences" "$tmp/few.err"

echo "mpi cli: $passed passed, $failed failed"
test "$failed" -eq 0
