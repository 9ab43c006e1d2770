"""Title, issuer, date and language an analyst would have written, on small releases made here.

Each case goes through the one import path (``read_release``), as a file of the named type.
"""

import pytest

from annotations.front_matter import split_front_matter
from annotations.importers import read_release
from annotations.metadata import smart_title


def imported(tmp_path, name: str, content: str):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return read_release(path)


@pytest.mark.parametrize("name, content, title", [
    # Plain text whose first line is the headline; an all-caps one is not cut at an abbreviation.
    ("smith.txt", "SEN. SMITH CALLS ON CONGRESS TO FUND RURAL HOSPITALS\n\nWASHINGTON, March 3, 2025 - "
     "Senator Jane Smith today called on Congress to act.\n", "SEN. SMITH CALLS ON CONGRESS TO FUND RURAL HOSPITALS"),
    ("us.txt", "U.S. AND JAPAN SIGN TRADE ACCORD\nTOKYO - The two governments signed an accord today.\n",
     "U.S. AND JAPAN SIGN TRADE ACCORD"),
    ("headline.txt", "Ministry Opens New Border Crossing at Poipet\nThe crossing opens on Monday to trucks and "
     "buses. It will speed trade.\n", "Ministry Opens New Border Crossing at Poipet"),
    # A news-site export: URL line, ISO timestamp line, then the headline.
    ("export.txt", "http://news.example.com/article/detail/5774093/\n2011-08-10T10:00:00+0900\n"
     "Power use hits summer high in eight regions\nTemperatures rose across the country.\n",
     "Power use hits summer high in eight regions"),
    ("export_ja.txt", "http://news.livedoor.com/article/detail/5774093/\n2011-08-10T10:00:00+0900\n"
     "【ニュース】電力使用量９日が８社管内で今夏最高\n気温が高い日が続く。特に９日は各地で気温が上がった。\n",
     "【ニュース】電力使用量９日が８社管内で今夏最高"),
    # A scrape that lost its line breaks but kept runs of spaces where they were.
    ("flattened.txt", "   Obama Statement on the Nomination   U S  Senator Barack Obama        Obama Statement "
     "on the Nomination Thursday  October 27  2005  FOR IMMEDIATE RELEASE", "Obama Statement on the Nomination"),
    ("dated.txt", "April 10  2006 Senators Clinton  Dole Send Letter To Secretary Rice        Washington  DC  "
     "Senators Hillary Rodham Clinton  NY  and Elizabeth Dole  NC  sent a letter", "Senators Clinton Dole Send Letter To Secretary Rice"),
    # "# PRESS RELEASE" is the masthead; the headline is under it.
    ("masthead.md", "# PRESS RELEASE\n\n## Tariffs on Steel Lowered for Partners\n\nThe ministry said today.\n",
     "Tariffs on Steel Lowered for Partners"),
    ("masthead_bold.md", "# PRESS RELEASE\n\n**Tariffs on Steel Lowered for Partners**\n\nThe ministry said today.\n",
     "Tariffs on Steel Lowered for Partners"),
    # No headline: the first sentence, not cut at "б.п.".
    ("cbr.txt", "Совет директоров Банка России 13 сентября 2024 года принял решение повысить ключевую ставку на "
     "100 б.п., до 19,00% годовых. Текущее инфляционное давление остается высоким.",
     "Совет директоров Банка России 13 сентября 2024 года принял решение повысить ключевую ставку на 100 б.п., до 19,00% годовых."),
    # "Press release" in other languages is a masthead, not the headline under it.
    ("cbr_masthead.txt", "Пресс-релиз\n\nБанк России снизил ключевую ставку\n\nСовет директоров принял решение.\n",
     "Банк России снизил ключевую ставку"),
    ("de_masthead.md", "## Pressemitteilung\n\n## Minister empfängt Amtskollegen aus Japan\n\nDer Minister sagte heute.\n",
     "Minister empfängt Amtskollegen aus Japan"),
    ("ja_masthead.md", "## 外務省報道発表\n\n## 日米外相会談の結果\n\n外務大臣は会談を行いました。\n", "日米外相会談の結果"),
    # A dateline in a Japanese era, or followed by full-width punctuation, is not part of the title.
    ("era.txt", "令和6年3月1日、外務大臣は声明を発表しました。日本政府は協力を強化します。\n",
     "外務大臣は声明を発表しました。日本政府は協力を強化します。"),
    ("dated_zh.txt", "2024年3月1日，外交部發言人宣布新的合作協議。\n", "外交部發言人宣布新的合作協議。"),
])
def test_title(tmp_path, name, content, title):
    assert imported(tmp_path, name, content).title == title


