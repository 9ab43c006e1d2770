"""HTML pages, e-mails, Word files and PDFs: what the reader gets, what is kept out, and the metadata.

Most fixtures are made here, byte by byte, so the tests run on a fresh clone; the real releases
in ../shared/corpus are checked too when that folder is beside the checkout.
"""

from __future__ import annotations

import io
import re
import zipfile
from email.message import EmailMessage
from email.policy import default as default_policy

import pytest

from annotations.errors import ImportFailed
from annotations.importers import read_release, supported_suffixes

from .pdf_pages import encoded, pdf_of_streams

UNSAFE = re.compile(r"<script|<style|<iframe|<link|<form|<input|\son\w+=|javascript:|<img(?![^>]*src=\"data:)",
                    re.IGNORECASE)


def write(tmp_path, name: str, data: bytes | str):
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def read_corpus(corpus, name: str):
    """The release ``name`` from the shared corpus (the ``corpus`` fixture skips when the folder is absent)."""
    if not (corpus / name).is_file():
        pytest.skip(f"{name} is not in the corpus")
    return read_release(corpus / name)


def import_failure(path) -> str:
    with pytest.raises(ImportFailed) as raised:
        read_release(path)
    message = str(raised.value)
    assert path.name in message and "\n" not in message
    return message


def test_every_format_has_an_importer():
    assert {".html", ".htm", ".xhtml", ".eml", ".docx", ".pdf"} <= set(supported_suffixes())


