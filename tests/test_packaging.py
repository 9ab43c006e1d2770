"""The installers' sources agree with the app: build.spec, the Qt plugin hook, the Linux, Windows
and macOS packaging, the release workflow, and ``communique --self-test`` run from source.

The frozen bundle itself is built and self-tested by .ci/run (README, "Build installers"); these
tests stay fast and need neither PyInstaller nor a build.
"""

from __future__ import annotations

import configparser
import os
import pkgutil
import re
import shutil
import struct
import subprocess
import sys
import tomllib
import types
from pathlib import Path

import pytest

from tests.conftest import REPO

PACKAGING = REPO / "packaging"
VERSION = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


# communique --self-test, from source -------------------------------------------------------------

def test_self_test_passes_from_source_without_touching_the_users_folders(tmp_path):
    """Run through packaging/communique.py, the very script PyInstaller freezes."""
    environment = {key: value for key, value in os.environ.items() if key != "QT_QPA_PLATFORM"}
    environment.update(XDG_DATA_HOME=str(tmp_path / "data"), XDG_CONFIG_HOME=str(tmp_path / "config"),
                       XDG_STATE_HOME=str(tmp_path / "state"), COMMUNIQUE_DB=str(tmp_path / "user.sqlite3"))
    result = subprocess.run([sys.executable, str(PACKAGING / "communique.py"), "--self-test"],
                            capture_output=True, text=True, env=environment, timeout=120)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith("self-test ok: "), result.stdout
    assert f"Communique {VERSION}" in lines[0] and "from source" in lines[0] and "on offscreen" in lines[0]
    assert "annotated PDF of" in lines[0]
    assert not any(tmp_path.iterdir()), "the self-test wrote outside its temporary folder"


