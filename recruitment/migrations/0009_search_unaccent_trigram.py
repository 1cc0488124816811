"""Search that finds what people type (issue 21): see recruitment/search.py.

- Extensions ``unaccent`` and ``pg_trgm``. Both are *trusted* extensions since PostgreSQL 13:
  the owner of the database may create them; with an older server, or a role that may not
  create in the schema, a superuser runs ``CREATE EXTENSION unaccent; CREATE EXTENSION
  pg_trgm;`` in the database first (the migration then finds them and goes on).
- ``recruitment_fold(text)``: lower case, accents and ø/æ/å off (unaccent's rules turn ø
  into o, æ into ae, å into a), immutable so that it may be indexed.
- The text search configuration ``norwegian_unaccent``: Norwegian stop words first (on the
  word as written, so "på" is still one), then ``unaccent``, then the Norwegian Snowball
  stemmer (without a stop list: the folded "pa" is not the stop word "på").
- ``recruitment_search_label(key)``: the English and Bokmål labels of each kind of post,
  specialty and offer field, indexed with the posting so that "surgery" finds a posting in
  general surgery. A copy of ``recruitment.search.search_labels()`` at the time of writing;
  after every ``migrate``, ``recruitment.search.sync_labels`` rewrites it (and re-indexes)
  when the labels in the code or the catalogue have changed.
- The trigger of 0002 rewritten: it also indexes the municipality's name and the labels,
  in ``norwegian_unaccent``, and adds the posting's words (folded, three letters or more)
  to ``recruitment_search_word``, the vocabulary the trigram fallback corrects typos
  against (GIN trigram index). Words are only ever added: one no posting uses any more
  can be suggested, and then finds nothing. Renaming an organisation or a unit re-indexes
  its postings.

Nothing of this is created on SQLite (the embedded default), where the search folds in SQL
and matches substrings.
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

LABELS = {
    "kind:summer_job": "Summer job (sommervikar) Sommerjobb (sommervikar)",
    "kind:observership": "Observership (hospitering) Hospitering",
    "kind:lis0": "Student with limited licence (LIS0) Student med lisens (LIS0)",
    "kind:lis1": "LIS1",
    "kind:lis2_3": "LIS2/LIS3 (hospital specialty) LIS2/LIS3 (sykehusspesialitet)",
    "kind:alis": "ALIS (general practice in training) ALIS (allmennlege i spesialisering)",
    "kind:consultant": "Consultant (overlege) Overlege",
    "kind:combined": "Combined post (kombinasjonsstilling) Kombinasjonsstilling",
    "kind:other": "Other Annet",
    "specialty:allmennmedisin": "General practice Allmennmedisin",
    "specialty:indremedisin": "Internal medicine Indremedisin",
    "specialty:generell_kirurgi": "General surgery Generell kirurgi",
    "specialty:ortopedi": "Orthopaedic surgery Ortopedisk kirurgi",
    "specialty:anestesiologi": "Anaesthesiology Anestesiologi",
    "specialty:psykiatri": "Psychiatry Psykiatri",
    "specialty:barne_ungdomspsykiatri": "Child and adolescent psychiatry Barne- og ungdomspsykiatri",
    "specialty:barnesykdommer": "Paediatrics Barnesykdommer",
    "specialty:fodselshjelp_kvinnesykdommer": "Obstetrics and gynaecology Fødselshjelp og kvinnesykdommer",
    "specialty:radiologi": "Radiology Radiologi",
    "specialty:nevrologi": "Neurology Nevrologi",
    "specialty:hjertesykdommer": "Cardiology Hjertesykdommer",
    "specialty:akutt_mottaksmedisin": "Emergency medicine Akutt- og mottaksmedisin",
    "specialty:geriatri": "Geriatrics Geriatri",
    "specialty:onkologi": "Oncology Onkologi",
    "specialty:patologi": "Pathology Patologi",
    "specialty:samfunnsmedisin": "Community medicine Samfunnsmedisin",
    "specialty:arbeidsmedisin": "Occupational medicine Arbeidsmedisin",
    "specialty:rus_avhengighetsmedisin": "Addiction medicine Rus- og avhengighetsmedisin",
    "field:housing": "housing bolig",
    "field:kindergarten": "kindergarten place barnehageplass",
    "field:commuting": "commuting pendling",
}

CONFIG = "norwegian_unaccent"


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def create_sql(unaccent_schema: str) -> str:
    label_cases = "\n".join(
        f"        WHEN {_literal(key)} THEN {_literal(words)}" for key, words in LABELS.items()
    )
    return f"""
CREATE FUNCTION recruitment_fold(text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN {unaccent_schema}.unaccent('{unaccent_schema}.unaccent'::regdictionary, lower($1));

CREATE TEXT SEARCH DICTIONARY norwegian_unaccent_stop (
    TEMPLATE = pg_catalog.simple, STOPWORDS = norwegian, ACCEPT = false
);
CREATE TEXT SEARCH DICTIONARY norwegian_unaccent_stem (
    TEMPLATE = pg_catalog.snowball, LANGUAGE = norwegian
);
CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = pg_catalog.norwegian);
ALTER TEXT SEARCH CONFIGURATION {CONFIG}
    ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
    WITH norwegian_unaccent_stop, {unaccent_schema}.unaccent, norwegian_unaccent_stem;

