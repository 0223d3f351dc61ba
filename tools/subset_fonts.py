"""Build the brief's bundled fonts: DejaVu Sans Condensed (book and bold) cut to Latin text.

    python tools/subset_fonts.py [--src /usr/share/fonts/truetype/dejavu] [--out templates/fonts]

The brief embeds its two faces in every PDF, and WeasyPrint subsets each face it embeds on
every render. DejaVu's 6,000 glyphs and their layout tables make that the slowest step of
writing a PDF; a face cut to the ~600 glyphs of Latin text (kerning kept) subsets in a tenth
of the time and looks the same on every machine, whatever fonts it has. Characters outside
these ranges still print: the stylesheet falls back to the system's fonts for them.
"""

from __future__ import annotations

import argparse
from pathlib import Path

FACES = {"DejaVuSansCondensed.ttf": "BriefSans-Regular.ttf",
         "DejaVuSansCondensed-Bold.ttf": "BriefSans-Bold.ttf"}

RANGES = (
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x017F),  # Latin-1 Supplement, Latin Extended-A
    (0x0218, 0x021B),  # Romanian comma-below letters
    (0x0300, 0x036F),  # combining diacritical marks (text that arrives decomposed)
    (0x2000, 0x206F),  # General Punctuation: dashes, quotes, ellipsis, bullets
    (0x20A0, 0x20CF),  # currency signs
    (0x2100, 0x2122),  # letterlike symbols up to the trade mark sign
    (0x2190, 0x2193),  # arrows
    (0x2212, 0x2212),  # minus sign
    (0x25B6, 0x25B8),  # the brief's list markers
    (0xFFFD, 0xFFFD),  # replacement character
)


def subset_face(src: Path, dest: Path) -> int:
    """Write `src` cut to RANGES at `dest`; the number of glyphs kept."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    unicodes = [c for lo, hi in RANGES for c in range(lo, hi + 1)]
    options = subset.Options()
    # kerning from the legacy `kern` table; no GPOS/GSUB, whose decoding is most of the
    # subsetting WeasyPrint does on every PDF
    options.legacy_kern = True
    options.drop_tables += ["GPOS", "GSUB", "GDEF"]
    options.name_IDs = ["*"]  # keep the copyright and licence records
    options.name_languages = ["*"]
    options.hinting = False  # PDF viewers do not use TrueType hinting
    options.notdef_outline = True
    options.drop_tables += ["MATH", "FFTM"]
    font = TTFont(src)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    dest.parent.mkdir(parents=True, exist_ok=True)
    font.save(dest)
    return len(font.getGlyphOrder())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, default=Path("/usr/share/fonts/truetype/dejavu"))
    parser.add_argument("--out", type=Path,
                        default=Path(__file__).resolve().parents[1] / "templates" / "fonts")
    args = parser.parse_args()
    for name, target in FACES.items():
        kept = subset_face(args.src / name, args.out / target)
        size = (args.out / target).stat().st_size
        print(f"{args.out / target}: {kept} glyphs, {size // 1024} KB")


if __name__ == "__main__":
    main()
