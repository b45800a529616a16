#!/usr/bin/env bash
# Benchmarks (not tests): start-up time and memory of the window against a bare Tauri
# window, and the command line's `cities --json`. Run on a quiet machine; figures go to
# docs/PERFORMANCE.md. Needs a display: runs itself under xvfb-run when there is none.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
if [ -z "${DISPLAY:-}" ]; then exec xvfb-run -a --server-args="-screen 0 1400x900x24" "$0" "$@"; fi
runs=${RUNS:-9}

ui/node_modules/.bin/tauri build --no-bundle >/dev/null
cargo build --release -p outreach-cli >/dev/null
cargo build --release --manifest-path bench/bare-window/Cargo.toml --target-dir target/bench-bare >/dev/null

echo "== window start-up and memory (release builds, $runs runs each)"
python3 bench/startup.py --runs "$runs" --data-dir --app target/release/outreach-desk --vs target/bench-bare/release/bare-window

echo "== outreach cities --json on the seed (wall time, whole process)"
dir=$(mktemp -d)
target/release/outreach --data-dir "$dir" cities --json >/dev/null
python3 - "$dir" <<'PY'
import statistics, subprocess, sys, time
d = sys.argv[1]
t = []
for _ in range(50):
    s = time.perf_counter()
    subprocess.run(["target/release/outreach", "--data-dir", d, "cities", "--json"], stdout=subprocess.DEVNULL, check=True)
    t.append((time.perf_counter() - s) * 1000)
print(f"outreach cities --json: median {statistics.median(t):.1f} ms (min {min(t):.1f}, max {max(t):.1f}), 50 runs")
PY