def test_quit_after_start_opens_the_window_and_quits_once_it_is_shown(tmp_path):
    """The option packaging/startup_time.py times the bundle and the source install with."""
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "config"),
                   "XDG_STATE_HOME": str(tmp_path / "state"), "XDG_DATA_HOME": str(tmp_path / "data")}
    result = subprocess.run([sys.executable, str(PACKAGING / "communique.py"), "--db", str(tmp_path / "library.sqlite3"),
                             "--quit-after-start"], capture_output=True, text=True, env=environment, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "shown\n"
    assert (tmp_path / "library.sqlite3").is_file()


def test_a_failed_step_is_one_sentence_on_stderr_and_status_1(monkeypatch, capsys):
    from desktop_app import self_test

    def broken_check():
        with self_test._step("exporting the annotated PDF"):
            raise OSError("disk full")

    monkeypatch.setattr(self_test, "_check", broken_check)
    assert self_test.run() == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == "communique: self-test failed: exporting the annotated PDF failed: OSError: disk full\n"


def test_a_pdf_without_the_highlight_fails_the_check(tmp_path):
    from pypdf import PdfWriter

    from desktop_app.self_test import SelfTestFailed, _check_pdf

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    path = tmp_path / "blank.pdf"
    with path.open("wb") as stream:
        writer.write(stream)
    with pytest.raises(SelfTestFailed, match="has 0 /Highlight annotations, not 1"):
        _check_pdf(path, "a quote")


@pytest.mark.parametrize(("text", "quote"), [
    ("Title\n\nOne two three four five six seven eight nine.", "One two three four five six seven eight"),
    ("Short line\nA  double  space line has gaps in it here and there\nEight words make a line that reads as typed",
     "Eight words make a line that reads as"),
])
def test_the_quote_is_eight_words_as_typed(text, quote):
    from desktop_app.self_test import _quote_from

    assert _quote_from(text) == quote


def test_the_self_test_loads_every_importer(monkeypatch):
    """Importers load by name on first use; one missing from a bundle must fail the self-test."""
    import annotations.importers as importers
    from desktop_app.self_test import SelfTestFailed, _check_importers

    _check_importers()
    monkeypatch.setitem(importers.IMPORTERS, ".odt", ("odt", "read"))
    with pytest.raises(SelfTestFailed, match=r"loading the importer for \.odt files failed: ModuleNotFoundError"):
        _check_importers()


def test_version_is_declared_once_in_effect():
    from desktop_app import __version__

    assert __version__ == VERSION, "desktop_app.__version__ and pyproject.toml disagree"


# build.spec, run with stand-ins for PyInstaller's classes ------------------------------------

class _Recorder:
    def __init__(self, *args, **kwargs):
        self.args, self.kwargs = args, kwargs
        self.binaries, self.datas, self.pure, self.scripts = [], [], [], []


def _run_spec(monkeypatch, platform: str) -> dict:
    hooks = types.ModuleType("PyInstaller.utils.hooks")

    def collect_submodules(package: str) -> list[str]:
        module = __import__(package, fromlist=["_"])
        return [package, *(info.name for info in pkgutil.walk_packages(module.__path__, package + "."))]

    hooks.collect_submodules = collect_submodules
    for name in ("PyInstaller", "PyInstaller.utils"):
        monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
    monkeypatch.setitem(sys.modules, "PyInstaller.utils.hooks", hooks)
    monkeypatch.setattr(sys, "platform", platform)
    made: dict[str, _Recorder] = {}

    def recorder(kind):
        def make(*args, **kwargs):
            made[kind] = _Recorder(*args, **kwargs)
            return made[kind]
        return make

    namespace = {"SPECPATH": str(REPO), "__file__": str(REPO / "build.spec"),
                 **{kind: recorder(kind) for kind in ("Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE")}}
    exec(compile((REPO / "build.spec").read_text(encoding="utf-8"), "build.spec", "exec"), namespace)
    return {"made": made, **namespace}


def test_spec_bundles_the_resources_and_every_importer(monkeypatch):
    spec = _run_spec(monkeypatch, "linux")
    analysis = spec["made"]["Analysis"].kwargs
    destinations = {destination for _, destination in analysis["datas"]}
    assert {"resources/fonts", "resources/icons", "resources/demo"} <= destinations
    for source, _ in analysis["datas"]:
        assert list(REPO.glob(str(Path(source).relative_to(REPO)))), f"{source} matches no file"
    assert {"annotations.importers.html", "annotations.importers.email", "annotations.importers.docx",
            "annotations.importers.pdf"} <= set(analysis["hiddenimports"])
    assert Path(analysis["hookspath"][0], "hook-PySide6.QtGui.py").is_file()
    for module in ("PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtNetwork", "PySide6.QtWebEngineCore",
                   "PySide6.QtMultimedia", "PySide6.Qt3DCore", "PySide6.QtPdf"):
        assert module in analysis["excludes"]
    assert Path(spec["made"]["Analysis"].args[0][0]) == PACKAGING / "communique.py"


@pytest.mark.parametrize(("platform", "console", "strip"), [("linux", True, True), ("win32", True, False),
                                                           ("darwin", False, False)])
def test_spec_executable_keeps_standard_output_where_the_command_line_needs_it(monkeypatch, platform, console, strip):
    spec = _run_spec(monkeypatch, platform)
    exe = spec["made"]["EXE"].kwargs
    assert exe["name"] == "communique"
    assert exe["console"] is console
    assert exe["strip"] is strip and spec["made"]["COLLECT"].kwargs["strip"] is strip
    assert exe["hide_console"] == ("hide-early" if platform == "win32" else None)
    if platform == "linux":
        assert exe["icon"] is None  # the .desktop entry names the icon
    else:
        assert Path(exe["icon"]).suffix == {"win32": ".ico", "darwin": ".icns"}[platform]
        assert Path(exe["icon"]).is_file()


@pytest.mark.parametrize(("name", "dropped"), [
    ("PySide6/Qt/translations/qtbase_de.qm", True), ("PySide6\\translations\\qt_fr.qm", True),
    ("resources/fonts/CommuniqueNotoSans-Regular.ttf", False), ("PySide6/Qt/plugins/platforms/libqxcb.so", False),
])
def test_spec_drops_qts_translations_only(monkeypatch, name, dropped):
    assert _run_spec(monkeypatch, "linux")["is_qt_translation"](name) is dropped


def test_spec_macos_bundle_carries_the_version_from_pyproject(monkeypatch):
    spec = _run_spec(monkeypatch, "darwin")
    bundle = spec["made"]["BUNDLE"].kwargs
    assert spec["VERSION"] == VERSION
    assert bundle["version"] == VERSION
    assert bundle["info_plist"]["CFBundleShortVersionString"] == VERSION
    assert bundle["bundle_identifier"] == "org.communique.Communique"
    assert bundle["name"] == "Communique.app" and Path(bundle["icon"]).suffix == ".icns"


@pytest.mark.parametrize(("name", "system"), [
    ("libxcb-cursor.so.0", True), ("libxkbcommon-x11.so.0", True), ("libfontconfig.so.1", True),
    ("libstdc++.so.6", True), ("libglib-2.0.so.0", True),
    ("libcups.so.2", True), ("libgnutls.so.30", True),       # CUPS for the print plugin, and what it links to
    ("libpython3.11.so.1.0", False), ("PySide6/Qt/lib/libQt6Core.so.6", False), ("libicudata.so.73", False),
    ("libsqlite3.so.0", False), ("libssl.so.3", False), ("libffi.so.8", False),
])
def test_spec_leaves_the_desktops_libraries_to_the_system(monkeypatch, name, system):
    assert _run_spec(monkeypatch, "linux")["is_system_library"](name) is system


def test_spec_takes_no_library_from_the_system_on_windows_or_macos(monkeypatch):
    for platform in ("win32", "darwin"):
        assert not _run_spec(monkeypatch, platform)["is_system_library"]("libxcb.so.1")


# The Qt plugin hook ----------------------------------------------------------------------------

def _hook_namespace(monkeypatch) -> dict:
    qt = types.ModuleType("PyInstaller.utils.hooks.qt")
    qt.add_qt6_dependencies = lambda hook_file: ([], [("/qt/plugins/platforms/libqvnc.so", "PySide6/Qt/plugins/platforms"),
                                                      ("/qt/plugins/platforms/libqxcb.so", "PySide6/Qt/plugins/platforms"),
                                                      ("/qt/lib/libQt6Gui.so.6", "PySide6/Qt/lib")], [])
    for name in ("PyInstaller", "PyInstaller.utils", "PyInstaller.utils.hooks"):
        monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
    monkeypatch.setitem(sys.modules, "PyInstaller.utils.hooks.qt", qt)
    path = PACKAGING / "pyinstaller-hooks" / "hook-PySide6.QtGui.py"
    namespace = {"__file__": str(path)}
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)
    return namespace


