#!/usr/bin/env bash
# Starts Outreach Desk on its embedded seed campaign (arguments go to the app, e.g.
# scripts/run.sh --data-dir /tmp/outreach-demo).
#
# The first time it sets up the machine, builds the release app and installs it for this
# user: the binary as ~/.local/bin/outreach-desk and a menu entry "Outreach Desk", so daily
# use needs no build. After that it starts the built app at once, and builds again only when
# a source file changed since the last build.
set -euo pipefail
cd "$(dirname "$0")/.."

app=target/release/outreach-desk
stamp=target/release/.outreach-desk.built
# Everything the release binary is made from.
sources=(Cargo.toml Cargo.lock tauri.conf.json core cli src-tauri data icons packaging
         ui/src ui/public ui/index.html ui/package.json ui/package-lock.json ui/vite.config.ts)

stale() {
  [ -x "$app" ] && [ -f "$stamp" ] || return 0
  [ -n "$(find "${sources[@]}" -newer "$stamp" -print -quit 2>/dev/null)" ]
}

if stale; then
  scripts/setup.sh
  export PATH="$HOME/.cargo/bin:$PATH"
  # Stamp the time the build starts, so a file edited during the build counts as changed.
  mkdir -p target/release
  touch "$stamp.new"
  ui/node_modules/.bin/tauri build --no-bundle
  mv "$stamp.new" "$stamp"
  scripts/install.sh "$app"
fi
exec "$app" "$@"
