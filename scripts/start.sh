#!/usr/bin/env bash
# Sets up what is missing, builds Waymark and starts it. The first start opens a sample
# document with a demo map; later starts open the document used last.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh ""

say "Building the front end"
npm --prefix ui run build --silent
say "Building the app"
cargo build -p waymark-app -p waymark-cli
if [[ "$(uname)" == Linux && -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
  fail "no display to open a window on; run this from a desktop session, or set DISPLAY"
fi
say "Starting Waymark"
exec target/debug/waymark-app "$@"
