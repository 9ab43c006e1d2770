"""E-mails that trip strict parsers, through the real command line: they import, or fail in one sentence."""

from __future__ import annotations

import json

from .test_cli import communique


def test_malformed_headers_and_an_unknown_charset_still_import(tmp_path):
    path = tmp_path / "release.eml"
    path.write_bytes(b'From: "Ministry of the Sea" <\r\nSubject: Port reopens\r\nDate: Wed, 06 Mar 2024 10:00:00 +0100\r\n'
                     b"Content-Type: text/plain; charset=x-unknown-legacy\r\n\r\n"
                     + "Le ministère de la Mer annonce la réouverture du port.\n".encode("latin-1"))
    db = tmp_path / "lib.sqlite3"
    assert communique(db, "import", path).stdout.split("\t")[1] == "Port reopens\n"
    [release] = json.loads(communique(db, "list", "--json").stdout)
    assert (release["title"], release["date"], release["issuer"]) == ("Port reopens", "2024-03-06", "Ministry of the Sea")


def test_a_file_that_is_no_mail_fails_in_one_sentence_naming_it(tmp_path):
    path = tmp_path / "notes.eml"
    path.write_text("Just some text\nwith no headers.\n")
    result = communique(tmp_path / "lib.sqlite3", "import", path, check_status=1)
    assert "notes.eml" in result.stderr and "no e-mail headers" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
