"""What the tuning half of the real pages loses, sentence by sentence (never the held-out half).

    python bench/misses.py [--kind goal|risk|all] [--page FILE]

For every labelled goal and risk of a TUNING page: whether extraction kept it for the
person, and how it was classified (kind/category, with the first reasons); then every
sentence shown as a goal or risk that the labels call something else. This is the view to
tune rules, lexicons and the corpus by; `bench/extract.py` gives the scores.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import realpages  # noqa: E402
from extract import matches, real_url  # noqa: E402
from realpages import REALPAGES  # noqa: E402

from prospect.analyse.classify import classify  # noqa: E402
from prospect.extract import Person, extract_page  # noqa: E402
from prospect.gather.pipeline import holds  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kind", choices=("goal", "risk", "all"), default="all")
    ap.add_argument("--page", help="one TUNING page's file name")
    a = ap.parse_args()
    if not realpages.available():
        sys.exit(f"no real pages at {REALPAGES}")
    kinds = ("goal", "risk") if a.kind == "all" else (a.kind,)
    for rec in realpages.pages("tuning"):
        if a.page and rec["file"] != a.page:
            continue
        r = extract_page((REALPAGES / rec["file"]).read_bytes(), real_url(rec),
                         Person(rec["person"]))
        judged = [(x, classify(x.text, x.lang)) for x in r.candidates]
        r.sentences += [x for x, c in judged if holds(c.kind, c.confidence)]
        print(f"\n## {rec['file']} ({rec['lang']}, {rec['role']}, {rec['person']})")
        for kind in kinds:
            for lab in rec[kind + "s"]:
                kept = [x for x in r.sentences if matches(x.text, lab["text"])]
                if not kept:
                    print(f"  {kind.upper()} NOT KEPT [{lab['category']}] {lab['text'][:150]}")
                    continue
                c = classify(kept[0].text, kept[0].lang)
                mark = "ok " if c.kind == kind else "MISS"
                print(f"  {kind} {mark} -> {c.kind}/{c.category} [{lab['category']}] "
                      f"{kept[0].text[:150]}\n        {'; '.join(c.matched[:4])}")
        others = {k: [x["text"] for x in rec[k + "s"]] for k in ("goal", "risk")}
        for x in r.sentences:
            c = classify(x.text, x.lang)
            if c.kind not in kinds or any(matches(x.text, t) for t in others[c.kind]):
                continue
            print(f"  SHOWN AS {c.kind}/{c.category}: {x.text[:150]}\n"
                  f"        {'; '.join(c.matched[:4])}")


if __name__ == "__main__":
    main()
