from careers.models import Track
from demo.tracks import seed_tracks_demo
from portal.models import Organisation
from tests import factories

TRUST = "sykehuset-ostfold-hf"


def test_the_demo_track_is_set_up_by_the_coordinator_once(coordinator):
    assert seed_tracks_demo(coordinator, TRUST) is None  # no demo region yet
    trust = factories.OrganisationFactory(
        name="Sykehuset Østfold HF", slug=TRUST, kind="hospital_trust"
    )
    kalnes = factories.OrganisationFactory(name="Sykehuset Østfold Kalnes", parent=trust)
    for name in ("Sarpsborg", "Fredrikstad", "Halden"):
        factories.MunicipalityFactory(name=f"{name} kommune")
    posting = factories.PostingFactory(
        title="LIS1 med mulighet for koblet ALIS-løp i kommune",
        employer=kalnes,
        municipality=Organisation.objects.get(slug="sarpsborg-kommune"),
    )
    factories.PostingFactory(title="LIS1 uten kobling", employer=kalnes)
    assert seed_tracks_demo(None, TRUST) is None  # only the coordinator sets one up
    track = seed_tracks_demo(coordinator, TRUST)
    assert seed_tracks_demo(coordinator, TRUST) == track
    assert Track.objects.count() == 1
    assert track.created_by == coordinator
    assert list(track.postings.all()) == [posting]
    assert track.participations.count() == 3
    halden = track.participations.get(municipality__slug="halden-kommune")
    assert halden.other_terms == "Dekning av flytteutgifter."
    # As in the coordinator's pages: each municipality added makes a new consent version.
    current = track.consent_texts.order_by("-version").first()
    assert current.version == 1 + 3
    assert {m.slug for m in current.municipalities.all()} == {
        "sarpsborg-kommune",
        "fredrikstad-kommune",
        "halden-kommune",
    }
    assert "Halden kommune" in current.body_nb
