"""``manage.py seed_demo``: a realistic demo region with postings and demo logins.

Builds Helsefellesskapet Østfold: the health community, Sykehuset Østfold HF with four
hospitals and their departments, sixteen municipalities with their health services, about
ninety postings of every kind (published, a few closed, a few drafts), and one demo login
per persona. Staff get a TOTP authenticator with the documented demo secret.

Running it again changes nothing: organisations are keyed on slug, units on (organisation,
name), users on e-mail, postings on (employer, title). Posting texts are generated with a
fixed random seed, so the same rows come out every time; only the dates follow the clock.
"""

import hashlib
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from demo.activity import seed_activity
from demo.credentials import DEMO_PASSWORD, DEMO_TOTP_SECRET
from demo.hiring import seed_hiring_demo
from demo.reminders import seed_reminder_demo
from demo.tracks import seed_tracks_demo
from portal.models import Membership, Organisation, Unit, User
from recruitment.models import ContactPerson, Posting, PostingKind, Specialty

Kind = Organisation.Kind
Role = Membership.Role
Status = Posting.Status

SEED = 2026
COMMUNITY_SLUG = "helsefellesskapet-ostfold"
TRUST_SLUG = "sykehuset-ostfold-hf"
HOSPITAL_DOMAIN = "sykehuset-ostfold.no"
HOSPITAL_PHONE = "+47 69 86"
CLOSED_COUNT = 8
DRAFT_COUNT = 5


def norwegian_slug(text: str) -> str:
    """Slugify with Norwegian letters spelt out (Østfold → ostfold, not stfold)."""
    return slugify(ascii_norwegian(text))


def ascii_norwegian(text: str) -> str:
    return text.translate(str.maketrans({"æ": "ae", "Æ": "Ae", "ø": "o", "Ø": "O"}))


# --- Organisations ---------------------------------------------------------------------------

LARGE_MUNICIPALITY_UNITS = (
    "Legevakt",
    "Fastlegekontor sentrum",
    "Helsehuset / KAD",
    "Sykehjemsetaten",
    "Kommuneoverlegen",
    "Helsestasjon og skolehelsetjeneste",
)
MEDIUM_MUNICIPALITY_UNITS = (
    "Legevakt",
    "Fastlegekontor sentrum",
    "Sykehjemsetaten",
    "Kommuneoverlegen",
)
SMALL_MUNICIPALITY_UNITS = (
    "Legekontoret",
    "Sykehjemmet",
    "Kommuneoverlegen",
    "Helsestasjon og skolehelsetjeneste",
)


@dataclass(frozen=True)
class Place:
    """A municipality of the health community, with what newcomers ask about it."""

    key: str
    name: str
    centre: str
    domain: str
    phone: str
    units: tuple[str, ...]
    housing: str
    kindergarten: str
    commuting: str
    offers: str

    @property
    def slug(self) -> str:
        return f"{norwegian_slug(self.name)}-kommune"

    @property
    def org_name(self) -> str:
        return f"{self.name} kommune"


PLACES = (
    Place(
        "fredrikstad",
        "Fredrikstad",
        "Fredrikstad",
        "fredrikstad.kommune.no",
        "+47 69 30",
        (*LARGE_MUNICIPALITY_UNITS, "Fastlegekontor Gressvik"),
        "Fredrikstad har et variert boligmarked, fra leiligheter langs Glomma i sentrum til "
        "eneboliger på Kråkerøy og i Onsøy. En toroms leilighet leies typisk for 11 000–13 000 "
        "kr i måneden.",
        "Fredrikstad har full barnehagedekning, og nyansatte leger får hjelp til å finne plass "
        "også utenom hovedopptaket 1. mars.",
        "Tog til Oslo S tar om lag 1 time og 10 minutter, og ekspressbussen til Kalnes går hvert "
        "kvarter. Fergene over Glomma er gratis, og sentrum er lett å sykle i.",
        "Gamlebyen, skjærgården og et levende kulturliv langs elva, med konserter og festivaler "
        "hele sommeren.",
    ),
    Place(
        "sarpsborg",
        "Sarpsborg",
        "Sarpsborg",
        "sarpsborg.kommune.no",
        "+47 69 10",
        LARGE_MUNICIPALITY_UNITS,
        "Sarpsborg har rimelige boliger og nye boligfelt på Tindlund og i Tune, ti minutter fra "
        "Kalnes.",
        "Sarpsborg kommune gir barnehageplass til alle som søker innen fristen, og flere "
        "barnehager ligger langs veien til Kalnes.",
        "Kalnes ligger 10 minutter fra Sarpsborg sentrum og 20 minutter fra Fredrikstad. Det går "
        "buss fra begge byene, og tog til Oslo fra Sarpsborg stasjon (ca. 1 t 20 min).",
        "Sarpsfossen, Tunevannet og Borregaardparken, et stort idrettstilbud og kort vei til "
        "sjøen.",
    ),
    Place(
        "halden",
        "Halden",
        "Halden",
        "halden.kommune.no",
        "+47 69 17",
        LARGE_MUNICIPALITY_UNITS,
        "Halden har noen av regionens rimeligste boliger, med gamle trehus i Banken og nye "
        "leiligheter langs Tista.",
        "Barnehagedekningen i Halden er god, og kommunen tilbyr plass nær arbeidsstedet der det "
        "er mulig.",
        "E6 til Sarpsborg tar om lag 25 minutter og toget til Oslo 1 t 45 min. Svenskegrensen er "
        "ti minutter unna.",
        "Fredriksten festning, Haldenvassdraget og Iddefjorden, en høgskole og et aktivt "
        "kulturliv.",
    ),
    Place(
        "moss",
        "Moss",
        "Moss",
        "moss.kommune.no",
        "+47 69 24",
        LARGE_MUNICIPALITY_UNITS,
        "Moss og Jeløy har et attraktivt boligmarked med nye leiligheter ved Kanalen og "
        "eneboliger med sjøutsikt.",
        "Moss kommune har full barnehagedekning og søskenprioritet ved opptak.",
        "Tog til Oslo S på om lag 40 minutter, ferge Moss–Horten hver halvtime og E6 til Kalnes "
        "på 25 minutter.",
        "Jeløy med badestrender og turstier, Galleri F15 og et bysentrum ved sjøen.",
    ),
    Place(
        "indre_ostfold",
        "Indre Østfold",
        "Askim",
        "io.kommune.no",
        "+47 69 68",
        (
            "Legevakt",
            "Fastlegekontor Askim",
            "Fastlegekontor Mysen",
            "Helsehuset / KAD",
            "Sykehjemsetaten",
            "Kommuneoverlegen",
        ),
        "Indre Østfold har god tilgang på eneboliger og tomter i Askim, Mysen og Spydeberg, til "
        "priser langt under Oslo-nivå.",
        "Kommunen har barnehager i alle tettstedene og garanterer plass for barn av nyansatte "
        "leger.",
        "Østre linje gir tog til Oslo fra Askim (ca. 50 min) og Mysen. E18 går gjennom kommunen, "
        "og Kalnes nås på 35–45 minutter.",
        "Øyeren, Glomma og et åpent kulturlandskap, gode idrettslag og et aktivt foreningsliv.",
    ),
    Place(
        "rade",
        "Råde",
        "Karlshus",
        "rade.kommune.no",
        "+47 69 29",
        SMALL_MUNICIPALITY_UNITS,
        "Råde har rolige boligområder rundt Karlshus og langs kysten, midt mellom Moss og "
        "Fredrikstad.",
        "Små og trygge barnehager; plass tilbys som regel innen tre måneder.",
        "Med E6 er du på Kalnes på 20 minutter og i Moss på 15. Råde stasjon har tog mot Oslo.",
        "Kystlinje med Tasken og Oksenøya, golfbane og korte avstander til alt.",
    ),
    Place(
        "rakkestad",
        "Rakkestad",
        "Rakkestad",
        "rakkestad.kommune.no",
        "+47 69 22",
        SMALL_MUNICIPALITY_UNITS,
        "Rakkestad har rimelige eneboliger og tomter nær sentrum, og kommunen kan hjelpe med "
        "midlertidig bolig.",
        "Barnehageplass garanteres for nyansatte leger, også utenom hovedopptaket.",
        "Tog på Østre linje, og om lag 30 minutter med bil til Kalnes og Sarpsborg.",
        "Landlige omgivelser, flyplass for småfly og et nært lokalsamfunn med aktive lag og "
        "foreninger.",
    ),
    Place(
        "marker",
        "Marker",
        "Ørje",
        "marker.kommune.no",
        "+47 69 81",
        SMALL_MUNICIPALITY_UNITS,
        "Kommunen har egne utleieboliger i Ørje for nyansatte, og eneboliger kan kjøpes rimelig.",
        "Barnehagene i Ørje og Rødenes har ledig kapasitet gjennom året.",
        "E18 gir om lag 1 t 15 min til Oslo og 50 minutter til Kalnes; Sverige ligger rett over "
        "grensen.",
        "Haldenkanalen med slusene i Ørje, fiskevann og skog rett utenfor døra.",
    ),
    Place(
        "aremark",
        "Aremark",
        "Fosby",
        "aremark.kommune.no",
        "+47 69 19",
        SMALL_MUNICIPALITY_UNITS,
        "Aremark kommune stiller bolig til disposisjon for nyansatte leger det første året.",
        "Kommunens barnehage har plass til alle barn som søker, hele året.",
        "Om lag 35 minutter til Halden og 50 minutter til Kalnes; fleksibel arbeidstid gjør "
        "pendling enkelt.",
        "Østfolds minste kommune med rundt 1 300 innbyggere, Stora Le og store skoger – for deg "
        "som vil ha natur og ro.",
    ),
    Place(
        "skiptvet",
        "Skiptvet",
        "Skiptvet",
        "skiptvet.kommune.no",
        "+47 69 80",
        SMALL_MUNICIPALITY_UNITS,
        "Skiptvet har nye boligfelt nær sentrum og selger tomter direkte fra kommunen.",
        "Full barnehagedekning og korte avstander mellom barnehage, skole og legekontor.",
        "Om lag 20 minutter til Kalnes og Sarpsborg, og 25 minutter til Askim.",
        "Glomma, turløyper og et trygt oppvekstmiljø i en liten kommune.",
    ),
    Place(
        "valer",
        "Våler",
        "Kirkebygden",
        "valer-of.kommune.no",
        "+47 69 28",
        SMALL_MUNICIPALITY_UNITS,
        "Kirkebygden og Svinndal har boligfelt med eneboliger og rekkehus.",
        "Barnehageplass tilbys fortløpende gjennom året.",
        "15 minutter til Moss og om lag 30 minutter til Kalnes; tog fra Moss og Råde.",
        "Vansjø og Mosseskogen gir padling, bading og turer hele året.",
    ),
    Place(
        "hvaler",
        "Hvaler",
        "Skjærhalden",
        "hvaler.kommune.no",
        "+47 69 37",
        SMALL_MUNICIPALITY_UNITS,
        "Kommunen formidler helårsboliger og har en leilighet på Skjærhalden til leie for "
        "nyansatte leger.",
        "Barnehageplass er garantert, og barnehagene ligger nær legekontoret på Skjærhalden.",
        "Hvalertunnelen gir om lag 30 minutter til Fredrikstad sentrum; om sommeren går det også "
        "båtrute.",
        "Ytre Hvaler nasjonalpark, øyliv og en av landets mest solrike skjærgårder.",
    ),
    Place(
        "vestby",
        "Vestby",
        "Vestby",
        "vestby.kommune.no",
        "+47 64 98",
        MEDIUM_MUNICIPALITY_UNITS,
        "Vestby og Son har attraktive boligområder nær fjorden, med både leiligheter og "
        "eneboliger.",
        "Vestby kommune har full barnehagedekning og flere nye barnehager.",
        "Tog til Oslo S tar om lag 35 minutter; Moss og Kalnes nås med bil på 15 og 35 minutter.",
        "Son med kunstnerliv og sommerhavn, Hvitsten og Oslofjorden rett utenfor.",
    ),
    Place(
        "aurskog_holand",
        "Aurskog-Høland",
        "Bjørkelangen",
        "ahk.no",
        "+47 63 85",
        MEDIUM_MUNICIPALITY_UNITS,
        "Rimelige eneboliger i Bjørkelangen og Rømskog, og kommunen har utleieboliger for "
        "nyansatte.",
        "Barnehagetilbud i alle bygdene; kommunen prioriterer barn av nyansatte i helsetjenesten.",
        "Om lag 1 time til Oslo og 45 minutter til Ørje og Askim; vaktordningene er fleksible.",
        "Store skoger, fiskevann og Rømskog som porten mot Sverige.",
    ),
    Place(
        "as",
        "Ås",
        "Ås",
        "as.kommune.no",
        "+47 64 96",
        MEDIUM_MUNICIPALITY_UNITS,
        "Ås er en universitetsby med god tilgang på leiligheter og hybler.",
        "Full barnehagedekning, blant annet universitetsbarnehager med lang erfaring.",
        "Tog til Oslo S på om lag 20 minutter; E6 og E18 i nærheten.",
        "NMBU, grønne omgivelser og et ungt og internasjonalt miljø.",
    ),
    Place(
        "nordre_follo",
        "Nordre Follo",
        "Ski",
        "nordrefollo.kommune.no",
        "+47 66 81",
        (*MEDIUM_MUNICIPALITY_UNITS[:1], "Fastlegekontor Ski", *MEDIUM_MUNICIPALITY_UNITS[2:]),
        "Ski og Kolbotn har et stort boligtilbud, fra nye leiligheter ved Ski stasjon til "
        "eneboliger i Langhus.",
        "Kommunen har barnehageplass til alle og tilbyr plass nær bostedet.",
        "Follobanen tar deg fra Ski til Oslo S på 11 minutter, og det går buss mot Vestby og Moss.",
        "Kort vei til Oslo, Østmarka og Gjersjøen, og et aktivt idrettsliv.",
    ),
)
PLACE_BY_KEY = {place.key: place for place in PLACES}


