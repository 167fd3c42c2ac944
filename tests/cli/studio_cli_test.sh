#!/usr/bin/env bash
# The studio's command line: --help and --version work without any display, it takes exactly the
# source and analysis options of `kann analyze` (old names as aliases), and a bad option exits 2
# with one line naming it.
# Usage: studio_cli_test.sh KANN_STUDIO_BINARY KANN_BINARY FIXTURES_DIR
set -u
studio=$1
kann_binary=$2
fixtures=$3
kann=$studio  # expect_error runs $kann
source "$(dirname "$0")/cli_checks.sh"

export XDG_RUNTIME_DIR="$tmp/runtime"
mkdir -m 700 "$XDG_RUNTIME_DIR"

env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "$studio" --help > "$tmp/help" 2> "$tmp/err"
check "--help without a display: exit 0" test $? -eq 0
check "--help without a display: nothing on stderr" test ! -s "$tmp/err"
env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "$studio" --version > "$tmp/version" 2> "$tmp/err"
check "--version without a display: exit 0" test $? -eq 0
check "--version prints the version" grep -qE '^[0-9]+\.[0-9]+\.[0-9]+' "$tmp/version"

# Every source and analysis option; not --json (the studio exports from its menu) nor --moments (a fit
# from moments files holds no states for the studio's views to browse).
"$kann_binary" analyze --help > "$tmp/kann_help"
for option in $(grep -oE '^  --[a-z-]+' "$tmp/kann_help" | grep -vxE -- '  --(json|moments)'); do
    check "studio takes kann analyze's $option" grep -qE -- "$option( |,|$)" "$tmp/help"
done
check "old name --count kept" grep -qF -- "--count" "$tmp/help"
check "old name --max-length kept" grep -qF -- "--max-length" "$tmp/help"

export QT_QPA_PLATFORM=offscreen
expect_error "unknown option" "--no-such-option" --no-such-option
expect_error "negative batch" "--batch" --model m.pt --data d.tsv --batch -1
expect_error "input-k without a fit with inputs" "--fit inputs" --model m.pt --data d.tsv --input-k 2
expect_error "not a number" "--layer" --model m.pt --data d.tsv --layer two
expect_error "scale out of range" "--scale" --demo copy --scale 100
expect_error "options without a source" "--states or --model" --k 3
expect_error "options with a demo" "--demo" --demo copy --k 3
expect_error "size without an x" "--size" --demo copy --size 1024 --screenshot "$tmp/s.png"
expect_error "size too small" "--size" --demo copy --size 100x80 --screenshot "$tmp/s.png"

"$studio" --states "$fixtures/npy/states_f4.npy" --k 2 --size 1024x700 --screenshot "$tmp/small.png" > "$tmp/out" 2> "$tmp/err"
check "--size 1024x700 --screenshot: exit 0" test $? -eq 0
check "the screenshot is 1024 x 700" /usr/bin/env python3 -c "
import struct, sys
head = open('$tmp/small.png', 'rb').read(24)
sys.exit(0 if struct.unpack('>II', head[16:24]) == (1024, 700) else 1)"

# The same input through both programs, the studio with its old option names: the studio's results
# are kann analyze's JSON, key for key and value for value, plus the selection.
states=("--states" "$fixtures/torch/ecg_lstm_states.npy" "--lengths" "$fixtures/torch/ecg_lstm_lengths.npy")
"$kann_binary" analyze "${states[@]}" --batch 3 --k 4 --seed 5 --reduction pca --json "$tmp/analyze.json"
"$studio" "${states[@]}" --count 3 --k 4 --seed 5 --reduction pca \
    --export-figure "results=$tmp/results.json" > "$tmp/out" 2> "$tmp/err"
check "saved states with the studio's options: exit 0" test $? -eq 0
check "the studio's results JSON is kann analyze's" /usr/bin/python3 - "$tmp/analyze.json" "$tmp/results.json" <<'PY'
import json, math, sys
cli, studio = (json.load(open(p)) for p in sys.argv[1:3])
studio.pop("selected_mode", None)
def same(a, b, where):
    if isinstance(a, dict):
        assert isinstance(b, dict) and a.keys() == b.keys(), f"{where}: keys {sorted(a)} vs {sorted(b)}"
        for key in a:
            if where + key != "timings_ms":
                same(a[key], b[key], where + key + ".")
    elif isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b), f"{where}: lengths differ"
        for i, (x, y) in enumerate(zip(a, b)):
            same(x, y, f"{where}{i}.")
    elif isinstance(a, float) or isinstance(b, float):
        assert math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9), f"{where}: {a} vs {b}"
    else:
        assert a == b, f"{where}: {a} vs {b}"
same(cli, studio, "")
assert cli["k"] == 4 and cli["source"]["options"]["selection"]["count"] == 3
PY

echo "studio cli: $passed passed, $failed failed"
test "$failed" -eq 0
