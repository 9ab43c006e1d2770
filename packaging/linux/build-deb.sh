#!/usr/bin/env bash
# Package the PyInstaller bundle (dist/communique, from `pyinstaller build.spec`) for Linux:
#   dist/communique_VERSION_ARCH.deb           /opt/communique, /usr/bin/communique, menu entry, icon
#   dist/communique-VERSION-linux-ARCH.tar.gz  the bundle folder as it is, to unpack anywhere
# Prints the two paths. Needs dpkg-deb, objdump (binutils) and a Python 3.11+ as $PYTHON (default python3).
set -euo pipefail
cd "$(dirname "$0")/../.."

bundle=dist/communique
[ -x "$bundle/communique" ] || { echo "build-deb: no bundle at $bundle; run pyinstaller build.spec first" >&2; exit 1; }
version=$("${PYTHON:-python3}" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
arch=$(dpkg --print-architecture)

# The bundle carries Python, Qt and ICU; it takes the desktop's libraries from the system (build.spec,
# SYSTEM_LIBRARIES). These packages hold every library the bundle links to and does not carry;
# packaging/linux/check-deb.sh fails when that stops being true. Ubuntu 24.04 and Debian 13 renamed
# GLib's and CUPS's packages in the 64-bit time_t transition, hence the alternatives.
libraries="libstdc++6, libgcc-s1, libglib2.0-0t64 | libglib2.0-0, libdbus-1-3, libzstd1,
 libegl1, libgl1, libfontconfig1, libfreetype6, libxkbcommon0, libxkbcommon-x11-0,
 libx11-6, libx11-xcb1, libxcb1, libxcb-cursor0, libxcb-glx0, libxcb-icccm4, libxcb-image0,
 libxcb-keysyms1, libxcb-randr0, libxcb-render0, libxcb-render-util0, libxcb-shape0, libxcb-shm0,
 libxcb-sync1, libxcb-util1, libxcb-xfixes0, libxcb-xkb1,
 libwayland-client0, libwayland-cursor0, libwayland-egl1, libcups2t64 | libcups2"
# The newest glibc symbol version any bundled binary asks for (libpython is built on this machine).
glibc=$(find "$bundle" -type f \( -name '*.so*' -o -name communique \) -exec objdump -T {} + 2>/dev/null \
        | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -n 1)

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
chmod 755 "$root"
install -d "$root/DEBIAN" "$root/opt" "$root/usr/bin" "$root/usr/share/applications" \
           "$root/usr/share/icons/hicolor/scalable/apps" "$root/usr/share/doc/communique"
cp -a "$bundle" "$root/opt/communique"
chmod -R u+rwX,go+rX,go-w "$root/opt/communique"
ln -s /opt/communique/communique "$root/usr/bin/communique"
install -m 644 packaging/linux/communique.desktop "$root/usr/share/applications/communique.desktop"
install -m 644 resources/icons/communique.svg "$root/usr/share/icons/hicolor/scalable/apps/communique.svg"
install -m 644 packaging/linux/copyright "$root/usr/share/doc/communique/copyright"

# No maintainer scripts: dpkg triggers refresh the menu and icon caches, and nothing is ever removed
# from users' home folders, where the library and settings live.
cat > "$root/DEBIAN/control" <<EOF
Package: communique
Version: $version
Architecture: $arch
Maintainer: Communiqué <communique@localhost>
Installed-Size: $(du -sk --exclude=DEBIAN "$root" | cut -f1)
Depends: libc6 (>= $glibc), $(echo "$libraries" | tr -s ' \n' ' ')
Section: text
Priority: optional
Description: offline reader and annotator for press releases
 Communiqué imports Markdown, plain text, saved web pages, PDF, Word and e-mail
 releases, shows them rendered, and keeps highlights in five colours, notes and
 tags in a local SQLite library, searchable over releases and notes. It exports
 annotated PDFs, Markdown, CSV and W3C Web Annotation JSON. It never uses the
 network.
EOF

deb="dist/communique_${version}_${arch}.deb"
tarball="dist/communique-${version}-linux-${arch}.tar.gz"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
tar -C dist --owner=0 --group=0 -czf "$tarball" communique
echo "$deb"
echo "$tarball"
