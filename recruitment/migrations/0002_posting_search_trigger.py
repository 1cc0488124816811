"""Norwegian full-text search for postings on PostgreSQL.

A trigger keeps ``search_vector`` current on every write path (forms, admin, bulk loads),
weighting the title above the employer and unit, and those above the texts. A GIN index
serves the board's search. On SQLite (the embedded default) nothing is created and the
board falls back to substring matching.
"""

from django.db import migrations

CREATE = """
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

CREATE TRIGGER recruitment_posting_search_trigger
    BEFORE INSERT OR UPDATE ON recruitment_posting
    FOR EACH ROW EXECUTE FUNCTION recruitment_posting_search_update();

CREATE INDEX IF NOT EXISTS recruitment_posting_search_gin
    ON recruitment_posting USING gin (search_vector);

UPDATE recruitment_posting SET id = id;
"""

DROP = """
DROP INDEX IF EXISTS recruitment_posting_search_gin;
DROP TRIGGER IF EXISTS recruitment_posting_search_trigger ON recruitment_posting;
DROP FUNCTION IF EXISTS recruitment_posting_search_update();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("recruitment", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
