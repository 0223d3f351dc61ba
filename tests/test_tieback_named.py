"""The tie-back answers the risk actually named, not just its category."""

from __future__ import annotations

from prospect.analyse.tieback import TieBack
from prospect.story import parse_story

FREIGHT = """
[company]
name = "Brightline Freight"
plumb_line = "Freight that arrives when we say it will, so your plans hold."

[[themes]]
id = "on-time"
title = "Deliveries you can plan around"
serves = ["reliability", "growth"]
keywords = ["delivery", "on time", "entrega"]

[[themes]]
id = "cold-chain"
title = "Certified cold chain and food-safety audits"
serves = ["compliance"]
keywords = ["food safety", "haccp", "cold chain", "inocuidad", "seguridad alimentaria"]

[[tco]]
id = "support"
title = "24/7 support in English and Spanish"
answers = ["operations", "adoption"]
keywords = ["support", "help"]

[[risk_reducers]]
id = "delivery-guarantee"
title = "On-time delivery guarantee with credits"
answers = ["operations"]
keywords = ["delivery", "late", "disrupted", "delay", "entregas", "retraso"]

[[risk_reducers]]
id = "pilot"
title = "90-day pilot on one lane"
answers = ["switching", "budget"]
keywords = ["pilot", "trial", "switch", "change"]

[[risk_reducers]]
id = "second-source"
title = "A second carrier on standby"
answers = ["switching", "vendor"]
keywords = ["second source", "single supplier", "supplier", "proveedor"]
"""


def test_disrupted_deliveries_get_the_delivery_guarantee_first() -> None:
    tie = TieBack(parse_story(FREIGHT))
    answers = tie.for_risk("operations", "Our deliveries were disrupted three times last year.")
    assert [a.id for a in answers][0] == "delivery-guarantee"


def test_a_supplier_switch_gets_a_pilot_or_a_second_source() -> None:
    tie = TieBack(parse_story(FREIGHT))
    first = tie.for_risk("switching", "Switching suppliers in peak season scares us.")[0]
    assert first.id in ("pilot", "second-source")


def test_food_safety_is_answered_as_compliance() -> None:
    tie = TieBack(parse_story(FREIGHT))
    goals = tie.for_goal("compliance", "La seguridad alimentaria es nuestra prioridad.")
    assert goals and goals[0].id == "cold-chain"