@pytest.mark.parametrize(("plugin", "unused"), [
    ("platforms/libqvnc.so", True), ("platforms/libqeglfs.so", True), ("platforms/qdirect2d.dll", True),
    ("generic/libqevdevmouseplugin.so", True), ("platforminputcontexts/libqtvirtualkeyboardplugin.so", True),
    ("platformthemes/libqgtk3.so", True), ("imageformats/qpdf.dll", True), ("imageformats/libqtiff.dylib", True),
    # What the app loads: its platforms (and offscreen, for the self-test), SVG icons, release images.
    ("platforms/libqxcb.so", False), ("platforms/libqwayland.so", False), ("platforms/qwindows.dll", False),
    ("platforms/libqcocoa.dylib", False), ("platforms/libqoffscreen.so", False), ("platforms/qoffscreen.dll", False),
    ("iconengines/libqsvgicon.so", False), ("imageformats/libqsvg.so", False), ("imageformats/qjpeg.dll", False),
    ("imageformats/libqgif.dylib", False), ("imageformats/libqwebp.so", False),
    ("platforminputcontexts/libibusplatforminputcontextplugin.so", False),
    ("platformthemes/libqxdgdesktopportal.so", False), ("wayland-shell-integration/libxdg-shell.so", False),
    ("styles/qmodernwindowsstyle.dll", False), ("styles/libqmacstyle.dylib", False),
])
def test_hook_drops_only_plugins_the_app_never_loads(monkeypatch, plugin, unused):
    namespace = _hook_namespace(monkeypatch)
    assert namespace["plugin_is_unused"](f"/site-packages/PySide6/Qt/plugins/{plugin}") is unused


def test_hook_filters_pyinstallers_own_list(monkeypatch):
    namespace = _hook_namespace(monkeypatch)
    assert [source for source, _ in namespace["binaries"]] == ["/qt/plugins/platforms/libqxcb.so", "/qt/lib/libQt6Gui.so.6"]


# Icons -------------------------------------------------------------------------------------------

def test_windows_icon_holds_the_sizes_windows_asks_for():
    data = (REPO / "resources" / "icons" / "communique.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind) == (0, 1)
    sizes = set()
    for index in range(count):
        width, _, _, _, _, _, length, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * index)
        assert data[offset:offset + 8] == b"\x89PNG\r\n\x1a\n" and offset + length <= len(data)
        sizes.add(width or 256)
    assert {16, 24, 32, 48, 256} <= sizes


def test_macos_icon_is_a_whole_icns_with_retina_sizes():
    data = (REPO / "resources" / "icons" / "communique.icns").read_bytes()
    assert data[:4] == b"icns" and struct.unpack_from(">I", data, 4)[0] == len(data)
    kinds, position = set(), 8
    while position < len(data):
        kinds.add(data[position:position + 4].decode())
        position += struct.unpack_from(">I", data, position + 4)[0]
    assert position == len(data)
    assert {"ic07", "ic08", "ic09", "ic10", "ic13", "ic14"} <= kinds


# Linux -------------------------------------------------------------------------------------------

def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read_string((PACKAGING / "linux" / "communique.desktop").read_text(encoding="utf-8"))
    return parser["Desktop Entry"]


def test_desktop_entry_starts_the_installed_command_with_our_icon():
    entry = _desktop_entry()
    assert entry["Type"] == "Application" and entry["Name"] == "Communiqué"
    assert entry["Exec"].split()[0] == "communique" and entry["Terminal"] == "false"
    assert entry["Icon"] == "communique"
    categories = entry["Categories"].split(";")
    assert categories[-1] == "" and "Office" in categories