@dataclass(frozen=True)
class Hospital:
    key: str
    name: str
    slug: str
    place: str
    location: str
    units: tuple[str, ...]
    about: str


HOSPITALS = (
    Hospital(
        "kalnes",
        "Sykehuset Østfold Kalnes",
        "sykehuset-ostfold-kalnes",
        "sarpsborg",
        "Kalnes, Sarpsborg",
        (
            "Medisinsk klinikk",
            "Kirurgisk klinikk",
            "Akuttmottak",
            "Klinikk for psykisk helsevern og rusbehandling",
            "Barne- og ungdomsklinikken",
            "Kvinneklinikken",
            "Ortopedisk avdeling",
            "Anestesiavdelingen",
        ),
        "Hovedsykehuset i Østfold, åpnet i 2015, med akuttmottak, sengeposter og de fleste "
        "spesialiteter samlet under ett tak.",
    ),
    Hospital(
        "moss_sh",
        "Sykehuset Østfold Moss",
        "sykehuset-ostfold-moss",
        "moss",
        "Moss",
        (
            "Medisinsk poliklinikk og dagbehandling",
            "Dagkirurgisk enhet",
            "Bildediagnostisk avdeling",
            "Avdeling for fysikalsk medisin og rehabilitering",
            "Distriktspsykiatrisk senter Moss",
        ),
        "Poliklinikk, dagkirurgi, bildediagnostikk, rehabilitering og DPS for den nordlige "
        "delen av opptaksområdet.",
    ),
    Hospital(
        "fredrikstad_dps",
        "Sykehuset Østfold Fredrikstad (Distriktspsykiatrisk senter)",
        "sykehuset-ostfold-fredrikstad",
        "fredrikstad",
        "Fredrikstad",
        (
            "Distriktspsykiatrisk senter Fredrikstad",
            "Barne- og ungdomspsykiatrisk poliklinikk (BUP)",
            "Avdeling for rusbehandling og avhengighet",
            "Alderspsykiatrisk poliklinikk",
            "Habiliteringstjenesten",
        ),
        "Psykisk helsevern for voksne, barn og unge, rusbehandling og habilitering i Fredrikstad.",
    ),
    Hospital(
        "halden_sh",
        "Sykehuset Østfold Halden",
        "sykehuset-ostfold-halden",
        "halden",
        "Halden",
        (
            "Distriktspsykiatrisk senter Halden",
            "Medisinsk poliklinikk Halden",
            "Poliklinikk for rehabilitering",
            "Barne- og ungdomspsykiatrisk poliklinikk Halden",
        ),
        "DPS, poliklinikker og rehabilitering for Halden og Aremark.",
    ),
)
HOSPITAL_BY_KEY = {hospital.key: hospital for hospital in HOSPITALS}

# --- Demo users --------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoUser:
    email: str
    full_name: str
    label: str
    organisation: str | None = None
    role: str | None = None
    superuser: bool = False

    @property
    def needs_mfa(self) -> bool:
        return self.role is not None or self.superuser


DEMO_USERS = (
    DemoUser(
        "coordinator@demo.legeportalen.no",
        "Ingrid Fossum",
        "Rekrutteringskoordinator (RKO), Helsefellesskapet Østfold",
        COMMUNITY_SLUG,
        Role.COORDINATOR,
    ),
    DemoUser(
        "rekrutterer@demo.legeportalen.no",
        "Kari Strand",
        "Rekrutterer, Sykehuset Østfold HF (alle sykehusene)",
        TRUST_SLUG,
        Role.RECRUITER,
    ),
    DemoUser(
        "kommune@demo.legeportalen.no",
        "Jonas Berg",
        "Rekrutterer, Fredrikstad kommune",
        PLACE_BY_KEY["fredrikstad"].slug,
        Role.RECRUITER,
    ),
    DemoUser(
        "kommuneoverlege@demo.legeportalen.no",
        "Siri Haugen",
        "Kommuneoverlege, Sarpsborg kommune",
        PLACE_BY_KEY["sarpsborg"].slug,
        Role.CHIEF_PHYSICIAN,
    ),
    DemoUser(
        "soker@demo.legeportalen.no",
        "Emma Solberg",
        "Søker (medisinstudent og LIS1-søker), ingen organisasjon",
    ),
    DemoUser(
        "admin@demo.legeportalen.no",
        "Ola Drift",
        "Administrator (Django admin på /admin/)",
        superuser=True,
    ),
)
# Who is recorded as the author of an employer's postings.
POSTING_AUTHORS = {
    Kind.HOSPITAL: "rekrutterer@demo.legeportalen.no",
    PLACE_BY_KEY["fredrikstad"].slug: "kommune@demo.legeportalen.no",
}

# --- Posting texts -----------------------------------------------------------------------------

SPECIALTY_NB = {
    Specialty.GENERAL_PRACTICE: "allmennmedisin",
    Specialty.INTERNAL_MEDICINE: "indremedisin",
    Specialty.SURGERY: "generell kirurgi",
    Specialty.ORTHOPAEDICS: "ortopedisk kirurgi",
    Specialty.ANAESTHESIOLOGY: "anestesiologi",
    Specialty.PSYCHIATRY: "psykiatri",
    Specialty.CHILD_PSYCHIATRY: "barne- og ungdomspsykiatri",
    Specialty.PAEDIATRICS: "barnesykdommer",
    Specialty.OBSTETRICS: "fødselshjelp og kvinnesykdommer",
    Specialty.RADIOLOGY: "radiologi",
    Specialty.NEUROLOGY: "nevrologi",
    Specialty.CARDIOLOGY: "hjertesykdommer",
    Specialty.EMERGENCY_MEDICINE: "akutt- og mottaksmedisin",
    Specialty.GERIATRICS: "geriatri",
    Specialty.ONCOLOGY: "onkologi",
    Specialty.PATHOLOGY: "patologi",
    Specialty.COMMUNITY_MEDICINE: "samfunnsmedisin",
    Specialty.OCCUPATIONAL_MEDICINE: "arbeidsmedisin",
    Specialty.ADDICTION_MEDICINE: "rus- og avhengighetsmedisin",
}

