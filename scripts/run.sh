#!/usr/bin/env bash
# Sets up (first time), builds and starts Outreach Desk on its embedded seed campaign.
# Arguments go to the app, e.g. scripts/run.sh --data-dir /tmp/outreach-demo
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
ui/node_modules/.bin/tauri build --no-bundle
exec target/release/outreach-desk "$@"
