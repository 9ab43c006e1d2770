"""``tags`` and ``codebook`` through the real entry point."""

from __future__ import annotations

import json

from .test_cli import communique, release_file  # noqa: F401  (fixture)


def test_tags_list_rename_merge_delete(tmp_path, release_file):  # noqa: F811
    db = tmp_path / "lib.sqlite3"
    communique(db, "import", release_file)
    communique(db, "highlight", 1, "--quote", "Comprehensive", "--tag", "japan", "--tag", "asean")
    communique(db, "highlight", 1, "--quote", "Partnership", "--tag", "Japan-visit")
    assert json.loads(communique(db, "tags", "--json").stdout) == [
        {"name": "asean", "count": 1}, {"name": "japan", "count": 1}, {"name": "Japan-visit", "count": 1}]
    communique(db, "tags", "rename", "Japan-visit", "japan")                     # merges
    assert communique(db, "tags").stdout == "1\tasean\n2\tjapan\n"
    communique(db, "tags", "delete", "asean")
    assert json.loads(communique(db, "tags", "--json").stdout) == [{"name": "japan", "count": 2}]
    refused = communique(db, "tags", "delete", "nowhere", check_status=1)
    assert refused.stderr == "communique: No annotation carries the tag 'nowhere'.\n"


def test_codebook_list_set_and_exports_use_it(tmp_path, release_file):  # noqa: F811
    db = tmp_path / "lib.sqlite3"
    communique(db, "import", release_file)
    listed = json.loads(communique(db, "codebook", "--json").stdout)
    assert [entry["color"] for entry in listed] == ["yellow", "green", "blue", "pink", "purple"]
    assert listed[0] == {"color": "yellow", "name": "Key point", "description": "The point the release is making"}
    communique(db, "codebook", "set", "pink", "--name", "Claim to verify", "--description", "Check before citing")
    communique(db, "codebook", "set", "teal", "--name", "Numbers")                   # a sixth colour: key 6
    assert communique(db, "codebook").stdout.splitlines()[3:] == [
        "4\tpink\tClaim to verify\tCheck before citing", "5\tpurple\tFollow up\tSomething to ask about or watch",
        "6\tteal\tNumbers\t"]
    communique(db, "highlight", 1, "--quote", "Partnership", "--color", "pink")
    communique(db, "highlight", 1, "--quote", "24 January 2023", "--color", "teal")
    out = tmp_path / "out"
    for kind in ("md", "csv", "json"):
        communique(db, "export", 1, f"--{kind}", out.with_suffix(f".{kind}"))
    assert "Meaning: Claim to verify (pink)" in out.with_suffix(".md").read_text()
    assert "Meaning: Numbers (teal)" in out.with_suffix(".md").read_text()
    assert ",pink,Claim to verify," in out.with_suffix(".csv").read_text(encoding="utf-8-sig")
    items = json.loads(out.with_suffix(".json").read_text())["first"]["items"]
    assert {item["communique:meaning"] for item in items} == {"Claim to verify", "Numbers"}
    refused = communique(db, "codebook", "set", "violet", "--name", "x", check_status=2)
    assert "invalid choice: 'violet'" in refused.stderr
