#!/usr/bin/env bash
# The spectrum through training from the command line: `kann train --snapshots` keeps checkpoints
# that its snapshots.json lists, `kann timeline` analyses each of them, and with KANN_STUDIO set
# the studio opens the same folder headless and writes a film.
# Usage: timeline_cli_test.sh KANN_BINARY
set -u
kann=$1
source "$(dirname "$0")/cli_checks.sh"

run="$tmp/run"
"$kann" train copy --out "$run" --epochs 2 --batches 5 --hidden 8 --batch 16 --snapshots 4 2> "$tmp/train.err"
check "train --snapshots exits 0" test $? -eq 0
check "snapshots.json lists the files written, untrained first" /usr/bin/env python3 - "$run/snapshots" <<'PY'
import json, os, sys
folder = sys.argv[1]
listed = json.load(open(os.path.join(folder, "snapshots.json")))
entries = listed["snapshots"]
assert listed["metric"] == "recall accuracy" and listed["batches_per_epoch"] == 5
assert [e["step"] for e in entries] == [0, 3, 5, 8, 10], [e["step"] for e in entries]
assert sorted(f for f in os.listdir(folder) if f.endswith(".pt")) == [e["file"] for e in entries]
assert all(e["file"] == "step_%06d.pt" % e["step"] for e in entries)
assert entries[0]["train_loss"] is None and all(e["train_loss"] > 0 for e in entries[1:])
assert all(0 <= e["held_out_metric"] <= 1 for e in entries)
assert [e["epoch"] for e in entries] == [s / 5 for s in (0, 3, 5, 8, 10)]
PY
check "the first snapshot is the untrained network" cmp -s "$run/model_untrained.pt" "$run/snapshots/step_000000.pt"
check "the last snapshot is the trained network" cmp -s "$run/model.pt" "$run/snapshots/step_000010.pt"

"$kann" timeline --snapshots "$run/snapshots" --data "$run/copy_task.ts" --batch 32 --json "$tmp/t.json" 2> /dev/null
check "timeline writes one entry per snapshot, tracks on every eigenvalue" /usr/bin/env python3 - "$tmp/t.json" "$run/snapshots" <<'PY'
import json, os, sys
t = json.load(open(sys.argv[1]))
listed = json.load(open(os.path.join(sys.argv[2], "snapshots.json")))["snapshots"]
snaps = t["snapshots"]
assert len(snaps) == len(listed)
assert [s["step"] for s in snaps] == [e["step"] for e in listed]
assert [s["accuracy"] for s in snaps] == [e["held_out_metric"] for e in listed]
for s in snaps:
    assert os.path.basename(s["model"]).startswith("step_") and s["residual"] >= 0
    tracks = [e["track"] for e in s["eigenvalues"]]
    assert len(set(tracks)) == len(tracks) and all(0 <= k < t["tracks"] for k in tracks)
    assert s["near_circle"] == sum(1 for e in s["eigenvalues"] if (e["re"] ** 2 + e["im"] ** 2) ** 0.5 > 0.9)
PY
"$kann" timeline --models "$run/snapshots/step_000000.pt,$run/model.pt" --data "$run/copy_task.ts" --batch 32 > "$tmp/t.txt" 2> /dev/null
check "timeline --models prints a row per checkpoint" test "$(grep -c 'step_000000.pt\|model.pt' "$tmp/t.txt")" -eq 2

expect_error "no snapshot list" "snapshots.json" timeline --snapshots "$tmp" --data "$run/copy_task.ts"
expect_error "both sources" "--snapshots" timeline --snapshots "$run/snapshots" --models "$run/model.pt" \
    --data "$run/copy_task.ts"
mkdir -p "$tmp/gone" && cp "$run/snapshots/snapshots.json" "$tmp/gone/"
expect_error "a listed checkpoint gone" "step_000000.pt" timeline --snapshots "$tmp/gone" --data "$run/copy_task.ts"
expect_error "negative snapshots" "--snapshots" train copy --out "$tmp/neg" --epochs 1 --batches 2 --snapshots -1

if [ -n "${KANN_STUDIO:-}" ]; then
    QT_QPA_PLATFORM=offscreen "$KANN_STUDIO" --timeline "$run/snapshots" --data "$run/copy_task.ts" --count 32 \
        --frame 1 --screenshot "$tmp/shot.png" --export-film "$tmp/film.gif" > /dev/null 2> "$tmp/studio.err"
    check "studio --timeline exits 0" test $? -eq 0
    check "studio wrote the screenshot" test -s "$tmp/shot.png"
    check "studio wrote a GIF film" test "$(head -c 6 "$tmp/film.gif")" = "GIF89a"
    QT_QPA_PLATFORM=offscreen "$KANN_STUDIO" --timeline "$run/snapshots" --screenshot "$tmp/x.png" > /dev/null 2> "$tmp/err"
    check "studio --timeline without --data: exit 2" test $? -eq 2
    check "studio names --data" grep -qF -- "--data" "$tmp/err"
else
    echo "SKIPPED: the studio part (KANN_STUDIO is not set)"
fi

echo "cli: $passed passed, $failed failed"
test "$failed" -eq 0