UNIT_TEXTS = {
    "Medisinsk klinikk": (
        "Medisinsk klinikk har seksjoner for hjerte, lunge, fordøyelse, nyre, infeksjon, "
        "endokrinologi, geriatri, nevrologi og kreft, med rundt 200 senger og et stort "
        "poliklinisk tilbud. Klinikken har felles vaktlag i mottaket og tett samarbeid med "
        "akuttmottaket."
    ),
    "Kirurgisk klinikk": (
        "Kirurgisk klinikk dekker gastrokirurgi, urologi, karkirurgi, bryst- og endokrin kirurgi "
        "og plastikkirurgi. Operasjonsstuene er moderne, og klinikken bruker robotassistert "
        "kirurgi innen urologi og gastrokirurgi."
    ),
    "Akuttmottak": (
        "Akuttmottaket tar imot rundt 45 000 pasienter i året fra hele Østfold og Vestby. Mottaket "
        "er organisert med triage, egne team for traume og hjerneslag og en åpen linje til "
        "legevaktene i kommunene."
    ),
    "Klinikk for psykisk helsevern og rusbehandling": (
        "Klinikken har akuttpsykiatriske sengeposter, sikkerhetspsykiatri, alderspsykiatri og "
        "rusbehandling på Kalnes, og samarbeider tett med DPS-ene i Fredrikstad, Moss, Halden "
        "og Askim."
    ),
    "Barne- og ungdomsklinikken": (
        "Barne- og ungdomsklinikken har barneavdeling, nyfødtintensiv og barnehabilitering, og "
        "har ansvar for rundt 70 000 barn og unge i opptaksområdet."
    ),
    "Kvinneklinikken": (
        "Kvinneklinikken har om lag 2 800 fødsler i året, gynekologisk sengepost og poliklinikk, "
        "og et eget svangerskapsteam som samarbeider med jordmortjenesten i kommunene."
    ),
    "Ortopedisk avdeling": (
        "Ortopedisk avdeling behandler brudd, slitasje, idrettsskader og håndskader. Avdelingen "
        "har fast traumeteam og et eget pasientforløp for hoftebrudd sammen med geriatrien."
    ),
    "Anestesiavdelingen": (
        "Anestesiavdelingen har ansvar for anestesi, intensivmedisin, smertebehandling og "
        "prehospital tjeneste, med tolv intensivsenger og en aktiv simuleringsgruppe."
    ),
    "Bildediagnostisk avdeling": (
        "Bildediagnostisk avdeling har CT, MR, ultralyd og konvensjonell røntgen. Radiologene i "
        "Moss og på Kalnes deler bildearkiv, vaktordning og fagmøter."
    ),
    "Avdeling for fysikalsk medisin og rehabilitering": (
        "Avdelingen gir tverrfaglig rehabilitering etter hjerneslag, skader og sykdom, og "
        "samarbeider godt med rehabiliteringstjenestene i kommunene."
    ),
    "Distriktspsykiatrisk senter Moss": (
        "DPS Moss har allmennpsykiatrisk poliklinikk, døgnenhet og ambulant akutteam for Moss, "
        "Våler, Råde og Vestby."
    ),
    "Distriktspsykiatrisk senter Fredrikstad": (
        "DPS Fredrikstad har allmennpsykiatrisk poliklinikk, døgnavdeling og et FACT-team i "
        "samarbeid med Fredrikstad og Hvaler kommuner."
    ),
    "Barne- og ungdomspsykiatrisk poliklinikk (BUP)": (
        "BUP Fredrikstad utreder og behandler barn og unge med psykiske vansker, og har egne team "
        "for spiseforstyrrelser, nevroutviklingsforstyrrelser og akutt ungdomspsykiatri."
    ),
    "Avdeling for rusbehandling og avhengighet": (
        "Avdelingen har poliklinikk, avrusning og legemiddelassistert rehabilitering (LAR), og "
        "arbeider tett med kommunenes rus- og psykiatritjenester."
    ),
    "Alderspsykiatrisk poliklinikk": (
        "Alderspsykiatrisk poliklinikk utreder demens og psykiske lidelser hos eldre, ofte i "
        "samarbeid med sykehjemslegene og hjemmetjenestene."
    ),
    "Distriktspsykiatrisk senter Halden": (
        "DPS Halden har poliklinikk, dagbehandling og ambulant team for Halden og Aremark, med "
        "kort vei til både pasienter og samarbeidspartnere."
    ),
    "Legevakt": (
        "{place} legevakt er døgnåpen, har egne sykepleiere, observasjonssenger og god tilgang "
        "på bakvakt, og samarbeider tett med AMK og akuttmottaket på Kalnes."
    ),
    "Fastlegekontor": (
        "Det kommunale fastlegekontoret i {location} har erfarne fastleger, dyktige "
        "helsesekretærer og eget laboratorium, og tar imot LIS1 og ALIS hvert år."
    ),
    "Legekontoret": (
        "{place} legekontor er et lite og oversiktlig kontor der legene kjenner pasientene og "
        "hverandre godt. Kontoret har eget laboratorium, akuttberedskap på dagtid og nært "
        "samarbeid med hjemmetjenesten."
    ),
    "Helsehuset / KAD": (
        "Helsehuset samler kommunal akutt døgnenhet (KAD), korttidsplasser og rehabilitering. "
        "Legene har tett kontakt med sykehuset og fastlegene, og pasientene er ofte eldre med "
        "sammensatte behov."
    ),
    "Sykehjemsetaten": (
        "Sykehjemsetaten i {place} har flere sykehjem med langtids-, korttids- og lindrende "
        "plasser. Sykehjemslegene har faste visittdager og et sterkt tverrfaglig miljø."
    ),
    "Kommuneoverlegen": (
        "Kommuneoverlegen har ansvar for smittevern, miljørettet helsevern, beredskap og "
        "medisinskfaglig rådgivning, og leder kommunens legetjeneste."
    ),
}
UNIT_FALLBACK = "{unit} er en del av {employer}."


@dataclass(frozen=True)
class KindTexts:
    intros: tuple[str, ...]
    bodies: tuple[str, ...]
    qualifications: tuple[str, ...]


KIND_TEXTS = {
    "summer_job": KindTexts(
        intros=(
            "{employer} søker medisinstudenter som sommervikarer ved {unit}. Du arbeider som "
            "lege under veiledning, med egne pasienter og mulighet til å prøve deg på vakt.",
            "Vil du bruke sommeren på å bli en tryggere kliniker? {unit} ved {employer} har "
            "ledige sommervikariater for medisinstudenter i ukene 25–33.",
            "Vi trenger sommervikarer! {unit} ved {employer} ansetter studenter med lisens i "
            "sommerferien, og vi legger stor vekt på god opplæring før første vakt.",
        ),
        bodies=(
            "Du får to introduksjonsdager med simulering og gjennomgang av rutiner, en fast "
            "fadder blant legene og en oppfølgingssamtale midt i perioden. Vi ønsker særlig "
            "velkommen studenter fra Østfold og studenter som studerer i utlandet.",
            "Arbeidet går i turnus med dag-, kveld- og helgevakter. Du har alltid en erfaren lege "
            "i bakvakt, og sommervikarene presenterer pasienter på morgenmøtet. Mange av dagens "
            "LIS-leger hos oss startet som sommervikarer.",
            "Du får lønn etter avtalen for studenter med lisens, hjelp til bolig i sommerperioden "
            "og et sosialt program for sommervikarene på tvers av sykehus og kommuner i "
            "helsefellesskapet.",
        ),
        qualifications=(
            "Medisinstudent som har fullført minst 4. studieår ved norsk lærested, eller "
            "tilsvarende ved utenlandsk universitet.\nLisens som medisinstudent fra "
            "Helsedirektoratet før tiltredelse.\nGode norskkunnskaper, muntlig og skriftlig.",
            "Fullført 5. studieår ved oppstart (studenter etter 4. år kan også søke).\n"
            "Studentlisens må være innvilget før første vakt.\nVi legger vekt på "
            "samarbeidsevner og interesse for faget.",
        ),
    ),
    "observership": KindTexts(
        intros=(
            "{unit} ved {employer} tilbyr hospitering for medisinstudenter og nyutdannede leger "
            "som vil bli kjent med fagfeltet og arbeidsplassen før de søker jobb.",
            "Er du nysgjerrig på hvordan det er å jobbe i {place}? Vi tar imot hospitanter ved "
            "{unit} i én til fire uker.",
        ),
        bodies=(
            "Du følger en fast lege gjennom arbeidsdagen, deltar på morgenmøter, visitter og "
            "poliklinikk, og får en avsluttende samtale om karrieremuligheter i Østfold. "
            "Hospiteringen er ulønnet, men vi dekker reise og overnatting for studenter som "
            "studerer i utlandet.",
            "Programmet settes opp etter dine ønsker og kan kombineres med hospitering i en annen "
            "del av helsefellesskapet, slik at du ser hele pasientforløpet. Hospitanter signerer "
            "taushetserklæring og får eget adgangskort.",
        ),
        qualifications=(
            "Medisinstudent (minst 3. studieår) eller nyutdannet lege.\nTaushetserklæring ved "
            "oppstart.",
            "Åpen for medisinstudenter i Norge og i utlandet.\nSkriv kort om hva du ønsker å "
            "lære, og hvilke uker som passer.",
        ),
    ),
    "lis0": KindTexts(
        intros=(
            "{employer} søker medisinstudenter med lisens til vikariater ved {unit}. Stillingene "
            "passer godt ved siden av studiene.",
            "Vi ønsker å knytte til oss studenter med begrenset lisens som kan ta vakter ved "
            "{unit} gjennom semesteret, først og fremst kvelder og helger.",
        ),
        bodies=(
            "Du arbeider selvstendig innenfor klare rammer og har alltid en lege i bakvakt som "
            "svarer på telefon og kommer ved behov. Vi tilpasser vaktene etter eksamensperiodene, "
            "og du får en fadder de første vaktene.",
            "Stillingen gir god erfaring med akutte problemstillinger, journalføring og samarbeid "
            "med sykepleiere. Vaktplanen settes opp fire uker av gangen, og du melder selv inn "
            "hvilke vakter du kan ta.",
        ),
        qualifications=(
            "Medisinstudent med lisens fra Helsedirektoratet (begrenset lisens).\nFullført minst "
            "4. studieår.\nGode norskkunnskaper.",
            "Begrenset lisens som medisinstudent, eller innvilget lisens før oppstart.\nErfaring "
            "som sommervikar er en fordel, men ikke et krav.",
        ),
    ),
    "lis1_hospital": KindTexts(
        intros=(
            "Sykehuset Østfold HF har ledige stillinger som lege i spesialisering del 1 (LIS1) "
            "med tjeneste ved {employer}. Tjenesten er 12 måneder i sykehus, etterfulgt av 6 "
            "måneder i en av kommunene i opptaksområdet.",
            "Vi søker nyutdannede leger til LIS1 ved {unit}, {employer}. Du får et strukturert "
            "første år med indremedisin, kirurgi og psykiatri, og et godt fellesskap med de "
            "andre LIS1-legene.",
        ),
        bodies=(
            "Alle LIS1 får oppnevnt veileder, deltar i felles internundervisning hver uke og har "
            "faste supervisjonsmøter. Du får vite hvilken kommune du skal til så tidlig som "
            "mulig, og en fadder fra forrige LIS1-kull tar imot deg.",
            "Tjenesten er organisert med rotasjon mellom sengepost, poliklinikk og akuttmottak. "
            "Vaktordningen har gode hvileordninger, og du går ikke alene i vakt de første ukene. "
            "LIS1 får simuleringstrening i akutte tilstander sammen med sykepleiere.",
        ),
        qualifications=(
            "Norsk autorisasjon som lege (eller innvilget før tiltredelse) og rett til å starte "
            "LIS1.\nGode norskkunnskaper, muntlig og skriftlig.\nVi legger vekt på personlig "
            "egnethet, samarbeidsevner og lokal tilknytning til regionen, etter våre "
            "publiserte prioriteringskriterier.",
            "Fullført medisinsk embetseksamen og norsk autorisasjon før oppstart.\nSøkere som "
            "ikke tidligere har hatt LIS1-stilling.\nLokal tilknytning til Østfold eller Vestby "
            "vektlegges (oppvekst, familie, sommerjobb eller hospitering i regionen).",
        ),
    ),
    "lis1_municipality": KindTexts(
        intros=(
            "{employer} har ledig LIS1-stilling i 6 måneder i kommunehelsetjenesten. Du får "
            "tjeneste ved {unit}, med fastlegepraksis, legevakt og sykehjem.",
            "Vil du se allmennmedisin på sitt beste? {place} tar imot LIS1 i kommunedelen av "
            "spesialiseringen og legger stor vekt på veiledning og variasjon.",
        ),
        bodies=(
            "Du får egen pasientliste med oppfølging fra en erfaren allmennlege som veileder, en "
            "time fast veiledning i uken og deltar i legevakt i interkommunalt samarbeid. "
            "Kommunen dekker kurset i offentlig helsearbeid.",
            "Legekontoret har et stabilt legeteam med spesialister i allmennmedisin. LIS1 deltar "
            "i sykehjemsvisitter, helsestasjon og legevakt og får prøve seg på alle sider av "
            "arbeidet som allmennlege. Flere av våre fastleger startet som LIS1 her.",
            "Kommunen deltar i helsefellesskapets ordning for koblede stillinger: LIS1 som ønsker "
            "videre løp i allmennmedisin, kan bli invitert til samtale og besøk om en "
            "ALIS-stilling allerede i sykehusåret.",
        ),
        qualifications=(
            "Fullført sykehusdelen av LIS1 (12 måneder) før oppstart.\nNorsk autorisasjon som "
            "lege.\nFørerkort klasse B, da tjenesten omfatter sykebesøk og legevakt.",
            "LIS1 som har fullført sykehusdelen.\nGode norskkunnskaper og interesse for "
            "allmennmedisin.\nFørerkort klasse B.",
        ),
    ),
    "lis2_3": KindTexts(
        intros=(
            "{unit} ved {employer} har ledig fast stilling for lege i spesialisering (LIS2/LIS3) "
            "i {specialty}.",
            "Vi søker en engasjert lege i spesialisering i {specialty}. Stillingen er fast og "
            "knyttet til {unit} ved {employer}.",
        ),
        bodies=(
            "Du får individuell utdanningsplan, fast veileder og systematisk supervisjon. "
            "Avdelingen har et godt utdanningsmiljø med ukentlig internundervisning, og vi legger "
            "til rette for at du når alle læringsmålene på normert tid, inkludert nødvendig "
            "tjeneste ved Oslo universitetssykehus.",
            "Vaktordningen er i dag firedelt med tilstedevakt. Vi har et utdanningsutvalg med "
            "LIS-representanter, og du får tid til kurs, forskning og forbedringsarbeid. "
            "Sykehusets forskningsavdeling hjelper deg i gang om du ønsker det.",
            "Avdelingen har god spesialistdekning og en flat struktur der LIS og overleger jobber "
            "tett sammen. Vi ønsker søkere som vil bli i regionen over tid, og tilbyr fleksible "
            "løsninger for familier med små barn.",
        ),
        qualifications=(
            "Norsk autorisasjon som lege og fullført LIS1 eller tilsvarende.\nErfaring fra faget "
            "er en fordel.\nGode norskkunnskaper, muntlig og skriftlig.\nVi legger vekt på faglig "
            "engasjement, samarbeidsevner og personlig egnethet.",
            "Godkjent del 1 av spesialistutdanningen (LIS1) eller tilsvarende turnustjeneste.\n"
            "Ønske om å fullføre spesialiseringen ved Sykehuset Østfold.\nGod "
            "kommunikasjonsevne på norsk.",
        ),
    ),
    # Every ALIS body speaks of "allmennlege" and "allmennleger": the board's Norwegian
    # full-text search must find these postings by either word.
    "alis": KindTexts(
        intros=(
            "{employer} søker lege i spesialisering i allmennmedisin (ALIS). Du blir fastlege "
            "ved {unit} med egen pasientliste og et komplett utdanningsløp fram til spesialist.",
            "Vil du bli spesialist i allmennmedisin i {place}? Kommunen tilbyr ALIS-avtale med "
            "fastlønn, veiledning og fri til kurs.",
        ),
        bodies=(
            "Du får en fast veileder som er spesialist i allmennmedisin, og deltar i "
            "veiledningsgruppe med andre ALIS i Østfold. Kontoret har fem allmennleger og en "
            "erfaren gruppe helsesekretærer, og du bygger opp listen gradvis. Målet er at du skal "
            "bli en trygg og selvstendig allmennlege – og at du blir værende.",
            "ALIS-avtalen gir fastlønn de første fem årene, dekning av obligatoriske kurs, fri til "
            "sykehustjenesten og trygg inntekt mens listen bygges opp. Kollegene dine er erfarne "
            "allmennleger som har veiledet mange fram til spesialist, og hver allmennlege på "
            "kontoret setter av tid til å drøfte pasienter med deg.",
            "Tjenesten omfatter fastlegepraksis med redusert liste, kommunale oppgaver i sykehjem "
            "eller helsestasjon og legevakt etter avtale. Kommunen samarbeider med Sykehuset "
            "Østfold om den obligatoriske sykehustjenesten. Vi har gode erfaringer med å "
            "rekruttere allmennleger gjennom LIS1 og koblede stillinger, og vil at du som "
            "allmennlege i utdanning skal føle deg hjemme hos oss.",
        ),
        qualifications=(
            "Norsk autorisasjon som lege og fullført LIS1 (eller tilsvarende turnus).\nØnske om å "
            "bli spesialist i allmennmedisin.\nFørerkort klasse B.\nGode norskkunnskaper; du må "
            "kunne kommunisere godt med pasienter i alle aldre.",
            "Fullført LIS1 eller tilsvarende.\nErfaring fra allmennmedisin eller legevakt er en "
            "fordel.\nPersonlig egnethet vektlegges, og lokal tilknytning er et pluss.",
        ),
    ),
    "consultant": KindTexts(
        intros=(
            "{unit} ved {employer} har ledig fast stilling som overlege i {specialty}.",
            "Vi søker overlege i {specialty} som vil være med på å utvikle fagfeltet og utdanne "
            "neste generasjon spesialister ved {employer}.",
        ),
        bodies=(
            "Du blir del av et kollegium med god faglig bredde, deltar i bakvakt og har avsatt tid "
            "til veiledning av LIS. Avdelingen driver aktivt kvalitets- og forbedringsarbeid og "
            "har gode muligheter for fagutvikling og forskning.",
            "Vaktbelastningen er moderat med hjemmevakt, og vi legger til rette for fordypning i "
            "ditt eget interessefelt. Sykehuset gir permisjon til videreutdanning og fagkurs "
            "etter avtale.",
        ),
        qualifications=(
            "Norsk godkjenning som spesialist i {specialty}.\nErfaring fra tilsvarende stilling "
            "er ønskelig.\nGode norskkunnskaper, muntlig og skriftlig.",
            "Spesialist i {specialty}, eller nær ferdig spesialist (tilsetting som LIS fram til "
            "godkjenning).\nInteresse for veiledning og undervisning.",
        ),
    ),
    "combined": KindTexts(
        intros=(
            "Dette er en kombinasjonsstilling der arbeidstiden deles mellom sykehus og kommune. "
            "Du ansettes ved {employer} ({unit}), og partnerne i Helsefellesskapet Østfold har "
            "avtalt fordelingen av arbeidstid, vakt og veiledning.",
            "Vil du jobbe på begge sider av samhandlingen? Helsefellesskapet Østfold oppretter "
            "kombinerte stillinger mellom sykehus og kommune, og denne stillingen har "
            "hovedarbeidssted ved {unit}, {employer}.",
        ),
        bodies=(
            "Typisk fordeling er 50/50 mellom arbeidsstedene, med faste dager hvert sted. Du får "
            "innsikt i hele pasientforløpet og blir en viktig brobygger i arbeidet med "
            "pasientflyt, utskrivningsklare pasienter og felles prosedyrer.",
            "Stillingen passer både for spesialister og for leger i spesialisering som ønsker en "
            "bred klinisk hverdag. Du har én arbeidsgiver, én arbeidsavtale og én nærmeste leder, "
            "men kolleger begge steder.",
        ),
        qualifications=(
            "Norsk autorisasjon som lege, gjerne spesialist eller lege i spesialisering i "
            "relevant fag.\nErfaring fra både kommune og sykehus er en fordel.\nFørerkort "
            "klasse B.",
            "Autorisasjon som lege og minst to års klinisk erfaring.\nInteresse for samhandling, "
            "kvalitetsarbeid og pasientforløp på tvers av nivåene.",
        ),
    ),
    "other": KindTexts(
        intros=(
            "{employer} har ledig stilling ved {unit}.",
            "Vi søker en lege som vil være med på å utvikle legetjenesten i {place}.",
        ),
        bodies=(
            "Kommunen tilbyr gode betingelser, ordnet arbeidstid og godt tverrfaglig samarbeid. "
            "Alle nyansatte leger får fadder og et introduksjonsprogram de første ukene.",
            "Du blir del av et stabilt legemiljø med faste fagmøter og deltar i "
            "kommuneoverlegeforum og nettverkene i helsefellesskapet.",
        ),
        qualifications=(
            "Norsk autorisasjon som lege.\nGode norskkunnskaper, muntlig og skriftlig.\n"
            "Førerkort klasse B.",
            "Norsk autorisasjon som lege og relevant klinisk erfaring.\nVi legger vekt på "
            "personlig egnethet.",
        ),
    ),
}

