#!/usr/bin/env bash
# Runs every recipe of docs/*.md and the quick start (as the docs.recipes test
# does) and copies the images the pages show from what they made, after a
# change to the plots or the numbers; then check the pages' samples and text
# against the run (the test names the samples that no longer match).
#   scripts/regenerate_docs.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh mcplm
python3 tests/scripts/docs_check.py --source . --build build --work build/docs-work --regenerate
