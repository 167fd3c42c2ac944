#!/usr/bin/env bash
# Installs what is missing, builds, and starts KANN Studio on its built-in sentiment demo.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
exec ./build/app/kann-studio --demo "${1:-sentiment}"
