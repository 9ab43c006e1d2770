"""Import through the real command line, in a subprocess, on whatever a ministry (or an attacker) sends.

The command line has no Qt GUI application unless it makes one, and Qt crashes (a segmentation
fault, not an exception) laying out <pre> or <code> without one: these tests run the entry point
as a user's shell would, so such a crash fails them instead of passing unseen in-process.
"""

from __future__ import annotations

import base64
import json
import os
import resource
import socket
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.cli.test_cli import communique
from tests.conftest import CORPUS

MULTILINGUAL = CORPUS.parent / "corpus-multilingual"
#: A 1×1 PNG, as a data: URI carries it.
PNG_1X1 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="

#: Releases with the markup real ones carry: file name -> content.
SAMPLES = {
    "inline-code.md": "Run `make`.\n",
    "fenced.md": "# Toolkit released\n\nThe ministry publishes its data tools.\n\n```python\nprint('hello')\n```\n\nDone.\n",
    "indented-code.md": "# Statement\n\nExample:\n\n    code block line\n\nEnd.\n",
    "pre.html": "<html><body><article><h1>Data release</h1><p>The office released the following "
                "figures today for the whole region.</p><pre>year  value\n2024  3.1</pre>"
                "<p>Run <code>fetch --all</code> to reproduce them from the published tables.</p></article></body></html>",
    "table.md": "# Budget\n\n| Item | 2024 | 2025 |\n|---|---|---|\n| Health | 1.2 | 1.4 |\n| Defence | 2.0 | 2.2 |\n",
    "images.md": f"# Photo call\n\n![local](data:image/png;base64,{PNG_1X1}) and "
                 "![remote](https://example.org/tracker.png)\n\nThe minister visited the port.\n",
    "front-matter.md": "---\ntitle: Front matter release\ndate: 2024-05-01\n---\n\n# Front matter release\n\nBody text.\n",
    "inline-html.txt": "<p align='center'><b>MINISTRY OF TRADE</b></p>\n\nExports rose 5<sup>th</sup> month "
                       "in a row.<br>Imports fell.\n\n<div><table><tr><td>a</td><td>b</td></tr></table></div>\n",
    "code-in-html-in-markdown.md": "# Note\n\n<pre><code>x = 1</code></pre>\n\nA <code>span</code> inside.\n",
}


def _import(db, *paths, check_status=0):
    return communique(db, "import", *paths, check_status=check_status)


def _listing(db) -> list[dict]:
    return json.loads(communique(db, "list", "--json").stdout)


def test_every_corpus_file_imports_through_the_command_line(tmp_path):
    folders = [folder for folder in (CORPUS, MULTILINGUAL) if folder.is_dir()]
    if not folders:
        pytest.skip("the shared corpus (../shared) is not beside this checkout")
    files = [path for folder in folders for path in folder.iterdir() if path.suffix != ".tsv"]
    result = _import(tmp_path / "lib.sqlite3", *folders)
    assert len(result.stdout.splitlines()) == len(files)
    assert len(_listing(tmp_path / "lib.sqlite3")) == len(files)


def test_releases_with_code_tables_images_front_matter_and_inline_html_import(tmp_path):
    folder = tmp_path / "releases"
    folder.mkdir()
    for name, content in SAMPLES.items():
        (folder / name).write_text(content)
    result = _import(tmp_path / "lib.sqlite3", folder)
    assert len(result.stdout.splitlines()) == len(SAMPLES)
    text = communique(tmp_path / "lib.sqlite3", "search", "make").stdout
    assert "Run make" in " ".join(text.split())


