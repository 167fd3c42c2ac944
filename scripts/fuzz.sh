#!/usr/bin/env bash
# Builds the libFuzzer targets (clang-14, ASan + UBSan) and runs each for a set time from a seed
# corpus of real files; prints executions and crashes per target.
#   scripts/fuzz.sh [seconds per target, default 60] [target ...]   (default: every target)
# Environment: KANN_FUZZ_BUILD (build folder, default ./build-fuzz), KANN_FUZZ_OUT (where crash
# inputs are kept, default a new temporary folder), KANN_SHARED_DATA (real datasets for seeds).
# Each crash input, once fixed, belongs in tests/fixtures/fuzz/<target>/: the fuzz_regression tests
# replay that folder and the script adds it to the seeds.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(npy npz pickle checkpoint safetensors series text vocab wordpiece ecg onnx)
build=${KANN_FUZZ_BUILD:-$repo/build-fuzz}
shared=${KANN_SHARED_DATA:-$repo/../shared/datasets}
out=${KANN_FUZZ_OUT:-$(mktemp -d /tmp/kann-fuzz-out.XXXXXX)}
seeds=$(mktemp -d /tmp/kann-fuzz-seeds.XXXXXX)
trap 'rm -rf "$seeds"' EXIT

CC=clang-14 CXX=clang++-14 cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKANN_FUZZ=ON \
  -DKANN_BUILD_UI=OFF -DKANN_BUILD_TESTS=OFF > "$out/configure.log" || { cat "$out/configure.log"; exit 1; }
cmake --build "$build" -j "${KANN_BUILD_JOBS:-2}" --target "${targets[@]/#/fuzz_}" > "$out/build.log" ||
  { tail -40 "$out/build.log"; exit 1; }

# Seeds: committed fixtures, small slices of the shared datasets (never copied into the repo),
# and every crash input found so far.
seed() {  # seed <target> <file...>: copies the files that exist
  local target=$1 f
  shift
  mkdir -p "$seeds/$target"
  for f in "$@"; do [ -f "$f" ] && cp "$f" "$seeds/$target/$(echo "$f" | tr / _)"; done
  return 0
}
slice() {  # slice <target> <name> <command...>: the command's output as one seed
  local target=$1 name=$2
  shift 2
  mkdir -p "$seeds/$target"
  "$@" > "$seeds/$target/$name" 2> /dev/null || rm -f "$seeds/$target/$name"
}
fx=tests/fixtures
seed npy $fx/npy/*.npy $fx/torch/*.npy
seed npz $fx/npy/*.npz
seed checkpoint $(ls -S -r $fx/torch/*.pt | head -20)
seed safetensors $fx/torch/*.safetensors
seed onnx $fx/onnx/*.onnx
mkdir -p "$seeds/pickle"
python3 - "$seeds/pickle" $fx/torch/*.pt <<'EOF'
import sys, zipfile
for i, path in enumerate(sys.argv[2:]):
    try:
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                if name.endswith("/data.pkl"):
                    open(f"{sys.argv[1]}/{i}.pkl", "wb").write(z.read(name))
    except zipfile.BadZipFile:
        pass
EOF
seed series $fx/series/*
slice series ecg5000.arff head -n 3 "$shared/ecg5000/ECG5000_TRAIN.arff"
seed text $fx/text/*.tsv $fx/text/*.txt $fx/text/*.csv $fx/text/*.jsonl $fx/text/rt.* $fx/text/aclimdb/*/*.txt
for f in imdb amazon_cells yelp; do slice text $f.txt head -n 20 "$shared/sentiment-labelled-sentences/${f}_labelled.txt"; done
slice text rt.pos head -n 20 "$shared/rt-polarity/rt-polarity.pos"
slice text aclimdb.tsv head -c 6000 "$shared/aclimdb-sample/aclimdb_test_sample5000.tsv"
seed vocab $fx/text/*.json
slice vocab head.vocab head -n 400 "$shared/imdb-vocab/imdb.vocab"
slice vocab middle.vocab sed -n '1p;2p;15000,15300p' "$shared/imdb-vocab/imdb.vocab"
slice vocab tail.vocab sed -n '1,3p;32000,32400p' "$shared/imdb-vocab/imdb.vocab"
slice vocab lexicon.vocab head -n 300 "$shared/opinion-lexicon/positive-words.txt"
seed wordpiece $fx/text/*.tsv $fx/text/*.txt $fx/text/aclimdb/*/*.txt
slice wordpiece rt.neg head -n 10 "$shared/rt-polarity/rt-polarity.neg"
slice wordpiece afinn.txt head -n 40 "$shared/opinion-lexicon/AFINN-111.txt"
# scipy's record 208 (Debian python3-scipy), short so the fuzzer runs fast: 10 s as the .npz
# readScipyEcg takes, and two 8 s stretches as raw samples.
mkdir -p "$seeds/ecg"
python3 - "$seeds/ecg" <<'EOF' || true
import sys, zipfile
try:
    with zipfile.ZipFile("/usr/lib/python3/dist-packages/scipy/misc/ecg.dat") as z:
        npy = z.read("ecg.npy")
