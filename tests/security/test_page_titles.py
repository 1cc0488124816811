"""Every page has a title of its own (issue 21 part 3, WCAG 2.4.2): over every page of the
access matrix for every persona, and allauth's pages with the two-factor step, distinct
pages have distinct titles (the same page about another object may share one), and each
ends with the site's name."""

import html
import re
from collections import defaultdict

from tests.security.pages import rendered_pages

SITE = " – Legeportalen"


def title_of(page_html: str) -> str:
    found = re.search(r"<title>(.*?)</title>", page_html, re.S)
    return html.unescape(" ".join(found[1].split())) if found else ""


def test_distinct_pages_have_distinct_titles_ending_with_the_site_name(world):
    pages_by_title: dict[str, set[str]] = defaultdict(set)
    problems = []
    for page in rendered_pages(world, "nb"):
        title = title_of(page.html)
        if not title.endswith(SITE) or not title.removesuffix(SITE).strip():
            problems.append(f"{page.persona}: {page.url} ({page.name}) is titled {title!r}")
        pages_by_title[title].add(page.name)
    problems += [
        f"{title!r} is the title of {len(names)} pages: {', '.join(sorted(names))}"
        for title, names in sorted(pages_by_title.items())
        if len(names) > 1
    ]
    assert not problems, "\n".join(problems)
