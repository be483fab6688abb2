#!/usr/bin/env bash
# Installs what is missing from Debian's packages, then configures and builds
# the given targets in build/ (default: the mcplm binary alone; `all` builds
# the tests too, as scripts/test.sh does). Idempotent: a second run with
# nothing changed takes seconds.
#   scripts/setup.sh [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(libtorch-dev libgloo-dev libsentencepiece-dev sentencepiece libcli11-dev nlohmann-json3-dev
  libfmt-dev libgtest-dev libpcre2-dev protobuf-compiler libprotobuf-dev libisal-dev cmake
  zlib1g-dev ninja-build ccache pkg-config g++ libopenblas0-pthread python3)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

build_dir=${MCPLM_BUILD_DIR:-build}
# One cache for every clone on this machine (CMakeLists.txt makes its keys
# independent of the clone's folder).
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.ccache}
if [[ ! -f $build_dir/build.ninja ]]; then
  cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=${CMAKE_BUILD_TYPE:-RelWithDebInfo}
fi
targets=("${@:-mcplm}")
start=$(date +%s)
cmake --build "$build_dir" --target "${targets[@]}"
echo "setup: built ${targets[*]} in $build_dir in $(($(date +%s) - start)) s"