COUPLED_TRACK_NOTE = (
    "Sykehuset deltar i helsefellesskapets ordning for koblede stillinger: inntil halvparten av "
    "LIS1-stillingene kan kobles til en senere ALIS- eller LIS3-stilling i en kommune. Vi kan "
    "ikke love deg en koblet stilling gjennom denne utlysningen, men ber deg i søknaden oppgi om "
    "du foretrekker videre løp i sykehus eller i allmennmedisin, og intervjuet vil også handle "
    "om dette."
)
PUBLIC_APPLICANT_LIST_NOTE = (
    "Søkere må være oppmerksomme på at opplysninger om søkeren kan bli offentliggjort selv om "
    "søkeren har bedt om ikke å bli oppført på søkerlisten (offentleglova § 25). Spørsmål om "
    "stillingen rettes til kontaktpersonene."
)

HOSPITAL_HOUSING = (
    "Sykehuset hjelper deg med å leie møblert leilighet de første tre månedene.",
    "Sykehuset har avtale med lokale utleiere og kan formidle bolig før du starter.",
    "Boligprisene er langt lavere enn i Oslo, og HR hjelper nyansatte med visninger.",
)
MUNICIPAL_HOUSING = (
    "Kommunen har egne utleieboliger for nyansatte leger til rimelig husleie.",
    "Kommunen kan hjelpe med midlertidig bolig mens du finner noe permanent.",
    "Nyansatte leger får tilbud om startlån og hjelp fra kommunens boligkontor.",
)
STUDENT_HOUSING = (
    "Vi formidler hybler for sommervikarer og studenter med lisens, gjerne i bofellesskap med "
    "andre medisinstudenter.",
    "Studenter som trenger bosted får hjelp til korttidsleie i nærheten av arbeidsstedet.",
)
OBSERVER_HOUSING = (
    "Hospitanter som studerer i utlandet får dekket overnatting på hotell nær arbeidsstedet."
)
REGION_EXTRAS = (
    "Helsefellesskapet Østfold arrangerer informasjonsmøter før hver søknadsfrist og en felles "
    "karrieredag for LIS1.",
    "Nyansatte får fadder og blir invitert til sosiale treff for unge leger i Østfold.",
    "Her kan du ta hele utdanningsløpet – fra sommerjobb og LIS1 til overlege eller fastlege.",
)

FIRST_NAMES = (
    "Anne", "Kari", "Ingrid", "Marte", "Silje", "Hanne", "Nina", "Line", "Camilla", "Ida",
    "Maria", "Tone", "Elisabeth", "Hilde", "Sara", "Amina", "Ewa", "Lars", "Ole", "Per",
    "Erik", "Jon", "Thomas", "Anders", "Martin", "Kristian", "Magnus", "Henrik", "Jørgen",
    "Espen", "Håkon", "Sindre", "Ahmed", "Piotr", "Mohammad",
)  # fmt: skip
LAST_NAMES = (
    "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen",
    "Jensen", "Karlsen", "Johnsen", "Pettersen", "Eriksen", "Berg", "Hagen", "Bakke", "Strand",
    "Lie", "Moen", "Dahl", "Lund", "Halvorsen", "Sørensen", "Jacobsen", "Holm", "Rød",
    "Fossum", "Thorsen", "Kowalski", "Ali", "Østby", "Bråten",
)  # fmt: skip
HOSPITAL_LEADERS = ("Avdelingssjef", "Seksjonsleder", "Seksjonsoverlege", "Klinikksjef")
HOSPITAL_HELPERS = ("Utdanningsansvarlig overlege", "HR-rådgiver", "Rekrutteringsrådgiver")
MUNICIPAL_LEADERS = ("Kommuneoverlege", "Fagleder legetjenesten", "Virksomhetsleder helse")
MUNICIPAL_HELPERS = ("Daglig leder, legekontoret", "Enhetsleder", "HR-rådgiver")

# --- Postings ----------------------------------------------------------------------------------

