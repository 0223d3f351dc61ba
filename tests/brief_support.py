"""Hand-written brief models for the brief tests: sparse, dense (150 notes) and hostile.

They are written in the JSON shape of `brief --format json`; `typed` reads one into the
`BriefModel` that the renderers take.
"""

from __future__ import annotations

import copy
from typing import Any

from prospect.brief.model import BriefModel

PLUMB = "Freight that arrives when we say it will, so your plans hold."

_GOALS_EN = [
    ("efficiency", "Close the monthly books in three days instead of eight",
     "Our goal this year is to close the books in three days, not eight.",
     "How many of the eight days go to chasing freight invoices?"),
    ("growth", "Open two new distribution centres in the north",
     "We will open two distribution centres in Monterrey and Saltillo by the spring.",
     "Which lanes feed the new centres first?"),
    ("reliability", "Stop stock-outs at the regional stores",
     "Stock-outs at our regional stores cost us more than the freight itself.",
     "What does one stock-out day cost a store?"),
    ("customer", "Reduce customer churn below five percent",
     "Customer churn is the number I look at every Monday.",
     "Which customers left last quarter, and why?"),
]
_RISKS_EN = [
    ("implementation", "An ERP integration delaying the launch",
     "The last ERP integration pushed our launch back by six months.", "web"),
    ("vendor", "Depending on a single supplier",
     "", "role"),
    ("budget", "Budget overruns on new tools",
     "We cannot afford another project that runs over budget.", "web"),
    ("adoption", "A tool the team will not adopt",
     "If my team won't use it, it doesn't matter how good it is.", "web"),
]


def typed(model: dict[str, Any] | BriefModel) -> BriefModel:
    """The typed model of a hand-written one (a typed one as it is)."""
    return model if isinstance(model, BriefModel) else BriefModel.from_json(model)


def _answers(i: int) -> list[dict[str, Any]]:
    return [{"kind": ("theme", "tco", "risk_reducer")[i % 3], "id": f"t{i}",
             "title": ("Deliveries you can plan around", "24/7 support in English and Spanish",
                       "90-day pilot with a no-penalty exit")[i % 3],
             "proof": "98.6% on time across 41,000 shipments in 2025" if i % 3 == 0 else "",
             "why": "matches the category"}]


def sample_model(*, lang: str = "en", sources: int = 3, goals: int = 3, risks: int = 3,
                 new: int = 2, name: str = "Dana Whitfield") -> dict[str, Any]:
    """A realistic model: `sources` sources, items citing them in turn."""
    srcs = [{"n": i + 1, "url": f"https://example.org/news/item-{i + 1}",
             "title": f"Press release number {i + 1}",
             "seen_at": f"2026-11-2{i % 9}T10:00:00+00:00"}
            for i in range(sources)]

    def cite(i: int) -> list[int]:
        return [i % sources + 1] if sources else []

    g_items = []
    for i in range(goals):
        cat, text, ev, q = _GOALS_EN[i % len(_GOALS_EN)]
        g_items.append({"text": text if i < 4 else f"{text} (note {i})", "evidence": ev,
                        "category": cat, "origin": "web", "citations": cite(i),
                        "answered_by": _answers(i), "question": q,
                        "seen_at": "2026-11-20", "confidence": 0.8, "note_id": i + 1,
                        "pinned": False})
    r_items = []
    for i in range(risks):
        cat, text, ev, origin = _RISKS_EN[i % len(_RISKS_EN)]
        r_items.append({"text": text, "evidence": ev, "category": cat, "origin": origin,
                        "citations": cite(i) if origin == "web" else [],
                        "answered_by": _answers(i + 1), "question": "",
                        "seen_at": "2026-11-20", "confidence": 0.7, "note_id": 100 + i,
                        "pinned": False})
    return {
        "prospect": {"id": 1, "slug": "dana-whitfield", "name": name,
                     "company": "Northwind Retail", "title": "Head of Customer Success",
                     "lang": lang, "location": "Austin, TX", "email": "dana@northwind.example",
                     "company_domain": "northwind.example",
                     "facts": [{"field": "url", "value": "https://northwind.example/team/dana",
                                "source_url": srcs[0]["url"] if srcs else None}],
                     "sources": []},
        "story": {"company": "Brightline Freight", "plumb_line": PLUMB,
                  "website": "https://brightline.example", "version": 1, "loaded": True},
        "lang": lang,
        "date": "2026-11-27",
        "who": [f"{name} leads customer success at Northwind Retail [1] and has spoken about "
                "churn and team adoption at two industry events."] if sources else [],
        "goals": g_items,
        "risks": r_items,
        "new_since_last": [{"change": "added", "kind": "event",
                            "text": f"New interview about churn ({i})", "field": None,
                            "old": None, "new": None, "citations": cite(i)}
                           for i in range(new)],
        "first_brief": False,
        "price": ["Lead with the cost of one missed delivery, not with our rate.",
                  "Total cost: no integration fees, support included, 90-day exit."],
        "sources": srcs,
        "note_ids": [g["note_id"] for g in g_items] + [r["note_id"] for r in r_items],
    }


