"""The demo's LIS1 rounds, last autumn's postings, the applications' motivation text, and
the events of the season (besides the information evenings, which
``careers.services.create_information_evenings`` places before the round's deadline)."""

from dataclasses import dataclass

OPEN_ROUND = "LIS1 vår 2027"
PREVIOUS_ROUND = "LIS1 høst 2026"
# The joint summer-job round of the reminder demo (demo/reminders.py).
SUMMER_ROUND = "Sommerjobb 2027 – felles søknad"
APPLICANT_COUNT = 48
DRAFT_COUNT = 6
MAX_CHOICES = 6

# Last autumn's LIS1 posts (employer, municipality, title, posts), closed at the deadline.
PREVIOUS_POSTINGS = (
    (
        "sykehuset-ostfold-kalnes",
        "sarpsborg-kommune",
        "LIS1 ved Sykehuset Østfold Kalnes, høsten 2026",
        10,
    ),
    (
        "fredrikstad-kommune",
        "fredrikstad-kommune",
        "LIS1 i kommunehelsetjenesten – Fredrikstad, høsten 2026",
        3,
    ),
    (
        "sarpsborg-kommune",
        "sarpsborg-kommune",
        "LIS1 i kommunehelsetjenesten – Sarpsborg, høsten 2026",
        2,
    ),
    ("halden-kommune", "halden-kommune", "LIS1 i Halden kommune, høsten 2026", 2),
)
PREVIOUS_SUMMARY = "Tolv måneders LIS1-tjeneste med oppstart i mars 2027."
PREVIOUS_DESCRIPTION = (
    "LIS1-tjeneste fra forrige søknadsrunde. Stillingene er besatt eller besettes fra "
    "reservelisten."
)
PREVIOUS_START = (2027, 3, 1)
FALLBACK_CONTACT = {
    "name": "Rekrutteringsteamet",
    "title": "Rekruttering",
    "phone": "+47 69 86 00 00",
}

MOTIVATION = (
    "Jeg ønsker å bli en trygg lege i en region der sykehus og kommuner samarbeider, og vil "
    "gjerne bidra både i akuttmottaket og i allmennpraksis."
)

INFORMATION_EVENING_PLACE = "Sykehuset Østfold Kalnes, auditoriet"
INFORMATION_EVENING_VIDEO = "https://video.example.no/legeportalen-infomote"


@dataclass(frozen=True)
class EventPlan:
    kind: str  # careers.models.EventKind
    title: str
    description: str
    days_ahead: int
    place: str
    capacity: int
    organisers: str  # "community", "community+trust", with ":N" for the first N municipalities


EVENTS = (
    EventPlan(
        "career_day",
        "Karrieredag for LIS1: sykehus og kommuner sammen",
        "Møt avdelingene på Kalnes og kommunene i Østfold på én dag: stands, korte innlegg om "
        "LIS1-tjenesten, koblede løp til ALIS og samtaler med fastleger.",
        16,
        "Kalnes, vestibylen",
        120,
        "community+trust:4",
    ),
    EventPlan(
        "seminar",
        "Fastlegeseminar: slik er ALIS i Østfold",
        "Veiledning, utdanningsplan, lønnsmodell og bolig: ALIS-leger og kommuneoverleger "
        "forteller. Begrenset plass.",
        23,
        "Fredrikstad legevakt, møterom 2",
        12,
        "community:2",
    ),
    EventPlan(
        "meeting_place",
        "Møteplass for nye leger: pizza og fagprat",
        "Uformell samling for LIS1 og nye ALIS-leger i regionen.",
        30,
        "Sarpsborg, Kulturhuset",
        40,
        "community",
    ),
)
