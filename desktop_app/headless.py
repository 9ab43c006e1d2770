"""The Qt application that text layout and painting need, made offscreen where none runs.

``QTextDocument`` reaches for the font database while it parses ``<pre>``/``<code>`` (and when
it lays out or paints anything), and Qt crashes there, rather than raising, when no
``QGuiApplication`` exists: the command line imported a release with a code span and died with a
segmentation fault. Every way into Qt's text layout goes through ``gui_application`` first.
"""

from __future__ import annotations

import sys


def gui_application():
    """The running QGuiApplication; an offscreen one is made when there is none (the command line).

    PySide6 keeps the application alive once made, so later calls return the same one.
    """
    from PySide6.QtGui import QGuiApplication

    application = QGuiApplication.instance()
    if application is None:
        application = QGuiApplication([sys.argv[0], "-platform", "offscreen"])
    return application
