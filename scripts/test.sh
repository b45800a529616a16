#!/usr/bin/env bash
# Runs every test: Rust (core, CLI, Tauri commands on the mock runtime), the UI's unit
# tests and type check, and the end-to-end tests that drive the real app window under
# Xvfb through tauri-driver. Sets up whatever is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
export PATH="$HOME/.cargo/bin:$PATH"

step() { printf '\n==> %s\n' "$*"; }

step "Rust: format"
cargo fmt --all -- --check

step "Rust: unit and integration tests (the UI's TypeScript types are generated into an empty folder)"
bindings=$(mktemp -d)
trap 'rm -rf "$bindings"' EXIT
TS_RS_EXPORT_DIR="$bindings" cargo test --workspace --locked

step "UI types generated from Rust are committed and current"
# Compared with a fresh generation, so a stale, a missing and an orphan file (a type that was
# renamed or removed) all fail. Regenerate with: rm -r ui/src/lib/bindings && cargo test
if ! diff -r "$bindings" ui/src/lib/bindings; then
  echo "ui/src/lib/bindings differs from the types the Rust code generates (lines < are generated, > committed);" >&2
  echo "regenerate with: rm -r ui/src/lib/bindings && cargo test --workspace, then commit" >&2
  exit 1
fi

step "UI: type check and unit tests"
(cd ui && npm run --silent check && npm test --silent)

step "App: debug build with the UI embedded"
ui/node_modules/.bin/tauri build --debug --no-bundle

step "End to end: the real window under Xvfb"
OUTREACH_APP="$PWD/target/debug/outreach-desk" xvfb-run -a --server-args="-screen 0 1400x900x24" \
  node --test --test-reporter=spec --test-concurrency=1 e2e/
