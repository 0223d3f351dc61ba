"""Sentence shapes that are never the speaker's own goal or risk, whatever trigger words they
carry: questions, tutorial steps, advice to the reader, announcements, product and company
descriptions, other people's aims, reactions to what happened, remarks about the world,
anecdotes from the speaker's past, and stories of what was done ([shapes] in
prospect/data/lexicon_en.toml). Each sentence was shown as a goal or risk before its shape
was named; aims and worries that the lexicon did not read are goals and risks now."""

from __future__ import annotations

import pytest

from prospect.analyse.classify import classify
from prospect.analyse.lexicon import get_lexicon, normalise, parse_lexicon
from prospect.errors import InvalidValue

SHAPED = [
    ("question", "Is the company going to cut prices again this summer?"),
    ("tutorial", "The next thing we have to do is compute the average delivery time for every "
                 "route."),
    ("tutorial", "Today, we're going to talk about why a clear focus is important for growth."),
    ("advice", "You should aim to cut your cloud costs by a third and move your data to one "
               "platform."),
    ("advice", "You'll want to expand into new markets once your first product is profitable."),
    ("advice", "When you want to grow a team fast, you have to hire for attitude and train for "
               "skill."),
    ("announcement", "Boston, MA – With retail payments moving to phones, Paylane, a mobile "
                     "checkout platform, is adding fintech veteran Ana Ruiz as its chief growth "
                     "officer."),
    ("description", "Our scheduling software is designed to help clinics cut waiting times and "
                    "grow their patient numbers."),
    ("others_aims", "Many of the readers who want to start a business never get past the first "
                    "month."),
    ("others_aims", "I developed this method because I saw so many founders who were trying to "
                    "grow their sales before they knew who their customers were."),
    ("reaction", "We're thrilled that so many clients want to expand their contracts with us "
                 "after the launch."),
    ("world", "We're living in an age when every business wants to automate its customer "
              "service."),
    ("world", "There is nothing wrong with wanting to grow your business slowly and keep your "
              "customers happy."),
    ("truism", "It's important to have a clear goal and a plan to grow your business every "
               "single year."),
    ("narrative", "The debate on radio and television focused on a new growth plan for the port "
                  "led by the transport minister."),
    ("narrative", "For example, I saw founders just starting out buying ads before they knew who "
                  "they wanted to reach with those ads."),
    ("anecdote", "For example, back then I was very interested in the city's new payroll system "
                 "project, so I had the vendor install a test version on my office computer."),
    ("anecdote", "When I first tried the app, I was told that I could use my old password and "
                 "then reset it to get into the new system."),
    ("done_for", "The governor launched the campaign to raise awareness of the opioid epidemic "
                 "across the state, and the ad's success on its first day shows that it's "
                 "already working."),
    ("habit", "I don't use Instagram, and I never have."),
    ("habit", "We don't use Slack at the office."),
    ("become", "Kubernetes has gone on to become an important building block of modern cloud "
               "platforms."),
    ("tutorial", "To do that, we first have to estimate the cost of each extra hour of care."),
    ("others_aims", "We have had questions from farmers in the north who want to be able to sell "
                    "their grain directly to the mills, but I've heard that few mills will buy "
                    "from them."),
]


_SHAPES = {s.name: s for s in get_lexicon("en").shapes}


@pytest.mark.parametrize(("shape", "text"), SHAPED)
def test_shaped_sentences_are_not_goals_or_risks(shape: str, text: str) -> None:
    got = classify(text, "en")
    assert got.kind not in ("goal", "risk"), got.matched
    # the shape is named whether or not the model already says no goal by itself
    assert _SHAPES[shape].fits(normalise(text))


