#!/usr/bin/env bash
# Builds the core tests with AddressSanitizer and UndefinedBehaviorSanitizer and runs them.
#   scripts/test_sanitized.sh [test executable ...]   (default: the core suites below)
# Environment: KANN_ASAN_BUILD (build folder, default ./build-asan), KANN_BUILD_JOBS (default 2).
# Any UB report or leak fails the run. LibTorch (test_models, test_pipeline) runs under ASan as is:
# no suppressions were needed (checked with Debian's libtorch 1.13).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${KANN_ASAN_BUILD:-$(pwd)/build-asan}
suites=("$@")
[ ${#suites[@]} -gt 0 ] || suites=(test_io test_data test_analysis test_models test_pipeline)
start=$(date +%s)

# -O1 -g1 (line tables: every report still names file and line) compiles the Eigen- and
# Torch-heavy tests about 2.5 times faster than RelWithDebInfo's -O2 -g, which keeps CI short.
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" \
  -DKANN_SANITIZE=ON -DKANN_BUILD_UI=OFF > "$build.configure.log" 2>&1 || { cat "$build.configure.log"; exit 1; }
cmake --build "$build" -j "${KANN_BUILD_JOBS:-2}" --target "${suites[@]}"
built=$(date +%s)

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_stack_use_after_return=1:strict_string_checks=1:check_initialization_order=1}
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
failed=()
for suite in "${suites[@]}"; do
  t0=$(date +%s)
  if "$build/tests/$suite" --use-colour no > "$build/$suite.log" 2>&1; then status=passed; else status=FAILED; failed+=("$suite"); fi
  printf '%-14s %s in %ss: %s\n' "$suite" "$status" "$(($(date +%s) - t0))" "$(grep -E '^(All tests passed|test cases:)' "$build/$suite.log" | tail -1)"
done
echo "build $((built - start))s, tests $(($(date +%s) - built))s; logs in $build/<suite>.log"
if [ ${#failed[@]} -gt 0 ]; then
  echo "failed: ${failed[*]}"
  exit 1
fi
