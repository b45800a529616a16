#!/usr/bin/env bash
# Benchmark (not a test): the start-up floor of the window's own first screen. Builds the bare
# Tauri window (bench/bare-window) a second time with a static copy of what Outreach Desk's
# window shows first on a data folder (e2e/bench-first-screen.mjs: the same elements and style
# sheet, no script), then times the app, that static first screen and the bare hello-world
# window in turn (bench/startup.py). What the static page costs over the hello-world one is
# painting the content itself; what the app costs over the static page is its own work (the
# script, the data, the mount).
#   bench/first_screen.sh [DATA_DIR]     (default: a new data folder, seeded on first start)
# Needs the release builds of bench/run.sh (target/release/outreach-desk, ui/dist) and
# the end-to-end tools (scripts/setup.sh --test: tauri-driver, e2e/node_modules). Runs itself
# under xvfb-run when there is no display.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
if [ -z "${DISPLAY:-}" ]; then exec xvfb-run -a --server-args="-screen 0 1400x900x24" "$0" "$@"; fi
runs=${RUNS:-9}
app=${APP:-target/release/outreach-desk}
data=${1:-$(mktemp -d)}
work=target/first-screen
rm -rf "$work"
mkdir -p "$work"
cp -r bench/bare-window/Cargo.toml bench/bare-window/Cargo.lock bench/bare-window/build.rs \
  bench/bare-window/src bench/bare-window/capabilities "$work"/
sed -i 's/^name = "bare-window"/name = "first-screen"/' "$work/Cargo.toml" "$work/Cargo.lock"
sed 's/"bare-window"/"first-screen"/; s/org.outreachdesk.bench.bare/org.outreachdesk.bench.firstscreen/' \
  bench/bare-window/tauri.conf.json >"$work/tauri.conf.json"

# The snapshot, with the style sheet the app's page links to.
OUTREACH_APP="$app" E2E_PORT=${E2E_PORT:-5544} node e2e/bench-first-screen.mjs "$data" "$work/dist"
mkdir -p "$work/dist/assets"
for css in $(grep -o 'assets/[^"]*\.css' "$work/dist/index.html"); do cp "ui/dist/$css" "$work/dist/$css"; done
cargo build --release --manifest-path "$work/Cargo.toml" --target-dir target/bench-bare >/dev/null
cargo build --release --manifest-path bench/bare-window/Cargo.toml --target-dir target/bench-bare >/dev/null

echo "== start to ready and memory: the app on $data, its first screen as a static page, the bare window ($runs runs each)"
python3 bench/startup.py --runs "$runs" --app "$app" --also target/bench-bare/release/first-screen \
  --vs target/bench-bare/release/bare-window -- --data-dir "$data"
