"""`communique search` through a real subprocess: the window's query language, and one sentence for a bad value."""

from __future__ import annotations

import json

import pytest

from .test_cli import communique

RELEASES = {
    "summit.md": "# Council summit\n\nEUROPEAN PARLIAMENT\n\nBrussels, 1 March 2024. The European Council "
                 "agreed on sanctions.\n",
    "talks.md": "# Trade talks\n\nMINISTRY OF FOREIGN AFFAIRS\n\nTokyo, 15 June 2023. The council of "
                "European ministers discussed trade. 東京電力の株価が急落した。\n",
    "undated.txt": "A note on trade\n\nNo date is given for this draft on trade.\n",
}


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    """The library, and each release's id by the name of its file (titles are the importer's guess)."""
    folder = tmp_path_factory.mktemp("search-cli")
    paths = []
    for name, text in RELEASES.items():
        paths.append(folder / name)
        paths[-1].write_text(text, encoding="utf-8")
    path = folder / "lib.sqlite3"
    imported = communique(path, "import", *paths).stdout.splitlines()
    ids = {name: int(line.split("\t")[0]) for name, line in zip(RELEASES, imported)}
    communique(path, "highlight", ids["talks.md"], "--quote", "discussed trade", "--color", "pink", "--tag", "japan",
               "--note", "Ask the embassy")
    return path, ids


def found(db, *args):
    path, ids = db
    names = {release_id: name for name, release_id in ids.items()}
    rows = json.loads(communique(path, "search", *args, "--json").stdout)
    return [names[row["release_id"]] for row in rows if row["annotation_id"] is None]


@pytest.mark.parametrize("args, expected", [
    (['"European Council"'], ["summit.md"]),
    (["european council", "--order", "newest"], ["summit.md", "talks.md"]),
    (["trade -tokyo"], ["undated.txt"]),
    (["summit OR talks", "--order", "newest"], ["summit.md", "talks.md"]),
    (["sanct*"], ["summit.md"]),
    (["trade to:2023"], ["talks.md"]),                  # the undated release is outside any range
    (["tag:japan"], ["talks.md"]),
    (["color:concern"], ["talks.md"]),
    (["council", "--color", "Pink"], ["talks.md"]),
    (['issuer:"foreign affairs" trade'], ["talks.md"]),
    (["急落"], ["talks.md"]),
    (["trade", "-tokyo"], ["undated.txt"]),               # unquoted in a shell: "-tokyo" is no option
    (["-tokyo", "trade"], ["undated.txt"]),
])
def test_search_speaks_the_query_language(db, args, expected):
    assert found(db, *args) == expected


def test_notes_are_listed_apart_with_their_release(db):
    path, ids = db
    out = communique(path, "search", "embassy").stdout.splitlines()
    assert len(out) == 1
    release_id, where, title, snippet = out[0].split("\t")
    assert int(release_id) == ids["talks.md"] and where.startswith("note #") and "[embassy]" in snippet


@pytest.mark.parametrize("args, sentence", [
    (["color:Octarine"], "There is no highlight colour 'Octarine'"),
    (["trade", "--color", "octarine"], "There is no highlight colour 'octarine'"),
    (["from:garbage"], "from:garbage is not a date"),
    (["trade", "--to", "2023-02-30"], "to:2023-02-30 is not a date"),
    ([], "Say what to search for"),
])
def test_a_bad_value_exits_1_with_one_sentence(db, args, sentence):
    result = communique(db[0], "search", *args, check_status=1)
    assert result.stdout == ""
    assert result.stderr.startswith(f"communique: {sentence}")
    assert result.stderr.count("\n") == 1
