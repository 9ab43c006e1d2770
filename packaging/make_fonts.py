"""Make resources/fonts from Debian's Noto font packages: which files, which characters, and how.

    .venv/bin/pip install fonttools==4.68.0
    .venv/bin/python packaging/make_fonts.py            # downloads the packages with apt-get
    .venv/bin/python packaging/make_fonts.py --debs DIR # or takes the .deb files from DIR

Run it on Debian 12 (bookworm) or any machine whose apt reaches its archive (``apt-get download``
needs no root; ``apt-get update`` first, as root, if apt has no package lists). fontTools is a
build tool only, never a run-time dependency: the results are committed, and a build of the app
needs neither this script nor fontTools. With the package versions pinned below and fontTools
4.68.0 the output is byte-for-byte the same every time (resources/fonts/README.md lists the
SHA-256 sums; ``--check`` compares them without writing anything).

What it does to each font, and why, is in resources/fonts/README.md; in short:

* Latin (with Cyrillic and Greek), Arabic (with Persian and Urdu), Hebrew, Thai, Devanagari,
  Khmer and Sinhala: upstream's static TrueType files, only renamed (``Communique …``), so that
  an installed Noto font of the same name never stands in for ours.
* Chinese (Simplified, Traditional), Japanese and Korean: Noto Sans CJK ships 65,535 CFF glyphs
  per face (about 16 MB a weight), so each language gets a subset of its national character set,
  converted to TrueType outlines (Qt's PDF writer embeds only TrueType as a CID font with a
  ToUnicode map), with one glyph per character.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import subprocess
import sys
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FONTS = REPO / "resources" / "fonts"
PACKAGES = {"fonts-noto-core": "20201225-1", "fonts-noto-cjk": "1:20220127+repack1-1"}
FONTTOOLS_VERSION = "4.68.0"
NOTO = "usr/share/fonts/truetype/noto"
NOTO_CJK = "usr/share/fonts/opentype/noto"
#: Faces of NotoSansCJK-{Regular,Bold}.ttc, by the language each is drawn for.
CJK_FACES = {"JP": 0, "KR": 1, "SC": 2, "TC": 3}


@dataclass(frozen=True)
class Font:
    """One file of resources/fonts: where it comes from and what is done to it."""

    name: str                       # our file name, without ".ttf"
    source: str                     # its upstream file inside the unpacked packages
    face: int = 0                   # the face of a collection (.ttc)
    characters: str = ""            # the character set to subset to (a key of CHARACTER_SETS); "" keeps all


def _noto(script: str, styles=("Regular", "Bold"), family="NotoSans") -> list[Font]:
    return [Font(f"Communique{family}{script}-{style}", f"{NOTO}/{family}{script}-{style}.ttf") for style in styles]


def _cjk(language: str) -> list[Font]:
    return [Font(f"CommuniqueNotoSans{language}-{style}", f"{NOTO_CJK}/NotoSansCJK-{style}.ttc",
                 face=CJK_FACES[language], characters=language)
            for style in ("Regular", "Bold")]


FONT_FILES = [
    *_noto("", ("Regular", "Bold", "Italic", "BoldItalic")),   # Latin, Cyrillic, Greek
    *_noto("Arabic", family="NotoNaskh"),                      # Arabic, Persian, Urdu
    *_noto("Hebrew"),
    *_noto("Thai"),
    *_noto("Devanagari"),
    *_noto("Khmer"),
    *_noto("Sinhala"),
    *_cjk("JP"),
    *_cjk("SC"),
    *_cjk("TC"),
    *_cjk("KR"),
]


# Character sets ----------------------------------------------------------------------------------

def double_byte(codec: str, leads, trails) -> set[str]:
    """Every character a double-byte ``codec`` encodes with one of ``leads`` and one of ``trails``."""
    chars = set()
    for lead in leads:
        for trail in trails:
            try:
                text = bytes([lead, trail]).decode(codec)
            except UnicodeDecodeError:
                continue
            if len(text) == 1:
                chars.add(text)
    return chars


def blocks(*ranges: tuple[int, int]) -> set[str]:
    return {chr(code) for start, end in ranges for code in range(start, end + 1)}


#: What every CJK subset holds besides its national set: ASCII, Latin-1, General Punctuation,
#: CJK Symbols and Punctuation, Halfwidth and Fullwidth Forms.
CJK_COMMON_BLOCKS = ((0x20, 0x7E), (0xA0, 0xFF), (0x2010, 0x206F), (0x3000, 0x303F), (0xFF00, 0xFFEF))
EUC = range(0xA1, 0xFF)
BIG5_TRAILS = [*range(0x40, 0x7F), *range(0xA1, 0xFF)]


def japanese() -> set[str]:
    """Windows-31J (JIS X 0208 with the NEC and IBM extensions), JIS X 0213 plane 1, the joyo
    kanji of 2010 outside JIS X 0208, kana and Katakana Phonetic Extensions."""
    chars = double_byte("cp932", [*range(0x81, 0xA0), *range(0xE0, 0xFD)], [*range(0x40, 0x7F), *range(0x80, 0xFD)])
    chars |= double_byte("euc_jis_2004", EUC, EUC)
    chars |= set("𠮟塡剝頰")
    return chars | blocks((0x20, 0x7E), (0xA0, 0xFF), (0x2010, 0x206F), (0x3000, 0x30FF), (0x31F0, 0x31FF),
                          (0xFF00, 0xFFEF))


def simplified_chinese() -> set[str]:
    """GB 2312: 6,763 hanzi, 682 symbols, pinyin, Bopomofo."""
    return double_byte("gb2312", range(0xA1, 0xF8), EUC) | blocks(*CJK_COMMON_BLOCKS)


def traditional_chinese() -> set[str]:
    """Big5's symbols (A140–A3BF) and its common set (A440–C67E: 5,401 hanzi), and Bopomofo."""
    chars = double_byte("big5", range(0xA1, 0xA4), BIG5_TRAILS)
    chars |= {c for c in double_byte("big5", range(0xA4, 0xC7), BIG5_TRAILS) if c.encode("big5") <= b"\xc6\x7e"}
    return chars | blocks(*CJK_COMMON_BLOCKS, (0x3100, 0x312F))


