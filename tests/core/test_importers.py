"""The seed, plain text, bad files, and batch import through the one import path."""

import pytest

from annotations.errors import ImportFailed
from annotations.importers import MAX_FILE_BYTES, read_release
from annotations.importing import import_files
from annotations.metadata import find_language, smart_title


def test_seed_renders_as_markdown_with_bold_header_and_superscript(seed_path):
    draft = read_release(seed_path)
    assert draft.source_format == "markdown"
    assert "<strong>KINGDOM OF CAMBODIA</strong>" in draft.html
    assert "70<sup>th</sup>" in draft.html
    assert "**" not in draft.html


def test_seed_metadata(seed_path):
    draft = read_release(seed_path)
    assert draft.title.startswith("Outcomes of the Official Working Visit to Japan of His Excellency PRAK Sokhonn")
    assert draft.issuer == "Ministry of Foreign Affairs and International Cooperation, Kingdom of Cambodia"
    assert draft.date == "2023-01-21"
    assert draft.language == "en"


def test_a_header_block_ending_in_press_release_is_passed_over_for_the_title(demo_path, tmp_path):
    assert read_release(demo_path).title == "Welcome to Communiqué: a Reader That Remembers What Mattered"
    path = tmp_path / "office.md"
    path.write_text("**MINISTRY OF TRADE**  \n**MEDIA RELEASE**\n\n**Tariffs on Steel Lowered for Partners**\n\n"
                    "The ministry announced today that tariffs would fall.\n", encoding="utf-8")
    assert read_release(path).title == "Tariffs on Steel Lowered for Partners"


def test_plain_text_release_keeps_paragraphs(tmp_path):
    path = tmp_path / "statement.txt"
    path.write_text("WASHINGTON, March 3, 2025\nFor immediate release\n\nThe Senator said today that\nthe bill fails.\n")
    draft = read_release(path)
    assert draft.source_format == "text"
    assert draft.html.count("<p>") == 2 and "<br>" in draft.html
    assert draft.date == "2025-03-03"


def test_latin1_text_is_decoded(tmp_path):
    path = tmp_path / "communique.txt"
    path.write_bytes("Le ministère des Affaires étrangères a annoncé que la délégation est arrivée à Paris "
                     "et que les négociations sont ouvertes pour la première fois depuis le début.".encode("latin-1"))
    draft = read_release(path)
    assert "ministère" in draft.html and "étrangères" in draft.html
    assert draft.language == "fr"


@pytest.mark.parametrize("name, content, reason", [
    ("empty.txt", b"", "the file is empty"),
    ("blank.md", b"  \n\n ", "the file is empty"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary file"),
    ("sheet.xlsx", b"PK\x03\x04", "not supported"),
])
def test_unreadable_files_get_one_sentence_naming_them(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ImportFailed) as raised:
        read_release(path)
    message = str(raised.value)
    assert name in message and reason in message and message.endswith(".") and "\n" not in message


def test_oversized_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as stream:
        stream.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(ImportFailed, match="over the 20 MB limit"):
        read_release(path)


def test_batch_imports_the_good_reports_the_bad_and_skips_duplicates(tmp_path, library, derive_text):
    folder = tmp_path / "releases"
    folder.mkdir()
    (folder / "one.md").write_text("# First release\n\nBody one.")
    (folder / "two.txt").write_text("Second release\n\nBody two.")
    (folder / "copy.md").write_text("# First release\n\nBody one.")
    (folder / "empty.txt").write_text("")
    (folder / "ignored.png").write_bytes(b"\x89PNG")
    report = import_files(library, [folder], derive_text)
    assert sorted(item.title for item in report.added) == ["First release", "Second release"]
    assert len(report.duplicates) == 1
    assert [failure.path.endswith("empty.txt") for failure in report.failures] == [True]
    assert library.release_count() == 2


def test_cancelled_import_keeps_what_was_stored(tmp_path, library, derive_text):
    paths = []
    for n in range(5):
        path = tmp_path / f"r{n}.md"
        path.write_text(f"# Release {n}\n\nBody {n}.")
        paths.append(path)
    report = import_files(library, paths, derive_text, on_progress=lambda done, total, path: done < 3)
    assert report.cancelled
    assert library.release_count() == 3


def test_corpus_text_releases_import(corpus, library, derive_text):
    report = import_files(library, sorted(corpus.glob("*.txt")) + sorted(corpus.glob("*.md")), derive_text)
    assert report.failures == []
    assert library.release_count() == len(report.added) >= 3


@pytest.mark.parametrize("text, expected", [
    ("ព្រះរាជាណាចក្រកម្ពុជា ជាតិ សាសនា ព្រះមហាក្សត្រ", "km"),
    ("外務省は本日、カンボジアとの外相会談について発表した。", "ja"),
    ("ශ්‍රී ලංකා පොලිසිය මාධ්‍ය නිවේදනය", "si"),
    ("The ministers met and agreed on the text of the statement for the press.", "en"),
    ("أعلنت وزارة المالية اليوم نتائج الربع الأول (1.92%) وفق بيان Reuters.", "ar"),
    ("عام / نائب خادم الحرمين الشريفين يرأس جلسة مجلس الوزراء", "ar"),
    ("وأوضح المتحدث أن شركة گوگل ستفتح مكتبا في الرياض خلال العام المقبل.", "ar"),    # a name in Persian letters
    ("سخنگوی وزارت امور خارجه امروز گفتگوها را اعلام کرد.", "fa"),
    ("رئیس جمهور در نشست خبری گفت که دولت برنامه‌های جدیدی دارد.", "fa"),
    ("وزارت خارجہ نے آج مذاکرات کا اعلان کیا۔", "ur"),
    ("وزیر اعظم نے کہا کہ حکومت عوام کی خدمت کرے گی۔", "ur"),
    ("משרד החוץ הודיע היום על השיחות.", "he"),
])
def test_find_language(text, expected):
    assert find_language(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("MINISTRY OF FOREIGN AFFAIRS AND INTERNATIONAL COOPERATION", "Ministry of Foreign Affairs and International Cooperation"),
    ("Already Mixed Case", "Already Mixed Case"),
])
def test_smart_title(text, expected):
    assert smart_title(text) == expected