GP = Specialty.GENERAL_PRACTICE
DEFAULT = "kind default"


@dataclass(frozen=True)
class Row:
    """One posting: employer key (hospital key or place key), unit, title and summary."""

    employer: str
    unit: str
    title: str
    summary: str
    specialty: str = Specialty.NONE
    posts: int = 1
    duration: int | str | None = DEFAULT
    details: str = ""


ROWS: dict[str, tuple[Row, ...]] = {
    PostingKind.SUMMER_JOB: (
        Row(
            "kalnes",
            "Medisinsk klinikk",
            "Sommervikar for medisinstudenter – Medisinsk klinikk",
            "Medisinstudenter etter 4. studieår får sommerjobb med egne pasienter på sengepost "
            "og i mottak, med fadder og tett oppfølging.",
            posts=8,
        ),
        Row(
            "kalnes",
            "Kirurgisk klinikk",
            "Sommerjobb i Kirurgisk klinikk",
            "Bli med i det kirurgiske teamet på Kalnes i sommer: innleggelser, postarbeid og "
            "assistanse på operasjonsstua.",
            posts=5,
        ),
        Row(
            "kalnes",
            "Akuttmottak",
            "Sommervikar i akuttmottaket",
            "Ta imot pasienter sammen med erfarne mottaksleger i et av landets travleste "
            "akuttmottak.",
            posts=4,
        ),
        Row(
            "kalnes",
            "Ortopedisk avdeling",
            "Sommerjobb for medisinstudenter i ortopedi",
            "Brudd, gips og poliklinikk – sommerjobb for studenter som vil lære praktisk ortopedi.",
            posts=3,
        ),
        Row(
            "kalnes",
            "Barne- og ungdomsklinikken",
            "Sommervikar i Barne- og ungdomsklinikken",
            "Sommervikariat ved barneavdelingen, med undervisning i akutt pediatri før første "
            "vakt.",
            posts=2,
        ),
        Row(
            "kalnes",
            "Klinikk for psykisk helsevern og rusbehandling",
            "Sommervikar i akuttpsykiatrien",
            "Medisinstudenter med interesse for psykiatri får sommerjobb ved akuttpsykiatrisk "
            "seksjon, med daglig supervisjon.",
            posts=3,
        ),
        Row(
            "moss_sh",
            "Avdeling for fysikalsk medisin og rehabilitering",
            "Sommerjobb i rehabilitering – Moss",
            "Sommerjobb for medisinstudenter i en rolig og lærerik rehabiliteringsavdeling ved "
            "sjøen i Moss.",
            posts=2,
        ),
        Row(
            "fredrikstad_dps",
            "Distriktspsykiatrisk senter Fredrikstad",
            "Sommervikar ved DPS Fredrikstad",
            "Sommervikariat ved døgnavdelingen på DPS Fredrikstad – for studenter som vil se "
            "psykiatrien fra innsiden.",
            posts=2,
        ),
        Row(
            "fredrikstad",
            "Helsehuset / KAD",
            "Sommervikar ved Helsehuset Fredrikstad (KAD)",
            "Arbeid ved kommunal akutt døgnenhet sammen med erfarne kommuneleger – en god "
            "innføring i kommunal akuttmedisin.",
            posts=3,
        ),
        Row(
            "halden",
            "Legevakt",
            "Sommervikar ved Halden legevakt",
            "Kvelds- og helgevakter ved Halden legevakt for medisinstudenter med lisens, alltid "
            "med lege i bakvakt.",
            posts=4,
        ),
        Row(
            "indre_ostfold",
            "Sykehjemsetaten",
            "Sommerjobb som student med lisens i sykehjem",
            "Sommerjobb som tilsynslegevikar på sykehjemmene i Askim og Mysen, med fast veileder "
            "blant sykehjemslegene.",
            posts=3,
        ),
    ),
    PostingKind.OBSERVERSHIP: (
        Row(
            "kalnes",
            "Anestesiavdelingen",
            "Hospitering i anestesi og intensivmedisin",
            "Én til fire ukers hospitering på operasjonsstua og intensiv for medisinstudenter "
            "som vurderer anestesi.",
            posts=2,
        ),
        Row(
            "kalnes",
            "Kvinneklinikken",
            "Hospitering ved føde- og barselavdelingen",
            "Bli kjent med fødeavdelingen på Kalnes gjennom hospitering sammen med en fast lege "
            "og jordmor.",
            posts=2,
        ),
        Row(
            "kalnes",
            "Akuttmottak",
            "Hospitering for medisinstudenter i utlandet",
            "Studerer du i utlandet? Vi tilbyr hospiteringsuker i akuttmottaket og hjelp med "
            "reise og overnatting.",
            posts=4,
        ),
        Row(
            "sarpsborg",
            "Fastlegekontor sentrum",
            "Hospitering hos fastlege i Sarpsborg",
            "Følg en allmennlege gjennom arbeidsdagen og se hvordan fastlegen følger pasientene "
            "over tid.",
            specialty=GP,
            posts=2,
        ),
        Row(
            "rakkestad",
            "Legekontoret",
            "Hospitering ved Rakkestad legekontor",
            "Hospitering i en bygdekommune med nært kollegafellesskap, legevakt og sykehjem – "
            "for deg som vurderer distriktsmedisin.",
            specialty=GP,
        ),
        Row(
            "fredrikstad_dps",
            "Barne- og ungdomspsykiatrisk poliklinikk (BUP)",
            "Hospitering i barne- og ungdomspsykiatri",
            "En uke med utredning, familiesamtaler og tverrfaglige møter ved BUP Fredrikstad.",
            specialty=Specialty.CHILD_PSYCHIATRY,
        ),
    ),
    PostingKind.LIS0: (
        Row(
            "kalnes",
            "Medisinsk klinikk",
            "Student med lisens (LIS0) – helgevakter i Medisinsk klinikk",
            "Helgevakter for studenter med begrenset lisens på medisinske sengeposter, med fast "
            "bakvakt og fadder.",
            posts=6,
            duration=6,
        ),
        Row(
            "kalnes",
            "Kirurgisk klinikk",
            "LIS0 i Kirurgisk klinikk – kveld og helg",
            "Tilkallingsvikariater for studenter med lisens i kirurgisk vaktlag, fleksibelt rundt "
            "eksamen.",
            posts=4,
            duration=6,
        ),
        Row(
            "kalnes",
            "Klinikk for psykisk helsevern og rusbehandling",
            "LIS0 i psykisk helsevern – tilkallingsvikar",
            "Studenter med lisens tar vakter på døgnpostene i psykisk helsevern, med erfaren "
            "psykiater i bakvakt.",
            posts=3,
            duration=12,
        ),
        Row(
            "moss_sh",
            "Distriktspsykiatrisk senter Moss",
            "Student med lisens ved DPS Moss",
            "Vakter ved døgnenheten på DPS Moss for studenter med lisens som vil lære psykiatri i "
            "praksis.",
            posts=2,
            duration=6,
        ),
        Row(
            "fredrikstad",
            "Legevakt",
            "Student med lisens ved Fredrikstad legevakt",
            "LIS0-vakter ved en av Østfolds største legevakter, alltid sammen med erfaren "
            "legevaktlege.",
            posts=5,
            duration=6,
        ),
        Row(
            "moss",
            "Legevakt",
            "LIS0 ved Moss legevakt – kveld og helg",
            "Kvelds- og helgevakter for studenter med lisens ved Moss interkommunale legevakt.",
            posts=3,
            duration=3,
        ),
        Row(
            "sarpsborg",
            "Sykehjemsetaten",
            "Student med lisens – vikar i sykehjem",
            "Deltidsvikariat som student med lisens ved sykehjemmene i Sarpsborg, med faste "
            "visittdager og veileder.",
            posts=2,
            duration=12,
        ),
    ),
    PostingKind.LIS1: (
        Row(
            "kalnes",
            "Medisinsk klinikk",
            "LIS1 ved Sykehuset Østfold Kalnes",
            "LIS1 med 12 måneder i sykehus (indremedisin, kirurgi og psykiatri) og 6 måneder i "
            "en av kommunene i helsefellesskapet.",
            posts=12,
        ),
        Row(
            "kalnes",
            "Kirurgisk klinikk",
            "LIS1 med mulighet for koblet ALIS-løp i kommune",
            "LIS1 der du kan oppgi interesse for videre løp i allmennmedisin; kommunene i "
            "Østfold kan invitere deg til samtale om ALIS.",
            posts=6,
            details="Stillingene inngår i ordningen med koblede stillinger etter modell av "
            "Helgelandslegen. Kandidater som samtykker i å dele profilen sin med kommunene, kan "
            "bli invitert til intervju, besøk og samtale om vilkår i de deltakende kommunene når "
            "LIS1-tilsettingene er klare. Lokal tilknytning prioriteres.",
        ),
        Row(
            "kalnes",
            "Klinikk for psykisk helsevern og rusbehandling",
            "LIS1 med psykiatritjeneste",
            "LIS1 der en større del av sykehusåret gjennomføres i psykisk helsevern, etterfulgt "
            "av kommunetjeneste.",
            posts=4,
        ),
        Row(
            "kalnes",
            "Akuttmottak",
            "LIS1 med akuttmedisinsk profil",
            "LIS1 med tjeneste i akuttmottaket og på medisinsk sengepost, for deg som vil bli "
            "trygg på akutte tilstander.",
            posts=4,
        ),
        Row(
            "fredrikstad",
            "Fastlegekontor sentrum",
            "LIS1 i kommunehelsetjenesten – Fredrikstad",
            "Seks måneder som LIS1 ved kommunalt legekontor i Fredrikstad sentrum, med legevakt "
            "og sykehjem.",
            posts=4,
        ),
        Row(
            "sarpsborg",
            "Fastlegekontor sentrum",
            "LIS1 i kommunehelsetjenesten – Sarpsborg",
            "Kommunedelen av LIS1 ved et sentrumsnært legekontor i Sarpsborg, tett på sykehuset "
            "og med et sterkt veiledningsmiljø.",
            posts=3,
        ),
        Row(
            "halden",
            "Fastlegekontor sentrum",
            "LIS1 i Halden kommune",
            "LIS1 i Halden med fastlegepraksis, legevakt og helsestasjon – i en kommune som vil "
            "beholde deg.",
            posts=2,
        ),
        Row(
            "moss",
            "Fastlegekontor sentrum",
            "LIS1 i kommunehelsetjenesten – Moss",
            "Kommunedelen av LIS1 i Moss, med fastlegepraksis ved sjøen og vakter ved Moss "
            "legevakt.",
            posts=3,
        ),
        Row(
            "indre_ostfold",
            "Fastlegekontor Mysen",
            "LIS1 i Indre Østfold kommune",
            "LIS1 ved legekontoret i Mysen, med legevakt i Askim og variert arbeid i en stor "
            "landkommune.",
            posts=2,
        ),
        Row(
            "rade",
            "Legekontoret",
            "LIS1 ved Råde legekontor",
            "En LIS1-stilling i et lite legekontor der du blir sett, med erfaren veileder og korte "
            "avstander.",
        ),
        Row(
            "rakkestad",
            "Legekontoret",
            "LIS1 i Rakkestad kommune",
            "LIS1 i en bygdekommune med stort spenn i pasientgrunnlaget og god oppfølging fra "
            "kommuneoverlegen.",
        ),
        Row(
            "valer",
            "Legekontoret",
            "LIS1 ved Våler legekontor",
            "Kommunedelen av LIS1 i Våler, midt mellom Moss og Kalnes, med sykehjem og legevakt "
            "i samarbeid med Moss.",
        ),
        Row(
            "hvaler",
            "Legekontoret",
            "LIS1 på Hvaler",
            "LIS1 i skjærgårdskommunen Hvaler, med variert allmennpraksis og store "
            "sesongvariasjoner i pasientgrunnlaget.",
        ),
        Row(
            "vestby",
            "Fastlegekontor sentrum",
            "LIS1 i Vestby kommune",
            "LIS1 i Vestby med kort vei til Oslo og Moss, i et legekontor med fem spesialister i "
            "allmennmedisin.",
            posts=2,
        ),
    ),
    PostingKind.LIS2_3: (
        Row(
            "kalnes",
            "Medisinsk klinikk",
            "LIS2/3 i indremedisin",
            "Fast stilling som LIS i indremedisin med rotasjon mellom seksjonene og strukturert "
            "veiledning.",
            Specialty.INTERNAL_MEDICINE,
            posts=2,
        ),
        Row(
            "kalnes",
            "Medisinsk klinikk",
            "LIS2/3 i hjertesykdommer",
            "Utdanningsstilling i kardiologi med ekkokardiografi, PCI-samarbeid og "
            "pacemakerpoliklinikk.",
            Specialty.CARDIOLOGY,
        ),
        Row(
            "kalnes",
            "Medisinsk klinikk",
            "LIS2/3 i geriatri",
            "Bli geriater i en seksjon som samarbeider tett med kommunenes sykehjem og helsehus.",
            Specialty.GERIATRICS,
        ),
        Row(
            "kalnes",
            "Medisinsk klinikk",
            "LIS2/3 i nevrologi",
            "LIS i nevrologi med slagenhet, trombolyse og poliklinikk for epilepsi og MS.",
            Specialty.NEUROLOGY,
        ),
        Row(
            "kalnes",
            "Kirurgisk klinikk",
            "LIS2/3 i generell kirurgi",
            "LIS i generell kirurgi med høyt operasjonsvolum og tidlig selvstendighet under "
            "veiledning.",
            Specialty.SURGERY,
            posts=2,
        ),
        Row(
            "kalnes",
            "Ortopedisk avdeling",
            "LIS2/3 i ortopedisk kirurgi",
            "Ortopedisk utdanningsstilling med traumatologi, proteser og idrettsskader.",
            Specialty.ORTHOPAEDICS,
        ),
        Row(
            "kalnes",
            "Anestesiavdelingen",
            "LIS2/3 i anestesiologi",
            "Anestesi, intensiv og smerte – LIS-stilling i en avdeling med egen simuleringsgruppe.",
            Specialty.ANAESTHESIOLOGY,
            posts=2,
        ),
        Row(
            "kalnes",
            "Barne- og ungdomsklinikken",
            "LIS2/3 i barnesykdommer",
            "LIS i pediatri med nyfødtintensiv, barnepoliklinikk og samarbeid med helsestasjonene.",
            Specialty.PAEDIATRICS,
        ),
        Row(
            "kalnes",
            "Kvinneklinikken",
            "LIS2/3 i fødselshjelp og kvinnesykdommer",
            "Utdanningsstilling i gynekologi og obstetrikk ved en av landets største "
            "fødeavdelinger utenfor universitetssykehusene.",
            Specialty.OBSTETRICS,
        ),
        Row(
            "kalnes",
            "Akuttmottak",
            "LIS2/3 i akutt- og mottaksmedisin",
            "Bli spesialist i den nye spesialiteten akutt- og mottaksmedisin i et moderne "
            "akuttmottak.",
            Specialty.EMERGENCY_MEDICINE,
        ),
        Row(
            "kalnes",
            "Klinikk for psykisk helsevern og rusbehandling",
            "LIS2/3 i psykiatri",
            "LIS i psykiatri med tjeneste i akuttpsykiatri, sikkerhetspsykiatri og DPS.",
            Specialty.PSYCHIATRY,
            posts=2,
        ),
        Row(
            "moss_sh",
            "Bildediagnostisk avdeling",
            "LIS2/3 i radiologi",
            "Radiologi-LIS med CT, MR og ultralyd, i et felles fagmiljø mellom Moss og Kalnes.",
            Specialty.RADIOLOGY,
        ),
        Row(
            "fredrikstad_dps",
            "Barne- og ungdomspsykiatrisk poliklinikk (BUP)",
            "LIS2/3 i barne- og ungdomspsykiatri",
            "Utdanningsstilling i barne- og ungdomspsykiatri med egne team for "
            "spiseforstyrrelser og nevroutvikling.",
            Specialty.CHILD_PSYCHIATRY,
        ),
        Row(
            "fredrikstad_dps",
            "Avdeling for rusbehandling og avhengighet",
            "LIS2/3 i rus- og avhengighetsmedisin",
            "LIS i rus- og avhengighetsmedisin med poliklinikk, avrusning og LAR.",
            Specialty.ADDICTION_MEDICINE,
        ),
    ),
    PostingKind.ALIS: (
        Row(
            "fredrikstad",
            "Fastlegekontor Gressvik",
            "ALIS – fastlege i spesialisering, Gressvik",
            "ALIS-stilling med fastlønn ved kommunalt legekontor på Gressvik, med redusert liste "
            "og fast veileder.",
            GP,
        ),
        Row(
            "sarpsborg",
            "Fastlegekontor sentrum",
            "ALIS med fastlønn – Sarpsborg sentrum",
            "Sarpsborg kommune tilbyr ALIS-avtale med fastlønn i fem år, veiledning og dekning av "
            "kurs.",
            GP,
            posts=2,
        ),
        Row(
            "halden",
            "Fastlegekontor sentrum",
            "ALIS i Halden – fastlønn og veiledning",
            "Bli spesialist i allmennmedisin i Halden, med fastlønn, veiledningsgruppe og hjelp "
            "til å planlegge sykehustjenesten.",
            GP,
        ),
        Row(
            "moss",
            "Helsehuset / KAD",
            "ALIS med kombinert fastlege- og KAD-tjeneste",
            "ALIS-stilling som kombinerer egen pasientliste med tjeneste ved kommunal akutt "
            "døgnenhet i Moss.",
            GP,
        ),
        Row(
            "indre_ostfold",
            "Fastlegekontor Askim",
            "ALIS ved Askim legesenter",
            "ALIS i Indre Østfold med fastlønn, redusert liste og kort vei til Oslo.",
            GP,
            posts=2,
        ),
        Row(
            "aremark",
            "Legekontoret",
            "ALIS i Aremark – distriktsmedisin på sitt beste",
            "Bli allmennlege i Østfolds minste kommune, med bolig, fastlønn og nær kontakt med "
            "pasientene.",
            GP,
        ),
        Row(
            "marker",
            "Legekontoret",
            "ALIS ved Marker legekontor i Ørje",
            "ALIS-stilling med fastlønn ved legekontoret i Ørje, med legevakt i interkommunalt "
            "samarbeid.",
            GP,
        ),
        Row(
            "skiptvet",
            "Legekontoret",
            "ALIS ved Skiptvet legekontor",
            "Et lite legekontor med stor faglig bredde søker ALIS som vil bli i kommunen.",
            GP,
        ),
        Row(
            "aurskog_holand",
            "Fastlegekontor sentrum",
            "ALIS ved Bjørkelangen legesenter",
            "ALIS med fastlønn og ansvar for pasienter i både Bjørkelangen og Rømskog.",
            GP,
        ),
        Row(
            "vestby",
            "Fastlegekontor sentrum",
            "ALIS med legevaktfunksjon – Vestby",
            "ALIS-stilling der du kombinerer fastlegepraksis med faste vakter ved Vestby legevakt.",
            GP,
        ),
        Row(
            "as",
            "Fastlegekontor sentrum",
            "ALIS i Ås kommune",
            "ALIS ved kommunalt legekontor i universitetsbyen Ås, med fastlønn og "
            "veiledningsavtale for hele løpet.",
            GP,
        ),
    ),
    PostingKind.CONSULTANT: (
        Row(
            "kalnes",
            "Medisinsk klinikk",
            "Overlege i fordøyelsessykdommer",
            "Fast stilling som overlege ved gastromedisinsk seksjon, med endoskopi og "
            "IBD-poliklinikk.",
            Specialty.INTERNAL_MEDICINE,
        ),
        Row(
            "kalnes",
            "Medisinsk klinikk",
            "Overlege i onkologi",
            "Overlege ved kreftavdelingen på Kalnes, med poliklinisk behandling og tett "
            "samarbeid med Oslo universitetssykehus.",
            Specialty.ONCOLOGY,
        ),
        Row(
            "kalnes",
            "Akuttmottak",
            "Overlege i akutt- og mottaksmedisin",
            "Vi bygger opp et fagmiljø i akutt- og mottaksmedisin og søker overleger som vil være "
            "med fra starten.",
            Specialty.EMERGENCY_MEDICINE,
            posts=2,
        ),
        Row(
            "kalnes",
            "Anestesiavdelingen",
            "Overlege i anestesiologi med intensivprofil",
            "Overlege med hovedvekt på intensivmedisin og luftveishåndtering, i en avdeling med "
            "tolv intensivsenger.",
            Specialty.ANAESTHESIOLOGY,
        ),
        Row(
            "kalnes",
            "Kvinneklinikken",
            "Overlege i fødselshjelp og kvinnesykdommer",
            "Overlege ved Kvinneklinikken, med vekt på fødselshjelp og ultralyd i svangerskapet.",
            Specialty.OBSTETRICS,
        ),
        Row(
            "kalnes",
            "Barne- og ungdomsklinikken",
            "Overlege i barnesykdommer – nyfødtintensiv",
            "Overlege med ansvar for nyfødtintensiv og oppfølging av for tidlig fødte barn.",
            Specialty.PAEDIATRICS,
        ),
        Row(
            "kalnes",
            "Ortopedisk avdeling",
            "Overlege i ortopedi – protesekirurgi",
            "Overlege med protesekirurgi og hoftebruddsforløp i tett samarbeid med geriatrien.",
            Specialty.ORTHOPAEDICS,
        ),
        Row(
            "moss_sh",
            "Bildediagnostisk avdeling",
            "Overlege i radiologi – Moss",
            "Overlege i radiologi med MR og ultralyd, hovedsakelig dagtid i Moss og bakvakt fra "
            "Kalnes.",
            Specialty.RADIOLOGY,
        ),
        Row(
            "moss_sh",
            "Avdeling for fysikalsk medisin og rehabilitering",
            "Overlege i nevrologi – rehabilitering etter hjerneslag",
            "Nevrolog til tverrfaglig rehabilitering etter hjerneslag og skader i Moss.",
            Specialty.NEUROLOGY,
        ),
        Row(
            "fredrikstad_dps",
            "Alderspsykiatrisk poliklinikk",
            "Overlege i alderspsykiatri",
            "Overlege ved alderspsykiatrisk poliklinikk, med ambulant arbeid ute i kommunene.",
            Specialty.PSYCHIATRY,
        ),
        Row(
            "halden_sh",
            "Distriktspsykiatrisk senter Halden",
            "Overlege i psykiatri – DPS Halden",
            "Overlege ved DPS Halden med poliklinikk, dagbehandling og ambulant team for Halden "
            "og Aremark.",
            Specialty.PSYCHIATRY,
        ),
    ),
    PostingKind.COMBINED: (
        Row(
            "kalnes",
            "Akuttmottak",
            "Kombinasjonsstilling akuttmottak og Sarpsborg legevakt",
            "Delt stilling mellom akuttmottaket på Kalnes og Sarpsborg legevakt – for deg som "
            "vil jobbe på begge sider av døra.",
            Specialty.EMERGENCY_MEDICINE,
        ),
        Row(
            "fredrikstad",
            "Helsehuset / KAD",
            "Kombinasjonsstilling KAD og geriatri på Kalnes",
            "Overlege eller LIS i geriatri med halve tiden ved Helsehuset Fredrikstad og halve "
            "ved geriatrisk seksjon på Kalnes.",
            Specialty.GERIATRICS,
        ),
        Row(
            "moss",
            "Sykehjemsetaten",
            "Kombinert stilling som sykehjemslege og LIS i geriatri",
            "Sykehjemslege i Moss kombinert med utdanning i geriatri ved Sykehuset Østfold.",
            Specialty.GERIATRICS,
            duration=24,
        ),
        Row(
            "kalnes",
            "Klinikk for psykisk helsevern og rusbehandling",
            "Kombinasjonsstilling psykiatri og kommunalt rus- og psykiatriteam",
            "Psykiater eller LIS i psykiatri med faste dager i Sarpsborg kommunes rus- og "
            "psykiatritjeneste.",
            Specialty.PSYCHIATRY,
        ),
        Row(
            "halden",
            "Fastlegekontor sentrum",
            "Kombinasjonsstilling allmennlege og medisinsk poliklinikk Halden",
            "Allmennlege med tre dager i fastlegepraksis og to dager ved medisinsk poliklinikk i "
            "Halden.",
            GP,
        ),
        Row(
            "indre_ostfold",
            "Legevakt",
            "Kombinasjonsstilling legevakt Indre Østfold og akuttmottak Kalnes",
            "Lege med fast tjeneste både ved Indre Østfold legevakt og i akuttmottaket på Kalnes.",
            Specialty.EMERGENCY_MEDICINE,
            duration=36,
        ),
    ),
    PostingKind.OTHER: (
        Row(
            "fredrikstad",
            "Fastlegekontor sentrum",
            "Fastlegehjemmel med 1 100 pasienter – Fredrikstad sentrum",
            "Ledig fastlegehjemmel i et etablert kontorfellesskap i Fredrikstad sentrum; "
            "næringsdrift eller fastlønn etter ønske.",
            GP,
            details="Listen har om lag 1 100 pasienter og overtas etter en allmennlege som går "
            "av med pensjon. Kontoret har fire allmennleger, egen sykepleier og laboratorium, og "
            "deltar i kommunens ALIS-ordning. Du velger mellom næringsdrift med kommunalt "
            "tilskudd og fastlønn de første to årene.",
        ),
        Row(
            "hvaler",
            "Legekontoret",
            "Fastlege på Hvaler",
            "Fastlege i skjærgårdskommunen – fastlønn, bolig på Skjærhalden og et lite og godt "
            "kollegium.",
            GP,
            details="Hvaler legekontor har tre fastleger og tar imot LIS1 og ALIS. Om sommeren "
            "mangedobles befolkningen, og kontoret har da ekstra bemanning. Vi søker deg som vil "
            "bli allmennlege i et tett lokalsamfunn; både spesialister i allmennmedisin og leger "
            "i spesialisering oppfordres til å søke.",
        ),
        Row(
            "nordre_follo",
            "Fastlegekontor Ski",
            "Fastlege i Nordre Follo – ledig liste i Ski",
            "Ledig fastlegeliste med 900 pasienter ved et legesenter 200 meter fra Ski stasjon.",
            GP,
            details="Legesenteret har seks allmennleger og to ALIS, og kommunen tilbyr "
            "etableringstilskudd. Listen betjenes i dag av vikar. Du overtar et velfungerende "
            "kontor med moderne utstyr og kort vei til Oslo.",
        ),
        Row(
            "sarpsborg",
            "Kommuneoverlegen",
            "Kommuneoverlege med ansvar for smittevern",
            "Sarpsborg kommune søker kommuneoverlege med ansvar for smittevern, beredskap og "
            "medisinskfaglig rådgivning.",
            Specialty.COMMUNITY_MEDICINE,
            details="Stillingen inngår i et team med to kommuneoverleger og en "
            "smittevernsykepleier, og deltar i kommuneoverlegeforum i Østfold. Spesialitet i "
            "samfunnsmedisin er ønskelig; leger i spesialisering får veiledning og tid til "
            "utdanning.",
        ),
        Row(
            "rakkestad",
            "Kommuneoverlegen",
            "Kommuneoverlege i 50 % stilling",
            "Kommuneoverlege i halv stilling, gjerne kombinert med fastlegepraksis i Rakkestad.",
            Specialty.COMMUNITY_MEDICINE,
            details="Stillingen kan kombineres med 50 % klinisk arbeid ved legekontoret. "
            "Kommuneoverlegen leder legetjenesten, er medisinskfaglig rådgiver for "
            "kommunedirektøren og har ansvar for smittevern og beredskap.",
        ),
        Row(
            "moss",
            "Legevakt",
            "Legevaktlege – tilkallingsvikar natt og helg",
            "Tilkallingsvikarer til Moss interkommunale legevakt, natt og helg, med sykepleier i "
            "vakt og godt tilrettelagt arbeid.",
            duration=6,
            details="Vi søker leger som kan ta én til fire vakter i måneden. Legevakten betjener "
            "Moss, Våler, Råde og Vestby, og har egen observasjonsenhet og bilberedskap.",
        ),
        Row(
            "indre_ostfold",
            "Sykehjemsetaten",
            "Sykehjemslege 100 % – Indre Østfold",
            "Fast stilling som sykehjemslege med ansvar for to sykehjem i Askim og Mysen.",
            GP,
            details="Sykehjemslegene i Indre Østfold jobber i team og har faste visittdager, "
            "tverrfaglige møter og tid til pårørendesamtaler. Stillingen passer for en "
            "allmennlege som ønsker forutsigbar arbeidstid, og kan kombineres med ALIS-løp.",
        ),
    ),
}


