"""What a reported sentence says, without its frame: `"We want X," Noem said in a statement`
-> `We want X`; `Mayer said demand led to problems` -> `demand led to problems`;
`"No descartaría…", alertó Murátov, quien…` -> `No descartaría…`; `A juicio de la gerente, el
reto es…` -> `el reto es…`.

The classifier reads the words spoken: a speech frame (a name, a verb of saying, where it was
said) tells who speaks, which attribution has already decided, and its words (a name's
letters, "campaign", "announcement") would otherwise weigh on what the sentence is.
"""

from __future__ import annotations

import re

_VERBS = (
    "said|says|say|told|tells|added|adds|explained|explains|noted|notes|stated|states|wrote|"
    "writes|argued|argues|insisted|insists|warned|warns|stressed|stresses|recalled|recalls|"
    "claimed|claims|continued|continues|acknowledged|admitted|admits|believes|believed|"
    "predicted|predicts|announced|announces|emphasized|emphasised|cautioned|"
    "dijo|dice|explicó|explica|añadió|añade|afirmó|afirma|aseguró|asegura|señaló|señala|"
    "comentó|comenta|declaró|declara|indicó|indica|sostuvo|sostiene|advirtió|advierte|"
    "alertó|alerta|contó|cuenta|agregó|agrega|subrayó|subraya|destacó|destaca|recordó|"
    "recuerda|escribió|escribe|opinó|opina|manifestó|manifiesta|expresó|expresa|precisó|"
    "apuntó|apunta|insistió|insiste|reconoció|reconoce|admitió|admite|mencionó|menciona|"
    "puntualizó|concluyó|enfatizó|resaltó|aclaró|anunció|anuncia|expuso|remarcó|sentenció")
_OPEN, _CLOSE = "\"“«„‘'", "\"”»“’'"
# quoted spans of three words or more
_QUOTED = re.compile(r"[\"“«„]([^\"“”«»„]*?\w+\W+\w+\W+\w+[^\"“”«»„]*?)[\"”»“]")
_SAYING = re.compile(rf"\b(?:{_VERBS})\b", re.IGNORECASE)
# ", Noem said in the campaign's announcement." / "”, alertó Murátov, quien…" at the end
_TAIL = re.compile(rf"\s*[,;]?[\"”»’]?\s*[,;—–-]\s*(?:[^,;\"“”«»]{{0,80}}?\s)?(?:{_VERBS})\b"
                   r"[^\"“”«»]*$", re.IGNORECASE)
# "Walt Disney executive Kevin Mayer said (that) …" / "Según el ministro, …" at the start
_HEAD = re.compile(rf"^[^,;:\"“”«»]{{0,100}}?\s(?:{_VERBS})\s+(?:that\s+|que\s+)?",
                         re.IGNORECASE)
# "Según el ministro, …", "A juicio de la gerente, …", "Para la directora, …" at the start
# "El martes, el gerente de la firma, Ana Ruiz, dijo a este diario que …": a longer head,
# commas allowed, when a "que"/"that" says what follows is what was said
# "The CEO told reporters that …", "she tells investors that …": whom it was told to
_REPORTED = re.compile(rf"^[^\"“”«»]{{0,160}}?\s(?P<verb>{_VERBS})\s+"
                       r"(?:a\s+[^,;\"“”«»]{1,40}?\s+|(?<=\btold\s)[^,;\"“”«»]{1,40}?\s+"
                       r"|(?<=\btells\s)[^,;\"“”«»]{1,40}?\s+)?(?:that|que)\s+", re.IGNORECASE)
# "I was told that …", "we were told that …": what somebody else said to them
_PASSIVE = re.compile(r"\b(?:was|were|been|be|being|is|are|am|get|got|gets)\s+$", re.IGNORECASE)
_ACCORDING = re.compile(
    r"^(?:according to|in the view of|según|a juicio de|en opinión de|de acuerdo con|"
    r"en palabras de|para (?:el|la) (?!que\b)[^\W\d_]+(?: [^\W\d_]+)?)\s*[^,;\"“”«»]{0,80},\s*",
    re.IGNORECASE)
_WORDS = re.compile(r"\w+")
MIN_WORDS = 4  # what is left must still be a statement


def _enough(text: str) -> bool:
    return len(_WORDS.findall(text)) >= MIN_WORDS


def speech(text: str) -> str:
    """The words spoken in `text`, or `text` itself when it has no speech frame."""
    outside = _QUOTED.sub(" ", text)
    if _SAYING.search(outside):
        spans = [m.group(1).strip(" ,") for m in _QUOTED.finditer(text)]
        inside = sum(len(s) for s in spans)
        # the quoted words are most of the text, or open it ("“…,” Mayer, Disney's
        # chairman of…, said Tuesday at…": a long frame after the words is still a frame)
        opens = text.lstrip()[:1] in "\"“«„"
        if spans and (inside >= 0.5 * len(text.strip()) or opens) and _enough(" ".join(spans)):
            return " ".join(spans)
    reported = _REPORTED.match(text)
    if reported and _enough(text[reported.end():]) \
            and not _PASSIVE.search(text[:reported.start("verb")]):
        return text[reported.end():].strip(" " + _OPEN + _CLOSE)
    tail = _TAIL.search(text)
    if tail and _enough(text[:tail.start()]) and _SAYING.search(tail.group(0)):
        return text[:tail.start()].strip(" " + _OPEN + _CLOSE)
    for head in (_ACCORDING, _HEAD):
        m = head.match(text)
        if m and _enough(text[m.end():]):
            return text[m.end():].strip(" " + _OPEN + _CLOSE)
    return text
