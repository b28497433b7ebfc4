#!/usr/bin/env bash
# QuantLens set-up on a fresh Debian 12 machine.
#
#   scripts/bootstrap.sh gui    install what is missing, build, open the GUI on the demo model
#   scripts/bootstrap.sh test   install what is missing, build, run every test headless
#
# Works as root (CI, minimal images) and as a user with sudo. Only Debian packages are
# installed; nothing else is downloaded.
set -euo pipefail

mode=${1:-gui}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${QUANTLENS_BUILD_DIR:-$root/build}
jobs=${QUANTLENS_JOBS:-2}

packages=(
    build-essential cmake ninja-build git pkg-config
    qt6-base-dev qt6-base-dev-tools qt6-charts-dev qt6-svg-dev qt6-tools-dev qt6-tools-dev-tools
    qt6-l10n-tools qt6-translations-l10n libqt6opengl6-dev libgl-dev libxkbcommon-dev
    libeigen3-dev libhdf5-dev libtbb-dev nlohmann-json3-dev libcli11-dev libzip-dev
    libbenchmark-dev libhwy-dev libpcre2-dev libsentencepiece-dev zlib1g-dev fonts-dejavu-core fonts-wqy-microhei
)

# The test suite also runs scripts/dump_calibration.py with Debian's PyTorch.
if [ "$mode" = test ]; then
    packages+=(python3-numpy python3-h5py python3-torch)
fi

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "bootstrap: installing ${missing[*]}"
    if [ "$(id -u)" -eq 0 ]; then sudo=(); else sudo=(sudo); fi
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -q
    "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build "$build" -j"$jobs"

case "$mode" in
gui)
    exec "$build/bin/quantlens" "${@:2}"
    ;;
test)
    export QT_QPA_PLATFORM=offscreen
    cd "$build"
    exec ctest --output-on-failure -j"$jobs" --timeout 900
    ;;
*)
    echo "usage: $0 gui|test" >&2
    exit 2
    ;;
esac
