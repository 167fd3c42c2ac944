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


# sine_waves N SEED LONGEST: N sine waves of 3..LONGEST steps as a .ts dataset on stdout (varied
# lengths, labels a and b in turn).
sine_waves() {
    /usr/bin/env python3 - "$@" <<'PY'
import math, random, sys
n, seed, longest = (int(a) for a in sys.argv[1:])
random.seed(seed)
print("@problemName waves\n@timeStamps false\n@univariate true\n@equalLength false\n@classLabel true a b\n@data")
for i in range(n):
    steps = random.randint(3, longest)
    f = 0.1 + 0.3 * random.random()
    print(",".join("%.4f" % math.sin(f * t + i) for t in range(steps)) + ":" + "ab"[i % 2])
PY
}