def korean() -> set[str]:
    """Every modern Hangul syllable (11,172), the compatibility jamo, and KS X 1001's symbols and
    the 1,015 of its 4,888 hanja outside Big5's common set: Korean text takes the other 3,873
    from the Traditional Chinese font, whose forms are the same traditional ones (2.3 MB less)."""
    from_traditional = traditional_chinese()
    return ({c for c in double_byte("euc_kr", EUC, EUC) if not _is_hanja(c) or c not in from_traditional}
            | blocks(*CJK_COMMON_BLOCKS, (0xAC00, 0xD7A3), (0x3130, 0x318F)))


def _is_hanja(char: str) -> bool:
    return unicodedata.name(char, "").startswith(("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH"))


CHARACTER_SETS = {"JP": japanese, "SC": simplified_chinese, "TC": traditional_chinese, "KR": korean}


def character_set(key: str) -> list[str]:
    """The set, less private-use, control, surrogate and unassigned code points, in code point order."""
    chars = CHARACTER_SETS[key]()
    return sorted(c for c in chars
                  if not 0xE000 <= ord(c) <= 0xF8FF and unicodedata.category(c) not in ("Cc", "Cs", "Cn"))


# Building ----------------------------------------------------------------------------------------

def unpack_packages(debs: Path | None, work: Path) -> Path:
    """The pinned packages unpacked under ``work/root`` (downloaded into ``work`` unless in ``debs``)."""
    root = work / "root"
    for package, version in PACKAGES.items():
        pattern = f"{package}_{version.replace(':', '%3a')}_all.deb"
        found = sorted((debs or work).glob(pattern))
        if not found:
            subprocess.run(["apt-get", "download", f"{package}={version}"], cwd=work, check=True)
            found = sorted(work.glob(pattern))
        subprocess.run(["dpkg", "-x", str(found[0]), str(root)], check=True)
    return root


def subset_cjk(source: Path, face: int, characters: list[str], output: Path, work: Path) -> None:
    """The characters of one CJK face, as an OpenType (CFF) subset: no hinting, no ``locl``.

    ``locl`` only maps to other languages' glyph forms; without it the glyphs do not change with
    the user's locale.
    """
    from fontTools import subset

    unicodes = work / f"{output.stem}-unicodes.txt"
    unicodes.write_text("".join(f"U+{ord(c):04X}\n" for c in characters), encoding="ascii")
    subset.main([str(source), f"--font-number={face}", f"--unicodes-file={unicodes}", "--layout-features-=locl",
                 "--name-IDs=*", "--no-hinting", "--desubroutinize", f"--output-file={output}"])


