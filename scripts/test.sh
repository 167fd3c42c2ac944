#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite (what CI runs), then runs the
# core's suites once more under AddressSanitizer and UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh -DKANN_MPI=ON  # so that the MPI run is tested too
(cd build && QT_QPA_PLATFORM=offscreen ctest --output-on-failure --timeout 900 -j 2)
# The core and its parsers (test_io test_data test_analysis test_models test_pipeline) in
# build-asan/: on 2 idle cores about 6 minutes to build from nothing, 10 s to run.
bash scripts/test_sanitized.sh
