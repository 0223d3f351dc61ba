"""The one split of ../shared/fixtures/realpages into a tuning half and a held-out half.

Made once (2026-12-03): the 40 pages sorted by (lang, role, page kind, file name), then
taken in turn, so each half has the same mix of languages, authors and subjects. Rules,
lexicons, the training corpus and the attribution code may be tuned by looking at TUNING
pages only; HELDOUT pages are only ever scored. Nothing here copies page text.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

REALPAGES = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "realpages"

TUNING = (
    "aeb-bigbrand-focus.html", "np-pixelmonkey-mobile.html", "traf-pamela-yellowvests.html",
    "aeb-sciencealert-europa.html", "traf-instyle-austin.html", "aeb-ascom-ge.html",
    "aeb-crn-timcook.html", "aeb-latimes-disneyplus.html", "traf-nassau-supervalue.html",
    "aeb-usatoday-noem.html", "aeb-my6sense-braiker.html", "goose-elmundo-eta.html",
    "traf-laestrella-laboral.html", "traf-diez-vargas.html", "traf-elpaisuy-montecon.html",
    "traf-critica-amador.html", "traf-elpaiscr-ciberseguridad.html",
    "traf-larepublica-hackers.html", "traf-losandes-evaluaciones.html",
    "traf-infobae-muratov.html",
)
HELDOUT = (
    "aeb-givewell-beta.html", "goose-livingston-sales.html", "aeb-chron-carsales.html",
    "traf-amp-axios.html", "goose-techcrunch-zuckerberg.html", "aeb-cnbc-emirates.html",
    "aeb-hollywood-stadia.html", "np-huffpo-dimon.html", "traf-nationwide-jmea.html",
    "goose-huffpo-fed.html", "aeb-expapp-newceo.html", "np-spanish-infanta.html",
    "traf-diariolibre-fao.html", "traf-confidencial-ortega.html", "traf-hoy-aird.html",
    "traf-diariolahuella-aeropuerto.html", "traf-granma-cuadros.html",
    "traf-latercera-interior.html", "traf-prensalibre-combustibles.html",
    "traf-diaadia-ulpiano.html",
)


def available() -> bool:
    return (REALPAGES / "labels.json").is_file()


def pages(half: str = "heldout") -> list[dict[str, Any]]:
    """The labelled records of one half ('tuning', 'heldout' or 'all'), in split order."""
    records = {p["file"]: p for p in json.loads(
        (REALPAGES / "labels.json").read_text(encoding="utf-8"))["pages"]}
    names = {"tuning": TUNING, "heldout": HELDOUT, "all": TUNING + HELDOUT}[half]
    return [records[n] for n in names]