def test_one_bad_file_in_a_folder_loses_none_of_the_others(tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    for number in range(5):
        (folder / f"{number}.md").write_text(f"# Release {number}\n\nRun `step {number}`.\n")
    (folder / "2b.docx").write_bytes(b"PK\x03\x04 not really a zip")
    result = _import(tmp_path / "lib.sqlite3", folder, check_status=1)
    assert len(result.stdout.splitlines()) == 5
    assert "2b.docx" in result.stderr and result.stderr.count("\n") == 1


# --- hostile or strange input: one sentence, quickly, and the library as it was -------------------

def _refused(tmp_path, path, *words):
    db = tmp_path / "lib.sqlite3"
    _import(db, tmp_path / "ok.md")                     # the library holds something to keep
    before = db.read_bytes()
    result = _import(db, path, check_status=1)
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and str(path) in result.stderr
    for word in words:
        assert word in result.stderr
    assert len(_listing(db)) == 1
    return result, before


@pytest.fixture
def ok_release(tmp_path):
    (tmp_path / "ok.md").write_text("# Kept\n\nThis release stays.\n")


def test_a_fifo_is_refused_without_being_read(tmp_path, ok_release):
    fifo = tmp_path / "release.md"
    os.mkfifo(fifo)                                      # reading it would block for ever
    _refused(tmp_path, fifo, "named pipe")


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_behind_a_link_is_refused(tmp_path, ok_release, device):
    link = tmp_path / "release.md"
    link.symlink_to(device)
    _refused(tmp_path, link, "device")


def test_a_socket_is_refused(tmp_path, ok_release):
    path = tmp_path / "release.md"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        _refused(tmp_path, path, "socket")
    finally:
        server.close()


def test_a_file_over_the_limit_is_refused(tmp_path, ok_release):
    big = tmp_path / "huge.txt"
    with big.open("wb") as file:
        file.truncate(21 * 1024 * 1024)                  # sparse: costs no disk
    _refused(tmp_path, big, "over the 20 MB limit")


def test_a_docx_zip_bomb_is_refused_quickly_in_little_memory(tmp_path, ok_release):
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        with package.open("word/document.xml", "w", force_zip64=True) as part:
            chunk = b"<w:p><w:r><w:t>aaaaaaaa</w:t></w:r></w:p>" * 25_000
            for _ in range(200):                         # 200 MB unpacked, about 0.3 MB packed
                part.write(chunk)
    assert bomb.stat().st_size < 3 * 1024 * 1024
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    _refused(tmp_path, bomb, "expand")
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss < max(before, 500 * 1024)   # KiB


def test_a_folder_import_does_not_follow_links_out_of_the_folder(tmp_path):
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "real.md").write_text("# Real\n\nA release.\n")
    (folder / "passwd").symlink_to("/etc/passwd")
    (folder / "secret.txt").symlink_to("/etc/hostname")
    (folder / "elsewhere").symlink_to(tmp_path, target_is_directory=True)
    (folder / "inside.md").symlink_to(folder / "real.md")   # a link within the folder is no escape
    result = _import(tmp_path / "lib.sqlite3", folder, check_status=1)
    assert result.stdout == "1\tReal\n" or result.stdout.startswith("1\tReal\n")
    for name in ("passwd", "secret.txt", "elsewhere"):
        assert f"{folder / name}" in result.stderr
    assert result.stderr.count("outside the folder") == 3
    assert [item["title"] for item in _listing(tmp_path / "lib.sqlite3")] == ["Real"]


def test_svg_data_images_and_base_href_do_not_survive(tmp_path):
    svg = base64.b64encode(b'<svg xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/passwd"/></svg>').decode()
    page = tmp_path / "page.html"
    page.write_text(f'<html><head><base href="file:///etc/"></head><body><article><h1>Statement</h1>'
                    f'<p>The council met today and agreed the text of the statement below.</p>'
                    f'<img src="data:image/svg+xml;base64,{svg}"><img src="data:image/png;base64,{PNG_1X1}">'
                    f'<p><a href="passwd">the annex</a> and <a href="https://example.org/a">the site</a></p>'
                    f'</article></body></html>')
    db = tmp_path / "lib.sqlite3"
    _import(db, page)
    from annotations.library import Library

    with Library(db) as library:
        html = library.release(1).html
    assert "svg" not in html and "file:" not in html and "/etc/" not in html
    assert "data:image/png" in html and 'href="https://example.org/a"' in html