# --- HTML -----------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <title>Harbour reopens after repairs | News | Port of Example</title>
  <meta property="og:title" content="Harbour reopens after repairs | News | Port of Example">
  <meta property="og:site_name" content="Port of Example">
  <meta property="article:published_time" content="2024-03-05T09:30:00+00:00">
  <link rel="canonical" href="https://port.example/news/harbour-reopens">
  <link rel="stylesheet" href="https://cdn.example/site.css">
  <style>body { background: url(https://tracker.example/pixel.png) }</style>
  <script>window.track("page")</script>
</head>
<body onload="init()">
  <header class="site-header"><a href="/">Port of Example home</a></header>
  <nav><ul><li><a href="/news">All news</a></li><li><a href="/about">About the port</a></li></ul></nav>
  <div class="cookie-banner">We use cookies. <button>Accept cookies</button></div>
  <main>
    <article>
      <header>
        <h1>Harbour reopens after repairs</h1>
        <time datetime="2024-03-04">4 March 2024</time>
      </header>
      <div class="share-buttons"><a href="https://social.example/share">Share on Social</a></div>
      <p>The harbour reopens to ships on <strong>Monday</strong> after three months of repairs.</p>
      <img src="https://cdn.example/photo.jpg" onerror="alert(1)" alt="The new sea wall">
      <h2>What was repaired</h2>
      <ul><li>The sea wall</li><li>Two cranes</li></ul>
      <p>Read the <a href="/reports/2024.pdf">full report</a> or <a href="javascript:alert(2)">this</a>.</p>
      <iframe src="https://video.example/embed/1"></iframe>
      <span class="visually-hidden">Opens in a new window</span>
    </article>
    <aside><h2>Related news</h2><p>Ferry timetable changes for the summer season are out now.</p></aside>
  </main>
  <footer><p>Copyright Port of Example. Legal notice.</p></footer>
  <script src="https://cdn.example/app.js"></script>
</body>
</html>
"""


def test_html_page_keeps_the_article_and_drops_the_site(tmp_path, derive_text):
    draft = read_release(write(tmp_path, "harbour.html", PAGE))
    text = derive_text(draft.html)
    assert draft.source_format == "html"
    assert "<h1>Harbour reopens after repairs</h1>" in draft.html
    assert "<h2>What was repaired</h2>" in draft.html
    assert "<strong>Monday</strong>" in draft.html
    assert re.search(r"<ul>\s*<li>The sea wall</li>\s*<li>Two cranes</li>\s*</ul>", draft.html)
    assert "4 March 2024" in text
    for site_text in ("Port of Example home", "All news", "cookies", "Share on Social", "Related news",
                      "Ferry timetable", "Legal notice", "Opens in a new window", "window.track", "background"):
        assert site_text not in text
    assert not UNSAFE.search(draft.html), draft.html


def test_html_links_become_absolute_and_script_links_lose_their_target(tmp_path):
    draft = read_release(write(tmp_path, "harbour.html", PAGE))
    assert '<a href="https://port.example/reports/2024.pdf"' in draft.html
    assert "full report" in draft.html and "javascript" not in draft.html


def test_html_metadata_comes_from_what_the_page_states(tmp_path):
    draft = read_release(write(tmp_path, "harbour.html", PAGE))
    assert (draft.title, draft.issuer, draft.date, draft.language) == (
        "Harbour reopens after repairs", "Port of Example", "2024-03-05", "en-GB")


@pytest.mark.parametrize("head, title, issuer", [
    ("<title>Harbour reopens | Port of Example</title>", "Harbour reopens", "Port of Example"),
    ("<title>Port of Example | Press | Harbour reopens after storm repairs</title>",
     "Harbour reopens after storm repairs", "Port of Example"),
    ('<title>Harbour reopens - Port of Example</title><meta property="og:site_name" content="Port of Example">',
     "Harbour reopens", "Port of Example"),
    ("<title>Storm - what happens next</title>", "Storm - what happens next", ""),
])
def test_html_title_loses_the_site_name(tmp_path, head, title, issuer):
    page = f"<html><head>{head}</head><body><main><p>{'The harbour is open again. ' * 4}</p></main></body></html>"
    draft = read_release(write(tmp_path, "page.html", page))
    assert draft.title == title
    if issuer:
        assert draft.issuer == issuer


@pytest.mark.parametrize("head, heading, title, issuer", [
    ("<title>외교부 보도자료</title>", "<h2>한일 외교장관회담 개최</h2>", "한일 외교장관회담 개최", ""),
    ("<title>הודעה לעיתונות | משרד החוץ</title>", "<h3>שר החוץ נפגש עם עמיתו היפני</h3>",
     "שר החוץ נפגש עם עמיתו היפני", "משרד החוץ"),
    ("<title>Pressemitteilung</title>", "<h2>Minister empfängt Amtskollegen</h2>", "Minister empfängt Amtskollegen", ""),
])
def test_a_page_titled_press_release_takes_its_heading_for_the_title(tmp_path, head, heading, title, issuer):
    """Ministries' sites title every release page with a masthead ("보도자료": press release) and set
    the headline as <h2> or <h3>: the headline is the title."""
    page = f"<html><head><meta charset='utf-8'>{head}</head><body><main>{heading}<p>{'The talks went well. ' * 4}</p></main></body></html>"
    draft = read_release(write(tmp_path, "page.html", page))
    assert draft.title == title
    assert draft.issuer == issuer


def test_html_date_from_the_articles_time_element_and_linked_data(tmp_path):
    linked = ('<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle", "headline": "Pier opens",'
              ' "datePublished": "2023-11-20T08:00:00Z", "publisher": {"name": "City Council"}}]}</script>')
    body = "<article><p>The new pier opened this morning to the public, the council said.</p></article>"
    draft = read_release(write(tmp_path, "pier.html", f"<html><head>{linked}</head><body>{body}</body></html>"))
    assert (draft.title, draft.issuer, draft.date) == ("Pier opens", "City Council", "2023-11-20")
    timed = ('<html><body><div class="site"><time datetime="1999-01-01">site clock</time></div>'
             '<article><h1>Pier opens</h1><time datetime="2023-11-21T10:00">21 Nov</time>'
             "<p>The new pier opened this morning to the public, the council said.</p></article></body></html>")
    assert read_release(write(tmp_path, "pier2.html", timed)).date == "2023-11-21"


def test_html_without_main_takes_the_block_with_most_paragraph_text(tmp_path, derive_text):
    story = "".join(f"<p>Paragraph {n} of the statement says what the ministry decided and why.</p>" for n in range(4))
    page = (f'<html><body><div id="menu"><p>Home</p><p>Contact us for anything at all, any day</p></div>'
            f'<div id="content"><h1>Ministry statement</h1><div class="text">{story}</div></div>'
            f'<div id="sidebar"><p>Latest tweets from the ministry press account.</p></div></body></html>')
    text = derive_text(read_release(write(tmp_path, "statement.htm", page)).html)
    assert "Paragraph 0 of the statement" in text and "Paragraph 3 of the statement" in text
    assert "Ministry statement" in text
    assert "Latest tweets" not in text and "Contact us" not in text


def test_html_sections_stay_separate_blocks(tmp_path, derive_text):
    page = "<html><body><main><section>First part.</section><section>Second part.</section></main></body></html>"
    assert derive_text(read_release(write(tmp_path, "sections.html", page)).html) == "First part.\nSecond part."


def test_html_meta_charset_is_honoured(tmp_path):
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251"></head>'
            "<body><main><p>Министерство иностранных дел сообщает о визите делегации.</p></main></body></html>")
    draft = read_release(write(tmp_path, "ru.html", page.encode("cp1251")))
    assert "Министерство иностранных дел" in draft.html


def test_html_page_with_no_text_of_its_own_is_refused(tmp_path):
    shell = '<html><head><title>App</title></head><body><div id="root"></div><script>render()</script></body></html>'
    assert "no text of its own" in import_failure(write(tmp_path, "shell.html", shell))


def test_real_european_parliament_page(corpus, derive_text):
    draft = read_corpus(corpus, "ep_2019-07-18_venezuela-sanctions_en.html")
    text = derive_text(draft.html)
    assert (draft.title, draft.issuer, draft.date, draft.language) == (
        "Venezuela: European Parliament calls for additional sanctions", "European Parliament", "2019-07-18", "en")
    assert "<h1>" in draft.html and "<li>" in draft.html
    assert "<strong>Additional sanctions</strong>" in draft.html
    assert "455 votes to 85 and 105 abstentions" in text
    for site_text in ("Share this page", "cookies", "Legal notice", "Sign up for mail updates", "Open in a new page"):
        assert site_text not in text
    assert not UNSAFE.search(draft.html)


# --- E-mail ---------------------------------------------------------------------------------------

def mail(subject: str, sender: str = "Press Office <press@port.example>",
         date: str = "Tue, 05 Mar 2024 23:30:00 -0800") -> EmailMessage:
    message = EmailMessage(policy=default_policy)
    message["From"] = sender
    message["To"] = "newsroom@paper.example"
    message["Subject"] = subject
    message["Date"] = date
    return message


def test_email_prefers_the_html_part_and_sanitises_it(tmp_path):
    message = mail("Harbour reopens after repairs")
    message.set_content("Plain version: the harbour reopens on Monday.")
    message.add_alternative("<html><head><title>Newsletter</title><style>p{}</style></head><body>"
                            "<h1>Harbour reopens</h1><p onclick='x()'>The harbour reopens on <b>Monday</b>.</p>"
                            "<img src='https://tracker.example/open.gif'><script>track()</script></body></html>",
                            subtype="html")
    draft = read_release(write(tmp_path, "release.eml", message.as_bytes()))
    assert draft.source_format == "email"
    assert "<h1>Harbour reopens</h1>" in draft.html and "<b>Monday</b>" in draft.html
    assert "Plain version" not in draft.html and "Newsletter" not in draft.html
    assert not UNSAFE.search(draft.html)
    # The sender's own calendar day, not the UTC one (23:30 in California is already the 6th in UTC).
    assert (draft.title, draft.issuer, draft.date) == ("Harbour reopens after repairs", "Port", "2024-03-05")


def test_email_plain_latin1_body_with_folded_subject(tmp_path):
    subject = ("Communiqué de presse : le ministère de la Mer annonce la réouverture du port "
               "après trois mois de travaux")
    message = mail(subject, sender="presse@mer.example", date="Wed, 06 Mar 2024 10:00:00 +0100")
    body = ("Le ministère de la Mer annonce que le port rouvrira lundi aux navires après trois mois \n"
            "de travaux sur la digue.\n\nLes dégâts de la tempête sont réparés.\n")
    message.set_content(body, charset="iso-8859-1", cte="quoted-printable")
    data = message.as_bytes()
    assert b"\n " in data.split(b"\n\n", 1)[0], "the Subject header should be folded"
    assert "ministère".encode("latin-1") not in data and b"=E8" in data
    draft = read_release(write(tmp_path, "communique.eml", data))
    assert draft.title == subject
    assert (draft.issuer, draft.date, draft.language) == ("Ministère de la Mer", "2024-03-06", "fr")
    assert draft.html.count("<p>") == 2
    # A line that ends in a space was wrapped by the mail program: it is one line again.
    assert "trois mois de travaux sur la digue." in draft.html


def test_email_lotus_notes_quotes_and_reply_prefixes(tmp_path):
    message = mail("Fwd: RE: Enron hosts analyst conference")
    message.set_content("Enron\x01,s growth, the \x01&ENE.\x018 ticker and \x02stray controls.\n")
    draft = read_release(write(tmp_path, "notes.eml", message.as_bytes()))
    assert "Enron’s growth, the “ENE.” ticker and stray controls." in draft.html
    assert draft.title == "Enron hosts analyst conference"


def test_file_without_mail_headers_is_refused(tmp_path):
    assert "no e-mail headers" in import_failure(write(tmp_path, "notes.eml", "Just some text\nwith no headers.\n"))


def test_real_enron_press_release(corpus, derive_text):
    draft = read_corpus(corpus, "enron_2000-01-21_analyst-conference_en.eml")
    text = derive_text(draft.html)
    assert draft.title == "ENRON HOSTS ANNUAL ANALYST CONFERENCE PROVIDES BUSINESS OVERVIEW AND GOALS FOR 2000"
    assert (draft.issuer, draft.date, draft.language) == ("Enron Corp.", "2000-01-21", "en")
    assert "opened the conference by highlighting Enron’s tremendous growth" in text
    assert "Wholesale Energy Business" in text and "\x01" not in draft.html


# --- Word -----------------------------------------------------------------------------------------

WORDML = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def docx(body: str, title: str | None = None) -> bytes:
    """A minimal Word package: the main document, its styles (for headings) and numbering (for lists)."""
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                               '<Default Extension="xml" ContentType="application/xml"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="{RELATIONSHIPS}"><Relationship Id="r1" '
                       f'Type="{OFFICE}/officeDocument" Target="word/document.xml"/></Relationships>',
        "word/_rels/document.xml.rels": f'<Relationships xmlns="{RELATIONSHIPS}">'
                                        f'<Relationship Id="r1" Type="{OFFICE}/styles" Target="styles.xml"/>'
                                        f'<Relationship Id="r2" Type="{OFFICE}/numbering" Target="numbering.xml"/>'
                                        "</Relationships>",
        "word/styles.xml": f'<w:styles {WORDML}><w:style w:type="paragraph" w:styleId="Heading1">'
                           '<w:name w:val="heading 1"/></w:style></w:styles>',
        "word/numbering.xml": f'<w:numbering {WORDML}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0">'
                              '<w:numFmt w:val="bullet"/></w:lvl></w:abstractNum>'
                              '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>',
        "word/document.xml": f"<w:document {WORDML}><w:body>{body}</w:body></w:document>",
    }
    if title is not None:
        parts["docProps/core.xml"] = ('<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
                                      'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
                                      f"<dc:title>{title}</dc:title></cp:coreProperties>")
    package = io.BytesIO()
    with zipfile.ZipFile(package, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return package.getvalue()


def paragraph(*runs: str, style: str = "", bullet: bool = False) -> str:
    properties = (f'<w:pStyle w:val="{style}"/>' if style else "") + (
        '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>' if bullet else "")
    return f"<w:p><w:pPr>{properties}</w:pPr>{''.join(runs)}</w:p>"


def run(text: str, bold: bool = False) -> str:
    return f'<w:r>{"<w:rPr><w:b/></w:rPr>" if bold else ""}<w:t xml:space="preserve">{text}</w:t></w:r>'


BRIDGE = (paragraph(run("Minister opens the new bridge"), style="Heading1")
          + paragraph(run("The bridge is "), run("open to traffic today", bold=True), run(", the ministry said."))
          + paragraph(run("Two lanes"), bullet=True) + paragraph(run("One cycle path"), bullet=True)
          + "<w:tbl><w:tr><w:tc>" + paragraph(run("Length")) + "</w:tc><w:tc>" + paragraph(run("420 m"))
          + "</w:tc></w:tr></w:tbl>")


def test_docx_keeps_headings_bold_lists_and_tables(tmp_path):
    draft = read_release(write(tmp_path, "bridge.docx", docx(BRIDGE, title="Bridge opening")))
    assert draft.source_format == "docx"
    assert "<h1>Minister opens the new bridge</h1>" in draft.html
    assert "<strong>open to traffic today</strong>" in draft.html
    assert "<ul><li>Two lanes</li><li>One cycle path</li></ul>" in draft.html
    assert "<table>" in draft.html and "420 m" in draft.html
    assert draft.title == "Bridge opening"


def test_docx_without_a_stated_title_gets_its_heading(tmp_path):
    assert read_release(write(tmp_path, "bridge.docx", docx(BRIDGE, title=" "))).title == (
        "Minister opens the new bridge")


@pytest.mark.parametrize("data, reason", [
    (b"\x8f\x12 not a zip at all " * 20, "not a Word .docx file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "old Word 97-2003"),
])
def test_docx_that_is_no_package_is_refused(tmp_path, data, reason):
    assert reason in import_failure(write(tmp_path, "broken.docx", data))


def test_docx_without_its_document_part_is_refused(tmp_path):
    package = io.BytesIO()
    with zipfile.ZipFile(package, "w") as archive:
        archive.writestr("word/styles.xml", f"<w:styles {WORDML}/>")
    assert "word/document.xml is missing" in import_failure(write(tmp_path, "empty.docx", package.getvalue()))


def test_real_cambridge_draft(corpus, derive_text):
    draft = read_corpus(corpus, "cam-research_2022-01_faraday-flows-draft_en.docx")
    assert draft.title == "Deep learning for solving complex fluid dynamics problem."
    assert "fluid interactions are extremely difficult to model" in derive_text(draft.html)
    assert draft.language == "en"


# --- PDF ------------------------------------------------------------------------------------------

def pdf(pages: list[list[str]], info: dict[str, str] | None = None) -> bytes:
    """A PDF with one Helvetica line per string ('' leaves a line empty), written by hand: pypdf cannot set text."""
    return pdf_of_streams([b"\n".join([b"BT /F1 11 Tf 14 TL 72 740 Td",
                                       *(b"(%s) Tj T*" % encoded(line) if line else b"T*" for line in lines), b"ET"])
                           if any(lines) else b"" for lines in pages], info)


HARBOUR_PAGES = [
    ["Port of Example - Press Office",
     "Harbour reopens after storm repairs",
     "The port authority said that the harbour would reopen to ships next week after three",
     "months of repairs to the sea wall, the cranes and the co\u00adordinated traffic system, and",
     "that the recon\u00ad",
     "struction had cost less than the authority had feared in the autumn.",
     "Ships that waited at anchor will be let in first, in the order in which they arrived,",
     "and pilots will be on duty day and night for the first two weeks after the reopening.",
     "Page 1 of 2"],
    ["Port of Example - Press Office",
     "The authority thanked the crews who worked through the winter storms.",
     "Page 2 of 2"],
]


def test_pdf_lines_become_paragraphs(tmp_path):
    draft = read_release(write(tmp_path, "harbour.pdf", pdf(HARBOUR_PAGES)))
    paragraphs = re.findall(r"<p>(.*?)</p>", draft.html)
    assert draft.source_format == "pdf"
    assert paragraphs == [
        "Harbour reopens after storm repairs",
        "The port authority said that the harbour would reopen to ships next week after three months of "
        "repairs to the sea wall, the cranes and the co-ordinated traffic system, and that the reconstruction "
        "had cost less than the authority had feared in the autumn.",
        "Ships that waited at anchor will be let in first, in the order in which they arrived, and pilots will "
        "be on duty day and night for the first two weeks after the reopening.",
        "The authority thanked the crews who worked through the winter storms.",
    ], "running header and page numbers dropped, wrapped lines joined, hyphenation mended"
    assert "\u00ad" not in draft.html and "<br>" not in draft.html


@pytest.mark.parametrize("info, title, date", [
    ({"Title": "Harbour reopens", "CreationDate": "D:20240102120000Z"}, "Harbour reopens", "2024-01-02"),
    ({"Title": "Microsoft Word - release_final.docx"}, "Harbour reopens after storm repairs", ""),
    ({"Title": "untitled"}, "Harbour reopens after storm repairs", ""),
])
def test_pdf_properties_are_used_when_they_describe_the_release(tmp_path, info, title, date):
    draft = read_release(write(tmp_path, "harbour.pdf", pdf(HARBOUR_PAGES, info)))
    assert (draft.title, draft.date) == (title, date)


def test_pdf_creation_date_gives_way_to_a_date_in_the_text(tmp_path):
    pages = [["Harbour reopens", "Port of Example, 5 March 2024"]]
    draft = read_release(write(tmp_path, "dated.pdf", pdf(pages, {"CreationDate": "D:20240320090000Z"})))
    assert draft.date == "2024-03-05"


def test_pdf_without_a_text_layer_is_refused(tmp_path):
    assert "no text layer (a scanned image)" in import_failure(write(tmp_path, "scan.pdf", pdf([[]])))


def test_pdf_locked_by_a_password_is_refused(tmp_path):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf(HARBOUR_PAGES))))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    locked = io.BytesIO()
    writer.write(locked)
    assert "protected by a password" in import_failure(write(tmp_path, "locked.pdf", locked.getvalue()))


#: Imports a PDF with cryptography blocked, as in the bundle, where pypdf decrypts with PyCryptodome.
WITHOUT_CRYPTOGRAPHY = """
import sys
class BlockCryptography:
    def find_spec(self, name, path=None, target=None):
        if name == "cryptography" or name.startswith("cryptography."):
            raise ImportError(name)
sys.meta_path.insert(0, BlockCryptography())
from pathlib import Path
from annotations.importers import read_release
print(read_release(Path(sys.argv[1])).title)
"""


def test_pdf_encrypted_only_against_editing_imports_with_the_cipher_library_the_bundle_ships(tmp_path):
    """AES-128, no password to open (an owner password restricts editing), as ministries' PDFs often are."""
    import subprocess
    import sys

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf(HARBOUR_PAGES))))
    writer.encrypt(user_password="", owner_password="owner", algorithm="AES-128")
    locked = io.BytesIO()
    writer.write(locked)
    path = write(tmp_path, "restricted.pdf", locked.getvalue())
    result = subprocess.run([sys.executable, "-c", WITHOUT_CRYPTOGRAPHY, str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == read_release(path).title != ""


def test_pdf_that_is_not_a_pdf_is_refused(tmp_path):
    assert "PDF" in import_failure(write(tmp_path, "fake.pdf", b"<html>not a pdf</html>" * 10))


@pytest.mark.parametrize("name, title, date, language, passages", [
    ("frenchtech-alsace_2014-05-20_lancement-candidature_fr.pdf",
     "Evènement - Lancement officiel de la candidature French Tech Alsace", "2014-05-20", "fr",
     ["Yann Klis, Vice-Président d’Alsace Digitale", "(espace de co-working)"]),
    ("lk-police_2025-12-08_telecom-cables_en.pdf",
     "Request for Public Assistance to Prevent Damage to Exposed Telecommunication Cables", "2025-12-08", "en",
     ["essential communication cables including fiber-optic and copper lines",
      "as such acts constitute punishable offenses."]),
])
def test_real_pdf_releases(corpus, name, title, date, language, passages, derive_text):
    draft = read_corpus(corpus, name)
    text = derive_text(draft.html)
    assert (draft.title, draft.date, draft.language) == (title, date, language)
    for passage in passages:
        assert passage in text
    assert "\u00ad" not in text and "\xa0" not in text


def test_real_pdf_with_a_legacy_sinhala_font_still_imports(corpus):
    # Its text layer decodes to garbled Sinhala (a legacy font's broken ToUnicode map): we take it as it is.
    draft = read_corpus(corpus, "lk-police_2025-05-01_media-release_si.pdf")
    assert draft.language == "si"
    assert draft.html.count("<p>") > 40 and "D/Media/Out/886/2025" in draft.html