def cff_to_truetype(source: Path, output: Path) -> None:
    """CFF outlines to TrueType, and a glyph of its own for every character.

    fontTools' otf2ttf recipe: cubic curves to quadratic within 1 font unit, contours reversed to
    TrueType's direction, no glyph names. Qt's PDF writer maps a glyph back to the lowest code
    point that uses it, so a glyph shared by two characters copies out wrong (・ as U+2027, ～ as
    U+301C): every further code point gets a copy of the glyph.
    """
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    font = TTFont(source, recalcTimestamp=False)
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
    users: dict[str, list[int]] = {}
    for code, name in sorted(font.getBestCmap().items()):
        users.setdefault(name, []).append(code)
    for name, codes in users.items():
        for code in codes[1:]:
            twin = f"{name}.u{code:04X}"
            order.append(twin)
            glyphs[twin] = copy.deepcopy(glyphs[name])
            for table in ("hmtx", "vmtx"):
                font[table][twin] = font[table][name]
            for subtable in font["cmap"].tables:
                if subtable.isUnicode() and subtable.cmap.get(code) == name:
                    subtable.cmap[code] = twin
    font.setGlyphOrder(order)
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, glyphs
    del font["CFF "], font["VORG"]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyphs.items():
        hmtx[name] = (hmtx[name][0], getattr(glyph, "xMin", 0))  # TrueType wants lsb == xMin
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion, maxp.maxZones = 0x00010000, 1
    for name in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, name, 0)
    font["post"].formatType = 3.0
    font.sfntVersion = "\x00\x01\x00\x00"
    font.save(output)


def make_ours(source: Path, output: Path) -> None:
    """Family and PostScript names of our own, so that an installed Noto font of the same name
    (another version, or the whole CJK font) never stands in for ours."""
    from fontTools.ttLib import TTFont

    font = TTFont(source, recalcTimestamp=False)
    for record in font["name"].names:
        text = record.toUnicode()
        if record.nameID in (1, 4, 16, 18, 21):  # family and full names
            text = "Communique " + text.replace("Noto Sans CJK ", "Noto Sans ")
        elif record.nameID in (3, 6, 20):  # unique ID and PostScript names
            for language in CJK_FACES:
                text = text.replace(f"NotoSansCJK{language.lower()}", f"NotoSans{language}")
            text = text.replace("Noto", "CommuniqueNoto", 1)
        record.string = text
    if "DSIG" in font:  # a signature no longer holds for a changed file
        del font["DSIG"]
    font.save(output)


def build(spec: Font, root: Path, work: Path, target: Path) -> Path:
    source = root / spec.source
    if spec.characters:
        subset = work / f"{spec.name}.subset.otf"
        subset_cjk(source, spec.face, character_set(spec.characters), subset, work)
        source = work / f"{spec.name}.subset.ttf"
        cff_to_truetype(subset, source)
    output = target / f"{spec.name}.ttf"
    make_ours(source, output)
    return output


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--debs", type=Path, help="a folder holding the pinned .deb files (else apt-get download)")
    parser.add_argument("--check", action="store_true", help="build into a temporary folder and compare with resources/fonts")
    parser.add_argument("--only", nargs="*", default=(), help="build only these files (names without .ttf)")
    args = parser.parse_args(argv)

    import fontTools

    if fontTools.version != FONTTOOLS_VERSION:
        print(f"make_fonts: fontTools {fontTools.version} is not {FONTTOOLS_VERSION}: the output will differ",
              file=sys.stderr)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        root = unpack_packages(args.debs, work)
        target = work / "out" if args.check else FONTS
        target.mkdir(exist_ok=True)
        specs = [spec for spec in FONT_FILES if not args.only or spec.name in args.only]
        if not args.check and not args.only:
            for stale in FONTS.glob("*.ttf"):
                stale.unlink()
        differ = 0
        for spec in specs:
            built = build(spec, root, work, target)
            line = f"{sha256(built)}  {built.name}  {built.stat().st_size:>10,}"
            if args.check and not (FONTS / built.name).exists():
                line += "  not in resources/fonts"
                differ += 1
            elif args.check and sha256(built) != sha256(FONTS / built.name):
                line += "  differs from resources/fonts"
                differ += 1
            print(line, flush=True)
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
