"""The job board's search finds what people type (issue 21): Norwegian stems and prefixes,
ø/æ/å typed as o/ae/a, English words for the kinds and specialties, typos, on every text
of a posting and the names of its employer, unit and municipality (recruitment/search.py,
migration 0009). The suite runs on PostgreSQL; the SQLite path is tested at the end."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

from recruitment import search
from recruitment.models import Posting, PostingKind, Specialty
from tests import factories

BOARD = reverse("recruitment:board")

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the search's PostgreSQL path"
)


def titles(response) -> list[str]:
    return [p.title for p in response.context["page"]]


@pytest.fixture
def postings(db):
    """Five postings, each found by its own words and by none of the others'."""
    surgery = factories.OrganisationFactory(name="Sykehuset Innlandet")
    return {
        "surgery": factories.PostingFactory(
            title="Sommerjobb i Kirurgisk klinikk",
            employer=surgery,
            unit=factories.UnitFactory(organisation=surgery, name="Kirurgisk klinikk"),
            specialty=Specialty.SURGERY,
            kind=PostingKind.SUMMER_JOB,
            description="Innleggelser, postarbeid og poliklinikk sammen med erfarne kolleger.",
        ),
        "kindergarten": factories.PostingFactory(
            title="LIS1 i Nordkyst kommune",
            municipality=factories.MunicipalityFactory(name="Nordkyst kommune"),
            kindergarten="Full barnehagedekning, med barnehager nær arbeidsstedet.",
        ),
        "ostfold": factories.PostingFactory(
            title="LIS1 ved Kalnes",
            employer=factories.OrganisationFactory(name="Sykehuset Østfold"),
            municipality=factories.MunicipalityFactory(name="Sarpsborg kommune"),
        ),
        "general_practice": factories.PostingFactory(
            title="Fastlege i Fjordby",
            kind=PostingKind.ALIS,
            specialty=Specialty.GENERAL_PRACTICE,
            description="Vi er et kontor med fem allmennleger og god veiledning.",
        ),
        "unrelated": factories.PostingFactory(
            title="Overlege i psykiatri",
            kind=PostingKind.CONSULTANT,
            specialty=Specialty.PSYCHIATRY,
            description="Poliklinikk for voksne, tett samarbeid med kommunene.",
        ),
    }


def titles_of(postings, *names) -> set[str]:
    return {postings[name].title for name in names}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("barnehage", ["kindergarten"]),  # a compound's first part: "barnehagedekning"
        ("barnehager", ["kindergarten"]),
        ("kirurg", ["surgery"]),  # prefix: "kirurgisk"
        ("kirurgen", ["surgery"]),  # stem "kirurg", then prefix
        ("KIRURGISK klinikk", ["surgery"]),
        ("ostfold", ["ostfold"]),  # ø typed as o, in the employer's name
        ("Østfold", ["ostfold"]),
        ("østfolds", ["ostfold"]),
        ("sarpsborg", ["ostfold"]),  # the municipality's name
        ("innlandet", ["surgery"]),  # the employer's name
        ("allmennlege", ["general_practice"]),
        # Typos. "allmenlege" stems to "allmen", a prefix of "allmenn" (full-text finds it);
        # "almennlege" ("almenn") and "allmenleger fjordbyy" need the typo fallback.
        ("allmenlege", ["general_practice"]),
        ("almennlege", ["general_practice"]),
        ("allmenleger fjordbyy", ["general_practice"]),
        ("kirugisk", ["surgery"]),
        ("østfoll", ["ostfold"]),
        ("psykiatri", ["unrelated"]),
    ],
)
def test_search_finds_what_people_type(client, postings, query, expected):
    assert set(titles(client.get(BOARD, {"q": query}))) == titles_of(postings, *expected)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # English: the labels of the kind, the specialty and the offers are indexed in both
        # languages, so an English speaker finds the Norwegian postings.
        ("surgery", ["surgery"]),
        ("summer job", ["surgery"]),
        ("kindergarten", ["kindergarten"]),
        ("general practice", ["general_practice"]),
        ("psychiatry", ["unrelated"]),
        ("consultant", ["unrelated"]),
        # Bokmål: the same labels in Norwegian, and the texts themselves.
        ("generell kirurgi", ["surgery"]),
        ("sommerjobb", ["surgery"]),
        ("barnehageplass", ["kindergarten"]),
        ("allmennmedisin", ["general_practice"]),
        ("overlege", ["unrelated"]),
    ],
)
def test_english_and_bokmal_queries(client, postings, query, expected):
    assert set(titles(client.get(BOARD, {"q": query}))) == titles_of(postings, *expected)


@pytest.mark.parametrize("query", ["tannlege", "xyzzy", "kirurg ostfold", "radiolog"])
def test_unrelated_words_find_nothing(client, postings, query):
    assert titles(client.get(BOARD, {"q": query})) == []


