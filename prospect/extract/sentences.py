"""Split English and Spanish text into sentences, keeping quoted speech whole.

A quotation («…», “…”, "…") is never cut at its inner full stops, so
`«Queremos crecer. Necesitamos socios», dijo García.` is one sentence; the closing quote stays
with the sentence it ends. Abbreviations (Mr., Sra., Dr., EE. UU., art. 5) and initials (Dana A.
Ford) do not end a sentence; a dialogue dash ("—La falta de agua.") starts one.
"""

from __future__ import annotations

import re

from prospect.stopwords import stopwords

ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof sr sra srta sres dña dna ud uds jr st mt vs etc inc ltd co corp "
    "approx dept est fig gen gov vol pp p e.g i.e eg ie av avda sta sto dra lic "
    "ing arq col cap ej pág pag tel ee.uu eeuu u.s u.k a.m p.m jan feb mar apr jun jul aug "
    "sep sept oct nov dec ene abr ago dic".split())
OPENERS = {"«": "»", "“": "”", "„": "“", '"': '"'}
_TERMINAL = ".!?…"
_SPECIAL = re.compile(r"[.!?…«“„\"»”]")
_MAX_QUOTE = 600  # an unclosed quote longer than this was not a quote
_LINES = re.compile(r"\n+")
_LAST_WORD = re.compile(r"([^\s(\[«“\"]+)$")
_DOTTED = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")


def split_sentences(text: str) -> list[str]:
    """Sentences of a paragraph (line breaks are treated as paragraph ends)."""
    out: list[str] = []
    for para in _LINES.split(text):
        out.extend(_split_paragraph(para.strip()))
    return out


def _split_paragraph(p: str) -> list[str]:
    if not p:
        return []
    sentences: list[str] = []
    start = 0
    quote_stack: list[tuple[str, int]] = []
    i, n = 0, len(p)
    while i < n:
        m = _SPECIAL.search(p, i)  # only punctuation and quotes matter; skip the rest
        if m is None:
            break
        i = m.start()
        ch = p[i]
        if quote_stack and i - quote_stack[-1][1] > _MAX_QUOTE:
            quote_stack.clear()
        if quote_stack and ch == quote_stack[-1][0]:
            quote_stack.pop()
            if not quote_stack and i > 0 and p[i - 1] in _TERMINAL and _starts_next(p, i + 1):
                sentences.append(p[start:i + 1].strip())
                start = i + 1
            i += 1
            continue
        if ch in OPENERS and (ch != '"' or not quote_stack):
            quote_stack.append((OPENERS[ch], i))
            i += 1
            continue
        if ch in _TERMINAL and not quote_stack:
            j = i + 1
            while j < n and p[j] in _TERMINAL:
                j += 1
            while j < n and p[j] in ")]’'" :
                j += 1
            if _starts_next(p, j) and not (ch == "." and (_is_abbreviation(p, start, i)
                                                         or _before_number(p, start, i, j))):
                sentences.append(p[start:j].strip())
                start = j
            i = j
            continue
        i += 1
    tail = p[start:].strip()
    if tail:
        sentences.append(tail)
    return [s for s in sentences if s]


def _starts_next(p: str, j: int) -> bool:
    """Whether a new sentence starts at p[j:]: white space then a capital, digit or quote."""
    if j >= len(p):
        return False
    if not p[j].isspace():
        return False
    k = j
    while k < len(p) and p[k].isspace():
        k += 1
    if k + 1 < len(p) and p[k] in "—–" and not p[k + 1].isspace():
        return True  # a dialogue line: "—¿Qué le preocupa? —La falta de agua."
    return k < len(p) and (p[k].isupper() or p[k].isdigit() or p[k] in "«“\"¿¡‘(")


def _is_abbreviation(p: str, start: int, dot: int) -> bool:
    # only the word before the dot matters: a short window keeps long runs cheap
    m = _LAST_WORD.search(p[max(start, dot - 40):dot])
    word = m.group(1) if m else ""
    if not word:
        return False
    if len(word) == 1 and word.isalpha() and word.isupper():
        return True  # an initial: "Dana A. Ford"
    if _DOTTED.fullmatch(word):
        return True  # "S.A", "U.S"
    if len(word) == 2 and word.isupper() and word[0] == word[1]:
        return True  # a Spanish plural abbreviation: "EE. UU.", "FF. AA.", "CC. OO."
    return word.lower().rstrip(".") in ABBREVIATIONS


# abbreviations only before a number: "el art. 5", "No. 10" ("modern art. It…" and "dijo
# que no. Pero…" end there)
_NUMBERED = frozenset("art arts apdo cap no nos núm num".split())


def _before_number(p: str, start: int, dot: int, nxt: int) -> bool:
    m = _LAST_WORD.search(p[max(start, dot - 40):dot])
    word = m.group(1).lower() if m else ""
    k = nxt
    while k < len(p) and p[k].isspace():
        k += 1
    return word in _NUMBERED and k < len(p) and p[k].isdigit()


_EN = stopwords("common_en")
_ES = stopwords("common_es")


def guess_lang(text: str, default: str | None = None) -> str | None:
    """'en' or 'es' by common words (the classifier's detect_lang is preferred when present)."""
    words = re.findall(r"[a-záéíóúñü]+", text.lower())
    en = sum(w in _EN for w in words)
    es = sum(w in _ES for w in words)
    if en == es:
        # accents decide only without common words: names like "García" are not Spanish text
        es += sum(c in "ñ¿¡" for c in text.lower())
    if en == es:
        return default
    return "en" if en > es else "es"
