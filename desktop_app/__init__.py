"""Communiqué's Qt application: the window, its widgets, the command line and PDF export."""

__version__ = "0.1.0"
