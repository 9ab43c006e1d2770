#!/usr/bin/env bash
# Check a built .deb (packaging/linux/build-deb.sh) the way an installation would meet it:
#   1. its control fields and the paths it installs;
#   2. the menu entry (desktop-file-validate);
#   3. every library its binaries link to is either inside the bundle or in a package it depends on
#      (the Depends line must be installable here: `apt-get satisfy` has been run on it, see .ci/run);
#   4. unpacked with `dpkg -x` into a temporary root, the installed command passes --self-test.
# Usage: packaging/linux/check-deb.sh dist/communique_VERSION_ARCH.deb
set -euo pipefail
deb=${1:?usage: check-deb.sh PACKAGE.deb}
fail() { echo "check-deb: $*" >&2; exit 1; }

info=$(dpkg-deb --info "$deb")
for field in "Package: communique" "Architecture: $(dpkg --print-architecture)" "Depends: libc6 (>= " \
             "libxcb-cursor0" "libxkbcommon-x11-0" "libegl1" "libgl1" "libfontconfig1" "libdbus-1-3"; do
  grep -qF -- "$field" <<<"$info" || fail "$deb: the control file lacks '$field'"
done
version=$(dpkg-deb --field "$deb" Version)
[[ $(basename "$deb") == communique_${version}_* ]] || fail "$deb: the file name does not carry the version $version"
# Removing the package must never touch users' data, so it carries no maintainer scripts at all.
for script in preinst postinst prerm postrm; do
  ! grep -qE "^ +[0-9]+ bytes, +[0-9]+ lines +\*? *$script\b" <<<"$info" || fail "$deb: carries a $script script"
done

contents=$(dpkg-deb --contents "$deb")
for path in ./opt/communique/communique ./usr/share/applications/communique.desktop \
            ./usr/share/icons/hicolor/scalable/apps/communique.svg ./usr/share/doc/communique/copyright \
            "./usr/bin/communique -> /opt/communique/communique" \
            ./opt/communique/_internal/resources/fonts/CommuniqueNotoSans-Regular.ttf \
            ./opt/communique/_internal/resources/fonts/OFL-NotoSans.txt \
            ./opt/communique/_internal/resources/icons/communique.svg \
            ./opt/communique/_internal/resources/demo/welcome-to-communique.md \
            ./opt/communique/_internal/PySide6/Qt/plugins/platforms/libqxcb.so \
            ./opt/communique/_internal/PySide6/Qt/plugins/iconengines/libqsvgicon.so; do
  grep -qF -- " $path" <<<"$contents" || fail "$deb: does not install $path"
done
! grep -q "Qt/plugins/platformthemes/libqgtk3\|libQt6Network\|libQt6Quick\|libQt6Qml\|libQt6Pdf" <<<"$contents" \
  || fail "$deb: carries Qt modules or plugins build.spec excludes"

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
dpkg -x "$deb" "$root"
desktop-file-validate "$root/usr/share/applications/communique.desktop" || fail "the .desktop entry is not valid"

# Libraries the bundle links to but does not carry, and the packages that hold them here.
bundle="$root/opt/communique"
needed=$(find "$bundle" -type f \( -name '*.so*' -o -name communique \) -exec readelf -d {} + 2>/dev/null \
         | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort -u)
carried=$(find "$bundle" -name '*.so*' -printf '%f\n' | sort -u)
depends=" $(dpkg-deb --field "$deb" Depends | sed 's/([^)]*)//g; s/[,|]/ /g') "
for soname in $(comm -23 <(echo "$needed") <(echo "$carried")); do
  # (awk and sed read to the end: a reader that leaves early would fail the pipe under pipefail)
  file=$(ldconfig -p | awk -v name="$soname" '$1 == name && !found { print $NF; found = 1 }')
  [ -n "$file" ] || fail "the bundle links to $soname, which is neither in it nor installed here"
  package=$( (dpkg -S "$file" 2>/dev/null || dpkg -S "/usr$file" 2>/dev/null || true) | sed -n '1s/:.*//p')
  [ -n "$package" ] || fail "no installed package holds $file (needed as $soname)"
  [[ $depends == *" $package "* ]] || fail "the bundle links to $soname (package $package), which Depends does not name"
done

# The installed command as a user runs it: through a symlink, as /usr/bin/communique is (that one
# points at /opt, outside this temporary root).
ln -s "$root/opt/communique/communique" "$root/communique"
QT_QPA_PLATFORM=offscreen "$root/communique" --self-test || fail "the self-test failed in the unpacked package"
