#!/usr/bin/env bash
# Build dist/Communique-VERSION-macos-ARCH.dmg from dist/Communique.app (run `pyinstaller build.spec` first):
# a compressed disk image holding the app and a link to /Applications to drag it onto. Prints its path.
# The app is signed ad hoc by PyInstaller, not notarised: the first start needs right-click > Open.
set -euo pipefail
cd "$(dirname "$0")/../.."

app=dist/Communique.app
[ -d "$app" ] || { echo "build-dmg: no app at $app; run pyinstaller build.spec first" >&2; exit 1; }
version=$("${PYTHON:-python3}" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
dmg="dist/Communique-${version}-macos-$(uname -m).dmg"

staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
ditto "$app" "$staging/Communique.app"
ln -s /Applications "$staging/Applications"
# hdiutil now and then fails with "Resource busy" on build machines; a second try succeeds.
for attempt in 1 2 3; do
  if hdiutil create -volname "Communiqué $version" -srcfolder "$staging" -fs HFS+ -format UDZO -ov "$dmg" >/dev/null; then
    echo "$dmg"
    exit 0
  fi
  echo "build-dmg: hdiutil create failed (attempt $attempt); trying again" >&2
  sleep 5
done
exit 1
