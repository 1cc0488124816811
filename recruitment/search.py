"""The job board's search: finding what people type.

On PostgreSQL (what production and the tests run):

- **Full-text**, in the ``norwegian_unaccent`` text search configuration (migration 0009):
  Norwegian stop words dropped, then accents and ø/æ/å folded (``unaccent``: "Østfold" is
  indexed as "ostfold", "Ærø" as "aero", "Ålesund" as "alesund"), then Norwegian stemming.
  The trigger indexes every text of a posting and the names of its employer, unit and
  municipality (the title weighted highest), and the labels of its kind and specialty, and
  of the offers it fills in, in English and Bokmål ("surgery" and "kirurgi", "kindergarten"
  and "barnehageplass"). Every word of the query is a **prefix** of its stem, so the first
  part of a compound and any inflection find the rest: "barnehage" finds "barnehageplass",
  "kirurgen" (stem "kirurg") finds "kirurgisk". All words must match; results are ranked
  by ``ts_rank`` (a match in the title outweighs one in the texts).
- **Typo fallback**: when full-text finds nothing among the postings the board would
  show, each word of three letters or more is replaced by the words most like it
  (``pg_trgm`` similarity of at least ``SIMILARITY``, the ``MAX_ALTERNATIVES`` closest)
  from the vocabulary of every posting's folded words (``recruitment_search_word``, kept
  by the trigger, GIN trigram index), and full-text runs again with them, ranked the same
  way: "almennlege" finds "allmennlege", "kirugisk" "kirurgisk". A word with nothing
  like it finds nothing. One query more, whatever the number of postings.

On the embedded SQLite default, as far as it can go without extensions: the texts and names
are folded in SQL (lower case, ø/æ/å and common accents, ``fold_expression``) and every
query word, folded and stripped of a common Norwegian ending ("kirurgen" → "kirurg"), must
occur somewhere in them (``LIKE``), which also finds compounds and prefixes, or in the
label of the posting's kind, specialty or filled-in offers (English or Bokmål); a title
match ranks first. No stemming beyond that, and no typo tolerance.
"""

