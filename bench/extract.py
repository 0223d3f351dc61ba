"""Extraction benchmark: attribution precision/recall, classification accuracy, ms per page.

- Sentences: precision and recall of the kept sentences against the hand labels in
  tests/pages/labels.json (our EN/ES pages: team pages, news with quotes, a blog, a page
  that never names the person).
- Bylines: share of bylined pages (ours, and the real pages in ../shared/fixtures/pages with
  an upstream author) that give their author at least one fact or note (target >= 90%).
- Strangers: facts or notes given to a person a page never names (target 0).
- Classification: kind and category accuracy on tests/data/sentences_{en,es}.tsv.
- Real pages (../shared/fixtures/realpages, split once in bench/realpages.py into TUNING and
  HELDOUT): per half, language and role (author / subject), author recognised on bylined
  pages, attribution precision (kept sentences labelled about the person against kept
  sentences in `others`), labelled goals/risks kept for the person, and end to end goal/risk
  precision and recall through prospect.analyse.classify.classify. Held-out text is never
  printed: that half is only scored.
- Speed: median ms per page of extract_page vs trafilatura.extract on the same page: the
  labelled real pages for their prospect (the target, <= 2x), the other real pages for their
  author and a stranger, and our own small pages apart.

    python bench/extract.py [--repeat 5] [--real tuning|heldout|both] [--real-only] [--detail]
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUR_PAGES = ROOT / "tests" / "pages"
SHARED = ROOT.parent / "shared" / "fixtures" / "pages"
STRANGERS = ("Zoe Whitfield", "Ana García Rojas")

sys.path.insert(0, str(ROOT))

from prospect.extract import Person, extract_page  # noqa: E402
from prospect.extract.names import split_names  # noqa: E402
from prospect.text import fold  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
import realpages  # noqa: E402
from realpages import REALPAGES  # noqa: E402


def sentence_scores() -> None:
    cases = json.loads((OUR_PAGES / "labels.json").read_text(encoding="utf-8"))["cases"]
    tp = fp = fn = 0
    print("\n## Sentences about the person (hand labels, our pages)")
    print(f"{'page':<20} {'person':<22} {'kept':>4} {'right':>5} {'missed':>6} {'wrong':>5}")
    for c in cases:
        r = extract_page((OUR_PAGES / c["page"]).read_bytes(), c["url"], Person(c["person"]))
        kept = {s.text for s in r.sentences}
        about = set(c["about"])
        right, wrong, missed = kept & about, kept - about, about - kept
        tp, fp, fn = tp + len(right), fp + len(wrong), fn + len(missed)
        print(f"{c['page']:<20} {c['person']:<22} {len(kept):>4} {len(right):>5} "
              f"{len(missed):>6} {len(wrong):>5}")
        for w in sorted(wrong):
            print(f"    wrongly kept: {w[:90]}")
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    print(f"sentence precision {precision:.1%}  recall {recall:.1%}  "
          f"({tp} right, {fp} wrong, {fn} missed)")


def _bylined() -> list[tuple[Path, str, str]]:
    out = []
    for c in json.loads((OUR_PAGES / "labels.json").read_text(encoding="utf-8"))["cases"]:
        if c.get("byline"):
            out.append((OUR_PAGES / c["page"], c["url"], c["person"]))
    if SHARED.is_dir():
        manifest = json.loads((SHARED / "manifest.json").read_text(encoding="utf-8"))
        for page in manifest["pages"]:
            exp = page.get("upstream_expected_author") or {}
            value = exp.get("value")
            names = value if isinstance(value, list) else [value.get("name")] \
                if isinstance(value, dict) else split_names(value) if value else []
            url = page.get("original_url") or "https://example.org/page"
            out.extend((SHARED / page["file"], url, n) for n in names if n)
    return out


def byline_recall() -> None:
    print("\n## Bylined pages: does the author get a fact or a note?")
    cases = _bylined()
    hits = 0
    for path, url, name in cases:
        r = extract_page(path.read_bytes(), url, Person(name))
        ok = bool(r.facts or r.sentences)
        hits += ok
        print(f"{'yes' if ok else 'NO ':<4} {path.name:<36} {name:<22} "
              f"facts {len(r.facts):>2}  notes {len(r.sentences):>2}")
    print(f"bylined pages with a fact or note for their author: {hits}/{len(cases)} "
          f"= {hits / max(len(cases), 1):.0%} (target >= 90%)")


def _pages() -> list[tuple[Path, str]]:
    pages = [(p, "https://example.org/" + p.stem) for p in sorted(OUR_PAGES.glob("*.html"))]
    if SHARED.is_dir():
        manifest = json.loads((SHARED / "manifest.json").read_text(encoding="utf-8"))
        pages += [(SHARED / p["file"], p.get("original_url") or "https://example.org/page")
                  for p in manifest["pages"]]
    else:
        print(f"(shared pages not found at {SHARED}: only our own pages are measured)")
    return pages


def strangers() -> None:
    print("\n## A person the page never names")
    leaks = checked = 0
    for path, url in _pages():
        raw = path.read_bytes()
        for name in STRANGERS:
            if fold(name.split()[-1]) in fold(raw.decode("utf-8", "replace")):
                continue  # the page names someone with this surname: not a stranger
            checked += 1
            r = extract_page(raw, url, Person(name))
            if r.facts or r.sentences:
                leaks += 1
                print(f"LEAK {path.name} {name}: {len(r.facts)} facts, {len(r.sentences)} notes")
    print(f"pages x strangers checked: {checked}; with a fact or note: {leaks} (target 0)")


def classification() -> None:
    print("\n## Classification (tests/data/sentences_*.tsv, tests/data/heldout_*.tsv)")
    from prospect.analyse.kinds import note_kind

    held_out = 25  # trailing rows of sentences_*.tsv never tuned on (tests: HELD_OUT)

    def read(path: Path) -> list[tuple[str, str, str | None]]:
        rows = [r for r in csv.reader(path.open(encoding="utf-8"), delimiter="\t",
                                        quoting=csv.QUOTE_NONE)
                if len(r) >= 2 and r[0].strip() and r[0] != "text"]
        return [(r[0], r[1].strip(), r[2].strip() if len(r) > 2 and r[2].strip() else None)
                for r in rows]

    def report(label: str, rows: list[tuple[str, str, str | None]], lang: str) -> None:
        kind_ok = cat_ok = cat_n = said = right = 0
        for text, kind, category in rows:
            c = note_kind(text, lang)
            kind_ok += c.kind == kind
            if category:
                cat_n += 1
                cat_ok += c.kind == kind and c.category == category
            if c.kind in ("goal", "risk"):
                said += 1
                right += c.kind == kind
        precision = f"{right / said:.1%} of {said}" if said else "n/a"
        kind_acc = kind_ok / max(len(rows), 1)
        print(f"{lang} {label:<50} {len(rows):>4} sentences  kind {kind_acc:6.1%}"
              f"  kind+category {cat_ok / max(cat_n, 1):6.1%} of {cat_n:>3}"
              f"  goal/risk precision {precision}")

    for lang in ("en", "es"):
        path = ROOT / "tests" / "data" / f"sentences_{lang}.tsv"
        if not path.exists():
            print(f"{path.name}: not found")
            continue
        rows = read(path)
        report("all rows (mostly tuned on)", rows, lang)
        report("tuned rows (all but the last 25)", rows[:-held_out], lang)
        report("HONEST: last 25 rows (never tuned on)", rows[-held_out:], lang)
        blind = ROOT / "tests" / "data" / f"heldout_{lang}.tsv"
        if blind.exists():
            report(f"HONEST: {blind.name} (blind, never tuned on)", read(blind), lang)
        else:
            print(f"{blind.name}: not found")


# -- real pages: ../shared/fixtures/realpages, split once in bench/realpages.py ---------------

_QUOTE_FOLD = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'",
                             "’": "'", "\u00a0": " "})


def norm(text: str) -> str:
    """Whitespace collapsed, quotes folded, case folded: how kept text meets labels."""
    import html as _html

    return " ".join(_html.unescape(text).translate(_QUOTE_FOLD).split()).casefold()


def matches(kept: str, label: str) -> bool:
    """A kept sentence contains a label sentence or sits inside it (both normalised)."""
    a, b = norm(kept), norm(label)
    return bool(a and b) and (a in b or b in a)


def real_url(record: dict) -> str:
    return "https://example.org/" + record["file"].removesuffix(".html")


def author_recognised(record: dict, author: str | None) -> bool:
    from prospect.extract.names import name_matches

    byline = [n.strip() for part in (record.get("author_on_page") or "").split("/")
              for n in split_names(part) if n.strip()]
    return bool(author) and any(name_matches(author, b) or name_matches(b, author)
                                or norm(author) == norm(b) for b in byline)


@dataclass
class PageScore:
    """One real page's counts (see `score_real_page`)."""

    record: dict
    author: str | None = None
    author_ok: bool | None = None        # None: the page has no byline
    kept: int = 0
    kept_labelled: int = 0               # in goals/risks/about/not_goal_or_risk
    kept_others: list[str] = field(default_factory=list)
    unlabelled: int = 0
    goals_kept: int = 0
    risks_kept: int = 0
    # end to end, per kind: (right, wrong, unjudged) among sentences shown as that kind
    shown: dict[str, list[int]] = field(default_factory=dict)
    found: dict[str, int] = field(default_factory=dict)  # labelled kind shown as that kind
    ms: float = 0.0


