"""Communiqué's Qt-free core: the library store, anchoring, importers and exporters.

Nothing here imports PySide6 or desktop_app (tests/core/test_layers.py keeps it so).
"""
