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
