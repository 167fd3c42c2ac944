#!/usr/bin/env bash
# Configures and builds everything into ./build (Release, Ninja). Extra arguments go to CMake.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release "$@" > build.configure.log || { cat build.configure.log; exit 1; }
# LibTorch translation units need ~1.2 GB each: two jobs fit every machine this project targets.
cmake --build build -j "${KANN_BUILD_JOBS:-2}"
# The ECG demo's beats are derived from Debian's copy of MIT-BIH record 208, never committed.
beats=resources/demos/ecg/beats.csv
if [ ! -s "$beats" ]; then
  ./build/app/kann ecg-beats --out "$beats"
fi
