#!/usr/bin/env bash
# End-to-end checks of `kann export --restore FILE`: every figure of a saved exploration comes back
# as a valid PNG, SVG and PDF, with the results; a changed, missing or untrusted file stops it with
# exit status 2 and a message naming the file.
# Usage: export_cli_test.sh KANN_BINARY FIXTURES_DIR   (kann-studio beside kann, or $KANN_STUDIO)
set -u
kann=$1
fixtures=$2
source "$(dirname "$0")/cli_checks.sh"

# Qt's offscreen platform wants a private runtime folder; without one it warns on stderr.
export XDG_RUNTIME_DIR="$tmp/runtime"
mkdir -m 700 "$XDG_RUNTIME_DIR"

# expect_refusal NAME NEEDLE... -- ARGS: exit 2 and one "kann...: " error line holding every NEEDLE
# (the studio's platform may add lines of its own, so the error line is found, not counted).
expect_refusal() {
    local name=$1; shift
    local needles=()
    while [ "$1" != "--" ]; do needles+=("$1"); shift; done
    shift
    "$kann" "$@" > "$tmp/out" 2> "$tmp/err"
    local rc=$?
    check "$name: exit 2 (got $rc)" test "$rc" -eq 2
    grep -E '^kann(-studio| export)?: ' "$tmp/err" | grep -v ': warning: ' > "$tmp/errline"
    check "$name: one error line" test "$(wc -l < "$tmp/errline")" -eq 1
    for needle in "${needles[@]}"; do
        check "$name: names '$needle'" grep -qF -- "$needle" "$tmp/errline"
    done
}

# The files of the exploration are copies, so the test can change and remove them.
mkdir "$tmp/work"
cp "$fixtures/torch/ecg_gru.pt" "$tmp/work/model.pt"
cp "$fixtures/series/label_last.arff" "$tmp/work/beats.arff"
"$kann" insight --model "$tmp/work/model.pt" --data "$tmp/work/beats.arff" --horizon 2 \
    --save "$tmp/saved.kann.json" > /dev/null
check "exploration saved" test -s "$tmp/saved.kann.json"

"$kann" export --restore "$tmp/saved.kann.json" --out-dir "$tmp/figures" --scale 1 > "$tmp/out" 2> "$tmp/err"
check "export exits 0" test $? -eq 0
views="spectrum series decoding heatmap singular prediction tracks"
check "every figure as PNG, SVG and PDF, and the results" /usr/bin/env python3 - "$tmp/figures" $views <<'PY'
import json, os, struct, sys, zlib
import xml.etree.ElementTree as ET
folder, views = sys.argv[1], sys.argv[2:]

def png(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path + ": no PNG signature"
    at, chunks = 8, []
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + length]
        crc, = struct.unpack(">I", data[at + 8 + length:at + 12 + length])
        assert zlib.crc32(kind + body) == crc, "%s: bad CRC in %s" % (path, kind)
        chunks.append((kind, body))
        at += 12 + length
    assert chunks[0][0] == b"IHDR" and chunks[-1][0] == b"IEND", path + ": chunks out of order"
    width, height = struct.unpack(">II", chunks[0][1][:8])
    assert width >= 200 and height >= 200, "%s: %dx%d" % (path, width, height)
    zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))

def svg(path):
    root = ET.parse(path).getroot()
    assert root.tag.endswith("svg"), path + ": root is " + root.tag
    assert len(list(root.iter())) > 20, path + ": nearly empty drawing"

def pdf(path):
    data = open(path, "rb").read()
    assert data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:], path + ": not a complete PDF"

for view in views:
    for suffix, valid in (("png", png), ("svg", svg), ("pdf", pdf)):
        valid(os.path.join(folder, view + "." + suffix))
results = json.load(open(os.path.join(folder, "results.json")))
assert results["eigenvalues"], "results.json without eigenvalues"
assert len(open(os.path.join(folder, "results.csv")).readlines()) > 1
PY

