#!/usr/bin/env bash
# Fills a folder (default .devdeps/) with what mcplm builds on besides LibTorch,
# copied from this Debian machine's packages, for a machine that lacks them (a
# GPU machine with only a PyTorch install): CLI11, nlohmann/json and fmt
# headers, SentencePiece's header and library, PCRE2's header and static
# library, googletest's sources; and the shared test data ($MCPLM_SHARED or
# ../shared: data/, bpe/) into <folder>/shared when it is there. Build there with
# -DMCPLM_DEPS_PREFIX=<folder> (scripts/device_check.sh does). Files are copied,
# never linked, so the folder can be carried as it is.
#   scripts/device_deps.sh [FOLDER]
set -euo pipefail
cd "$(dirname "$0")/.."
dest=${1:-.devdeps}
lib=/usr/lib/$(gcc -print-multiarch)

sources=(/usr/include/CLI /usr/include/nlohmann /usr/include/fmt
  /usr/include/sentencepiece_processor.h /usr/include/pcre2.h
  "$lib/libsentencepiece.so.0" "$lib/libpcre2-8.a" /usr/src/googletest/CMakeLists.txt)
for path in "${sources[@]}"; do
  if [[ ! -e $path ]]; then
    echo "device_deps: $path is missing (apt-get install libcli11-dev nlohmann-json3-dev" \
      "libfmt-dev libsentencepiece-dev libpcre2-dev libgtest-dev)" >&2
    exit 1
  fi
done

rm -rf "$dest/include" "$dest/lib" "$dest/src"
mkdir -p "$dest/include" "$dest/lib" "$dest/src"
cp -rL /usr/include/CLI /usr/include/nlohmann /usr/include/fmt "$dest/include/"
cp -L /usr/include/sentencepiece_processor.h /usr/include/pcre2.h "$dest/include/"
# The soname the loader looks for and the name the linker looks for.
cp -L "$lib/libsentencepiece.so.0" "$dest/lib/libsentencepiece.so.0"
cp -L "$lib/libsentencepiece.so.0" "$dest/lib/libsentencepiece.so"
cp -L "$lib/libpcre2-8.a" "$dest/lib/"
cp -rL /usr/src/googletest "$dest/src/"
shared=${MCPLM_SHARED:-../shared}
rm -rf "$dest/shared"
for part in data bpe; do
  if [[ -d $shared/$part ]]; then
    mkdir -p "$dest/shared"
    cp -rL "$shared/$part" "$dest/shared/"
  fi
done
echo "device_deps: $(du -sh "$dest" | cut -f1) in $dest (libsentencepiece needs glibc >= 2.34)"
