"""The core stays Qt-free: importing every module of `annotations` with PySide6 blocked must work."""

import pkgutil
import subprocess
import sys

import annotations

PROBE = """
import importlib, pkgutil, sys
class BlockQt:
    def find_spec(self, name, path=None, target=None):
        if name == "PySide6" or name.startswith(("PySide6.", "shiboken6", "desktop_app")):
            raise ImportError(f"the core imported {name}")
sys.meta_path.insert(0, BlockQt())
import annotations
for module in pkgutil.walk_packages(annotations.__path__, "annotations."):
    importlib.import_module(module.name)
print("ok")
"""


def test_core_imports_without_qt_or_the_app():
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_probe_walks_every_core_module():
    names = {module.name for module in pkgutil.walk_packages(annotations.__path__, "annotations.")}
    assert {"annotations.library", "annotations.anchoring", "annotations.importers.text"} <= names