except OSError:
    sys.exit()
data = npy[10 + int.from_bytes(npy[8:10], "little"):]
head = "{'descr': '<u2', 'fortran_order': False, 'shape': (3600,), }"
head += " " * (63 - (10 + len(head)) % 64) + "\n"
with zipfile.ZipFile(sys.argv[1] + "/record208_10s.npz", "w") as z:
    z.writestr("ecg.npy", b"\x93NUMPY\x01\x00" + len(head).to_bytes(2, "little") + head.encode() + data[:7200])
for second in (20, 200):
    open(f"{sys.argv[1]}/record208_{second}s.u2", "wb").write(data[720 * second:720 * (second + 8)])
EOF
for t in "${targets[@]}"; do seed "$t" $fx/fuzz/$t/*; done
# The tokenizer is fuzzed with the real vocabulary when the shared data is there.
[ -f "$shared/imdb-vocab/imdb.vocab" ] && export KANN_FUZZ_VOCAB="$shared/imdb-vocab/imdb.vocab"

printf '%-11s %6s %11s %8s %7s %s\n' target seeds executions crashes oom/tmo "crash inputs"
total=0
for t in "${targets[@]}"; do
  mkdir -p "$out/$t/corpus" "$out/$t/crashes"
  # Fork mode keeps fuzzing after a crash, so one run reports every distinct crash it meets.
  "$build/fuzz/fuzz_$t" -fork=1 -ignore_crashes=1 -ignore_ooms=1 -ignore_timeouts=1 -max_total_time="$seconds" \
    -timeout=10 -rss_limit_mb=2560 -max_len=65536 -artifact_prefix="$out/$t/crashes/" \
    "$out/$t/corpus" "$seeds/$t" > "$out/$t/log" 2>&1 || true
  last=$(grep -E '^#[0-9]+: ' "$out/$t/log" | tail -1)
  execs=$(echo "$last" | sed -E 's/^#([0-9]+):.*/\1/')
  counts=$(echo "$last" | sed -E 's|.*oom/timeout/crash: ([0-9]+)/([0-9]+)/([0-9]+).*|\1 \2 \3|')
  read -r ooms timeouts crashes <<< "${counts:-0 0 0}"
  printf '%-11s %6s %11s %8s %7s %s\n' "$t" "$(ls "$seeds/$t" | wc -l)" "${execs:-0}" "$crashes" "$((ooms + timeouts))" \
    "$( [ "$crashes" -gt 0 ] || [ "$ooms" -gt 0 ] && echo "$out/$t/crashes/" || echo -)"
  total=$((total + ${execs:-0}))
done
echo "total executions: $total; logs and corpora in $out"
