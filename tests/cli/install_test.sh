#!/usr/bin/env bash
# `cmake --install` into a temporary prefix, then the installed programs on their own: every demo
# opens headless from the prefix's share/kann-studio/resources, a saved exploration given as the
# only argument (what a double-click runs) reopens, and the desktop files are in place.
# The source tree is beside the build, so a demo that opens could have been read from there: each
# demo is then broken in the prefix alone, and must fail naming the prefix.
# Usage: install_test.sh BUILD_DIR
set -u
build=$1
source "$(dirname "$0")/cli_checks.sh"
prefix=$tmp/prefix
export XDG_RUNTIME_DIR="$tmp/runtime" QT_QPA_PLATFORM=offscreen
mkdir -m 700 "$XDG_RUNTIME_DIR"
unset KANN_RESOURCES

if ! cmake --install "$build" --prefix "$prefix" > "$tmp/install.log" 2>&1; then
    cat "$tmp/install.log"
    echo "FAILED: cmake --install (build every target first: cmake --build $build)"
    exit 1
fi
kann=$prefix/bin/kann
studio=$prefix/bin/kann-studio
demos=$prefix/share/kann-studio/resources/demos

for f in bin/kann bin/kann-studio share/applications/kann-studio.desktop \
         share/metainfo/io.github.kann_studio.kann_studio.metainfo.xml share/mime/packages/kann-studio.xml \
         share/icons/hicolor/scalable/apps/kann-studio.svg share/man/man1/kann.1 share/man/man1/kann-studio.1 \
         share/kann-studio/resources/demos/ecg/beats.csv; do
    check "installs $f" test -s "$prefix/$f"
done
for size in 16 32 48 64 128 256 512; do
    check "a ${size}x${size} PNG icon" grep -q "PNG image data, $size x $size" \
        <(file "$prefix/share/icons/hicolor/${size}x${size}/apps/kann-studio.png")
done
check "kann.1 lists the commands" grep -q "unroll" "$prefix/share/man/man1/kann.1"
check "kann-studio.1 lists --demo" grep -q -- "-demo" "$prefix/share/man/man1/kann-studio.1"
check "the desktop entry passes the file" grep -qx "Exec=kann-studio %f" "$prefix/share/applications/kann-studio.desktop"
check "update-mime-database reads the file type" update-mime-database "$prefix/share/mime" 2> /dev/null
check "*.kann is a KANN exploration" grep -qx "50:application/x-kann-exploration:\*.kann" "$prefix/share/mime/globs2"

for demo in copy sentiment ecg; do
    "$studio" --demo "$demo" --screenshot "$tmp/$demo.png" > "$tmp/out" 2> "$tmp/err"
    rc=$?
    check "--demo $demo from the prefix: exit 0 (got $rc: $(grep kann-studio "$tmp/err"))" test "$rc" -eq 0
    check "--demo $demo from the prefix: a PNG" grep -q "PNG image data" <(file "$tmp/$demo.png")
    # Without the prefix's copy of its data, the demo must fail: read from the source tree, it would not.
    data=$(sed -n 's/^ *"data": "\(.*\)",*$/\1/p' "$demos/$demo/demo.json")
    mv "$demos/$demo/$data" "$tmp/held"
    "$studio" --demo "$demo" --screenshot "$tmp/broken.png" > "$tmp/out" 2> "$tmp/err"
    rc=$?
    check "--demo $demo reads the prefix, not the source tree: exit 2 (got $rc)" test "$rc" -eq 2
    check "--demo $demo reads the prefix: the error names it" grep -qF "$demos/$demo/$data" "$tmp/err"
    mv "$tmp/held" "$demos/$demo/$data"
done

# A double-click: the saved exploration is the only argument.
"$kann" insight --model "$demos/copy/model.pt" --data "$demos/copy/copy_task.ts" --save "$tmp/copy.kann" \
    > /dev/null 2> "$tmp/err"
check "kann insight --save from the prefix" test -s "$tmp/copy.kann"
"$studio" "$tmp/copy.kann" --screenshot "$tmp/restored.png" > "$tmp/out" 2> "$tmp/err"
rc=$?
check "kann-studio FILE.kann reopens it: exit 0 (got $rc: $(grep kann-studio "$tmp/err"))" test "$rc" -eq 0
check "kann-studio FILE.kann: a PNG" grep -q "PNG image data" <(file "$tmp/restored.png")

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
