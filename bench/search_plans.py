"""EXPLAIN ANALYZE of the job board's search on the bench database, query by query.

    .venv/bin/python -m bench.search_plans
    .venv/bin/python -m bench.search_plans kirurgen almennlege "allmenleger fjordbyy"

For each search, the queries the board makes (recruitment/search.py): did full text find
anything, then (only if not) the words like each query word from the vocabulary, then
the count and the ranked first page. Prints each one's execution time, the search
indexes it used and the tables it read whole. Needs the national data set
(``manage.py seed_scale``, which ``make bench`` runs) in ``BENCH_DATABASE_URL``.
"""

import os
import re
import sys

WORDS = [
    "kirurgen",
    "barnehage",
    "allmennlege",
    "surgery",
    "kindergarten",
    "almennlege",
    "kirugisk",
    "allmenleger fjordbyy",
    "xyzzyq",
]


def setup() -> None:
    os.environ.setdefault(
        "DATABASE_URL",
        os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/legeportalen_bench"
        ),
    )
    os.environ.setdefault(
        "REDIS_URL", os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/8")
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    # Debug: no production keys needed; the database connection is configured the same.
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("SECRET_KEY", "bench-plans-only-0123456789-abcdefghijklmnopqrstuvwxyz")
    import django

    django.setup()


def summary(label: str, plan: str) -> str:
    took = re.search(r"Execution Time: ([\d.]+) ms", plan)
    indexes = sorted(set(re.findall(r"Index (?:Only )?Scan (?:using |on )(\w*search\w*)", plan)))
    whole = sorted(set(re.findall(r"Seq Scan on (\w+)", plan)))
    return (
        f"  {label:<28} {took.group(1) if took else '?':>9} ms"
        f"  indexes {', '.join(indexes) or '-'}; read whole: {', '.join(whole) or '-'}"
    )


def main(searches: list[str]) -> None:
    setup()
    from django.db import connection
    from django.http import QueryDict
    from django.utils import timezone

    from recruitment import search
    from recruitment.filters import board_filter

    now = timezone.now()
    board = board_filter(QueryDict(""), now).qs
    print(f"{board.count():,} postings open on the board")
    for text in searches:
        words = search.query_words(text)
        found = search.full_text(board, [[word] for word in words])
        print(f"{text!r}: full text finds {found.count():,}")
        print(
            summary("1 exists (full text)", found.order_by().values("pk")[:1].explain(analyze=True))
        )
        if not found.exists():
            with connection.cursor() as cursor:
                cursor.execute(
                    "EXPLAIN ANALYZE " + search.SIMILAR_WORDS_SQL,
                    {
                        "words": [word for word in words if len(word) >= search.MIN_PREFIX],
                        "limit": search.MAX_ALTERNATIVES,
                        "similarity": search.SIMILARITY,
                    },
                )
                plan = "\n".join(row[0] for row in cursor.fetchall())
            print(summary("2 similar words", plan))
            print(f"    → {search.similar_words(words)}")
        results = board_filter(QueryDict(f"q={text}"), now).qs
        if results.query.is_empty():
            print("    nothing like some word: no more queries")
            continue
        print(summary("3 count", results.order_by().values("pk").explain(analyze=True)))
        print(summary("4 first page (ranked)", results[:20].explain(analyze=True)))


if __name__ == "__main__":
    main(sys.argv[1:] or WORDS)
