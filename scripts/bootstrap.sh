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
started=$SECONDS
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${QUANTLENS_BUILD_DIR:-$root/build}
jobs=${QUANTLENS_JOBS:-2}

packages=(
    build-essential cmake ninja-build git pkg-config
    qt6-base-dev qt6-base-dev-tools qt6-charts-dev qt6-svg-dev qt6-tools-dev qt6-tools-dev-tools
    qt6-l10n-tools qt6-translations-l10n libqt6opengl6-dev libgl-dev libxkbcommon-dev
    libeigen3-dev libhdf5-dev libtbb-dev nlohmann-json3-dev libcli11-dev libzip-dev
    libbenchmark-dev libhwy-dev libpcre2-dev libsentencepiece-dev zlib1g-dev fonts-dejavu-core fonts-wqy-microhei
    openmpi-bin libopenmpi-dev
)

# The test suite also runs scripts/dump_calibration.py with Debian's PyTorch; the sanitizer and
# fuzzing stage needs clang with its sanitizer and libFuzzer runtimes (and llvm-symbolizer).
if [ "$mode" = test ]; then
    packages+=(python3-numpy python3-h5py python3-torch)
    [ "${QUANTLENS_SANITIZE:-1}" = 0 ] || packages+=(clang-14 libclang-rt-14-dev llvm-14)
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
    stage() { echo "bootstrap: $1 ($(date -u +%T))"; }
    stage "the test suite (gcc, release)"
    (cd "$build" && ctest --output-on-failure -j"$jobs" --timeout 900)
    [ "${QUANTLENS_SANITIZE:-1}" = 0 ] && exit 0
    # Hostile input (issue 16): one clang build with ASan + UBSan + libFuzzer coverage serves the
    # fuzz targets and (QUANTLENS_SANITIZE_TESTS=1) the sanitizer run of the whole test suite. That
    # run is not on by default yet: it has not been completed once (see the notes of issue 16), and
    # the whole build it needs costs about twice the gcc build.
    fuzzbuild=${QUANTLENS_FUZZ_BUILD_DIR:-$root/build-fuzz}
    stage "the clang ASan + UBSan + fuzzing build"
    QUANTLENS_FUZZ_BUILD_DIR=$fuzzbuild "$root/scripts/fuzz.sh" --configure-only
    if [ "${QUANTLENS_SANITIZE_TESTS:-0}" = 1 ]; then
        cmake --build "$fuzzbuild" -j"$jobs"
        stage "the test suite under ASan + UBSan"
        (cd "$fuzzbuild" && ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
            ctest --output-on-failure -j"$jobs" --timeout 1800 -LE slow)
    else
        # The tests of hostile input and of the readers and quantizers they reach run under the
        # sanitizers every time (the whole suite is opt-in above). test_hdf5reader is not among them:
        # it crashes its reader process on purpose, and ASan turns that signal into an exit status.
        sanitized=(test_hostile test_malformed test_limits test_io test_quant test_ggmltypes)
        cmake --build "$fuzzbuild" -j"$jobs" --target quantlens-fuzz "${sanitized[@]}"
        stage "the tests of hostile input under ASan + UBSan"
        (cd "$fuzzbuild" && ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
            ctest --output-on-failure -j"$jobs" --timeout 900 -R "^($(IFS='|'; echo "${sanitized[*]}"))\$")
    fi
    # Each target runs 60 s from its corpus, or less when the CI budget (30 minutes for the whole
    # run, install included) would not allow it: what is left, minus 3 minutes' margin, shared by
    # the targets, $jobs at a time (at least 10 s each). QUANTLENS_FUZZ_SECONDS overrides it.
    ntargets=$(sed -n '/^set(QL_FUZZ_TARGETS/,/)/p' "$root/tests/fuzz/CMakeLists.txt" | tr -d '()' | sed 's/set\|QL_FUZZ_TARGETS//g' | wc -w)
    left=$(( ${QUANTLENS_CI_BUDGET:-1800} - (SECONDS - started) - 180 ))
    seconds=$(( left * jobs / ntargets ))
    [ "$seconds" -le 60 ] || seconds=60
    [ "$seconds" -ge 10 ] || seconds=10
    seconds=${QUANTLENS_FUZZ_SECONDS:-$seconds}
    stage "the $ntargets fuzz targets, $seconds s each, $jobs at a time ($((SECONDS - started)) s of the run so far)"
    exec "$root/scripts/fuzz.sh" --no-build --build "$fuzzbuild" --seconds "$seconds" --jobs "$jobs"
    ;;
*)
    echo "usage: $0 gui|test" >&2
    exit 2
    ;;
esac
