#!/usr/bin/env bash
# Installs what Outreach Desk needs on a fresh Debian 12 / Ubuntu 22.04+ machine:
# the WebKitGTK build libraries, Rust (via rustup, if missing), the UI's npm packages,
# and with --test also the end-to-end tools (WebKitWebDriver, Xvfb, tauri-driver) and
# PostgreSQL (the team sync tests run a private server).
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

sudo_cmd=()
[ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)

pkgs=(build-essential pkg-config curl file libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev
      libayatana-appindicator3-dev libsoup-3.0-dev libxdo-dev)
# postgresql: the team sync tests start a private PostgreSQL server (core/tests/common/postgres.rs).
[ "$want_test" = 1 ] && pkgs+=(webkit2gtk-driver xvfb xauth postgresql)

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! command -v node >/dev/null || ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)'; then
  echo "setup: Node.js 20.19 or newer is needed (found: $(node --version 2>/dev/null || echo none))." >&2
  echo "       Install it from your distribution or https://nodejs.org, then run this again." >&2
  exit 1
fi

export PATH="$HOME/.cargo/bin:$PATH"
if ! command -v cargo >/dev/null; then
  echo "setup: installing Rust with rustup"
  curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
fi

# npm packages, only when package-lock.json changed since the last install.
npm_install() {
  local dir=$1
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "setup: npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}
npm_install ui
if [ "$want_test" = 1 ]; then
  npm_install e2e
  if ! command -v tauri-driver >/dev/null; then
    echo "setup: installing tauri-driver"
    cargo install tauri-driver --locked --version 2.1.0
  fi
fi