# The studio's results and `kann analyze --json` are one writer's: the same keys and values for the
# same source (the studio adds its selection; timings and float round-off of φ sums may differ).
"$kann" analyze --model "$tmp/work/model.pt" --data "$tmp/work/beats.arff" --json "$tmp/analyze.json" > /dev/null
check "studio results = kann analyze --json" /usr/bin/env python3 - "$tmp/analyze.json" "$tmp/figures/results.json" <<'PY'
import json, sys
cli, studio = (json.load(open(p)) for p in sys.argv[1:])
assert set(studio) - set(cli) == {"selected_mode"}, sorted(set(studio) ^ set(cli))
def same(a, b, where):
    if isinstance(a, dict):
        assert set(a) == set(b), "%s: keys %s" % (where, sorted(set(a) ^ set(b)))
        for k in a: same(a[k], b[k], where + "." + k)
    elif isinstance(a, list):
        assert len(a) == len(b), where + ": lengths differ"
        for i, (x, y) in enumerate(zip(a, b)): same(x, y, "%s[%d]" % (where, i))
    elif isinstance(a, float) and isinstance(b, (int, float)):
        assert abs(a - b) <= 1e-9 * max(1.0, abs(a)), "%s: %r != %r" % (where, a, b)
    else:
        assert a == b, "%s: %r != %r" % (where, a, b)
for key in cli:
    if key != "timings_ms": same(cli[key], studio[key], key)
assert set(cli["timings_ms"]) == set(studio["timings_ms"])
PY
check "no text figure for a series exploration" test ! -e "$tmp/figures/text.png"
check "default folder named after the file" bash -c \
    "cd '$tmp' && '$kann' export --restore saved.kann.json --scale 1 > /dev/null 2>&1 && test -s saved.kann-figures/spectrum.png"

# A checkpoint changed since the save: the figures would not be the saved ones.
cp "$fixtures/torch/ecg_lstm.pt" "$tmp/work/model.pt"
expect_refusal "changed checkpoint" "model.pt" "changed" "SHA-256" -- \
    export --restore "$tmp/saved.kann.json" --out-dir "$tmp/changed"
check "changed checkpoint: no figures" test ! -e "$tmp/changed/spectrum.png"
"$kann" export --restore "$tmp/saved.kann.json" --out-dir "$tmp/allowed" --scale 1 --allow-changed > /dev/null 2> "$tmp/err"
check "--allow-changed: exit 0" test $? -eq 0
check "--allow-changed: warns naming the file" grep -qE "warning: .*model.pt changed" "$tmp/err"
check "--allow-changed: figures written" test -s "$tmp/allowed/spectrum.svg"

mv "$tmp/work/model.pt" "$tmp/work/moved.pt"
expect_refusal "missing checkpoint" "model.pt" "missing" -- export --restore "$tmp/saved.kann.json" --out-dir "$tmp/gone"

# A saved exploration whose model is a TorchScript program: a script cannot ask, so it refuses.
# (The first exploration, pointed at the program with its true digest, so only the trust stops it.)
cp "$fixtures/torch/scripted_series.pt" "$tmp/work/scripted.pt"
/usr/bin/env python3 - "$tmp/saved.kann.json" "$tmp/work/scripted.pt" "$tmp/scripted.kann.json" <<'PY'
import hashlib, json, sys
saved = json.load(open(sys.argv[1]))
saved["files"]["model"] = {"path": sys.argv[2], "sha256": hashlib.sha256(open(sys.argv[2], "rb").read()).hexdigest()}
json.dump(saved, open(sys.argv[3], "w"))
PY
expect_refusal "TorchScript model" "scripted.pt" "TorchScript" -- \
    export --restore "$tmp/scripted.kann.json" --out-dir "$tmp/scripted"

expect_refusal "no such exploration" "nowhere.kann.json" -- export --restore "$tmp/nowhere.kann.json"
expect_refusal "not a saved exploration" "results.json" -- export --restore "$tmp/figures/results.json" \
    --out-dir "$tmp/bad"

echo "export cli: $passed passed, $failed failed"
test "$failed" -eq 0
