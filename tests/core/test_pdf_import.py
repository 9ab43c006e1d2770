"""PDF releases: clean text (ligatures, running headers and page numbers, chart labels), the
headline and the dateline as the first page shows them."""

import pytest

from annotations.importers import read_release

from .conftest import plain_text
from .pdf_pages import Text, lines_from, pdf_with

BODY = ["The port authority said that the harbour would reopen to ships next week after three",
        "months of repairs to the sea wall, the cranes and the traffic system, and that the work",
        "had cost less than the authority had feared in the autumn when the storms began."]


def imported(tmp_path, pages, info=None):
    path = tmp_path / "release.pdf"
    path.write_bytes(pdf_with(pages, info))
    return read_release(path)


def test_ligatures_become_letters_so_the_words_are_found(tmp_path):
    draft = imported(tmp_path, [lines_from(700, ["Survey of the coconut groves", "",
                                                 "The survey found that one in \ufb01ve coconut palms was lost; the \ufb02ood "
                                                 "a\ufb00ected o\ufb03ces and \ufb04uent speakers alike."])])
    text = plain_text(draft.html)
    assert "one in five coconut palms" in text
    assert "flood affected offices and ffluent" in text
    assert not any("\ufb00" <= char <= "\ufb06" for char in draft.html + draft.title)


def test_running_headers_footers_and_page_numbers_are_dropped(tmp_path):
    pages = []
    for number in range(1, 4):
        pages.append([Text("Port of Example | Annual Statement 2024", 760, 9),
                      *lines_from(700, [f"Section {number} of the statement", *BODY]),
                      Text(f"Page {number} of 3", 40, 9),
                      Text(str(number), 25, 9, 300)])
    text = plain_text(imported(tmp_path, pages).html)
    assert "Annual Statement 2024" not in text
    assert "Page 1 of 3" not in text and "Page 3 of 3" not in text
    assert not any(line.strip() in {"1", "2", "3"} for line in text.splitlines())
    assert text.count("months of repairs to the sea wall") == 3


def test_a_charts_scattered_labels_are_one_paragraph_not_a_dozen(tmp_path):
    labels = ["Exports", "2019", "2020", "2021", "2022", "45%", "30%", "15%", "Rice", "Rubber", "Garments", "Other"]
    chart = [Text(label, 500 - 17 * index, 9, 100 + 30 * (index % 5)) for index, label in enumerate(labels)]
    page = [*lines_from(700, ["Exports grew again", *BODY]), *chart, *lines_from(250, BODY)]
    paragraphs = [line for line in plain_text(imported(tmp_path, [page]).html).splitlines() if line.strip()]
    assert len(paragraphs) <= 5 and not set(paragraphs) & set(labels)
    assert any("2019 2020 2021 2022 45% 30% 15% Rice Rubber Garments Other" in paragraph for paragraph in paragraphs)


@pytest.mark.parametrize("info", [None, {"Title": "Prepared by the Press Office"}, {"Title": "Microsoft Word - draft.docx"}])
def test_the_headline_is_the_largest_text_near_the_top(tmp_path, info):
    page = [Text("Prepared by the Press Office, Port of Example", 760, 9),
            Text("Harbour Reopens After", 720, 20), Text("Storm Repairs", 696, 20),
            *lines_from(660, BODY)]
    assert imported(tmp_path, [page], info).title == "Harbour Reopens After Storm Repairs"


def test_a_meaningful_document_title_serves_when_no_text_stands_out(tmp_path):
    page = lines_from(700, ["Prepared by the Press Office", *BODY])
    assert imported(tmp_path, [page], {"Title": "Harbour reopens after storm repairs"}).title == \
        "Harbour reopens after storm repairs"
    assert imported(tmp_path, [page], {"Title": "Prepared by J. Smith"}).title != "Prepared by J. Smith"


def test_the_date_is_the_datelines_even_when_the_page_draws_it_last(tmp_path):
    body = lines_from(640, ["Harbour reopens after storm repairs", "",
                            "On 2025.04.30 the storm damaged the sea wall; repairs took a week.", *BODY])
    dateline = [Text("D/Media/Out/2785 /2025", 760, 9), Text("08.12.2025", 745, 9), Text("1300 hrs", 730, 9)]
    assert imported(tmp_path, [body + dateline]).date == "2025-12-08"