@pytest.mark.parametrize("name, nest", [
    ("deep.html", lambda depth: "<html><body>" + "<div>" * depth + "<p>Deep release text of the ministry, "
                                "nested as some sites nest it.</p>" + "</div>" * depth + "</body></html>"),
    ("deep.md", lambda depth: "# Deep\n\n" + "<div>" * depth + "deep text" + "</div>" * depth + "\n"),
    # Qt lays nested tables out in worse than quadratic time, nh3 nested lists in quadratic time:
    # past a depth no release reaches, the structure goes and the text stays.
    ("tables.md", lambda depth: "# Tables\n\n" + "<table><tr><td>" * depth + "cell" + "</td></tr></table>" * depth),
    ("lists.html", lambda depth: "<html><body><article><h1>Lists</h1><p>A release whose lists nest without end, "
                                 "as a broken generator writes them.</p>" + "<ul><li>" * depth + "item" +
                                 "</li></ul>" * depth + "</article></body></html>"),
])
def test_deeply_nested_valid_html_imports(tmp_path, name, nest):
    path = tmp_path / name
    path.write_text(nest(10_000))
    result = _import(tmp_path / "lib.sqlite3", path)
    assert result.stdout.startswith("1\t")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_recognised(tmp_path, encoding):
    path = tmp_path / "release.txt"
    path.write_bytes("Ministère des Affaires étrangères\n\nLe ministre a reçu son homologue à Paris.\n".encode(encoding))
    assert _import(tmp_path / "lib.sqlite3", path).stdout == "1\tMinistère des Affaires étrangères\n"


def test_a_19_mb_markdown_release_imports_in_bounded_memory(tmp_path):
    words = ("the ministry of foreign affairs announced today that the minister met his counterpart and "
             "discussed bilateral cooperation on trade, investment, security and climate").split()
    paragraph = " ".join(words * 6) + ".\n\n"
    big = tmp_path / "big.md"
    with big.open("w") as file:
        file.write("# A very long release\n\n")
        for number in range(19 * 1024 * 1024 // len(paragraph)):
            file.write(f"## Part {number}\n\n" if number % 50 == 0 else paragraph)
    assert 18 * 1024 * 1024 < big.stat().st_size < 20 * 1024 * 1024
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    command = [sys.executable, "-c", "import resource, sys; from desktop_app.app import main; status = main(sys.argv[1:]); "
               "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr); sys.exit(status)",
               "--db", str(tmp_path / "lib.sqlite3"), "import", str(big)]
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "1\tA very long release\n"
    peak_kib = int(result.stderr.split()[-1])
    assert peak_kib < 1024 * 1024, f"peak memory {peak_kib / 1024:.0f} MB"


def test_progress_shows_on_a_terminal(tmp_path):
    import pty

    for number in range(3):
        (tmp_path / f"{number}.md").write_text(f"# Release {number}\n\nText.\n")
    leader, follower = pty.openpty()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-m", "desktop_app", "--db", str(tmp_path / "lib.sqlite3"), "import",
                             *(str(tmp_path / f"{number}.md") for number in range(3))],
                            stdout=subprocess.PIPE, stderr=follower, env=env, timeout=120)
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    assert result.returncode == 0
    assert b"importing 1/3: 0.md" in shown and b"importing 3/3: 2.md" in shown
    assert len(result.stdout.splitlines()) == 3


# --- fuzzing the real entry point ----------------------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tests.markdown_strategies import markdown_documents  # noqa: E402

_HTML_BITS = st.sampled_from(["<div>", "</div>", "<p>", "<pre>", "<code>", "</code>", "<table><tr><td>", "</td>",
                              "<script>x()</script>", "<img src='data:image/svg+xml,<svg/>'>", "<!--", "-->", "<br/>",
                              "&nbsp;", "&#0;", "<h1>", "\u202e", "text", "\x00", "<base href='file:///'>", "<a href=x>"])