def score_real_page(record: dict, classify_fn=None) -> PageScore:  # type: ignore[no-untyped-def]
    path = REALPAGES / record["file"]
    t = time.perf_counter()
    r = extract_page(path.read_bytes(), real_url(record), Person(record["person"]))
    s = PageScore(record, r.author, ms=(time.perf_counter() - t) * 1000)
    if record.get("author_on_page"):
        s.author_ok = author_recognised(record, r.author)
    labelled = [x["text"] for k in ("goals", "risks") for x in record[k]]
    labelled += record["about"] + record["not_goal_or_risk"]
    # as gather keeps them: an own page's sentences without "I"/"we" only as goals or risks
    if classify_fn is not None:
        from prospect.gather.pipeline import holds

        judged = [(x, classify_fn(x.text, x.lang)) for x in r.candidates]
        r.sentences += [x for x, c in judged if holds(c.kind, c.confidence)]
    kept = [x.text for x in r.sentences]
    s.kept = len(kept)
    for k in kept:
        if any(matches(k, o) for o in record["others"]):
            s.kept_others.append(k)
        elif any(matches(k, lab) for lab in labelled):
            s.kept_labelled += 1
        else:
            s.unlabelled += 1
    s.goals_kept = sum(any(matches(k, g["text"]) for k in kept) for g in record["goals"])
    s.risks_kept = sum(any(matches(k, g["text"]) for k in kept) for g in record["risks"])
    if classify_fn is not None:
        for kind in ("goal", "risk"):
            right_labels = [x["text"] for x in record[kind + "s"]]
            wrong_labels = [x["text"] for x in record["risks" if kind == "goal" else "goals"]]
            wrong_labels += record["not_goal_or_risk"] + record["about"] + record["others"]
            right = wrong = unjudged = 0
            hit_labels: set[str] = set()
            for x in r.sentences:
                if classify_fn(x.text, x.lang).kind != kind:
                    continue
                hits = [lab for lab in right_labels if matches(x.text, lab)]
                if hits:
                    right += 1
                    hit_labels.update(hits)
                elif any(matches(x.text, lab) for lab in wrong_labels):
                    wrong += 1
                else:
                    unjudged += 1
            s.shown[kind] = [right, wrong, unjudged]
            s.found[kind] = len(hit_labels)
    return s