# --- Helpers -----------------------------------------------------------------------------------


def email_local_part(first: str, last: str) -> str:
    return f"{norwegian_slug(first)}.{norwegian_slug(last)}".replace("-", "")


def end_of_day(day: date) -> datetime:
    """23:59 local time (Europe/Oslo) on ``day``, as deadlines are announced."""
    return timezone.make_aware(datetime.combine(day, time(23, 59)))


def first_of_month_on_or_after(day: date) -> date:
    if day.day == 1:
        return day
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def summer_start_after(deadline: date) -> date:
    """Summer locums start mid-June, at least three weeks after the deadline."""
    year = deadline.year
    while date(year, 6, 15) < deadline + timedelta(days=21):
        year += 1
    return date(year, 6, 15)


def text_key(kind: str, on_hospital: bool) -> str:
    if kind == PostingKind.LIS1:
        return "lis1_hospital" if on_hospital else "lis1_municipality"
    return kind


def default_duration(kind: str, on_hospital: bool, rng: random.Random) -> int | None:
    match kind:
        case PostingKind.SUMMER_JOB:
            return 2
        case PostingKind.OBSERVERSHIP:
            return 1
        case PostingKind.LIS0:
            return rng.choice((3, 6, 12))
        case PostingKind.LIS1:
            return 12 if on_hospital else 6
        case PostingKind.COMBINED:
            return rng.choice((None, 24, 36))
        case _:
            return None  # LIS2/3, ALIS, consultants and GP lists are permanent posts.


