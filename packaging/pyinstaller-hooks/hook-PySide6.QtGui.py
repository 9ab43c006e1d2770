"""QtGui for Communiqué: PyInstaller's own hook, less the Qt plugins the application never loads.

Dropping a plugin here, before PyInstaller follows each plugin's library dependencies, also keeps
out what only that plugin needs (Qt Network for the VNC platform, Qt Quick for the virtual
keyboard, GTK for the GTK theme). build.spec names this folder in ``hookspath``, where a hook
takes precedence over PyInstaller's hook for the same module.
"""

from pathlib import PurePath

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

#: Plugins (folder, file name without ``lib`` prefix and suffix) the application does not load.
UNUSED_PLUGINS = {
    # Platforms for embedded devices and remote display; the app runs on xcb, wayland, windows or
    # cocoa, and on offscreen for the self-test.
    "platforms": {"qeglfs", "qlinuxfb", "qminimal", "qminimalegl", "qvnc", "qvkkhrdisplay", "qdirect2d"},
    "egldeviceintegrations": "all",
    "generic": "all",                   # evdev and TUIO input, for devices without a window system
    # The virtual keyboard is written in QML and would bring Qt Quick along.
    "platforminputcontexts": {"qtvirtualkeyboardplugin"},
    # The GTK theme would load the system's GTK into a process that carries its own cairo and
    # pango; Qt's own style is used instead (file dialogs still go through the XDG portal).
    "platformthemes": {"qgtk3"},
    # Releases show only inline PNG, JPEG, GIF, WebP and SVG images (annotations.rendering), and
    # the PDF image plugin would bring the whole of Qt PDF.
    "imageformats": {"qpdf", "qtiff", "qtga", "qwbmp", "qicns", "qico"},
    # Wayland: keep the xdg shell (every desktop compositor), the decorations and wayland-egl;
    # the rest serve kiosks, cars and compositors written in Qt.
    "wayland-shell-integration": {"fullscreen-shell-v1", "ivi-shell", "wl-shell-plugin", "qt-shell"},
    "wayland-graphics-integration-client": {"dmabuf-server", "drm-egl-server", "shm-emulation-server",
                                            "vulkan-server"},
}


def plugin_is_unused(source: str) -> bool:
    path = PurePath(source)
    unused = UNUSED_PLUGINS.get(path.parent.name)
    if unused is None or "plugins" not in path.parts:
        return False
    name = path.stem.removeprefix("lib")
    return unused == "all" or name in unused


hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
binaries = [(source, destination) for source, destination in binaries if not plugin_is_unused(source)]
