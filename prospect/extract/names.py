"""Person-name matching: is this structured name, byline or mention the prospect?

Rules (chosen to prefer a missed fact over a fact about the wrong person):
- Comparison is accent- and case-insensitive ("GARCÍA" = "garcia"); hyphens count as spaces
  ("French-Owen" = "French Owen"); "García, Ana" is read as "Ana García".
- The first given name must be equal in full. Initials never stand for a given name, so
  "A. García" does NOT match "Ana García" (it may be Antonio); initials in the middle are
  ignored ("Dana A. Ford" = "Dana Ford").
- Middle names and second surnames are optional on either side: after dropping initials and
  particles (de, la, van…), the words of one name must all appear in the other, and both must
  share at least one word besides the given name ("Ana García" = "Ana García Rojas" =
  "Ana María García"; "Ana Rojas" = "Ana García Rojas"; "Ana López" ≠ "Ana García").
- A one-word name (a handle such as "IlloJuan") matches only the same single word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from prospect.stopwords import stopwords
from prospect.text import fold

PARTICLES = frozenset({"de", "del", "la", "las", "los", "y", "i", "da", "das", "do", "dos", "di",
                       "van", "von", "der", "den", "ter", "le", "du", "st", "e"})
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "sr", "sra", "srta", "don",
                        "dona", "sir", "dame", "lic", "ing", "dra", "mx"})
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)


def name_words(name: str) -> list[str]:
    """Folded words of a name, "Surname, Given" reordered, honorifics removed."""
    name = name.strip()
    if name.count(",") == 1:
        last, first = (p.strip() for p in name.split(","))
        # "García, Ana" but not "Ana García, CNN" (a trailing org has no lower-case words)
        if first and last and len(first.split()) <= 3 and len(last.split()) <= 3 \
                and not first.isupper():
            name = f"{first} {last}"
    words = [w.replace("’", "'") for w in _WORD.findall(fold(name).replace("-", " "))]
    while words and words[0] in HONORIFICS:
        words.pop(0)
    return words


@dataclass(frozen=True)
class NameKey:
    """A name broken into the parts matching needs."""

    words: tuple[str, ...]          # every folded word, in order
    given: str                      # the first given name ("" when it is only an initial)
    core: frozenset[str] = field(default_factory=frozenset)  # non-initial, non-particle words

    @classmethod
    def of(cls, name: str) -> NameKey:
        return _name_key(name)


@lru_cache(maxsize=4096)  # a page compares the same few names again and again
def _name_key(name: str) -> NameKey:
    words = tuple(name_words(name))
    core = frozenset(w for w in words if len(w) > 1 and w not in PARTICLES)
    given = words[0] if words and len(words[0]) > 1 else ""
    return NameKey(words, given, core)


def name_matches(candidate: str, person: str) -> bool:
    """Whether `candidate` (a name found on a page) names `person` (see the module rules)."""
    a, b = NameKey.of(candidate), NameKey.of(person)
    if not a.core or not b.core:
        return False
    if len(a.core) == 1 or len(b.core) == 1:
        # a handle or mononym: the whole thing must match ("IlloJuan" = "illojuan")
        return "".join(a.words) == "".join(b.words)
    if not a.given or a.given != b.given:
        return False
    if not (a.core <= b.core or b.core <= a.core):
        return False
    return len(a.core & b.core) >= 2


# "Surname, Given Middle": one capitalised word, a comma, one or two capitalised words
_SURNAME_FIRST = re.compile(r"^([A-ZÁÉÍÓÚÑÜ][^\W\d_]+(?:-[^\W\d_]+)?),\s*"
                            r"([A-ZÁÉÍÓÚÑÜ][^\W\d_]+(?:\s[A-ZÁÉÍÓÚÑÜ][^\W\d_.]*\.?)?)$")


def split_names(value: str) -> list[str]:
    """Split a byline ("A, B and C, CNN" / "A y B" / "By A | B") into single names."""
    value = re.sub(r"^\s*(?:by|por|written by|escrito por)\s+", "", value.strip(), flags=re.I)
    reversed_name = _SURNAME_FIRST.match(value)
    if reversed_name:  # "Gómez, Laura" (Dublin Core, library catalogues)
        return [f"{reversed_name.group(2)} {reversed_name.group(1)}"]
    parts = re.split(r"\s*(?:,|;|\||&|\band\b|\by\b|\be\b)\s*", value)
    return [p.strip(" .") for p in parts if p and p.strip(" .")]


class PersonMatcher:
    """Finds mentions of one person in running text."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.key = NameKey.of(name)
        words = [w for w in self.key.words if len(w) > 1 and w not in PARTICLES]
        self.given = self.key.given
        # the surnames: every core word except the given name ("garcia", "rojas")
        self.surnames = frozenset(words[1:]) if len(words) > 1 else frozenset()
        self.single = len(words) == 1

    def mention(self, folded_words: list[str], originals: list[str],
                cut: frozenset[int] = frozenset()) -> tuple[str, int] | None:
        """("name"|"surname"|"given", index) for the best mention in a sentence, else None.

        `folded_words`/`originals` are the sentence's words, `cut` the indices of the words
        that punctuation separates from the word before ("Earth, Cook said"). A surname only
        counts when it is capitalised and not preceded by another person's given name
        ("Pedro García"); a lone given name only when no other surname follows it ("Tom" but
        not "Tom Watkins").
        """
        surname_at: int | None = None
        given_at: int | None = None
        for i, w in enumerate(folded_words):
            if self.single:
                if w == self.given or (self.key.words and w == "".join(self.key.words)):
                    return "name", i
                continue
            if w == self.given and _capitalised(originals[i]):
                # given name followed (after optional middle words/initials) by a surname
                nxt = originals[i + 1] if i + 1 < len(originals) else ""
                for j in range(i + 1, min(i + 5, len(folded_words))):
                    if folded_words[j] in self.surnames:
                        return "name", i
                    if not _capitalised(originals[j]) and folded_words[j] not in PARTICLES:
                        break
                if given_at is None and not (_capitalised(nxt) and len(nxt) > 1):
                    given_at = i
            elif w in self.surnames and surname_at is None and _capitalised(originals[i]):
                prev = originals[i - 1] if i else ""
                prev_f = folded_words[i - 1] if i else ""
                # "Pedro García" is someone else; "Ms. García", "dijo García" are fine
                if (i and i not in cut and _capitalised(prev) and prev_f not in HONORIFICS
                        and prev_f not in self.surnames and prev_f != self.given
                        and not _sentence_word(prev_f) and prev_f not in PARTICLES):
                    continue
                surname_at = i
        if surname_at is not None:
            return "surname", surname_at
        if given_at is not None:
            return "given", given_at
        return None


def _capitalised(word: str) -> bool:
    return bool(word) and word[0].isupper()


# capitalised words that start sentences or quotes, not given names
_SENTENCE_WORDS = stopwords("sentence_openers")


def _sentence_word(folded: str) -> bool:
    return folded in _SENTENCE_WORDS