_FILES = st.lists(st.one_of(
    markdown_documents().map(lambda text: ("md", text.encode())),
    st.lists(_HTML_BITS, max_size=40).map(lambda bits: ("html", "".join(bits).encode())),
    st.text(max_size=300).map(lambda text: ("txt", text.encode("utf-8", "surrogatepass"))),
    st.binary(max_size=300).map(lambda data: ("txt", data)),
), min_size=1, max_size=12)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                               HealthCheck.too_slow])
@given(files=_FILES)
def test_fuzzed_releases_never_crash_the_command_line_import(tmp_path_factory, files):
    folder = tmp_path_factory.mktemp("fuzz")
    for number, (suffix, data) in enumerate(files):
        (folder / f"{number:02}.{suffix}").write_bytes(data)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-m", "desktop_app", "--db", str(folder / "lib.sqlite3"), "import",
                             str(folder)], capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    imported = len(result.stdout.splitlines())
    refused = sum(1 for line in result.stderr.splitlines() if line.startswith("communique: Could not import"))
    duplicates = result.stderr.count("is already in the library")
    assert imported + refused == len(files) and duplicates <= imported


def _children_of(pid: int) -> list[int]:
    children = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(pid):
            children.append(int(status.parent.name))
    return children


def kill_the_importer_on(parent_pid: int, name: str, still_running, timeout: float = 300) -> bool:
    """SIGKILL the import child of ``parent_pid`` (as the kernel's OOM killer would) once it has
    begun reading the file called ``name``; False if it never did."""
    import signal
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and still_running():
        for child in _children_of(parent_pid):
            try:
                environment = dict(pair.split("=", 1) for pair in Path(f"/proc/{child}/environ").read_bytes()
                                   .decode(errors="replace").split("\0") if "=" in pair)
                progress = (Path(environment["COMMUNIQUE_IMPORT_EXCHANGE"]) / "progress").read_text()
            except (OSError, KeyError):
                continue
            if progress.endswith(f"/{name}\n"):
                os.kill(child, signal.SIGKILL)
                return True
        time.sleep(0.05)
    return False


def make_batch_with_a_slow_file(folder: Path) -> Path:
    """120 small releases (more than one stored batch), a big one that takes seconds, five more."""
    folder.mkdir()
    for number in range(120):
        (folder / f"a{number:03}.md").write_text(f"# Before {number}\n\nRun `step {number}`.\n")
    paragraph = "The ministry announced the figures for the whole region today. " * 20 + "\n\n"
    (folder / "m-big.md").write_text("# Big\n\n" + paragraph * 12_000)
    for number in range(5):
        (folder / f"z{number}.md").write_text(f"# After {number}\n\nText.\n")
    return folder


EXPECTED_TITLES = sorted([f"Before {number}" for number in range(120)] + [f"After {number}" for number in range(5)])


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc to find the importer")
def test_a_file_that_kills_the_importer_loses_none_of_the_others(tmp_path):
    """That file is reported, every other one is imported once, before and after it."""
    folder = make_batch_with_a_slow_file(tmp_path / "batch")
    db = tmp_path / "lib.sqlite3"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    command = subprocess.Popen([sys.executable, "-m", "desktop_app", "--db", str(db), "import", str(folder)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    killed = kill_the_importer_on(command.pid, "m-big.md", lambda: command.poll() is None)
    out, err = command.communicate(timeout=300)
    assert killed, "the importer never reached the big file"
    assert command.returncode == 1
    assert err.count("\n") == 1 and "m-big.md" in err and "crashed the importer (SIGKILL)" in err
    assert sorted(line.split("\t")[1] for line in out.splitlines()) == EXPECTED_TITLES
    assert len(_listing(db)) == 125