import re
import unicodedata
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import (
    Case,
    F,
    IntegerField,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Lower, Replace
from django.utils import translation

SEARCH_CONFIG = "norwegian_unaccent"
MAX_WORDS = 10
# Shorter words are matched whole: "i" or "la" as prefixes would match nearly everything.
MIN_PREFIX = 3

# Letters and digits; everything else (tsquery operators, punctuation) separates words.
_WORD = re.compile(r"[^\W_]+")


def query_words(text: str) -> list[str]:
    """The words of a search, lower case, at most ``MAX_WORDS``. Control characters (NUL
    above all, which PostgreSQL refuses in text) are noise and separate words."""
    return [word.lower() for word in _WORD.findall(text)][:MAX_WORDS]


def search_postings(queryset: QuerySet, text: str) -> QuerySet:
    """``queryset`` narrowed to the postings that match ``text``, each annotated with its
    ``rank`` (higher is better). On PostgreSQL this asks the database once whether
    full-text finds anything in ``queryset`` (to choose the fallback), so narrow the
    queryset with every other filter first."""
    words = query_words(text)
    if not words:
        return queryset
    if connection.vendor == "postgresql":
        found = full_text(queryset, [[word] for word in words])
        if found.exists():
            return found
        alternatives = similar_words(words)
        if alternatives is None:
            return queryset.none()
        return full_text(queryset, alternatives)
    return folded_substrings(queryset, words)


# --- PostgreSQL ----------------------------------------------------------------------------


def tsquery(groups: list[list[str]]) -> SearchQuery:
    """Every group required, any word of a group enough, each word as a prefix of its stem
    ("kirurgen" → 'kirurg':*). The words carry no tsquery syntax: ``query_words`` and the
    vocabulary keep letters and digits only."""

    def term(word: str) -> str:
        return f"{word}:*" if len(word) >= MIN_PREFIX else word

    return SearchQuery(
        " & ".join(f"({' | '.join(term(word) for word in group)})" for group in groups),
        config=SEARCH_CONFIG,
        search_type="raw",
    )


def full_text(queryset: QuerySet, groups: list[list[str]]) -> QuerySet:
    query = tsquery(groups)
    return queryset.filter(search_vector=query).annotate(rank=SearchRank(F("search_vector"), query))


# How alike a word of the vocabulary must be to a query word to stand in for it (pg_trgm's
# similarity: shared trigrams over all trigrams of both), and how many of the closest do.
SIMILARITY = 0.5
MAX_ALTERNATIVES = 5

# pg_trgm's "%" (similarity above pg_trgm.similarity_threshold, 0.3 by default) is what the
# GIN index answers; the stricter SIMILARITY is checked on what it finds.
SIMILAR_WORDS_SQL = """
SELECT query.n, array_agg(alike.word ORDER BY alike.score DESC, alike.word)
FROM unnest(%(words)s::text[]) WITH ORDINALITY AS query (word, n)
CROSS JOIN LATERAL (
    SELECT vocabulary.word, similarity(vocabulary.word, recruitment_fold(query.word)) AS score
    FROM recruitment_search_word AS vocabulary
    WHERE vocabulary.word %% recruitment_fold(query.word)
    ORDER BY score DESC, vocabulary.word
    LIMIT %(limit)s
) AS alike
WHERE alike.score >= %(similarity)s
GROUP BY query.n
"""


def similar_words(words: list[str]) -> list[list[str]] | None:
    """For each query word, the vocabulary's words most like it (itself, if a posting has
    it); words shorter than ``MIN_PREFIX`` stay as they are. ``None`` when some word has
    nothing like it. One query."""
    long = [word for word in words if len(word) >= MIN_PREFIX]
    found: dict[int, list[str]] = {}
    if long:
        with connection.cursor() as cursor:
            cursor.execute(
                SIMILAR_WORDS_SQL,
                {"words": long, "limit": MAX_ALTERNATIVES, "similarity": SIMILARITY},
            )
            found = {n - 1: alike for n, alike in cursor.fetchall()}
        if len(found) < len(long):
            return None
    alternatives = iter(found[n] for n in range(len(long)))
    return [next(alternatives) if len(word) >= MIN_PREFIX else [word] for word in words]


# --- SQLite (the embedded default) ----------------------------------------------------------

# What unaccent does to the letters Norwegian texts use, as far as SQLite needs it (its
# lower() and LIKE only know ASCII, so both cases are listed).
FOLDING = {
    "æ": "ae",
    "Æ": "ae",
    "ø": "o",
    "Ø": "o",
    "å": "a",
    "Å": "a",
    "é": "e",
    "É": "e",
    "è": "e",
    "ê": "e",
    "ó": "o",
    "ò": "o",
    "ô": "o",
    "ä": "a",
    "Ä": "a",
    "ö": "o",
    "Ö": "o",
    "ü": "u",
    "Ü": "u",
}

# Endings of Norwegian inflection and derivation, longest first, taken off a query word on
# SQLite (PostgreSQL stems properly): "kirurgen" → "kirurg", "barnehager" → "barnehag".
ENDINGS = ("heten", "elser", "ene", "ane", "ers", "ets", "het", "er", "en", "et", "ar", "e", "a")


def fold(text: str) -> str:
    """Python's version of the folding: lower case, ø/æ/å and accents off."""
    text = "".join(FOLDING.get(char, char) for char in text).lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def stem(word: str) -> str:
    """A crude Norwegian stem of a folded query word: one common ending off, keeping at
    least four letters (so "lege" stays whole)."""
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def fold_expression(field: str):
    """``field`` folded in SQL, for LIKE."""
    expression: Any = F(field)
    for letter, replacement in FOLDING.items():
        expression = Replace(
            expression, Value(letter), Value(replacement), output_field=TextField()
        )
    return Lower(expression, output_field=TextField())


SQLITE_FIELDS = (
    "title",
    "summary",
    "description",
    "qualifications",
    "location",
    "specialty",
    "housing",
    "kindergarten",
    "commuting",
    "region_offers",
    "employer__name",
    "unit__name",
    "municipality__name",
)


def folded_substrings(queryset: QuerySet, words: list[str]) -> QuerySet:
    stems = [stem(fold(word)) for word in words]
    folded = {
        f"folded_{field.replace('__', '_')}": fold_expression(field) for field in SQLITE_FIELDS
    }
    queryset = queryset.alias(**folded)
    labels = {key: fold(words) for key, words in search_labels().items()}
    for word in stems:
        queryset = queryset.filter(
            Q.create([(f"{alias}__contains", word) for alias in folded], connector=Q.OR)
            | labelled(word, labels)
        )
    in_title = Q.create([("folded_title__contains", word) for word in stems])
    return queryset.annotate(
        rank=Case(When(in_title, then=Value(1)), default=Value(0), output_field=IntegerField())
    )


def labelled(word: str, labels: dict[str, str]) -> Q:
    """The postings whose kind, specialty or filled-in offer has a label (English or Bokmål,
    folded) containing ``word``: what the PostgreSQL trigger indexes, asked of the codes."""
    condition = Q(pk__in=[])
    for key, label in labels.items():
        if word not in label:
            continue
        field, value = key.split(":", 1)
        if field == "field":
            condition |= ~Q(**{value: ""})
        else:
            condition |= Q(**{field: value})
    return condition


# --- The labels indexed with each posting ---------------------------------------------------

LABELLED_FIELDS = ("housing", "kindergarten", "commuting")


def search_labels() -> dict[str, str]:
    """The words the trigger indexes for a posting's kind, specialty and filled-in offers
    (``recruitment_search_label`` in the database, kept equal to this by ``sync_labels``),
    from the catalogue: the English label and the Bokmål one."""
    from recruitment.models import Posting, PostingKind, Specialty

    labels = {}
    for prefix, choices in (("kind", PostingKind.choices), ("specialty", Specialty.choices)):
        for value, label in choices:
            if value:
                labels[f"{prefix}:{value}"] = _in_both_languages(label)
    for name in LABELLED_FIELDS:
        field = Posting._meta.get_field(name)
        labels[f"field:{name}"] = _in_both_languages(getattr(field, "verbose_name", name))
    return labels


def _in_both_languages(label) -> str:
    with translation.override("en"):
        english = str(label)
    with translation.override("nb"):
        bokmal = str(label)
    return english if english == bokmal else f"{english} {bokmal}"


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def label_function_sql(labels: dict[str, str]) -> str:
    cases = "\n".join(
        f"WHEN {_literal(key)} THEN {_literal(words)}" for key, words in labels.items()
    )
    return f"""
CREATE OR REPLACE FUNCTION recruitment_search_label(key text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE key
{cases}
        ELSE NULL
    END;
"""


def sync_labels(sender=None, using: str = "default", **kwargs) -> None:
    """post_migrate (once, for this app): when a label or its Bokmål translation changed,
    the database's copy (migration 0009) is rewritten and every posting re-indexed, so a
    deployment never searches yesterday's labels."""
    from django.db import connections

    if getattr(sender, "label", "") != "recruitment":
        return
    database = connections[using]
    if database.vendor != "postgresql":
        return
    labels = search_labels()
    with database.cursor() as cursor:
        cursor.execute("SELECT to_regprocedure('recruitment_search_label(text)') IS NOT NULL")
        if not cursor.fetchone()[0]:
            return  # before migration 0009
        cursor.execute(
            "SELECT key, recruitment_search_label(key) FROM unnest(%s::text[]) AS key",
            [list(labels)],
        )
        if dict(cursor.fetchall()) == labels:
            return
        cursor.execute(label_function_sql(labels))
        cursor.execute("UPDATE recruitment_posting SET id = id")