def test_a_search_without_words_is_no_search(client, postings):
    assert len(titles(client.get(BOARD, {"q": "-- !? \x00"}))) == len(postings)


@pytest.mark.parametrize(
    "query", ["Lærdal", "laerdal", "lardal", "LÆRDAL", "Ålesund", "alesund", "aalesund"]
)
def test_ae_and_aa_in_every_spelling(client, query):
    """æ folds to "ae" and å to "a" (unaccent); "a" for æ and "aa" for å are near enough
    for the typo fallback."""
    posting = factories.PostingFactory(
        title="LIS1 på Vestlandet",
        municipality=factories.MunicipalityFactory(name="Lærdal kommune"),
        location="Ålesund",
    )
    factories.PostingFactory(title="LIS1 i Larvik", location="Aalborg")
    assert titles(client.get(BOARD, {"q": query})) == [posting.title]


def test_a_title_match_ranks_above_a_match_in_the_texts(client):
    in_text = factories.PostingFactory(
        title="LIS1 ved fjordsykehuset",
        description="Du roterer gjennom kirurgisk avdeling i Fjellby.",
    )
    in_title = factories.PostingFactory(title="Kirurg til Fjellby sykehus")
    factories.PostingFactory(title="Psykolog")
    assert titles(client.get(BOARD, {"q": "kirurg"})) == [in_title.title, in_text.title]
    assert titles(client.get(BOARD, {"q": "fjellby"})) == [in_title.title, in_text.title]
    # The same order from the typo fallback.
    assert not search.full_text(Posting.objects.all(), [["fjelby"]]).exists()
    assert titles(client.get(BOARD, {"q": "fjelby"})) == [in_title.title, in_text.title]


def test_the_fallback_only_runs_when_full_text_finds_nothing(db):
    factories.PostingFactory(title="Allmennlege i Fjordby")
    factories.PostingFactory(title="Almennlege i Fjellby")  # misspelt in the posting itself
    postings = Posting.objects.all()
    alternatives = search.similar_words(["almennlege"])
    assert alternatives == [["almennlege", "allmennlege"]]  # the closest first
    assert {p.title for p in search.full_text(postings, alternatives)} == {
        "Allmennlege i Fjordby",
        "Almennlege i Fjellby",
    }
    # Full-text finds the misspelt one as it was typed: the fallback is not asked.
    assert {p.title for p in search.search_postings(postings, "almennlege")} == {
        "Almennlege i Fjellby"
    }


def test_the_fallback_needs_something_like_every_word(db):
    factories.PostingFactory(title="Allmennlege i Fjordby")
    assert search.similar_words(["almennlege", "fjordbyy", "i"]) == [
        ["allmennlege"],
        ["fjordby"],
        ["i"],
    ]
    assert search.similar_words(["almennlege", "xyzzyq"]) is None
    assert not search.search_postings(Posting.objects.all(), "almennlege xyzzyq").exists()


def test_renaming_an_employer_unit_or_municipality_reindexes_its_postings(postings):
    posting = postings["ostfold"]
    posting.employer.name = "Sykehuset Telemark"
    posting.employer.save()
    posting.municipality.name = "Skien kommune"
    posting.municipality.save()
    unit = postings["surgery"].unit
    unit.name = "Ortopedisk klinikk"
    unit.save()
    board = Posting.objects.all()
    assert list(search.search_postings(board, "telemark")) == [posting]
    assert list(search.search_postings(board, "skien")) == [posting]
    assert not search.search_postings(board, "sarpsborg").exists()
    assert list(search.search_postings(board, "ortopedisk")) == [postings["surgery"]]


def _database_labels(keys) -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT key, recruitment_search_label(key) FROM unnest(%s::text[]) AS key",
            [list(keys)],
        )
        return dict(cursor.fetchall())


def test_the_database_labels_match_the_catalogue(db):
    """The labels the trigger indexes (migration 0009) are the catalogue's after migrate."""
    labels = search.search_labels()
    assert _database_labels(labels) == labels


def test_changed_labels_are_written_and_indexed_after_migrate(db):
    from django.apps import apps

    posting = factories.PostingFactory(title="Sommerlege", specialty=Specialty.SURGERY)
    stale = {**search.search_labels(), "specialty:generell_kirurgi": "Old surgery label"}
    with connection.cursor() as cursor:
        cursor.execute(search.label_function_sql(stale))
        cursor.execute("UPDATE recruitment_posting SET id = id")
    board = Posting.objects.all()
    assert not search.full_text(board, [["kirurgi"]]).exists()

    search.sync_labels(sender=apps.get_app_config("recruitment"), using="default")

    assert _database_labels(stale) == search.search_labels()
    assert list(search.full_text(board, [["kirurgi"]])) == [posting]
    assert list(search.full_text(board, [["surgery"]])) == [posting]


