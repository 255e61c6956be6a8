#!/usr/bin/env bash
# Installs what building Waymark needs and is missing; with --test, also what its tests need.
# Debian and Ubuntu only; README.md lists the prerequisites for macOS and Windows.
set -euo pipefail
cd "$(dirname "$0")/.."

want_tests=false
[[ "${1:-}" == "--test" ]] && want_tests=true

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
fail() { printf 'error: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else fail "installing system packages needs root; run as root or install sudo"
  fi
}

system_packages() {
  local packages=(build-essential pkg-config curl file libwebkit2gtk-4.1-dev)
  # libxtst6: the end-to-end tests answer the system's message dialogs through XTest.
  # poppler-utils: the export tests read PDFs back with pdfinfo and pdftotext.
  if $want_tests; then packages+=(xvfb xauth webkit2gtk-driver libxtst6 poppler-utils); fi
  command -v node >/dev/null || packages+=(nodejs npm)
  local missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    command -v apt-get >/dev/null ||
      fail "missing ${missing[*]}; install them with your system's package manager (see README.md)"
    say "Installing system packages: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

rust() {
  if ! command -v cargo >/dev/null && [[ -x "$HOME/.cargo/bin/cargo" ]]; then
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
  if ! command -v cargo >/dev/null; then
    say "Installing Rust with rustup"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
  if command -v rustup >/dev/null; then
    rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt
    rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy
  fi
  if $want_tests && ! command -v tauri-driver >/dev/null; then
    say "Installing tauri-driver"
    cargo install tauri-driver --version '^2' --locked
  fi
}

node_packages() {
  local version
  version=$(node --version | sed 's/^v//')
  IFS=. read -r major minor _ <<<"$version"
  if ((major < 20 || (major == 20 && minor < 19))); then
    fail "Node.js $version is too old; Waymark's front end needs Node.js 20.19 or newer"
  fi
  if [[ ! -d ui/node_modules || ui/package-lock.json -nt ui/node_modules/.package-lock.json ]]; then
    say "Installing the front end's packages"
    npm --prefix ui ci --no-audit --no-fund --loglevel=error
  fi
}

system_packages
rust
node_packages