def test_deb_installs_the_desktop_entry_and_the_icon_under_the_names_it_uses():
    script = (PACKAGING / "linux" / "build-deb.sh").read_text(encoding="utf-8")
    assert "usr/share/applications/communique.desktop" in script
    assert "resources/icons/communique.svg" in script
    assert "usr/share/icons/hicolor/scalable/apps/communique.svg" in script
    assert 'ln -s /opt/communique/communique "$root/usr/bin/communique"' in script
    assert "dpkg-deb --root-owner-group -Zxz" in script
    # Removing the package must not touch users' data: no maintainer scripts at all.
    assert not re.search(r"DEBIAN/(pre|post)(inst|rm)", script)


def test_deb_depends_on_every_library_readme_tells_users_to_install():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    packages = re.search(r"sudo apt-get install (lib[^\n]+)", readme).group(1).split()
    script = (PACKAGING / "linux" / "build-deb.sh").read_text(encoding="utf-8")
    libraries = re.search(r'libraries="([^"]+)"', script).group(1)
    declared = set(re.findall(r"[a-z0-9][a-z0-9.+-]+", libraries))
    assert set(packages) <= declared


@pytest.mark.skipif(sys.platform == "win32" or shutil.which("bash") is None,
                    reason="the scripts run on Linux and macOS")
@pytest.mark.parametrize("script", sorted(path.relative_to(REPO).as_posix() for path in PACKAGING.rglob("*.sh")))
def test_shell_scripts_parse_and_are_executable(script):
    result = subprocess.run(["bash", "-n", script], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert os.access(REPO / script, os.X_OK), f"{script} is not executable"


# Windows -----------------------------------------------------------------------------------------

def _inno_sections() -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = None
    for line in (PACKAGING / "windows" / "communique.iss").read_text(encoding="utf-8-sig").splitlines():
        line = line.strip()
        if not line or line.startswith(";") or line.startswith("#"):
            continue
        if re.fullmatch(r"\[\w+\]", line):
            current = sections.setdefault(line[1:-1], [])
        elif current is not None:
            current.append(line)
    return sections


def test_inno_setup_script_has_a_start_menu_entry_and_an_uninstaller():
    sections = _inno_sections()
    setup = dict(line.split("=", 1) for line in sections["Setup"])
    assert setup.get("Uninstallable", "yes") != "no"
    assert setup["UninstallDisplayIcon"] == r"{app}\communique.exe"
    assert any(line.startswith('Name: "{autoprograms}\\Communiqué"') and r'Filename: "{app}\communique.exe"' in line
               for line in sections["Icons"])
    assert setup["AppId"].startswith("{{")
    assert setup["AppVersion"] == "{#AppVersion}"
    script_folder = PACKAGING / "windows"
    assert (script_folder / setup["SetupIconFile"].replace("\\", "/")).resolve().is_file()
    assert any(r'Source: "{#Bundle}\*"' in line for line in sections["Files"])


def test_inno_setup_keeps_the_users_library():
    sections = _inno_sections()
    setup = dict(line.split("=", 1) for line in sections["Setup"])
    assert "UninstallDelete" not in sections
    # The install folder is never the data folder (%LOCALAPPDATA%\Communique, platformdirs).
    assert setup["DefaultDirName"] == r"{autopf}\Communique"
    assert all("{app}" in line for line in sections.get("InstallDelete", []))


# macOS and the release workflow ------------------------------------------------------------------

def test_release_workflow_builds_tests_and_uploads_on_each_platform():
    workflow = (REPO / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8")
    for needed in ("ubuntu-", "windows-", "macos-", "actions/checkout@", "actions/setup-python@",
                   "actions/upload-artifact@", "bash .ci/run", "-m pytest", "pyinstaller --noconfirm build.spec",
                   "--self-test", "packaging/windows/build-installer.ps1", "packaging/windows/check-installer.ps1",
                   "packaging/macos/build-dmg.sh", "packaging/macos/check-dmg.sh", "if-no-files-found: error"):
        assert needed in workflow, f"release.yml lacks {needed!r}"


def test_readme_documents_install_and_build():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    sections = re.findall(r"^## (.+)$", readme, re.MULTILINE)
    assert sections.index("Install") == sections.index("Linux desktop libraries") + 1
    assert sections.index("Build installers") == sections.index("Install") + 1
    for command in (".venv/bin/pip install -r packaging/requirements-build.txt",
                    ".venv/bin/pyinstaller --noconfirm build.spec", "packaging/linux/build-deb.sh",
                    "dist/communique/communique --self-test", "packaging/windows/build-installer.ps1",
                    "packaging/macos/build-dmg.sh"):
        assert command in readme, f"README's build section lacks {command!r}"