def dense_model(lang: str = "en") -> dict[str, Any]:
    """150 notes' worth: long evidence, many items, many sources."""
    m = sample_model(lang=lang, sources=40, goals=70, risks=60, new=20)
    long = " ".join(["The regional director explained at length that"] * 12)
    for i, item in enumerate(m["goals"] + m["risks"]):
        item["evidence"] = f"{long} {item['evidence']}"
        item["answered_by"] = _answers(i) + _answers(i + 1)
        item["question"] = (item["question"] or "What would have to be true") + \
            " and who else in the team would need to agree before anything changes?"
    m["who"] = [" ".join(m["who"] * 6)]
    return m


def hostile_model(port: int) -> dict[str, Any]:
    """Web text that tries to be markup and to make the renderer call 127.0.0.1:`port`."""
    m = sample_model()
    img = f'<img src="http://127.0.0.1:{port}/img.png">'
    link = f'<link rel=stylesheet href="http://127.0.0.1:{port}/evil.css">'
    m = copy.deepcopy(m)
    m["prospect"]["name"] = f"Eve <script>alert(1)</script> {img}"
    m["prospect"]["title"] = link
    m["prospect"]["facts"].append({"field": "same_as",
                                   "value": f"javascript:fetch('http://127.0.0.1:{port}/js')",
                                   "source_url": None})
    m["goals"][0]["evidence"] = f"We said {img} and <style>@import url(http://127.0.0.1:{port}/i.css);</style>"
    m["risks"][0]["text"] = f'<iframe src="http://127.0.0.1:{port}/frame"></iframe>'
    m["who"] = f"She [1] writes <b>bold</b> {link} things."
    m["sources"][0]["title"] = f'<object data="http://127.0.0.1:{port}/obj"></object>'
    return m


# -- a real prospect in a real database ----------------------------------------------------------

GOAL_TEXTS = [
    ("efficiency", "She wants to close the books in three days with less manual work."),
    ("growth", "Her plan is to open two new markets in Mexico next year."),
    ("customer", "She wants to cut customer churn by a third among restaurant accounts."),
    ("reliability", "She aims to stop the outages that halt deliveries every quarter."),
    ("people", "She wants her team to spend time on analysis, not on retyping data."),
]
RISK_TEXTS = [
    ("implementation", "She fears the ERP integration will delay the launch of the web shop."),
    ("vendor", "She does not want to depend on a single supplier for logistics."),
    ("budget", "She cannot afford another project that runs over budget this year."),
    ("adoption", "She is wary of tools her team will not adopt."),
]


def seed_prospect(session: Any, *, name: str = "Dana Whitfield", lang: str = "en",
                  notes: int = 6, sources: int = 3, story: bool = True) -> Any:
    """A prospect with `notes` web notes spread over `sources` pages, and the example story."""
    from prospect.store import repo

    if story:
        from prospect.story import example_story_path, store_story

        store_story(session, example_story_path(), actor="test")
    p = repo.add_prospect(session, repo.ProspectInput(
        name=name, company="Northwind Retail", title="Head of Finance", lang=lang,
        company_domain="northwind.example"), actor="test")
    urls = [f"https://northwind.example/news/{i}" for i in range(sources)]
    for i in range(notes):
        if i % 2 == 0:
            cat, text = GOAL_TEXTS[(i // 2) % len(GOAL_TEXTS)]
            kind = "goal"
        else:
            cat, text = RISK_TEXTS[(i // 2) % len(RISK_TEXTS)]
            kind = "risk"
        if i >= 9:
            text = f"{text[:-1]}, as {name} repeated in talk number {i}."
        repo.add_note(session, p.id, text, kind=kind, category=cat,
                      source_url=urls[i % sources] if sources else None, origin="web",
                      actor="test")
    return p
