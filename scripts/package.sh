#!/usr/bin/env bash
# Builds the Debian package of Outreach Desk as desktops expect it:
#   target/release/bundle/deb/outreach-desk_<version>_<arch>.deb
# Tauri's bundler names the desktop entry after the product ("Outreach Desk.desktop", a space
# in the file name) and the icons after the binary; this script builds with Tauri, then
# renames both to the app id (org.outreachdesk.OutreachDesk), so the entry matches the
# AppStream metainfo file (packaging/) and the app id the window reports.
set -euo pipefail
cd "$(dirname "$0")/.."

app_id=org.outreachdesk.OutreachDesk
ui/node_modules/.bin/tauri build --bundles deb "$@"

deb_dir=target/release/bundle/deb
built=$(ls -t "$deb_dir"/*.deb | grep -v '/outreach-desk_' | head -n 1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dpkg-deb --raw-extract "$built" "$work/pkg"

apps="$work/pkg/usr/share/applications"
for entry in "$apps"/*.desktop; do
  [ "$entry" = "$apps/$app_id.desktop" ] || mv "$entry" "$apps/$app_id.desktop"
done
sed -i "s/^Icon=.*/Icon=$app_id/" "$apps/$app_id.desktop"
for icon in "$work"/pkg/usr/share/icons/hicolor/*/apps/outreach-desk.png; do
  mv "$icon" "$(dirname "$icon")/$app_id.png"
done
# The metainfo file comes with the bundle (tauri.conf.json's deb files).
[ -f "$work/pkg/usr/share/metainfo/$app_id.metainfo.xml" ]

# The package's checksums, for the files as they are now.
(cd "$work/pkg" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z \
  | xargs -0 md5sum > DEBIAN/md5sums)

version=$(sed -n 's/^Version: //p' "$work/pkg/DEBIAN/control")
arch=$(sed -n 's/^Architecture: //p' "$work/pkg/DEBIAN/control")
out="$deb_dir/outreach-desk_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$work/pkg" "$out" >/dev/null
rm -f "$built"
echo "package: $out ($(du -h "$out" | cut -f1))"