def unit_paragraph(unit: str, context: dict[str, str]) -> str:
    template = UNIT_TEXTS.get(unit) or UNIT_TEXTS.get(unit.split()[0]) or UNIT_FALLBACK
    return template.format(**context)


def posting_token(employer_slug: str, title: str) -> str:
    """A stable slug suffix, so re-running the seed never produces a second slug."""
    return hashlib.sha256(f"{employer_slug}/{title}".encode()).hexdigest()[:6]


# --- Building the region -----------------------------------------------------------------------


def seed_organisations() -> dict[str, Organisation]:
    """Community → trust → hospitals, and community → municipalities. Keyed by row key."""
    community, _ = Organisation.objects.update_or_create(
        slug=COMMUNITY_SLUG,
        defaults={
            "name": "Helsefellesskapet Østfold",
            "kind": Kind.HEALTH_COMMUNITY,
            "parent": None,
            "website": "https://www.sykehuset-ostfold.no",
            "about": "Samarbeidet mellom Sykehuset Østfold HF og kommunene i opptaksområdet. "
            "Å rekruttere og beholde leger er ett av helsefellesskapets fem prioriterte områder.",
        },
    )
    trust, _ = Organisation.objects.update_or_create(
        slug=TRUST_SLUG,
        defaults={
            "name": "Sykehuset Østfold HF",
            "kind": Kind.HOSPITAL_TRUST,
            "parent": community,
            "website": "https://www.sykehuset-ostfold.no",
            "about": "Spesialisthelsetjenester for om lag 330 000 innbyggere i Østfold og "
            "Vestby, med hovedsykehus på Kalnes og virksomhet i Moss, Fredrikstad og Halden.",
        },
    )
    orgs = {"community": community, "trust": trust}
    for hospital in HOSPITALS:
        orgs[hospital.key], _ = Organisation.objects.update_or_create(
            slug=hospital.slug,
            defaults={
                "name": hospital.name,
                "kind": Kind.HOSPITAL,
                "parent": trust,
                "website": "https://www.sykehuset-ostfold.no",
                "about": hospital.about,
            },
        )
    for place in PLACES:
        orgs[place.key], _ = Organisation.objects.update_or_create(
            slug=place.slug,
            defaults={
                "name": place.org_name,
                "kind": Kind.MUNICIPALITY,
                "parent": community,
                "website": f"https://www.{place.domain}",
                "about": f"{place.org_name} er med i Helsefellesskapet Østfold og samarbeider med "
                "Sykehuset Østfold om LIS1, ALIS og koblede stillinger.",
            },
        )
    return orgs


def seed_units(orgs: dict[str, Organisation]) -> dict[tuple[str, str], Unit]:
    """All departments and services, keyed by (row key, unit name)."""
    wanted = [(hospital.key, name) for hospital in HOSPITALS for name in hospital.units]
    wanted += [(place.key, name) for place in PLACES for name in place.units]
    Unit.objects.bulk_create(
        [Unit(organisation=orgs[key], name=name) for key, name in wanted],
        ignore_conflicts=True,
    )
    key_by_org_id = {orgs[key].pk: key for key, _ in wanted}
    units = Unit.objects.filter(organisation_id__in=key_by_org_id)
    return {(key_by_org_id[unit.organisation_id], unit.name): unit for unit in units}