CREATE FUNCTION recruitment_search_label(key text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE key
{label_cases}
        ELSE NULL
    END;

CREATE TABLE recruitment_search_word (word text PRIMARY KEY);
CREATE INDEX recruitment_search_word_trgm
    ON recruitment_search_word USING gin (word gin_trgm_ops);

CREATE OR REPLACE FUNCTION recruitment_posting_search_update() RETURNS trigger AS $$
DECLARE
    names text;
    labels text;
    offers text;
BEGIN
    names := concat_ws(' ',
        (SELECT name FROM portal_organisation WHERE id = NEW.employer_id),
        (SELECT name FROM portal_unit WHERE id = NEW.unit_id),
        (SELECT name FROM portal_organisation WHERE id = NEW.municipality_id),
        NEW.location);
    labels := concat_ws(' ',
        recruitment_search_label('kind:' || NEW.kind),
        recruitment_search_label('specialty:' || NEW.specialty));
    offers := concat_ws(' ',
        CASE WHEN NEW.housing <> '' THEN recruitment_search_label('field:housing') END,
        CASE WHEN NEW.kindergarten <> '' THEN recruitment_search_label('field:kindergarten') END,
        CASE WHEN NEW.commuting <> '' THEN recruitment_search_label('field:commuting') END);
    NEW.search_vector :=
        setweight(to_tsvector('{CONFIG}', coalesce(NEW.title, '')), 'A') ||
        setweight(to_tsvector('{CONFIG}', concat_ws(' ', names, labels, NEW.summary)), 'B') ||
        setweight(to_tsvector('{CONFIG}',
            concat_ws(' ', NEW.description, NEW.qualifications)), 'C') ||
        setweight(to_tsvector('{CONFIG}', concat_ws(' ', offers, NEW.housing,
            NEW.kindergarten, NEW.commuting, NEW.region_offers)), 'D');
    -- Sorted, so that two postings saved at once wait for each other, never deadlock.
    INSERT INTO recruitment_search_word (word)
        SELECT DISTINCT word
        FROM regexp_split_to_table(recruitment_fold(concat_ws(' ', NEW.title, names, labels,
            NEW.summary, NEW.description, NEW.qualifications, offers, NEW.housing,
            NEW.kindergarten, NEW.commuting, NEW.region_offers)), '[^[:alnum:]]+') AS word
        WHERE length(word) BETWEEN 3 AND 40
        ORDER BY word
        ON CONFLICT DO NOTHING;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE FUNCTION recruitment_posting_names_changed() RETURNS trigger AS $$
BEGIN
    IF TG_TABLE_NAME = 'portal_unit' THEN
        UPDATE recruitment_posting SET id = id WHERE unit_id = NEW.id;
    ELSE
        UPDATE recruitment_posting SET id = id
            WHERE employer_id = NEW.id OR municipality_id = NEW.id;
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER recruitment_posting_organisation_name
    AFTER UPDATE OF name ON portal_organisation
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION recruitment_posting_names_changed();
CREATE TRIGGER recruitment_posting_unit_name
    AFTER UPDATE OF name ON portal_unit
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION recruitment_posting_names_changed();

UPDATE recruitment_posting SET id = id;
"""


# The trigger function of 0002, restored when going back.
PREVIOUS = """
CREATE OR REPLACE FUNCTION recruitment_posting_search_update() RETURNS trigger AS $$
DECLARE
    employer_name text;
    unit_name text;
BEGIN
    SELECT name INTO employer_name FROM portal_organisation WHERE id = NEW.employer_id;
    SELECT name INTO unit_name FROM portal_unit WHERE id = NEW.unit_id;
    NEW.search_vector :=
        setweight(to_tsvector('pg_catalog.norwegian', coalesce(NEW.title, '')), 'A') ||
        setweight(to_tsvector('pg_catalog.norwegian',
            coalesce(employer_name, '') || ' ' || coalesce(unit_name, '') || ' ' ||
            coalesce(NEW.location, '') || ' ' || coalesce(NEW.specialty, '')), 'B') ||
        setweight(to_tsvector('pg_catalog.norwegian', coalesce(NEW.summary, '')), 'B') ||
        setweight(to_tsvector('pg_catalog.norwegian',
            coalesce(NEW.description, '') || ' ' || coalesce(NEW.qualifications, '')), 'C') ||
        setweight(to_tsvector('pg_catalog.norwegian',
            coalesce(NEW.housing, '') || ' ' || coalesce(NEW.kindergarten, '') || ' ' ||
            coalesce(NEW.commuting, '') || ' ' || coalesce(NEW.region_offers, '')), 'D');
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
"""

DROP = f"""
DROP TRIGGER IF EXISTS recruitment_posting_organisation_name ON portal_organisation;
DROP TRIGGER IF EXISTS recruitment_posting_unit_name ON portal_unit;
DROP FUNCTION IF EXISTS recruitment_posting_names_changed();
{PREVIOUS}
UPDATE recruitment_posting SET id = id;
DROP TABLE IF EXISTS recruitment_search_word;
DROP FUNCTION IF EXISTS recruitment_search_label(text);
DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG};
DROP TEXT SEARCH DICTIONARY IF EXISTS norwegian_unaccent_stem;
DROP TEXT SEARCH DICTIONARY IF EXISTS norwegian_unaccent_stop;
DROP FUNCTION IF EXISTS recruitment_fold(text);
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'unaccent'"
        )
        (schema,) = cursor.fetchone()
    schema_editor.execute(create_sql(schema))


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("recruitment", "0008_job_alerts"),
    ]

    operations = [
        UnaccentExtension(),
        TrigramExtension(),
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
