"""Title, issuer, date and language of every release in ../shared/corpus and
../shared/corpus-multilingual, as an analyst reading it would write them down.

The table is checked against what each file states (its MANIFEST.tsv describes each one); an
empty issuer or date means the release does not state one. Skipped where ../shared is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.importers import read_release

from ..conftest import CORPUS

MULTILINGUAL = CORPUS.parent / "corpus-multilingual"
ZWSP = "\u200b"

EXPECTED = {
    CORPUS: {
        "000_93a0bb01c3eb51b8.txt": (
            "Outcomes of the Official Working Visit to Japan of His Excellency PRAK Sokhonn, Deputy Prime Minister, "
            "Minister of Foreign Affairs and International Cooperation on 21-24 January 2023",
            "Ministry of Foreign Affairs and International Cooperation, Kingdom of Cambodia", "2023-01-21", "en"),
        # An unissued draft: no dateline, no issuer in its four paragraphs.
        "cam-research_2022-01_faraday-flows-draft_en.docx": (
            "Deep learning for solving complex fluid dynamics problem.", "", "", "en"),
        # The archive's folder date is not in the release.
        "corp_agc-biologics_2024-03-25_cbo-appointment_en.md": (
            "AGC Biologics Strengthens Executive Leadership with Appointment of Dr. Christoph Winterhalter as Chief "
            "Business Officer", "AGC Biologics", "", "en"),
        "enron_2000-01-21_analyst-conference_en.eml": (
            "ENRON HOSTS ANNUAL ANALYST CONFERENCE PROVIDES BUSINESS OVERVIEW AND GOALS FOR 2000", "Enron Corp.",
            "2000-01-21", "en"),
        "ep_2019-07-18_venezuela-sanctions_en.html": (
            "Venezuela: European Parliament calls for additional sanctions", "European Parliament", "2019-07-18", "en"),
        "ep_2020-12-18_eu-uk-contingency_en.html": (
            "EU-UK relations: parliament adopts temporary contingency measures", "European Parliament", "2020-12-18", "en"),
        # The PDF draws "Evènement ­ Lancement …" with a soft hyphen standing for the dash.
        "frenchtech-alsace_2014-05-20_lancement-candidature_fr.pdf": (
            "Evènement - Lancement officiel de la candidature French Tech Alsace", "French Tech Alsace", "2014-05-20", "fr"),
        # Its font's ToUnicode map garbles the Sinhala, issuer included: the headline is the garbled one.
        "lk-police_2025-05-01_media-release_si.pdf": (
            "ප ොලිස් මොධ්\u200dය ප ොට්ඨොසය පෙත ෙොතතො වූ ෙැදගත් පතොරතුරු", "", "2025-05-01", "si"),
        "lk-police_2025-12-08_telecom-cables_en.pdf": (
            "Request for Public Assistance to Prevent Damage to Exposed Telecommunication Cables", "Police Media Division",
            "2025-12-08", "en"),
        # The dataset stripped the punctuation; the title is the headline as it stands.
        "us-senate_clinton_2006-04-10_magen-david-adom_en.txt": (
            "Senators Clinton Dole Send Letter To Secretary Rice To Urge Sending Measure To Congress That Will Enable "
            "Israel s Magen David Adom To Join The International Red Cross", "Senator Hillary Rodham Clinton",
            "2006-04-10", "en"),
        "us-senate_obama_2005-10-27_miers-withdrawal_en.txt": (
            "Obama Statement on the Withdrawal of the Nomination of Harriet Miers to the Supreme Court",
            "Senator Barack Obama", "2005-10-27", "en"),
    },
    MULTILINGUAL: {
        # Part 5 of a multi-part release: neither the agency nor the date is in this part.
        "ar_spa_2015-08-10_council-of-ministers.txt": (
            "عام / نائب خادم الحرمين الشريفين يرأس جلسة مجلس الوزراء", "", "", "ar"),
        # No headline: the first sentence states the decision.
        "cbr_2024-09-13_key-rate-decision_ru.txt": (
            "Совет директоров Банка России 13 сентября 2024 года принял решение повысить ключевую ставку на 100 б.п., "
            "до 19,00% годовых.", "Банк России", "2024-09-13", "ru"),
        "cbr_2024-10-25_key-rate-decision_ru.txt": (
            "Совет директоров Банка России 25 октября 2024 года принял решение повысить ключевую ставку на 200 б.п., "
            "до 21,00% годовых.", "Банк России", "2024-10-25", "ru"),
        # URL line, ISO timestamp line, then the headline.
        "ja_livedoor-kaden_5774093.txt": (
            "【ニュース】電力使用量９日が８社管内で今夏最高", "news.livedoor.com", "2011-08-10", "ja"),
        "km_news_313329.txt": (
            f"គ្រោះថ្នាក់{ZWSP}ចរាចរណ៍{ZWSP}នៅ{ZWSP}ថ្ងៃ{ZWSP}ទី{ZWSP}២៧{ZWSP} ខែកក្កដា{ZWSP} ឆ្នាំ{ZWSP}២០១៩{ZWSP}នេះ",
            "", "2019-07-27", "km"),
        "km_news_313330.txt": (
            f"ត្រាំ{ZWSP}៖ ប្រទេស{ZWSP}អ្នកមាន{ZWSP}ដូច{ZWSP}សិង្ហ{ZWSP}បុរី មិន{ZWSP}គួរ{ZWSP}ចាត់ទុក{ZWSP}ជា{ZWSP}"
            f"ប្រទេស{ZWSP}កំពុងអភិវឌ្ឍន៍", "", "", "km"),
    },
}
CASES = [(folder, name) for folder, table in EXPECTED.items() for name in table]


def releases_in(folder: Path) -> set[str]:
    return {path.name for path in folder.iterdir() if path.is_file() and path.name != "MANIFEST.tsv"}


@pytest.mark.parametrize("folder", list(EXPECTED), ids=lambda folder: folder.name)
def test_every_release_of_the_corpus_is_in_the_table(folder):
    if not folder.is_dir():
        pytest.skip(f"{folder} is not beside this checkout")
    assert releases_in(folder) == set(EXPECTED[folder])


@pytest.mark.parametrize("folder, name", CASES, ids=[name for _, name in CASES])
def test_metadata_an_analyst_would_have_written(folder, name):
    if not (folder / name).is_file():
        pytest.skip(f"{folder / name} is not beside this checkout")
    draft = read_release(folder / name)
    assert (draft.title, draft.issuer, draft.date, draft.language) == EXPECTED[folder][name]