@pytest.mark.parametrize("name, content, date", [
    ("export.txt", "http://news.example.com/a/1/\n2011-08-22T12:00:00+0900\nHeadline of the story here\nBody.\n", "2011-08-22"),
    ("ru.txt", "Совет директоров Банка России 20 декабря 2024 года принял решение сохранить ключевую ставку.", "2024-12-20"),
    ("uk.txt", "LONDON, 16 March 2026\n\nThe minister announced the plan to the house today.\n", "2026-03-16"),
    ("us.txt", "WASHINGTON, November 27, 2021 - The Senator said today that the bill fails.\n", "2021-11-27"),
    ("visit.md", "**Outcomes of the Official Working Visit to Japan on 21-24 January 2023**\n\nThe minister went.\n", "2023-01-21"),
    ("mofa_ja.txt", "外務省報道発表\n\n令和6年3月1日、外務大臣は声明を発表しました。\n", "2024-03-01"),
    ("mofa_tw.txt", "外交部新聞稿\n\n中華民國113年3月1日\n\n外交部發言人宣布新的合作協議。\n", "2024-03-01"),
    ("mfa_th.txt", "แถลงข่าว\n\nวันที่ 1 มีนาคม 2567 กระทรวงการต่างประเทศแถลงข่าวเรื่องความร่วมมือ\n", "2024-03-01"),
])
def test_date(tmp_path, name, content, date):
    assert imported(tmp_path, name, content).date == date


BODY = "The ministry said today that tariffs on steel would fall for the partners of the union in the spring.\n"
FRONT_MATTER = [
    ("yaml.md", "---\ntitle: \"Tariffs: Lowered for Partners\"\ndate: 2024-03-25\nauthor: Ministry of Trade\n"
     "lang: en\n---\n\n# PRESS RELEASE\n\nThe ministry said today that tariffs would fall.\n",
     ("Tariffs: Lowered for Partners", "Ministry of Trade", "2024-03-25", "en")),
    ("yaml_publisher.md", "---\ntitle: Budget approved\npublisher: Government of Ruritania\nauthor: Jane Doe\n"
     "date: March 25, 2024\n---\nThe budget was approved by the cabinet today.\n",
     ("Budget approved", "Government of Ruritania", "2024-03-25", "en")),
    ("pandoc_block.md", "---\ntitle: Budget approved\ndate: 25 mars 2024\nlang: fr\n...\n\nLe budget est adopté.\n",
     ("Budget approved", "", "2024-03-25", "fr")),
    ("pandoc.md", "% Tariffs Lowered for Partners\n% Ministry of Trade; Press Office\n% 25 March 2024\n\n" + BODY,
     ("Tariffs Lowered for Partners", "Ministry of Trade, Press Office", "2024-03-25", "en")),
    ("comment.md", "<!--\ntitle: Tariffs Lowered for Partners\ndate: 2024-03-25\nissuer: Ministry of Trade\n-->\n" + BODY,
     ("Tariffs Lowered for Partners", "Ministry of Trade", "2024-03-25", "en")),
    ("front.txt", "---\ntitle: Tariffs Lowered for Partners\ndate: 2024-03-25\n---\n\nThe ministry said today "
     "that tariffs would fall for the partners of the union in the year to come.\n", ("Tariffs Lowered for Partners", "", "2024-03-25", "en")),
]


@pytest.mark.parametrize("name, content, expected", FRONT_MATTER)
def test_front_matter_is_metadata_and_never_body_text(tmp_path, name, content, expected):
    draft = imported(tmp_path, name, content)
    title, issuer, date, language = expected
    assert (draft.title, draft.date, draft.language) == (title, date, language)
    if issuer:
        assert draft.issuer == issuer
    for shown in ("title:", "date:", "---", "% ", "<!--", "Press Office", "lang:"):
        assert shown not in draft.html
    assert draft.original == content.encode("utf-8")   # the stored original keeps it


@pytest.mark.parametrize("source, body", [
    ("---\nNote that the minister said: yes\n---\nBody\n", "---\nNote that the minister said: yes\n---\nBody\n"),
    ("Body first\n---\ntitle: x\n---\n", "Body first\n---\ntitle: x\n---\n"),     # not at the top
    ("---\ntitle: x\nno closing line\n", "---\ntitle: x\nno closing line\n"),
    ("---\na: &x [1, 2]\nb: *x\n---\nBody\n", "Body\n"),                        # aliases: dropped, not read
    ("<!-- made by a tool -->\nBody\n", "Body\n"),
])
def test_what_is_not_front_matter_stays_and_what_is_goes(source, body):
    assert split_front_matter(source)[1] == body


@pytest.mark.parametrize("text, expected", [
    ("MINISTRY OF FOREIGN AFFAIRS AND INTERNATIONAL COOPERATION", "Ministry of Foreign Affairs and International Cooperation"),
    ("U.S. SENATOR BARACK OBAMA", "U.S. Senator Barack Obama"),
    ("Already Mixed Case", "Already Mixed Case"),
])
def test_smart_title(text, expected):
    assert smart_title(text) == expected