def test_folding_in_the_database(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT recruitment_fold(%s)", ["Østfold Ærø Ålesund Tromsø Café Müller"])
        assert cursor.fetchone() == ("ostfold aero alesund tromso cafe muller",)
    assert search.fold("Østfold Ærø Ålesund Tromsø Café Müller") == (
        "ostfold aero alesund tromso cafe muller"
    )


def test_full_text_uses_the_gin_index_and_the_fallback_the_trigram_index(db):
    factories.PostingFactory.create_batch(3)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        # Unordered: with three rows an ordered scan of the published_at index is cheaper.
        full_text = search.full_text(Posting.objects.order_by(), [["kirurgen"]]).explain()
        cursor.execute(
            "EXPLAIN " + search.SIMILAR_WORDS_SQL,
            {"words": ["almennlege"], "limit": 5, "similarity": 0.5},
        )
        similar = "\n".join(row[0] for row in cursor.fetchall())
    assert "recruitment_posting_search_gin" in full_text
    assert "recruitment_search_word_trgm" in similar


def test_a_search_costs_the_same_queries_however_many_postings(
    client, django_assert_max_num_queries
):
    factories.PostingFactory.create_batch(5, title="Allmennlege i Fjordby")
    for query in ("allmennlege", "almennlege"):  # full-text, and the typo fallback
        cache.clear()
        with django_assert_max_num_queries(8) as few:
            client.get(BOARD, {"q": query})
        factories.PostingFactory.create_batch(20, title="Allmennlege i Fjordby")
        cache.clear()
        with django_assert_max_num_queries(len(few.captured_queries)):
            response = client.get(BOARD, {"q": query})
        assert len(titles(response)) > 5


def test_the_sqlite_path_folds_stems_and_ranks(postings):
    """The embedded default's search (plain SQL: REPLACE, LOWER, LIKE), run here on
    PostgreSQL, which understands the same SQL."""
    board = Posting.objects.all()

    def sqlite_found(text):
        return {p.title for p in search.folded_substrings(board, search.query_words(text))}

    assert sqlite_found("ostfold") == titles_of(postings, "ostfold")
    assert sqlite_found("kirurgen") == titles_of(postings, "surgery")
    assert sqlite_found("barnehage") == titles_of(postings, "kindergarten")
    assert sqlite_found("sarpsborg") == titles_of(postings, "ostfold")
    assert sqlite_found("tannlege") == set()
    assert sqlite_found("surgery") == titles_of(postings, "surgery")  # the specialty's label
    assert sqlite_found("kindergarten") == titles_of(postings, "kindergarten")  # the offer's
    assert sqlite_found("consultant psykiatri") == titles_of(postings, "unrelated")
    ranked = search.folded_substrings(board, ["klinikk"]).order_by("-rank", "pk")
    # "Poliklinikk" in the texts of both; "klinikk" in the surgical one's title.
    assert [p.title for p in ranked] == [postings["surgery"].title, postings["unrelated"].title]


def _search_objects() -> dict[str, bool]:
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT
                 EXISTS (SELECT FROM pg_ts_config WHERE cfgname = 'norwegian_unaccent'),
                 EXISTS (SELECT FROM pg_proc WHERE proname = 'recruitment_fold'),
                 EXISTS (SELECT FROM pg_indexes
                         WHERE indexname = 'recruitment_search_word_trgm'),
                 EXISTS (SELECT FROM pg_trigger
                         WHERE tgname = 'recruitment_posting_organisation_name'),
                 EXISTS (SELECT FROM pg_trigger
                         WHERE tgname = 'recruitment_posting_unit_name')"""
        )
        names = ("config", "fold", "trigram index", "organisation trigger", "unit trigger")
        return dict(zip(names, cursor.fetchone(), strict=True))


@pytest.mark.django_db(transaction=True)
def test_the_search_migration_goes_back_and_forth():
    from django.db.migrations.executor import MigrationExecutor

    posting = factories.PostingFactory(title="Kirurg ved Sykehuset Østfold")
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes("recruitment")
    try:
        MigrationExecutor(connection).migrate([("recruitment", "0008_job_alerts")])
        assert not any(_search_objects().values())
        with connection.cursor() as cursor:  # 0002's trigger and vector again
            cursor.execute(
                "SELECT search_vector::text FROM recruitment_posting WHERE id = %s", [posting.pk]
            )
            assert "'østfold'" in cursor.fetchone()[0]
    finally:
        MigrationExecutor(connection).migrate(latest)
    assert all(_search_objects().values())
    assert list(search.search_postings(Posting.objects.all(), "ostfold kirurgen")) == [posting]
