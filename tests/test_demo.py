"""`prospect demo`, end to end: sample site on 127.0.0.1, two prospects, gather, two PDFs."""

from __future__ import annotations

import io
import json
import urllib.request

import pytest

PLUMB_START = "Work flows between your systems"


def _pdf(path) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return len(reader.pages), " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def test_sample_site_serves_pages_robots_and_sitemap() -> None:
    from prospect.demo.server import serve_site

    with serve_site() as base:
        assert base.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(base + "robots.txt", timeout=5) as r:
            assert f"Sitemap: {base}sitemap.xml" in r.read().decode()
        with urllib.request.urlopen(base + "sitemap.xml", timeout=5) as r:
            assert f"<loc>{base}team/</loc>" in r.read().decode()
        with urllib.request.urlopen(base + "team", timeout=5) as r:  # redirected to team/
            assert r.url == base + "team/" and "Marcus Bell" in r.read().decode()
        for bad in ("../pyproject.toml", "%2e%2e/__init__.py", "nope.html"):
            with pytest.raises(urllib.error.HTTPError) as info:
                urllib.request.urlopen(base + bad, timeout=5)
            assert info.value.code == 404


@pytest.mark.slow
def test_demo_end_to_end(runner, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from prospect.cli import app

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PROSPECT_DB", raising=False)
    result = runner.invoke(app, ["demo", "--out", "demo-out", "--json", "--keep-db"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    out = tmp_path / "demo-out"
    assert report["out_dir"] == str(out) and (out / "demo.db").is_file()
    by_slug = {b["slug"]: b for b in report["briefs"]}
    assert set(by_slug) == {"lucia-fernandez-ortega", "marcus-bell"}
    texts = {}
    for slug, name in (("lucia-fernandez-ortega", "Lucía Fernández Ortega"),
                       ("marcus-bell", "Marcus Bell")):
        pages, text = _pdf(out / f"{slug}.pdf")
        assert pages == 1 and name in text and PLUMB_START in text
        texts[slug] = text
    lucia, marcus = texts["lucia-fernandez-ortega"], texts["marcus-bell"]
    assert "OBJETIVOS" in lucia and "GOALS" in marcus
    # what each said on the sample pages reaches their own brief, with citations
    assert all(b["notes"] >= 3 for b in report["briefs"])
    assert "ERP" in lucia and "proveedor" in lucia and "[1]" in lucia
    assert "churn" in marcus and "[1]" in marcus
    # his adoption worry, in either of the two sentences that say it (one shows per category)
    assert "will not adopt" in marcus or "won't use it" in marcus
    # the other people on the sample pages never leak into a brief
    for other in ("Tomás Herrera", "Elena Castillo", "cloud", "Andalucía", "desperdicio",
                  "loyalty", "organic", "conductores"):
        assert other not in lucia and other not in marcus, other
    # every page of the sample site was fetched without a network beyond 127.0.0.1
    statuses = {r["status"] for r in report["gather"]["results"]}
    assert statuses == {"ok"}


def test_demo_prints_where_the_pdfs_are(runner, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from prospect.cli import app

    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["demo"])
    assert result.exit_code == 0, result.output
    out = tmp_path / "prospect-demo"
    assert f"{out / 'marcus-bell.pdf'}" in result.output
    assert sorted(p.name for p in out.iterdir()) == ["lucia-fernandez-ortega.pdf",
                                                     "marcus-bell.pdf"]  # no database left