def seed_users(orgs: dict[str, Organisation]) -> dict[str, User]:
    users = {}
    org_by_slug = {org.slug: org for org in orgs.values()}
    for spec in DEMO_USERS:
        user, created = User.objects.update_or_create(
            email=spec.email,
            defaults={
                "full_name": spec.full_name,
                "is_active": True,
                "is_staff": spec.superuser,
                "is_superuser": spec.superuser,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        if spec.role:
            Membership.objects.get_or_create(
                user=user, organisation=org_by_slug[spec.organisation], role=spec.role
            )
        if spec.needs_mfa and not (
            Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            TOTP.activate(user, DEMO_TOTP_SECRET)
        users[spec.email] = user
    return users


@dataclass
class PlannedPosting:
    posting: Posting
    contacts: list[ContactPerson]


def choose_statuses(rows: list[tuple[str, Row]], rng: random.Random) -> dict[int, str]:
    """A few closed postings and a few drafts; the first posting of each kind stays open."""
    first_of_kind = {kind: index for index, (kind, _) in reversed(list(enumerate(rows)))}
    candidates = [index for index in range(len(rows)) if index not in first_of_kind.values()]
    picked = rng.sample(candidates, CLOSED_COUNT + DRAFT_COUNT)
    statuses = dict.fromkeys(range(len(rows)), Status.PUBLISHED)
    statuses.update(dict.fromkeys(picked[:CLOSED_COUNT], Status.CLOSED))
    statuses.update(dict.fromkeys(picked[CLOSED_COUNT:], Status.DRAFT))
    return statuses


def plan_postings(
    orgs: dict[str, Organisation],
    units: dict[tuple[str, str], Unit],
    users: dict[str, User],
    now: datetime,
) -> list[PlannedPosting]:
    """Every demo posting, unsaved. Deterministic apart from the dates (which follow ``now``)."""
    rng = random.Random(SEED)
    rows = [(kind, row) for kind, kind_rows in ROWS.items() for row in kind_rows]
    statuses = choose_statuses(rows, rng)
    return [
        plan_posting(kind, row, statuses[index], orgs, units, users, now, rng)
        for index, (kind, row) in enumerate(rows)
    ]


def plan_posting(
    kind: str,
    row: Row,
    status: str,
    orgs: dict[str, Organisation],
    units: dict[tuple[str, str], Unit],
    users: dict[str, User],
    now: datetime,
    rng: random.Random,
) -> PlannedPosting:
    hospital = HOSPITAL_BY_KEY.get(row.employer)
    place = PLACE_BY_KEY[hospital.place if hospital else row.employer]
    employer = orgs[row.employer]
    unit = units.get((row.employer, row.unit))
    if unit is None:
        raise CommandError(f"Unknown unit {row.unit!r} for {employer.name} in {row.title!r}")
    if kind in (PostingKind.LIS2_3, PostingKind.CONSULTANT) and not row.specialty:
        raise CommandError(f"{row.title!r} needs a specialty")

    location = hospital.location if hospital else location_for(place, row.unit)
    context = {
        "location": location,
        "employer": employer.name,
        "unit": row.unit,
        "place": place.name,
        "specialty": SPECIALTY_NB.get(row.specialty, "faget"),
    }
    texts = KIND_TEXTS[text_key(kind, hospital is not None)]
    paragraphs = [
        rng.choice(texts.intros),
        unit_paragraph(row.unit, context),
        rng.choice(texts.bodies),
        COUPLED_TRACK_NOTE if kind == PostingKind.LIS1 and hospital else "",
        row.details,
        PUBLIC_APPLICANT_LIST_NOTE,
    ]
    description = "\n\n".join(p.format(**context) for p in paragraphs if p)
    qualifications = rng.choice(texts.qualifications).format(**context)

    deadline, published_at, closed_at = plan_dates(status, now, rng)
    duration = (
        default_duration(kind, hospital is not None, rng)
        if row.duration == DEFAULT
        else row.duration
    )
    author = POSTING_AUTHORS.get(employer.kind) or POSTING_AUTHORS.get(employer.slug)
    posting = Posting(
        title=row.title,
        slug=f"{norwegian_slug(row.title)[:200]}-{posting_token(employer.slug, row.title)}",
        kind=kind,
        employer=employer,
        unit=unit,
        municipality=orgs[place.key],
        location=location,
        specialty=row.specialty,
        summary=row.summary,
        description=description,
        qualifications=qualifications,
        start_date=plan_start(kind, deadline.date(), rng),
        duration_months=duration,
        number_of_posts=row.posts,
        deadline=deadline,
        status=status,
        published_at=published_at,
        closed_at=closed_at,
        created_by=users.get(author) if author else None,
        **practical_info(kind, status, place, hospital is not None, rng),
    )
    return PlannedPosting(posting, plan_contacts(kind, place, hospital is not None, rng))


def plan_dates(
    status: str, now: datetime, rng: random.Random
) -> tuple[datetime, datetime | None, datetime | None]:
    """(deadline, published_at, closed_at): open deadlines two weeks to four months ahead."""
    today = timezone.localdate(now)
    if status == Status.CLOSED:
        deadline = end_of_day(today - timedelta(days=rng.randint(5, 90)))
        published_at = deadline - timedelta(days=rng.randint(21, 45), hours=rng.randint(0, 8))
        closed_at = min(deadline + timedelta(days=rng.randint(1, 6)), now)
        return deadline, published_at, closed_at
    deadline = end_of_day(today + timedelta(days=rng.randint(14, 120)))
    if status == Status.DRAFT:
        return deadline, None, None
    published_at = now - timedelta(days=rng.randint(1, 30), hours=rng.randint(0, 8))
    return deadline, published_at, None


def plan_start(kind: str, deadline: date, rng: random.Random) -> date:
    if kind == PostingKind.SUMMER_JOB:
        return summer_start_after(deadline)
    if kind == PostingKind.OBSERVERSHIP:
        return deadline + timedelta(days=rng.randint(14, 40))
    if kind == PostingKind.LIS1:
        return first_of_month_on_or_after(deadline + timedelta(days=rng.randint(60, 120)))
    return first_of_month_on_or_after(deadline + timedelta(days=rng.randint(21, 90)))


def location_for(place: Place, unit: str) -> str:
    """Where in the municipality: the office's village if the unit names one."""
    if unit == "Fastlegekontor sentrum":
        centre = f"{place.centre} sentrum"
        return centre if place.centre == place.name else f"{centre}, {place.name}"
    centre = place.centre
    if unit.startswith("Fastlegekontor "):
        centre = unit.removeprefix("Fastlegekontor ")
    return place.name if centre == place.name else f"{centre}, {place.name}"


def practical_info(
    kind: str, status: str, place: Place, on_hospital: bool, rng: random.Random
) -> dict[str, str]:
    """Housing, kindergarten, commuting and what the region offers. Drafts are unfinished."""
    if status == Status.DRAFT:
        return {
            "housing": "",
            "kindergarten": "",
            "commuting": place.commuting,
            "region_offers": "",
        }
    students = kind in (PostingKind.SUMMER_JOB, PostingKind.LIS0)
    if kind == PostingKind.OBSERVERSHIP:
        housing = OBSERVER_HOUSING
    else:
        extras = (
            STUDENT_HOUSING if students else HOSPITAL_HOUSING if on_hospital else MUNICIPAL_HOUSING
        )
        housing = f"{place.housing} {rng.choice(extras)}"
    short_stay = students or kind == PostingKind.OBSERVERSHIP
    return {
        "housing": housing,
        "kindergarten": "" if short_stay else place.kindergarten,
        "commuting": place.commuting,
        "region_offers": f"{place.offers} {rng.choice(REGION_EXTRAS)}",
    }


def plan_contacts(
    kind: str, place: Place, on_hospital: bool, rng: random.Random
) -> list[ContactPerson]:
    many = kind in (PostingKind.LIS1, PostingKind.CONSULTANT, PostingKind.LIS2_3)
    count = 2 if many or rng.random() < 0.4 else 1
    titles = [
        rng.choice(HOSPITAL_LEADERS if on_hospital else MUNICIPAL_LEADERS),
        rng.choice(HOSPITAL_HELPERS if on_hospital else MUNICIPAL_HELPERS),
    ]
    if kind == PostingKind.LIS1 and on_hospital:
        titles[1] = "LIS1-koordinator"
    domain = HOSPITAL_DOMAIN if on_hospital else place.domain
    phone_prefix = HOSPITAL_PHONE if on_hospital else place.phone
    contacts = []
    for title in titles[:count]:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        contacts.append(
            ContactPerson(
                name=f"{first} {last}",
                title=title,
                phone=f"{phone_prefix} {rng.randint(10, 99)} {rng.randint(10, 99)}",
                email=f"{email_local_part(first, last)}@{domain}",
            )
        )
    return contacts


def seed_postings(
    orgs: dict[str, Organisation],
    units: dict[tuple[str, str], Unit],
    users: dict[str, User],
    now: datetime,
) -> tuple[int, int]:
    """Create the postings that are not there yet. Returns (new postings, total planned)."""
    planned = plan_postings(orgs, units, users, now)
    employers = {plan.posting.employer_id for plan in planned}
    existing = set(
        Posting.objects.filter(employer_id__in=employers).values_list("employer_id", "title")
    )
    taken_slugs = set(
        Posting.objects.filter(slug__in=[p.posting.slug for p in planned]).values_list(
            "slug", flat=True
        )
    )
    new = [
        plan
        for plan in planned
        if (plan.posting.employer_id, plan.posting.title) not in existing
        and plan.posting.slug not in taken_slugs
    ]
    Posting.objects.bulk_create([plan.posting for plan in new])
    # Look the rows up again rather than trust bulk_create to have set primary keys.
    pk_by_slug = dict(
        Posting.objects.filter(slug__in=[p.posting.slug for p in new]).values_list("slug", "pk")
    )
    contacts = []
    for plan in new:
        for contact in plan.contacts:
            contact.posting_id = pk_by_slug[plan.posting.slug]
            contacts.append(contact)
    ContactPerson.objects.bulk_create(contacts)
    return len(new), len(planned)


class Command(BaseCommand):
    help = "Build a realistic demo region (Helsefellesskapet Østfold) and print the demo logins."

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            orgs = seed_organisations()
            units = seed_units(orgs)
            users = seed_users(orgs)
            created, planned = seed_postings(orgs, units, users, timezone.now())
        track = seed_tracks_demo()
        activity = seed_activity(orgs, users, timezone.now())
        seed_hiring_demo(timezone.now())
        reminder = seed_reminder_demo(users.get("soker@demo.legeportalen.no"), timezone.now())
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo region ready: {len(orgs)} organisations, {len(units)} units, "
                f"{planned} demo postings ({created} new), {len(users)} demo users."
            )
        )
        self.stdout.write(
            f"Activity: {activity.applicants} applicants, {activity.applications} new "
            f"applications, {activity.events} events, {activity.campaigns} new survey campaigns."
        )
        if track is not None:
            self.stdout.write(
                f"Coupled track: {track.name} ({track.postings.count()} LIS1 postings, "
                f"{track.participations.count()} municipalities)."
            )
        if reminder is not None:
            self.stdout.write(reminder.describe())
        self.print_logins()

    def print_logins(self) -> None:
        site = getattr(settings, "SITE_URL", "http://127.0.0.1:8000").rstrip("/")
        width = max(len(spec.email) for spec in DEMO_USERS)
        lines = [
            "",
            f"Open {site}/ and log in with e-mail and password.",
            f"Password for every demo user: {DEMO_PASSWORD}",
            "",
        ]
        for spec in DEMO_USERS:
            mfa = "  [two-factor]" if spec.needs_mfa else ""
            lines.append(f"  {spec.email:<{width}}  {spec.label}{mfa}")
        lines += [
            "",
            "Two-factor code for staff and admin: run `make totp` "
            "(or `python manage.py demo_totp`).",
            f"Or add this TOTP secret to an authenticator app: {DEMO_TOTP_SECRET}",
            "",
        ]
        self.stdout.write("\n".join(lines))
