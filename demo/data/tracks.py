"""The demo's coupled track ("Østfoldlegen"), its municipalities' terms, and what happens in
the pool of the demo chief physician's municipality."""

from dataclasses import dataclass

SLUG = "ostfoldlegen"
NAME = "Østfoldlegen"
COUPLED_PLACES = 4
SUMMARY = (
    "LIS1 ved Sykehuset Østfold – og et forutsigbart løp videre til ALIS i en av kommunene, "
    "avtalt allerede mens du er i LIS1."
)
DESCRIPTION = (
    "Østfoldlegen er et samarbeid mellom Sykehuset Østfold og kommunene etter modell av "
    "Helgelandslegen. Noen av LIS1-stillingene er koblet til en ALIS-stilling i en av "
    "kommunene.\n\nStillingsannonsen lover ikke den koblede stillingen: når "
    "LIS1-tilsettingene er klare, kan kommunene invitere kandidater som er interessert i "
    "allmennmedisin og har samtykket, til intervju, omvisning og samtale om vilkår. Lokal "
    "tilknytning prioriteres."
)
# The trust's LIS1 postings the track covers: those advertised with the coupled option
# (their titles say so) and last autumn's hospital posting, whose hires make up the pool.
COVERED_TITLE_WORD = "koblet"
COVERED_PREVIOUS_TITLE = "LIS1 ved Sykehuset Østfold Kalnes, høsten 2026"

TERMS = {
    "sarpsborg-kommune": {
        "salary_model": "Fast lønn i hele ALIS-løpet (5 år), med kompensasjon for legevakt "
        "etter særavtalen. Ingen driftsrisiko de første årene.",
        "supervision": "Egen veileder i praksis fra første dag og gruppeveiledning hver "
        "andre uke; supervisjon i legevakt de første månedene.",
        "education_plan": "Individuell utdanningsplan med fri og dekning av kurs, og "
        "tilrettelagt sykehustjeneste ved Kalnes.",
        "housing": "Hjelp til å finne bolig; kommunal leilighet det første året.",
    },
    "fredrikstad-kommune": {
        "salary_model": "Fastlønn de to første årene, deretter valgfritt næringsdrift med "
        "garantert inntekt.",
        "supervision": "Veileder på samme legesenter og ukentlig supervisjon.",
        "education_plan": "Utdanningsplan lages sammen med deg før oppstart.",
        "housing": "Boligformidling og barnehageplass ved oppstart.",
    },
    "halden-kommune": {
        "salary_model": "Fast lønn med rekrutteringstillegg og utdanningspermisjon med lønn.",
        "supervision": "Erfaren veileder og fast plass i ALIS-gruppen i Østfold.",
        "education_plan": "Tilrettelagt løp med institusjonstjeneste i sykehjem og legevakt.",
        "housing": "Kommunal utleiebolig i inntil to år.",
        "other_terms": "Dekning av flytteutgifter.",
    },
}

# --- The pool of the demo chief physician's municipality ----------------------------------

# Hires of a covered posting who join the pool: their answer in the candidate's panel
# (preference, consent with or without documents). The hires after these keep the
# preference their profile has and give no consent.
POOL_ANSWERS = (
    ("primary_care", True),
    ("primary_care", False),
    ("undecided", True),
    ("primary_care", False),
    ("undecided", False),
    ("primary_care", True),
    ("primary_care", False),
)


@dataclass(frozen=True)
class Scene:
    """One invitation from the chief physician and where it ends up.

    ``ends`` is one of: "sent" (no answer yet), "accepted" (a time agreed), "proposed"
    (the candidate proposed another time), "declined", "cancelled" (by the municipality),
    "withdrawn" (the candidate withdrew consent), "placed" (agreed, interviewed, offered,
    accepted, and the placement recorded).
    """

    ends: str
    kind: str
    days_ahead: tuple[int, ...]  # proposed times, days from now at 10:00
    message: str
    answer: str = ""


SCENES = (
    Scene(
        "placed",
        "interview",
        (3, 5),
        "Vi vil gjerne møte deg til en samtale om ALIS i Sarpsborg etter LIS1.",
        "Passer fint, jeg gleder meg.",
    ),
    Scene(
        "accepted",
        "visit",
        (6, 8),
        "Bli med på en omvisning på legevakten og Sarpsborg legesenter.",
        "Takk, jeg kommer gjerne.",
    ),
    Scene(
        "proposed",
        "talk",
        (4,),
        "Vi vil gjerne fortelle om lønnsmodellen og boligtilbudet vårt.",
        "Jeg har vakt den dagen. Passer det uka etter?",
    ),
    Scene("sent", "interview", (9, 10), "Har du lyst til å høre mer om ALIS hos oss?"),
    Scene(
        "declined",
        "visit",
        (7,),
        "Velkommen til omvisning hos oss i Sarpsborg.",
        "Takk, men jeg har bestemt meg for en annen kommune.",
    ),
    Scene("cancelled", "talk", (11,), "En uformell prat om vilkårene hos oss?"),
    Scene("withdrawn", "interview", (12,), "Vi vil gjerne møte deg til en samtale."),
)
PROPOSED_DAYS_AHEAD = 14
MEETING_PLACE = "Sarpsborg legesenter, Glengsgata 2"
# The placed doctor: LIS1 from the posting's start; the municipal half-year after the
# hospital year; ALIS from the month after LIS1.
MUNICIPAL_LIS1_AFTER_MONTHS = 12
LIS1_MONTHS = 18
