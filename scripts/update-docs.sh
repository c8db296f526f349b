#!/bin/sh
# Rewrite the output of every example in README.md and docs/GUIDE.md from the binary built from
# the current tree (after a change of wording, data or multipliers), then check them as CI does.
# tests/docs.rs does the work, so the pages are read one way only; read the diff before committing.
#
# usage: scripts/update-docs.sh
set -eu
cd "$(dirname "$0")/.."
MLSAL_BLESS=1 cargo test --locked --test docs
git --no-pager diff --stat -- README.md docs/GUIDE.md
