# Shared helpers of the CLI test scripts (source it): a temporary folder, pass/fail counting,
# and expect_error for the one-line errors with exit status 2. Uses $kann.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

check() {  # check NAME CONDITION...
    local name=$1; shift
    if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $name"; fi
}

# expect_error NAME NEEDLE ARGS...: exit 2, exactly one stderr line, containing NEEDLE.
expect_error() {
    local name=$1 needle=$2; shift 2
    "$kann" "$@" > "$tmp/out" 2> "$tmp/err"
    local rc=$?
    check "$name: exit 2 (got $rc)" test "$rc" -eq 2
    check "$name: one line on stderr" test "$(wc -l < "$tmp/err")" -eq 1
    check "$name: names '$needle'" grep -qF -- "$needle" "$tmp/err"
}

