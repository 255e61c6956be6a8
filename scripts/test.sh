#!/usr/bin/env bash
# Sets up what is missing and runs every check and test: formatting, lints, the TypeScript
# type check, front-end unit tests, the core's tests, and end-to-end tests that drive the
# real app under a virtual display.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh --test

say "Checking formatting"
cargo fmt --all --check
npm --prefix ui run --silent format:check

log=$(mktemp)
trap 'rm -f "$log"' EXIT

say "Type-checking and testing the front end"
npm --prefix ui run --silent typecheck
NO_COLOR=1 npm --prefix ui test --silent | tee "$log"
ui_passed=$(sed -n 's/^ *Tests *\([0-9]*\) passed.*/\1/p' "$log")

say "Building the front end and the app"
npm --prefix ui run build --silent
cargo build --workspace --all-targets

say "Linting"
cargo clippy --workspace --all-targets -- -D warnings

say "Testing the core, the command line, the shell and the app end to end"
# End-to-end tests start their own Xvfb when no display is set.
set +e
cargo test --workspace --no-fail-fast 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
awk -v ui="${ui_passed:-0}" '/^test result:/ { passed += $4; failed += $6 }
  END { printf "tests: %d passed, %d failed\n", passed + ui, failed }' "$log"
exit "$status"