def _pct(a: int, b: int) -> str:
    return f"{a}/{b} = {a / b:.0%}" if b else "n/a"


def _summary(label: str, scores: list[PageScore]) -> None:
    bylined = [s for s in scores if s.author_ok is not None]
    kept_judged = sum(s.kept_labelled + len(s.kept_others) for s in scores)
    goals = sum(len(s.record["goals"]) for s in scores)
    risks = sum(len(s.record["risks"]) for s in scores)
    authors = _pct(sum(bool(s.author_ok) for s in bylined), len(bylined))
    print(f"{label:<22} pages {len(scores):>2}  author {authors:<12}"
          f" attribution precision {_pct(sum(s.kept_labelled for s in scores), kept_judged):<13}"
          f" (unlabelled kept {sum(s.unlabelled for s in scores)})"
          f"  goals kept {_pct(sum(s.goals_kept for s in scores), goals):<12}"
          f" risks kept {_pct(sum(s.risks_kept for s in scores), risks)}")
    for kind, total in (("goal", goals), ("risk", risks)):
        right = sum(s.shown.get(kind, [0, 0, 0])[0] for s in scores)
        wrong = sum(s.shown.get(kind, [0, 0, 0])[1] for s in scores)
        unj = sum(s.shown.get(kind, [0, 0, 0])[2] for s in scores)
        found = sum(s.found.get(kind, 0) for s in scores)
        print(f"{'':<22} end to end {kind}: precision {_pct(right, right + wrong):<12}"
              f" (right {right}, wrong {wrong}, unjudged {unj})  recall {_pct(found, total)}")


