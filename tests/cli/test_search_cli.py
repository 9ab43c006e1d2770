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
    folder = tmp_path_factory.mktemp("search-cli")
    for name, text in RELEASES.items():
        (folder / name).write_text(text, encoding="utf-8")
    path = folder / "lib.sqlite3"
    communique(path, "import", *sorted(folder.glob("*.*")))
    talks = next(line.split("\t")[0] for line in communique(path, "list").stdout.splitlines() if "Trade talks" in line)
    communique(path, "highlight", talks, "--quote", "discussed trade", "--color", "pink", "--tag", "japan",
               "--note", "Ask the embassy")
    return path


def titles(db, *args):
    rows = json.loads(communique(db, "search", *args, "--json").stdout)
    return [row["title"] for row in rows if row["annotation_id"] is None]


@pytest.mark.parametrize("args, expected", [
    (['"European Council"'], ["Council summit"]),
    (["european council", "--order", "newest"], ["Council summit", "Trade talks"]),
    (["trade -tokyo"], ["A note on trade"]),
    (["summit OR talks", "--order", "newest"], ["Council summit", "Trade talks"]),
    (["sanct*"], ["Council summit"]),
    (["trade to:2023"], ["Trade talks"]),                  # the undated release is outside any range
    (["tag:japan"], ["Trade talks"]),
    (["color:concern"], ["Trade talks"]),
    (["council", "--color", "Pink"], ["Trade talks"]),
    (['issuer:"foreign affairs" trade'], ["Trade talks"]),
    (["急落"], ["Trade talks"]),
])
def test_search_speaks_the_query_language(db, args, expected):
    assert titles(db, *args) == expected


def test_notes_are_listed_apart_with_their_release(db):
    out = communique(db, "search", "embassy").stdout.splitlines()
    assert len(out) == 1
    release_id, where, title, snippet = out[0].split("\t")
    assert where.startswith("note #") and title == "Trade talks" and "[embassy]" in snippet


@pytest.mark.parametrize("args, sentence", [
    (["color:Octarine"], "There is no highlight colour 'Octarine'"),
    (["trade", "--color", "teal"], "There is no highlight colour 'teal'"),
    (["from:garbage"], "from:garbage is not a date"),
    (["trade", "--to", "2023-02-30"], "to:2023-02-30 is not a date"),
    ([], "Say what to search for"),
])
def test_a_bad_value_exits_1_with_one_sentence(db, args, sentence):
    result = communique(db, "search", *args, check_status=1)
    assert result.stdout == ""
    assert result.stderr.startswith(f"communique: {sentence}")
    assert result.stderr.count("\n") == 1
