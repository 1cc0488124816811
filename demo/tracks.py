"""Demo data for coupled tracks: "Østfoldlegen", a track of Sykehuset Østfold HF with
Sarpsborg, Fredrikstad and Halden and their ALIS terms, covering the trust's LIS1 postings
advertised with the coupled option. Call ``seed_tracks_demo()`` after ``manage.py
seed_demo`` (the organisations and postings come from there); running it again changes
nothing."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from careers.models import Track, TrackMunicipality
from careers.tracks.services import ensure_consent_text
from portal.models import Organisation
from recruitment.models import Posting, PostingKind

TRUST_SLUG = "sykehuset-ostfold-hf"
SLUG = "ostfoldlegen"

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


@transaction.atomic
def seed_tracks_demo() -> Track | None:
    """Create (or leave as it is) the demo track. None when the demo region is missing."""
    trust = Organisation.objects.filter(slug=TRUST_SLUG).first()
    if trust is None:
        return None
    track, _created = Track.objects.get_or_create(
        slug=SLUG,
        defaults={
            "name": "Østfoldlegen",
            "hospital_trust": trust,
            "summary": "LIS1 ved Sykehuset Østfold – og et forutsigbart løp videre til ALIS "
            "i en av kommunene, avtalt allerede mens du er i LIS1.",
            "description": "Østfoldlegen er et samarbeid mellom Sykehuset Østfold og kommunene "
            "etter modell av Helgelandslegen. Noen av LIS1-stillingene er koblet til en "
            "ALIS-stilling i en av kommunene.\n\nStillingsannonsen lover ikke den koblede "
            "stillingen: når LIS1-tilsettingene er klare, kan kommunene invitere kandidater "
            "som er interessert i allmennmedisin og har samtykket, til intervju, omvisning og "
            "samtale om vilkår. Lokal tilknytning prioriteres.",
            "coupled_places": 4,
            "status": Track.Status.PUBLISHED,
            "published_at": timezone.now(),
        },
    )
    postings = Posting.objects.filter(
        Q(employer=trust) | Q(employer__parent=trust),
        kind=PostingKind.LIS1,
        title__icontains="koblet",
    )
    track.postings.add(*postings)
    for slug, terms in TERMS.items():
        municipality = Organisation.objects.filter(
            slug=slug, kind=Organisation.Kind.MUNICIPALITY
        ).first()
        if municipality is not None:
            TrackMunicipality.objects.get_or_create(
                track=track, municipality=municipality, defaults=terms
            )
    ensure_consent_text(track)
    return track
