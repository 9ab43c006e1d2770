#!/usr/bin/env bash
# Check a built disk image as a user would meet it: mount it read-only, read the app's Info.plist
# (identifier, version), and run the self-test of the app inside. Usage: packaging/macos/check-dmg.sh DMG
set -euo pipefail
dmg=${1:?usage: check-dmg.sh Communique-VERSION-macos-ARCH.dmg}
fail() { echo "check-dmg: $*" >&2; exit 1; }
cd "$(dirname "$0")/../.."
version=$("${PYTHON:-python3}" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')

mountpoint=$(mktemp -d)
hdiutil attach -nobrowse -readonly -mountpoint "$mountpoint" "$dmg" >/dev/null
trap 'hdiutil detach "$mountpoint" >/dev/null || hdiutil detach -force "$mountpoint" >/dev/null' EXIT
app="$mountpoint/Communique.app"
[ -L "$mountpoint/Applications" ] || fail "$dmg has no link to /Applications"
plist="$app/Contents/Info.plist"
[ "$(/usr/libexec/PlistBuddy -c 'Print :CFBundleIdentifier' "$plist")" = org.communique.Communique ] \
  || fail "$plist: unexpected CFBundleIdentifier"
[ "$(/usr/libexec/PlistBuddy -c 'Print :CFBundleShortVersionString' "$plist")" = "$version" ] \
  || fail "$plist: CFBundleShortVersionString is not $version"
[ -f "$app/Contents/Resources/communique.icns" ] || fail "$app has no icon"
"$app/Contents/MacOS/communique" --self-test || fail "the self-test failed in the app on the disk image"
