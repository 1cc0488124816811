from careers.models import Track
from demo.tracks import seed_tracks_demo
from portal.models import Organisation
from tests import factories


def test_the_demo_track_is_seeded_once(health_community):
    assert seed_tracks_demo() is None  # no demo region yet
    trust = factories.OrganisationFactory(
        name="Sykehuset Østfold HF", slug="sykehuset-ostfold-hf", kind="hospital_trust"
    )
    kalnes = factories.OrganisationFactory(name="Sykehuset Østfold Kalnes", parent=trust)
    for name in ("Sarpsborg", "Fredrikstad", "Halden"):
        factories.MunicipalityFactory(name=f"{name} kommune")
    posting = factories.PostingFactory(
        title="LIS1 med mulighet for koblet ALIS-løp i kommune",
        employer=kalnes,
        municipality=Organisation.objects.get(slug="sarpsborg-kommune"),
    )
    track = seed_tracks_demo()
    assert seed_tracks_demo() == track
    assert Track.objects.count() == 1
    assert list(track.postings.all()) == [posting]
    assert track.participations.count() == 3
    assert track.consent_texts.count() == 1
    assert "Halden kommune" in track.consent_texts.get().body_nb