def realpages_scores(halves: tuple[str, ...] = ("tuning", "heldout"),
                     detail: bool = False) -> None:
    print("\n## Real pages (../shared/fixtures/realpages, split in bench/realpages.py)")
    if not realpages.available():
        print(f"(not found at {REALPAGES}: skipped)")
        return
    try:
        from prospect.analyse.classify import classify as classify_fn
    except ImportError:
        classify_fn = None
        print("(no classifier in this tree: end-to-end figures skipped)")
    print("author: bylined pages whose extracted author matches a byline name; attribution "
          "precision: kept sentences in goals/risks/about/not_goal_or_risk against those in "
          "others; goals/risks kept: labelled sentences kept for the person; end to end: kept "
          "and classified as that kind (precision over judged items)")
    for half in halves:
        scores = [score_real_page(rec, classify_fn) for rec in realpages.pages(half)]
        print(f"\n### {half.upper()} ({len(scores)} pages)")
        _summary("all", scores)
        for lang in ("en", "es"):
            for role in ("author", "subject"):
                part = [s for s in scores if s.record["lang"] == lang and s.record["role"] == role]
                if part:
                    _summary(f"{lang} {role}", part)
        if half == "heldout":
            wrong = sum(len(s.kept_others) for s in scores)
            missed = sum(s.author_ok is False for s in scores)
            print(f"    held out: {wrong} others kept, {missed} bylines missed (their text is "
                  "not printed: nothing here is read to tune rules)")
            continue
        for s in scores:
            if s.kept_others:
                for k in s.kept_others:
                    print(f"    OTHERS KEPT {s.record['file']}: {k[:100]}")
            if s.author_ok is False:
                print(f"    author missed {s.record['file']}: got {s.author!r}")
        if detail:
            for s in scores:
                print(f"  {s.record['file']:<38} {s.record['role']:<7} kept {s.kept:>3} "
                      f"goals {s.goals_kept}/{len(s.record['goals'])} "
                      f"risks {s.risks_kept}/{len(s.record['risks'])} author {s.author!r}")


def _speed_cases() -> tuple[list[tuple[Path, str, str]], list[tuple[Path, str, str]]]:
    """(real pages, our small pages) as (page, url, person): each real page is timed for its
    author (attribution does the most work there) and for a stranger."""
    stranger = "Ana García Rojas"
    authors: dict[str, list[str]] = {}
    for path, _url, name in _bylined():
        authors.setdefault(path.name, []).append(name)
    real, ours = [], []
    for path, url in _pages():
        if path.parent == OUR_PAGES:
            ours.append((path, url, stranger))
            continue
        real.extend((path, url, who) for who in [*authors.get(path.name, [])[:1], stranger])
    return real, ours


def speed(repeat: int, real_only: bool = False) -> None:
    import trafilatura

    from prospect.extract.maintext import decode_html

    real, ours = _speed_cases()
    labelled = [(REALPAGES / r["file"], real_url(r), r["person"])
                for r in realpages.pages("all")] if realpages.available() else []
    if real_only:
        real, ours = [], []
    print(f"\n## Speed: extract_page against trafilatura.extract (default settings) on the same "
          f"page\nmedian of {repeat} runs, each run timing both in turn; one core")
    for title, cases in (("labelled real pages (../shared/fixtures/realpages), for their "
                          "prospect: the target", labelled),
                         ("real pages (../shared/fixtures/pages): the target", real),
                         ("our small test pages (0-3 KB; fixed per-call costs dominate)", ours)):
        if not cases:
            continue
        print(f"\n{title}")
        print(f"{'page':<34} {'person':<18} {'KB':>4} {'extract ms':>10} {'trafilatura ms':>14} "
              f"{'ratio':>6}")
        ratios, total_ours, total_traf = [], 0.0, 0.0
        for path, url, who in cases:
            raw = path.read_bytes()
            text = decode_html(raw)
            person = Person(who)
            extract_page(raw, url, person)  # warm-up: first calls load word lists
            trafilatura.extract(text, url=url)
            mine, theirs = [], []
            for _ in range(repeat):
                mine.append(_timed(extract_page, raw, url, person))
                theirs.append(_timed(trafilatura.extract, text, url=url))
            a, b = statistics.median(mine), statistics.median(theirs)
            total_ours, total_traf = total_ours + a, total_traf + b
            ratios.append(a / b if b else 0.0)
            print(f"{path.name[:34]:<34} {who[:18]:<18} {len(raw) // 1024:>4} {a * 1000:>10.1f} "
                  f"{b * 1000:>14.1f} {ratios[-1]:>6.2f}")
        print(f"sum ratio {total_ours / max(total_traf, 1e-9):.2f}, median page ratio "
              f"{statistics.median(ratios):.2f}, worst page ratio {max(ratios):.2f}"
              + (" (target <= 2)" if cases is not ours else ""))


def _timed(fn, *args, **kwargs) -> float:  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    fn(*args, **kwargs)
    return time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9, help="timed runs per page")
    parser.add_argument("--real", choices=("tuning", "heldout", "both"), default="both",
                        help="which half of the real pages to score")
    parser.add_argument("--real-only", action="store_true",
                        help="only the real pages' scores and speed")
    parser.add_argument("--detail", action="store_true", help="one line per real page")
    args = parser.parse_args()
    halves = ("tuning", "heldout") if args.real == "both" else (args.real,)
    if not args.real_only:
        sentence_scores()
        byline_recall()
        strangers()
        classification()
    realpages_scores(halves, args.detail)
    speed(args.repeat, real_only=args.real_only)


if __name__ == "__main__":
    main()