# The same shapes' near neighbours that are the speaker's own aim or worry.
KEPT = [
    ("We want to open two more stores next year.", "goal"),
    ("She was hired to cut the cost of claims processing.", "goal"),
    ("Last year we set out to move every clinic onto one scheduling system.", "goal"),
    ("Our goal is to help small retailers manage their stock.", "goal"),
    ("We had outages every week after the migration and customers noticed.", "risk"),
    ("The airline wants its planes cleaned and boarded in half an hour.", "goal"),
    ("She named a faster month-end close as her first priority.", "goal"),
    ("We don't use the new booking system because nobody trusts its data.", "risk"),
    ("The idea was to make banking simple for everyone who owned a phone.", "goal"),
    ("The first thing we need to do is win back the trust of our biggest customers.", "goal"),
    ("When I started, we lost three big clients in a month because the new system kept "
     "crashing.", "risk"),
]


@pytest.mark.parametrize(("text", "kind"), KEPT)
def test_own_aims_and_worries_in_nearby_shapes_stay(text: str, kind: str) -> None:
    got = classify(text, "en")
    assert got.kind == kind, got.matched
    assert not any(m.startswith("shape ") for m in got.matched)


def test_would_like_without_what_is_wanted_is_no_intent() -> None:
    # "anywhere I'd like" is a freedom, not an aim
    got = classify("I'm able to travel wherever I'd like because my whole business runs from "
                   "a laptop.", "en")
    assert got.kind not in ("goal", "risk"), got.matched
    assert classify("We'd like to open a shop in Lisbon next year.", "en").kind == "goal"


def test_spanish_has_no_shapes_yet() -> None:
    assert get_lexicon("es").shapes == ()


def _lexicon(shapes: dict) -> dict:
    return {"lang": "en", "shapes": shapes}


def test_a_shape_needs_marks_and_goal_or_risk_to_demote() -> None:
    with pytest.raises(InvalidValue, match="needs `marks`"):
        parse_lexicon(_lexicon({"q": {"demotes": ["goal"]}}))
    with pytest.raises(InvalidValue, match="demotes must list goal and/or risk"):
        parse_lexicon(_lexicon({"q": {"marks": ["\\?$"], "demotes": ["bio"]}}))
    with pytest.raises(InvalidValue, match="may hold only"):
        parse_lexicon(_lexicon({"q": {"marks": ["\\?$"], "demotes": ["goal"], "why": []}}))
    lex = parse_lexicon(_lexicon({"q": {"marks": ["^(will|what) "], "unless": ["^what if"],
                                        "demotes": ["goal", "risk"]}}))
    (shape,) = lex.shapes
    assert shape.fits("will it grow?") and not shape.fits("what if it fails?")


# Problems the speaker had, or sees spreading, are their worries (they were `other` before).
PROBLEMS = [
    "“We had some problems ... we had some delivery problems that didn't make me happy,” Ortiz, "
    "the chain's head of logistics, said on Friday at a retail conference in Dallas.",
    "We had some billing issues in the first month that upset a few clients.",
    "The county's opioid crisis is \"spreading at an alarming rate\" and touches every town in "
    "the region, the sheriff said.",
    "Youth unemployment is rising at an alarming rate in the northern provinces.",
    "Higher fuel prices are eating into our margins, and there is not much we can do about it.",
    "Inventory is piling up on dealer lots because buyers are waiting for prices to fall.",
    "The cost of insurance has doubled in two years, and it keeps climbing.",
]


@pytest.mark.parametrize("text", PROBLEMS)
def test_problems_had_or_spreading_are_risks(text: str) -> None:
    got = classify(text, "en")
    assert got.kind == "risk", got.matched


# Aims said in shapes the lexicon did not read as aims (they were `other` before).
AIMS = [
    "Our mission was always to make giving more effective.",
    "He hopes the new stores will bring in younger shoppers.",
    "“The next step is to get every dealer on the platform by the summer,” she said.",
    "What we need now is a bigger sales team in the Midwest.",
]


@pytest.mark.parametrize("text", AIMS)
def test_aims_in_other_words_are_goals(text: str) -> None:
    got = classify(text, "en")
    assert got.kind == "goal", got.matched
