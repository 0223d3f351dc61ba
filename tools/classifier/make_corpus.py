"""Write tools/classifier/corpus_{en,es}.tsv from the hand-written fragments beside it.

The project writes its own training text: parts_en.py and parts_es.py hold sentences and
sentence parts written for this corpus (none copied from a page). Frames are combined with
actions, nouns and names by a seeded random draw, so the output is the same on every run.
Run: python3 tools/classifier/make_corpus.py

The templated rows are repetitive by design. written_{en,es}.tsv beside them hold free
sentences written one by one (same columns, never generated, never rewritten by this script):
tools/train_classifier.py reads both.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import parts_en  # noqa: E402
import parts_es  # noqa: E402

_IRREGULAR_PP = {"grew": "grown", "took": "taken", "did": "done", "gave": "given",
                 "got": "gotten", "won": "won", "sped": "sped", "made": "made"}
_DOUBLE = {"cut", "get", "put", "stop", "plan", "run", "win", "ship", "set"}


def gerund(phrase: str) -> str:
    """'open twelve stores' -> 'opening twelve stores' (English, first word only)."""
    verb, _, rest = phrase.partition(" ")
    if verb == "be":
        ing = "being"
    elif verb in _DOUBLE:
        ing = verb + verb[-1] + "ing"
    elif verb.endswith("ie"):
        ing = verb[:-2] + "ying"
    elif verb.endswith("e") and not verb.endswith("ee"):
        ing = verb[:-1] + "ing"
    else:
        ing = verb + "ing"
    return f"{ing} {rest}".strip()


def participle(phrase: str) -> str:
    verb, _, rest = phrase.partition(" ")
    return f"{_IRREGULAR_PP.get(verb, verb)} {rest}".strip()


def cap(s: str) -> str:
    for i, ch in enumerate(s):
        if ch.isalpha():
            return s[:i] + ch.upper() + s[i + 1:]
    return s


def build(parts, lang: str, seed: int) -> list[tuple[str, str, str]]:
    rnd = random.Random(seed)
    rows: list[tuple[str, str, str]] = []

    def add(text: str, kind: str, cat: str = "") -> None:
        rows.append((cap(" ".join(text.split())), kind, cat))

    def fill(frame: str, **more: str) -> str:
        return frame.format(name=rnd.choice(parts.NAMES), co=rnd.choice(parts.COMPANIES),
                            role=rnd.choice(parts.ROLES), **more)

    actions = [(cat, a, p) for cat, items in parts.GOAL_ACTIONS.items() for a, p in items]
    for cat, a, p in actions:
        for frame in rnd.sample(parts.GOAL_FRAMES_TO, 6):
            if "{a_ing}" in frame and lang == "en":
                add(frame.format(a_ing=gerund(a)), "goal", cat)
            else:
                add(frame.format(a=a, a_ing=a), "goal", cat)
        for frame in rnd.sample(parts.ACHIEVEMENT_FRAMES, 2):
            add(frame.format(p=p, pp=participle(p), a=a), "achievement")
    for cat, nouns in parts.GOAL_NOUNS.items():
        for n in nouns:
            for frame in rnd.sample(parts.GOAL_FRAMES_NP, 3):
                add(frame.format(n=n), "goal", cat)
    for text, cat in parts.EXTRA_GOALS:
        add(text, "goal", cat)
    risks = [(cat, n, c) for cat, items in parts.RISK_ITEMS.items() for n, c in items]
    for cat, n, c in risks:
        for frame in rnd.sample(parts.RISK_FRAMES_NP, 3):
            add(frame.format(n=n), "risk", cat)
        for frame in rnd.sample(parts.RISK_FRAMES_CLAUSE, 3):
            add(frame.format(c=c), "risk", cat)
    for text, cat in parts.EXTRA_RISKS:
        add(text, "risk", cat)
    # Hard negatives built from the same actions and risk nouns.
    for _cat, a, _ in rnd.sample(actions, 45):
        add(rnd.choice(parts.QUESTION_FRAMES).format(a=a), "other")
    for _cat, a, _ in rnd.sample(actions, 25):
        frame = rnd.choice(parts.HEADLINE_FRAMES)
        add(frame.format(a=a, a_ing=gerund(a) if lang == "en" else a), "other")
    for _cat, a, _ in rnd.sample(actions, 40):
        add(rnd.choice(parts.OTHERS_GOAL_FRAMES).format(a=a), "other")
    for _cat, a, _ in rnd.sample(actions, 30):
        add(rnd.choice(parts.NEGATED_GOAL_FRAMES).format(a=a), "other")
    for _cat, n, _ in rnd.sample(risks, 30):
        frame = rnd.choice(parts.NEGATED_RISK_FRAMES)
        add(frame.format(n=n, N=cap(n)), "other")
    for t in parts.TUTORIAL_ACTIONS:
        for frame in rnd.sample(parts.TUTORIAL_FRAMES, 4):
            add(frame.format(t=t), "other")
    for frame in parts.EVENT_RISK_FRAMES:
        for n in parts.EVENT_RISK_NOUNS:
            add(fill(frame, n=n), "event")
    for kind, items, times in (("bio", parts.BIO_FRAMES, 3), ("event", parts.EVENT_SENTENCES, 2),
                               ("quote", parts.QUOTE_SENTENCES, 2),
                               ("other", parts.OTHER_SENTENCES, 2)):
        for frame in items:
            for _ in range(times if "{" in frame else 1):
                add(fill(frame), kind)
    news(parts, lang, rnd, add, fill, actions, risks)
    for text in parts.INTEREST_SENTENCES:
        add(text, "interest")
    seen: set[str] = set()
    out = []
    for row in rows:
        if row[0] not in seen:
            seen.add(row[0])
            out.append(row)
    rnd.shuffle(out)
    return out


def news(parts, lang: str, rnd: random.Random, add, fill, actions, risks) -> None:
    """Long news sentences: the same goals and risks wrapped in attributions and context,
    and plenty of neutral news prose (facts, attributions, other people's wishes)."""
    def ctx(**more: str) -> dict[str, str]:
        x, x2 = rnd.sample(parts.NEUTRAL_CLAUSES, 2)
        att = fill(rnd.choice(parts.ATTRIBUTIONS))
        return {"x": x, "x2": x2, "X": cap(x), "att": att, "Att": cap(att),
                "rel": rnd.choice(parts.RELATIVE_CLAUSES), "x_short": x.split(",")[0], **more}

    for cat, a, p in actions:
        for frame in rnd.sample(parts.NEWS_GOAL_FRAMES, 2):
            a_base = a if lang == "es" else a
            add(fill(frame, **ctx(a=a, a_base=a_base)), "goal", cat)
        frame = rnd.choice(parts.NEWS_ACHIEVEMENT_FRAMES)
        add(fill(frame, **ctx(p=p, pp=participle(p) if lang == "en" else p)), "achievement")
    for cat, n, c in risks:
        for frame in rnd.sample(parts.NEWS_RISK_FRAMES, 3):
            add(fill(frame, **ctx(n=n, c=c, c2=c)), "risk", cat)
    for _ in range(330):
        cat, a, _p = rnd.choice(actions)
        add(fill(rnd.choice(parts.NEWS_OTHER_FRAMES), **ctx(a=a)), "other")


def main() -> None:
    for lang, parts, seed in (("en", parts_en, 11), ("es", parts_es, 12)):
        rows = build(parts, lang, seed)
        path = HERE / f"corpus_{lang}.tsv"
        path.write_text("".join(f"{t}\t{k}\t{c}\n" for t, k, c in rows), encoding="utf-8")
        print(f"{path.name}: {len(rows)} rows")


if __name__ == "__main__":
    main()
