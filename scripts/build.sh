#!/usr/bin/env bash
# Configures and builds everything into ./build (Release, Ninja). Extra arguments go to CMake.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release "$@" > build.configure.log || { cat build.configure.log; exit 1; }
# LibTorch translation units need ~1.2 GB each: two jobs fit every machine this project targets.
# Besides the programs and tests it derives the ECG demo's beats, the PNG icons and the man pages.
cmake --build build -j "${KANN_BUILD_JOBS:-2}"
