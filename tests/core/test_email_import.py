"""E-mailed releases: each part decoded on its own, paragraphs kept, lenient headers, an issuer
that is an organisation and never a raw address."""

import base64
import quopri

import pytest

from annotations.importers import read_release


def eml(tmp_path, headers: str, body: bytes, name: str = "release.eml"):
    path = tmp_path / name
    path.write_bytes(headers.replace("\n", "\r\n").encode("ascii") + b"\r\n" + body)
    return read_release(path)


HEADERS = "From: Ministry of Trade <press@trade.example>\nSubject: Tariffs lowered\nDate: Tue, 05 Mar 2024 10:00:00 +0100\n"


def test_base64_and_quoted_printable_parts_are_decoded_each_in_its_charset(tmp_path):
    first = "Первый абзац о тарифах.\n\nВторой абзац: пошлины снижены.\n"
    second = "Le ministère annonce la baisse.\n"
    body = (b"--b\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + base64.encodebytes(first.encode("utf-8"))
            + b"--b\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
            + quopri.encodestring(second.encode("latin-1"))
            + b"\r\n--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=x.pdf\r\n"
            b"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b--\r\n")
    draft = eml(tmp_path, HEADERS + "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n", body)
    assert "<p>Первый абзац о тарифах.</p>" in draft.html
    assert "<p>Второй абзац: пошлины снижены.</p>" in draft.html      # paragraphs kept
    assert "<p>Le ministère annonce la baisse.</p>" in draft.html
    assert "JVBER" not in draft.html and "x.pdf" not in draft.html


def test_quoted_printable_soft_line_breaks_join_and_paragraphs_stay(tmp_path):
    body = (b"The ministry said today that tariffs on steel will fall by a third from Monday for the=\r\n"
            b" partners of the union.\r\n\r\nA second paragraph follows.\r\n")
    draft = eml(tmp_path, HEADERS + "Content-Type: text/plain; charset=us-ascii\nContent-Transfer-Encoding: quoted-printable\n", body)
    assert "for the partners of the union." in draft.html
    assert draft.html.count("<p>") == 2


@pytest.mark.parametrize("charset", ["x-unknown-charset", "utf-8", "bogus!!"])
def test_an_unknown_or_wrong_charset_falls_back_to_the_one_that_fits(tmp_path, charset):
    body = "Le ministère de la Mer annonce la réouverture du port après trois mois de travaux.\n".encode("latin-1")
    draft = eml(tmp_path, HEADERS + f"Content-Type: text/plain; charset={charset}\nContent-Transfer-Encoding: 8bit\n", body)
    assert "ministère de la Mer annonce la réouverture" in draft.html


@pytest.mark.parametrize("sender", ['"Press Office" <', '"', "a@", "<", '"Ministry of Trade" <press@', ",,,", "=?utf-8?q?=E9"])
def test_a_malformed_from_header_costs_the_issuer_not_the_release(tmp_path, sender):
    draft = eml(tmp_path, f"From: {sender}\nSubject: Tariffs lowered\nDate: Tue, 05 Mar 2024 10:00:00 +0100\n",
                b"The ministry said today that tariffs will fall.\n")
    assert (draft.title, draft.date) == ("Tariffs lowered", "2024-03-05")
    assert "@" not in draft.issuer


def test_a_malformed_mime_structure_is_read_as_text(tmp_path):
    draft = eml(tmp_path, HEADERS + "Content-Type: multipart/mixed; boundary=\n", b"The ministry said today.\n")
    assert "The ministry said today." in draft.html


@pytest.mark.parametrize("sender, extra, body, issuer", [
    ("Ministry of Trade <press@trade.example>", "", "Tariffs fall.", "Ministry of Trade"),
    ("press.release@enron.com", "", "Tariffs fall.", "Enron"),
    ("Press Release <press.release@enron.com>", "", "Tariffs fall.", "Enron"),
    ("Press Office <press@police.gov.lk>", "", "Tariffs fall.", "Police"),
    ("Media Relations <media@bbc.co.uk>", "", "Tariffs fall.", "BBC"),
    ("Press Office <press@trade.example>", "Organization: Ruritanian Trade Office\n", "Tariffs fall.", "Ruritanian Trade Office"),
    ("press.release@enron.com", "", "HOUSTON - Enron Corp. hosted its annual analyst conference today.", "Enron Corp."),
])
def test_issuer_is_the_organisation_never_a_raw_address(tmp_path, sender, extra, body, issuer):
    draft = eml(tmp_path, f"From: {sender}\n{extra}Subject: Tariffs lowered\nDate: Tue, 05 Mar 2024 10:00:00 +0100\n",
                body.encode("ascii"))
    assert draft.issuer == issuer
