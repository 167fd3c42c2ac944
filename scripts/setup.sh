#!/usr/bin/env bash
# Installs every Debian package KANN Studio needs to build, test and run. Idempotent.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  qt6-base-dev qt6-svg-dev libqt6svg6 libgl-dev
  libqcustomplot-dev libqcustomplot2.1-qt6
  libeigen3-dev libtorch-dev libopenblas0-pthread libblas-dev liblapack-dev
  libzip-dev catch2 nlohmann-json3-dev
  # OpenSSL's libcrypto hashes the files a saved exploration names (SHA-256).
  libssl-dev
  # giflib: animated films of the spectrum through training.
  libgif-dev
  # CLI11: both command lines parse their options with it.
  libcli11-dev
  # Open MPI: `mpirun -n N kann analyze` shares a batch across processes (-DKANN_MPI=ON; CI builds it).
  libopenmpi-dev openmpi-bin
  # ICU: the tokenizer's NFKC case folding, exactly as the reference pipeline (tensorflow_text) does it.
  libicu-dev
  # libcsv: text tables with quoted fields, as Python's csv module and pandas write them.
  libcsv-dev
  # ONNX models: ONNX's generated protobuf classes and libprotobuf; ONNX's conformance test data
  # (libonnx-testdata) and python3-onnx for the torch.onnx.export fixtures.
  libonnx-dev libprotobuf-dev libonnx-testdata python3-onnx
  # python3-torch makes and checks the PyTorch interop fixtures; python3-scipy ships the
  # MIT-BIH record 208 (scipy/misc/ecg.dat) the ECG demo trains on.
  python3-torch python3-scipy python3-numpy
  # Headless runs of the studio (screenshots, GUI tests) and looking at the figures.
  xvfb xauth fonts-dejavu-core
  # Installing like a desktop application: PNG icons from the SVG, man pages from --help, the
  # validators of the menu entry, AppStream metadata and file type, and dpkg-shlibdeps for cpack.
  librsvg2-bin help2man desktop-file-utils appstream shared-mime-info file dpkg-dev
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y --no-install-recommends "${missing[@]}"
fi