LONG_BODY = "\n\n".join(f"Paragraph {number} of the release says what the ministry did and why it matters." for number in range(10))


@pytest.mark.parametrize("name, content, issuer", [
    ("letterhead.md", "**MINISTRY OF TRADE**  \n**MEDIA RELEASE**\n\n**Tariffs on Steel Lowered**\n\nThe tariffs fall.\n",
     "Ministry of Trade"),
    ("dateline.md", "# Trade figures released\n\nMinistry of Trade, 5 April 2024\n\nExports rose in March.\n",
     "Ministry of Trade"),                                              # the letterhead's date is not its name
    ("issued_by.txt", "Tariffs on Steel Lowered\n\nThe tariffs fall today.\n\nIssued by: Ruritanian Trade Office\n",
     "Ruritanian Trade Office"),
    ("newswire.md", "# AGC Biologics Appoints a Chief Business Officer\n\n--News Direct--\n\nAGC Biologics, a leading "
     "global Contract Development and Manufacturing Organization (CDMO), today announced the promotion.\n", "AGC Biologics"),
    ("dateline.txt", "ENRON HOSTS ANALYST CONFERENCE\n\nHOUSTON - Enron Corp. hosted its annual analyst conference today.\n",
     "Enron Corp."),
    ("annonce.txt", "Lancement officiel de la candidature\n\nStrasbourg - 20 Mai 2014\n\nFrench Tech Alsace annonce la tenue "
     "d’un évènement spécial pour le lancement officiel de sa candidature.\n", "French Tech Alsace"),
    ("senator.txt", "SEN. SMITH CALLS ON CONGRESS TO FUND RURAL HOSPITALS\n\nWASHINGTON, March 3, 2025 - U.S. Senator "
     "Jane Smith (D-IL) today called on Congress to act.\n", "Senator Jane Smith"),
    ("flattened.txt", "April 10  2006 Senators Clinton  Dole Send Letter To Secretary Rice        Washington  DC  "
     "Senators Hillary Rodham Clinton  NY  and Elizabeth Dole  NC  sent a letter", "Senator Hillary Rodham Clinton"),
    ("signature.txt", "Request for Public Assistance\n\n" + LONG_BODY + "\n\nPolice Media Division\n", "Police Media Division"),
    ("export.txt", "http://www.news.example.com/article/detail/5774093/\n2011-08-10T10:00:00+0900\nPower use hits a high\n"
     "Temperatures rose across the country.\n", "news.example.com"),
    ("ru.txt", "Совет директоров Банка России принял решение. Банк России допускает повышение ставки. "
     "Банк России будет принимать решения.", "Банк России"),
    ("unsaid.txt", "Traffic accident kills four\n\nFour people died on the road on Saturday, the figures show.\n", ""),
])
def test_issuer(tmp_path, name, content, issuer):
    assert imported(tmp_path, name, content).issuer == issuer


def test_plain_text_letterhead_above_a_press_release_line_is_not_the_title(tmp_path):
    draft = imported(tmp_path, "office.txt", "MINISTRY OF TRADE\nPRESS RELEASE\n\nTariffs on Steel Lowered for Partners\n\n"
                                             "The ministry said today that tariffs on steel would fall.\n")
    assert (draft.title, draft.issuer) == ("Tariffs on Steel Lowered for Partners", "Ministry of Trade")


def test_a_headline_naming_an_institution_is_the_title_and_the_letterhead_the_issuer(tmp_path):
    draft = imported(tmp_path, "summit.md", "# Council summit\n\nEUROPEAN PARLIAMENT\n\nBrussels, 1 March 2024. "
                                            "The European Council agreed on sanctions.\n")
    assert (draft.title, draft.issuer, draft.date) == ("Council summit", "European Parliament", "2024-03-01")


@pytest.mark.parametrize("head, date", [
    ('<meta property="article:published_time" content="2019-07-18T11:37:00+02:00">', "2019-07-18"),
    ('<meta name="date" content="18 July 2019">', "2019-07-18"),
    ('<meta name="dc.date" content="Jul 18, 2019 11:37 CET">', "2019-07-18"),
    ('<meta name="pubdate" content="18 juillet 2019">', "2019-07-18"),
])
def test_html_dates_stated_for_machines_in_any_format(tmp_path, head, date):
    page = (f"<html lang='fr'><head>{head}<meta property='og:site_name' content='Assemblée'></head><body><main>"
            "<h1>Le budget est adopté</h1><p>Le Parlement a adopté le budget de l'année prochaine.</p></main></body></html>")
    draft = imported(tmp_path, "page.html", page)
    assert (draft.date, draft.issuer, draft.title) == (date, "Assemblée", "Le budget est adopté")
