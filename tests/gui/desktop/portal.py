"""The desktop's side of a colour scheme change, as GNOME and KDE tell applications of one.

Run as a script on a private session bus: owns ``org.freedesktop.portal.Desktop`` and, for each
number written to its stdin, sends the xdg-desktop-portal signal ``SettingChanged`` for
``org.freedesktop.appearance color-scheme`` (0 no preference, 1 prefer dark, 2 prefer light), which
Qt's ``xdgdesktopportal`` platform theme turns into ``QStyleHints.colorSchemeChanged``.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QSocketNotifier
from PySide6.QtDBus import QDBusConnection, QDBusMessage, QDBusVariant

PATH, INTERFACE = "/org/freedesktop/portal/desktop", "org.freedesktop.portal.Settings"


def main() -> int:
    application = QCoreApplication(sys.argv)
    bus = QDBusConnection.sessionBus()
    if not bus.registerService("org.freedesktop.portal.Desktop"):
        print(f"cannot own the portal's name: {bus.lastError().message()}", file=sys.stderr)
        return 1

    def on_line() -> None:
        line = sys.stdin.readline()
        if not line:
            application.quit()
            return
        message = QDBusMessage.createSignal(PATH, INTERFACE, "SettingChanged")
        message.setArguments(["org.freedesktop.appearance", "color-scheme", QDBusVariant(int(line))])
        bus.send(message)

    notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
    notifier.activated.connect(on_line)
    print("ready", flush=True)
    return application.exec()


if __name__ == "__main__":
    sys.exit(main())
