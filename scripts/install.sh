#!/usr/bin/env bash
# Installs a built Outreach Desk for the current user, as the desktop expects it:
#   ~/.local/bin/outreach-desk                                       the app
#   ~/.local/share/applications/org.outreachdesk.OutreachDesk.desktop  its menu entry
#   ~/.local/share/icons/hicolor/<size>/apps/org.outreachdesk.OutreachDesk.png
#   ~/.local/share/metainfo/org.outreachdesk.OutreachDesk.metainfo.xml  what software centres show
# Usage: scripts/install.sh [BINARY]   (default: target/release/outreach-desk)
# Safe to run again; uninstall by deleting those files.
set -euo pipefail
cd "$(dirname "$0")/.."

app_id=org.outreachdesk.OutreachDesk
binary=${1:-target/release/outreach-desk}
[ -x "$binary" ] || { echo "install: $binary is not a built app; run scripts/run.sh first" >&2; exit 1; }

bin_dir="$HOME/.local/bin"
data_home="${XDG_DATA_HOME:-$HOME/.local/share}"
mkdir -p "$bin_dir" "$data_home/applications"
install -m 0755 "$binary" "$bin_dir/outreach-desk.new"
mv "$bin_dir/outreach-desk.new" "$bin_dir/outreach-desk"

for size in 32x32 64x64 128x128; do
  dir="$data_home/icons/hicolor/$size/apps"
  mkdir -p "$dir"
  install -m 0644 "icons/$size.png" "$dir/$app_id.png"
done

# The same desktop entry and metainfo as the .deb's (packaging/), started by full path (a
# menu does not see ~/.local/bin unless the session's PATH has it).
sed -e "s|{{exec}}|$bin_dir/outreach-desk|" -e "s|{{icon}}|$app_id|" \
  "packaging/$app_id.desktop" >"$data_home/applications/$app_id.desktop"
mkdir -p "$data_home/metainfo"
install -m 0644 "packaging/$app_id.metainfo.xml" "$data_home/metainfo/$app_id.metainfo.xml"

echo "install: Outreach Desk is installed for $(id -un): start it from the menu or run outreach-desk"
case ":$PATH:" in
  *":$bin_dir:"*) ;;
  *) echo "install: add $bin_dir to your PATH to start it as outreach-desk from a terminal" ;;
esac
