#!/usr/bin/env bash
# Installs a built Outreach Desk for the current user, as the desktop expects it:
#   ~/.local/bin/outreach-desk                                       the app
#   ~/.local/share/applications/org.outreachdesk.OutreachDesk.desktop  its menu entry
#   ~/.local/share/icons/hicolor/<size>/apps/org.outreachdesk.OutreachDesk.png
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

cat >"$data_home/applications/$app_id.desktop" <<EOF
[Desktop Entry]
Type=Application
Name=Outreach Desk
Comment=Call US mayors' offices about their cities' sister-city ties with Russian cities
Exec=$bin_dir/outreach-desk
Icon=$app_id
Terminal=false
Categories=Office;
EOF

echo "install: Outreach Desk is installed for $(id -un): start it from the menu or run outreach-desk"
case ":$PATH:" in
  *":$bin_dir:"*) ;;
  *) echo "install: add $bin_dir to your PATH to start it as outreach-desk from a terminal" ;;
esac
