"""The demo's survey campaigns (FB) and the free-text answers its respondents write.

How many answer for each unit is given relative to the campaign's k (its minimum number
of respondents for results, which lives on the campaign): ``+7`` is k + 7, ``-2`` is
k − 2. So the demo shows units with results and units with too few answers whatever k is,
and the results come out of the real release rule, never restated here.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class CampaignPlan:
    kind: str  # feedback.models.SurveyKind
    title: str
    units: str  # "hospital" (the trust's first units, and two municipal ones) or "municipal"
    unit_count: int
    opens_days: int  # days from today (negative: in the past)
    closes_days: int
    answers_over_k: tuple[int, ...]  # per unit in turn, repeating


CAMPAIGNS = (
    # Last autumn's LIS1 survey: closed and final, most units over k, two under it.
    CampaignPlan("lis1", "LIS1-undersøkelsen høsten 2026", "hospital", 8, -75, -40,
                 (7, 4, 2, 1, 0, -2, 6, -1)),
    # This year's ALIS survey: open, two units over k so far, two under it.
    CampaignPlan("alis", "ALIS-undersøkelsen 2026", "municipal", 4, -10, 20, (1, 0, -3, -4)),
    # The exit survey: closed, with too few answers in every unit and in total.
    CampaignPlan("exit", "Sluttundersøkelsen 2026", "municipal", 2, -60, -30, (-4, -4)),
)  # fmt: skip
INVITED_EXTRA = (1, 5)  # invited but not answering, per unit: between these

FREE_TEXT = (
    "Veilederen min tok seg alltid tid, også på travle dager.",
    "Vi trenger mer tid til undervisning i arbeidstiden.",
    "Vaktbelastningen var høy i perioder, men kollegaene stilte opp.",
    "Fint introduksjonskurs, men tilgangene kom først etter to uker.",
    "Jeg følte meg trygg på vakt fordi bakvakt var lett å nå.",
    "Internundervisningen på onsdager er svært god.",
    "Mer struktur på læringsmålene ville hjulpet.",
    "Godt arbeidsmiljø og raus kultur for å spørre.",
)
