"""Reads of feedback data: link states, aggregated and suppressed results, trends, and the
latest scores a unit may honestly advertise.

Every figure about answers goes through ``suppress``: a group is shown only when at least
*k* people in it answered, and when some groups are hidden, more are hidden until the
hidden ones together hold at least *k* people – so nobody can subtract the visible groups
from the total to uncover a small one.
"""

import enum
import secrets
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from feedback import release
from feedback.models import (
    LIKERT_VALUES,
    Answer,
    Campaign,
    Invitation,
    Participation,
    PendingResponse,
    Question,
    QuestionKind,
    Response,
    SurveyKind,
    SurveyTemplate,
    SurveyVersion,
    Theme,
)
from portal.models import Unit
from portal.tables import Column, Table

TOTAL = "total"
COMBINED = "combined"  # released responses whose small unit was combined with others
# A group of results: a unit's id, COMBINED or TOTAL.
GroupKey = int | str
PROMOTED_THEMES = (Theme.SUPERVISION, Theme.SAFETY)


# --- Suppression ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Suppression:
    primary: frozenset  # fewer than k
    hidden: frozenset  # primary and those hidden to protect them
    total_hidden: bool

    def is_hidden(self, key: GroupKey) -> bool:
        return self.total_hidden if key == TOTAL else self.total_hidden or key in self.hidden

    def reason(self, key: GroupKey) -> str:
        if not self.is_hidden(key):
            return ""
        if key == TOTAL or key in self.primary or self.total_hidden:
            return "few"
        return "protect"


def suppress(counts: Mapping[GroupKey, int], k: int, also_hidden: Iterable = ()) -> Suppression:
    """Which groups to hide, given how many answered in each.

    Primary: every group with fewer than k. Secondary: while the hidden groups together
    hold some but fewer than k people, also hide the smallest visible group – otherwise
    the total minus the visible groups gives away the hidden ones. If the total itself is
    below k, everything is hidden.
    """
    total = sum(counts.values())
    if total < k:
        keys = frozenset(counts)
        return Suppression(primary=keys, hidden=keys, total_hidden=True)
    primary = {key for key, n in counts.items() if n < k}
    hidden = primary | (set(also_hidden) & set(counts))
    visible = sorted((n, str(key), key) for key, n in counts.items() if key not in hidden)
    while visible and 0 < sum(counts[key] for key in hidden) < k:
        hidden.add(visible.pop(0)[2])
    return Suppression(primary=frozenset(primary), hidden=frozenset(hidden), total_hidden=False)


# --- Links ------------------------------------------------------------------------------------


class LinkState(enum.StrEnum):
    VALID = "valid"
    UNKNOWN = "unknown"
    USED = "used"
    NOT_OPEN = "not_open"
    CLOSED = "closed"


def invitation_for_token(token_hash: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("campaign", "campaign__version", "unit")
        .filter(token_hash=token_hash)
        .first()
    )


def link_state(invitation: Invitation | None, today: date | None = None) -> LinkState:
    if invitation is None:
        return LinkState.UNKNOWN
    if Participation.objects.filter(invitation=invitation).exists():
        return LinkState.USED
    if invitation.campaign.has_not_opened(today):
        return LinkState.NOT_OPEN
    if invitation.campaign.is_closed(today):
        return LinkState.CLOSED
    return LinkState.VALID


def survey_questions(campaign: Campaign) -> list[Question]:
    return list(campaign.version.questions.prefetch_related("choices"))


def non_responders(campaign: Campaign) -> QuerySet[Invitation]:
    """Invitations not yet used – who may be reminded. Says nothing about any answer."""
    return Invitation.objects.filter(campaign=campaign, participation__isnull=True).order_by("pk")


# --- Templates and campaigns ------------------------------------------------------------------


def survey_templates() -> QuerySet[SurveyTemplate]:
    return SurveyTemplate.objects.annotate(
        version_count=Count("versions", distinct=True),
        campaign_count=Count("versions__campaigns", distinct=True),
    ).order_by("kind", "name_nb", "pk")


def latest_version(template: SurveyTemplate) -> SurveyVersion | None:
    return template.versions.order_by("-number").first()


def versions_with_campaigns(template: SurveyTemplate) -> QuerySet[SurveyVersion]:
    return template.versions.annotate(
        campaign_count=Count("campaigns"), question_count=Count("questions", distinct=True)
    ).order_by("-number")


def with_counts(campaigns: QuerySet[Campaign]) -> QuerySet[Campaign]:
    """Invited and answered counts, without a query per campaign."""
    return campaigns.select_related("version__template").annotate(
        invited=Count("invitations", distinct=True),
        answered=Count("invitations__participation", distinct=True),
    )


@dataclass(frozen=True)
class Progress:
    invited: int
    links_sent: int
    answered: int
    held: int
    released: int


def campaign_progress(campaign: Campaign) -> Progress:
    counts = Invitation.objects.filter(campaign=campaign).aggregate(
        invited=Count("pk"),
        links_sent=Count("pk", filter=Q(link_sent_at__isnull=False)),
        answered=Count("participation"),
    )
    return Progress(
        **counts,
        held=PendingResponse.objects.filter(campaign=campaign).count(),
        released=Response.objects.filter(campaign=campaign).count(),
    )


# --- Aggregates -------------------------------------------------------------------------------


@dataclass
class Bar:
    label: str
    count: int
    percent: int


@dataclass
class Cell:
    """One figure (a question, a theme) for one group; empty when hidden."""

    hidden: bool
    reason: str = ""
    n: int | None = None
    mean: float | None = None
    bars: list[Bar] = field(default_factory=list)


HIDDEN_FEW = Cell(hidden=True, reason="few")


def _group_key(unit_id: int | None) -> GroupKey:
    return COMBINED if unit_id is None else unit_id


@dataclass
class ThemeStats:
    score_sum: int = 0
    score_count: int = 0
    respondents: int = 0


def _respondent_counts(campaign_ids: Iterable[int]) -> dict[int, dict[GroupKey, int]]:
    counts: dict[int, dict[GroupKey, int]] = defaultdict(dict)
    rows = (
        Response.objects.filter(campaign_id__in=campaign_ids)
        .values_list("campaign_id", "unit_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for campaign_id, unit_id, n in rows:
        counts[campaign_id][_group_key(unit_id)] = n
    return counts


def _theme_stats(campaign_ids: Iterable[int]) -> dict[int, dict[GroupKey, dict[str, ThemeStats]]]:
    stats: dict[int, dict[GroupKey, dict[str, ThemeStats]]] = defaultdict(lambda: defaultdict(dict))
    rows = (
        Answer.objects.filter(
            response__campaign_id__in=campaign_ids, question__kind=QuestionKind.LIKERT
        )
        .values_list("response__campaign_id", "response__unit_id", "question__theme")
        .annotate(
            score_sum=Sum("score"),
            score_count=Count("pk"),
            respondents=Count("response", distinct=True),
        )
        .order_by()
    )
    for campaign_id, unit_id, theme, score_sum, score_count, respondents in rows:
        stats[campaign_id][_group_key(unit_id)][theme] = ThemeStats(
            score_sum, score_count, respondents
        )
    return stats


def _mean(score_sum: int, score_count: int) -> float | None:
    return round(score_sum / score_count, 1) if score_count else None


def _theme_cells(
    respondents: Suppression,
    group_keys: list[GroupKey],
    stats: Mapping[GroupKey, Mapping[str, ThemeStats]],
    themes: Iterable[str],
    k: int,
) -> dict[GroupKey, dict[str, Cell]]:
    """Mean score per theme and group (the total included), suppressed per theme."""
    cells: dict[GroupKey, dict[str, Cell]] = defaultdict(dict)
    for theme in themes:
        per_group = {key: stats.get(key, {}).get(theme, ThemeStats()) for key in group_keys}
        theme_supp = suppress(
            {key: s.respondents for key, s in per_group.items()}, k, respondents.hidden
        )
        for key, s in per_group.items():
            cells[key][theme] = (
                Cell(hidden=True, reason=theme_supp.reason(key) or respondents.reason(key))
                if theme_supp.is_hidden(key)
                else Cell(hidden=False, n=s.respondents, mean=_mean(s.score_sum, s.score_count))
            )
        total = ThemeStats(
            sum(s.score_sum for s in per_group.values()),
            sum(s.score_count for s in per_group.values()),
            sum(s.respondents for s in per_group.values()),
        )
        cells[TOTAL][theme] = (
            HIDDEN_FEW
            if theme_supp.is_hidden(TOTAL)
            else Cell(
                hidden=False, n=total.respondents, mean=_mean(total.score_sum, total.score_count)
            )
        )
    return cells


# --- Campaign results -------------------------------------------------------------------------


@dataclass
class QuestionResult:
    question: Question
    cell: Cell
    texts: list[str] | None = None  # None: free text hidden for this group


@dataclass
class Group:
    key: GroupKey
    label: str
    cell: Cell  # respondents
    theme_cells: list[Cell]
    questions: list[QuestionResult]
    texts_hidden: bool


@dataclass
class CampaignResults:
    campaign: Campaign
    themes: list[tuple[str, str | Promise]]
    groups: list[Group]

    def group(self, key: str | None) -> Group | None:
        for group in self.groups:
            if str(group.key) == str(key):
                return group
        return None


def _bars(question: Question, counter: Mapping[int, int], n: int) -> list[Bar]:
    if question.kind == QuestionKind.LIKERT:
        ends = {1: question.low_label, 5: question.high_label}
        options = [
            (value, f"{value} – {ends[value]}" if value in ends else str(value))
            for value in LIKERT_VALUES
        ]
    else:
        options = [(c.pk, c.text) for c in question.choices.all()]
    return [
        Bar(label, counter.get(value, 0), round(100 * counter.get(value, 0) / n) if n else 0)
        for value, label in options
    ]


def campaign_results(campaign: Campaign, visible_keys: set | None = None) -> CampaignResults:
    """Results of a campaign for every unit, the combined small units and the total.

    Suppression is decided over all groups first; ``visible_keys`` then only narrows which
    groups this reader sees (a unit leader sees their own units), so a narrower view can
    never undo a suppression.
    """
    units: dict[GroupKey, Unit] = {unit.pk: unit for unit in campaign.units.all()}
    questions = survey_questions(campaign)
    counts = _respondent_counts([campaign.pk]).get(campaign.pk, {})
    group_keys: list[GroupKey] = sorted(units, key=lambda pk: units[pk].name)
    if COMBINED in counts:
        group_keys.append(COMBINED)
    n_by_group = {key: counts.get(key, 0) for key in group_keys}
    respondents = suppress(n_by_group, campaign.k)

    distribution, answered = _answer_counts(campaign)
    texts, texts_hidden = _texts(campaign, group_keys)
    themes: list[tuple[str, str | Promise]] = [
        (value, label)
        for value, label in Theme.choices
        if any(q.theme == value and q.kind == QuestionKind.LIKERT for q in questions)
    ]
    theme_cells = _theme_cells(
        respondents,
        group_keys,
        _theme_stats([campaign.pk]).get(campaign.pk, {}),
        [value for value, _label in themes],
        campaign.k,
    )

    question_results: dict[GroupKey, list[QuestionResult]] = defaultdict(list)
    for question in questions:
        per_group = {key: answered[question.pk].get(key, 0) for key in group_keys}
        q_supp = suppress(per_group, campaign.k, respondents.hidden)
        for key in [*group_keys, TOTAL]:
            if key == TOTAL:
                n = sum(per_group.values())
                counter = _summed(distribution, group_keys, question.pk)
            else:
                n, counter = per_group[key], distribution[(key, question.pk)]
            if question.kind == QuestionKind.TEXT:
                cell = Cell(hidden=texts_hidden[key], reason="few" if texts_hidden[key] else "")
                result = QuestionResult(
                    question, cell, None if cell.hidden else texts[(key, question.pk)]
                )
            elif q_supp.is_hidden(key):
                result = QuestionResult(
                    question, Cell(hidden=True, reason=q_supp.reason(key) or "few")
                )
            else:
                result = QuestionResult(question, _shown_cell(question, counter, n))
            question_results[key].append(result)

    labels = {key: units[key].name for key in units}
    labels[COMBINED] = str(_("Smaller units, combined"))
    labels[TOTAL] = str(_("All units"))
    groups = []
    for key in [TOTAL, *group_keys]:
        if visible_keys is not None and key not in visible_keys:
            continue
        n = sum(n_by_group.values()) if key == TOTAL else n_by_group[key]
        hidden = respondents.is_hidden(key)
        groups.append(
            Group(
                key=key,
                label=labels[key],
                cell=Cell(hidden=hidden, reason=respondents.reason(key), n=None if hidden else n),
                theme_cells=[theme_cells[key][value] for value, _label in themes],
                questions=question_results[key],
                texts_hidden=texts_hidden[key],
            )
        )
    return CampaignResults(campaign=campaign, themes=themes, groups=groups)


def _answer_counts(
    campaign: Campaign,
) -> tuple[dict[tuple[GroupKey, int], dict[int, int]], dict[int, dict[GroupKey, int]]]:
    """The campaign's answers counted: per (group, question) how many chose each value
    (a Likert score or a choice), and per question how many of each group answered it."""
    distribution: dict[tuple[GroupKey, int], dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for unit_id, question_id, score, choice_id, n in (
        Answer.objects.filter(response__campaign=campaign)
        .exclude(question__kind=QuestionKind.TEXT)
        .values_list("response__unit_id", "question_id", "score", "choice_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        distribution[(_group_key(unit_id), question_id)][score or choice_id] += n
    answered: dict[int, dict[GroupKey, int]] = defaultdict(dict)
    for unit_id, question_id, n in (
        Answer.objects.filter(response__campaign=campaign)
        .values_list("response__unit_id", "question_id")
        .annotate(n=Count("response", distinct=True))
        .order_by()
    ):
        answered[question_id][_group_key(unit_id)] = n
    return distribution, answered


def _summed(
    distribution: Mapping[tuple[GroupKey, int], Mapping[int, int]],
    group_keys: list[GroupKey],
    question_id: int,
) -> dict[int, int]:
    """A question's answers over all groups together (the "All units" row)."""
    counter: dict[int, int] = defaultdict(int)
    for group_key in group_keys:
        for value, count in distribution[(group_key, question_id)].items():
            counter[value] += count
    return counter


def _shown_cell(question: Question, counter: Mapping[int, int], n: int) -> Cell:
    """The cell of a question answered by enough people to show: its bars, and for a
    Likert question the mean score."""
    mean = None
    if question.kind == QuestionKind.LIKERT:
        mean = _mean(sum(v * c for v, c in counter.items()), sum(counter.values()))
    return Cell(hidden=False, n=n, mean=mean, bars=_bars(question, counter, n))


def _texts(
    campaign: Campaign, group_keys: list[GroupKey]
) -> tuple[dict[tuple, list[str]], dict[GroupKey, bool]]:
    """Free-text answers per (group, question), in random order, and whether each group's
    (and the total's) free text is hidden.

    A group's text is shown in steps of its release batches (``release.text_steps``): from
    ``k_text`` respondents on, then only when at least ``k_text`` more have come out, so
    two views never differ by the text of fewer than ``k_text`` people. "All units" shows
    the text the groups show, together: a hidden group's text is never shown anywhere, so
    no subtraction can uncover it."""
    batches: dict[GroupKey, list[tuple[int, int]]] = defaultdict(list)
    for unit_id, batch, n in (
        Response.objects.filter(campaign=campaign)
        .values_list("unit_id", "batch")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        batches[_group_key(unit_id)].append((batch, n))
    steps = {key: release.text_steps(batches[key], campaign.k_text) for key in group_keys}
    hidden = {key: shown == 0 for key, (_until, shown) in steps.items()}
    hidden[TOTAL] = all(hidden.values())
    texts: dict[tuple, list[str]] = defaultdict(list)
    if hidden[TOTAL]:
        return texts, hidden
    rows = Answer.objects.filter(
        response__campaign=campaign, question__kind=QuestionKind.TEXT
    ).values_list("response__unit_id", "response__batch", "question_id", "text")
    for unit_id, batch, question_id, text in rows:
        key = _group_key(unit_id)
        until, shown = steps.get(key, (0, 0))
        if shown and batch <= until:
            texts[(key, question_id)].append(text)
            texts[(TOTAL, question_id)].append(text)
    rng = secrets.SystemRandom()
    for values in texts.values():
        rng.shuffle(values)
    return texts, hidden


def results_table(results: CampaignResults) -> Table:
    """The suppressed aggregates (``results_rows``) as the table the CSV export writes."""
    table = Table(
        key="results",
        title=str(_("Results")),
        columns=[
            Column("group", str(_("Group"))),
            Column("theme", str(_("Theme"))),
            Column("question_key", str(_("Question key"))),
            Column("question", str(_("Question"))),
            Column("answer", str(_("Answer"))),
            Column("count", str(_("Count"))),
            Column("respondents", str(_("Respondents"))),
            Column("mean", str(_("Mean"))),
            Column("suppressed", str(_("Suppressed"))),
        ],
        shown=None,
    )
    for row in results_rows(results):
        table.add(row)
    return table


def results_rows(results: CampaignResults) -> list[list]:
    """The suppressed aggregates as flat rows (group, theme, question key, question, answer,
    count, respondents, mean, suppressed) – what the CSV export writes. Free text is not
    exported."""
    yes, no = str(_("yes")), str(_("no"))
    themes = dict(Theme.choices)
    rows: list[list] = []
    for group in results.groups:
        for (_theme, label), cell in zip(results.themes, group.theme_cells, strict=True):
            rows.append(
                [
                    group.label,
                    label,
                    "",
                    str(_("All scale questions")),
                    "",
                    "",
                    cell.n,
                    cell.mean,
                    yes if cell.hidden else no,
                ]
            )
        for result in group.questions:
            question = result.question
            if question.kind == QuestionKind.TEXT:
                continue
            prefix = [group.label, str(themes[question.theme]), question.key, question.text]
            if result.cell.hidden:
                rows.append([*prefix, "", "", "", "", yes])
                continue
            rows.extend(
                [*prefix, bar.label, bar.count, result.cell.n, result.cell.mean, no]
                for bar in result.cell.bars
            )
    return rows


# --- Trends -----------------------------------------------------------------------------------


@dataclass
class TrendPoint:
    campaign: Campaign
    cell: Cell  # respondents
    theme_cells: list[Cell]


def template_trends(
    template: SurveyTemplate, group_key: GroupKey = TOTAL
) -> tuple[list[tuple[str, str | Promise]], list[TrendPoint]]:
    """Theme scores of every campaign of a template (all its versions), oldest first, for
    the total or one unit (campaigns without that unit are left out)."""
    campaigns = list(
        Campaign.objects.filter(version__template=template)
        .order_by("opens_on", "pk")
        .prefetch_related("units")
    )
    ids = [c.pk for c in campaigns]
    counts = _respondent_counts(ids)
    stats = _theme_stats(ids)
    themes: list[tuple[str, str | Promise]] = [
        (value, label)
        for value, label in Theme.choices
        if Question.objects.filter(
            version__template=template, theme=value, kind=QuestionKind.LIKERT
        ).exists()
    ]
    points = []
    for campaign in campaigns:
        keys: list[GroupKey] = [u.pk for u in campaign.units.all()]
        if group_key != TOTAL and group_key not in keys:
            continue
        if COMBINED in counts[campaign.pk]:
            keys.append(COMBINED)
        n_by_group = {key: counts[campaign.pk].get(key, 0) for key in keys}
        respondents = suppress(n_by_group, campaign.k)
        cells = _theme_cells(
            respondents, keys, stats[campaign.pk], [t for t, _l in themes], campaign.k
        )
        hidden = respondents.is_hidden(group_key)
        n = sum(n_by_group.values()) if group_key == TOTAL else n_by_group.get(group_key, 0)
        points.append(
            TrendPoint(
                campaign=campaign,
                cell=Cell(
                    hidden=hidden, reason=respondents.reason(group_key), n=None if hidden else n
                ),
                theme_cells=[cells[group_key][t] for t, _l in themes],
            )
        )
    return themes, points


# --- Honest promotion -------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitScores:
    """The latest LIS1 scores a unit may show publicly, with who and when they come from."""

    unit_id: int
    campaign_title: str
    opens_on: date
    closes_on: date
    respondents: int
    supervision: float | None
    safety: float | None


def latest_unit_scores(unit_ids: Iterable[int], today: date | None = None) -> dict[int, UnitScores]:
    """Per unit: supervision and safety means from the latest finished LIS1 campaign in
    which the unit reached k respondents (and was not hidden to protect another unit).
    Units without such a campaign are absent. A constant number of queries."""
    unit_ids = list(unit_ids)
    if not unit_ids:
        return {}
    today = today or timezone.localdate()
    campaigns = list(
        Campaign.objects.filter(
            version__template__kind=SurveyKind.LIS1,
            finalised=True,
            closes_on__lt=today,
            responses__unit_id__in=unit_ids,
        )
        .distinct()
        .order_by("-closes_on", "-pk")
    )
    if not campaigns:
        return {}
    ids = [c.pk for c in campaigns]
    counts = _respondent_counts(ids)
    stats = _theme_stats(ids)
    scores: dict[int, UnitScores] = {}
    for campaign in campaigns:
        n_by_group = counts[campaign.pk]
        respondents = suppress(n_by_group, campaign.k)
        cells = _theme_cells(
            respondents, list(n_by_group), stats[campaign.pk], PROMOTED_THEMES, campaign.k
        )
        for unit_id in unit_ids:
            if unit_id in scores or unit_id not in n_by_group or respondents.is_hidden(unit_id):
                continue
            supervision, safety = (cells[unit_id][theme] for theme in PROMOTED_THEMES)
            if supervision.hidden and safety.hidden:
                continue
            scores[unit_id] = UnitScores(
                unit_id=unit_id,
                campaign_title=campaign.title,
                opens_on=campaign.opens_on,
                closes_on=campaign.closes_on,
                respondents=n_by_group[unit_id],
                supervision=None if supervision.hidden else supervision.mean,
                safety=None if safety.hidden else safety.mean,
            )
    return scores


def surveyed_units(template: SurveyTemplate) -> QuerySet[Unit]:
    """Units that any campaign of the template has covered."""
    return Unit.objects.filter(
        pk__in=Campaign.units.through.objects.filter(campaign__version__template=template).values(
            "unit_id"
        )
    ).select_related("organisation")


# --- Dashboards -------------------------------------------------------------------------------

DASHBOARD_THEMES = (Theme.SUPERVISION, Theme.ACCESS, Theme.SAFETY, Theme.LEARNING_GOALS)


@dataclass(frozen=True)
class UnitRates:
    """One group of a campaign on a dashboard: how many were asked, how many answered, and
    the main theme scores. Invitations are per unit, so the combined small units have no
    invited or answered count of their own."""

    key: GroupKey
    label: str
    organisation: str
    invited: int | None
    answered: Cell | None
    respondents: Cell  # released responses, the base of the scores
    themes: list[Cell]

    @property
    def response_rate(self) -> float | None:
        if self.answered is None or self.answered.hidden or self.answered.n is None:
            return None
        if not self.invited:
            return None
        return round(100 * self.answered.n / self.invited, 1)


@dataclass(frozen=True)
class CampaignOverview:
    campaign_id: int
    title: str
    survey: str
    kind: str
    opens_on: date
    closes_on: date
    k: int
    groups: list[UnitRates]

    def group(self, key: GroupKey) -> UnitRates | None:
        return next((group for group in self.groups if group.key == key), None)


def _count_cell(supp: Suppression, key: GroupKey, n: int) -> Cell:
    hidden = supp.is_hidden(key)
    return Cell(hidden=hidden, reason=supp.reason(key), n=None if hidden else n)


def survey_overview(
    *,
    closes_from: date | None = None,
    opens_until: date | None = None,
    organisation_ids: Iterable[int] | None = None,
    limit: int = 12,
) -> list[CampaignOverview]:
    """Response rates and main scores per unit of the latest ``limit`` campaigns that run
    within the period, newest first. Five queries, whatever the number of campaigns.

    ``organisation_ids`` None is the coordinator's view: every unit, the combined small
    units and the total. Otherwise only campaigns covering a unit of those organisations,
    and only those units – with suppression decided over all groups first, as in
    ``campaign_results``, so a narrower view never uncovers a hidden group.

    The k rules apply to every figure about answers: scores and respondents per group as on
    the results page, and the number who answered per unit too (fewer than k, or needed to
    protect such a unit, is hidden – and then the unit's scores with it, since shown scores
    would say that at least k answered). Free text is never part of it.
    """
    campaigns = Campaign.objects.select_related("version__template").prefetch_related(
        Prefetch("units", queryset=Unit.objects.select_related("organisation"))
    )
    if closes_from is not None:
        campaigns = campaigns.filter(closes_on__gte=closes_from)
    if opens_until is not None:
        campaigns = campaigns.filter(opens_on__lte=opens_until)
    visible_orgs = None if organisation_ids is None else set(organisation_ids)
    if visible_orgs is not None:
        campaigns = campaigns.filter(
            pk__in=Campaign.units.through.objects.filter(
                unit__organisation_id__in=visible_orgs
            ).values("campaign_id")
        )
    shown = list(campaigns.order_by("-opens_on", "-pk")[:limit])
    ids = [c.pk for c in shown]
    invitations: dict[int, dict[int, tuple[int, int]]] = defaultdict(dict)
    for campaign_id, unit_id, invited, answered in (
        Invitation.objects.filter(campaign_id__in=ids)
        .values_list("campaign_id", "unit_id")
        .annotate(invited=Count("pk"), answered=Count("participation"))
        .order_by()
    ):
        invitations[campaign_id][unit_id] = (invited, answered)
    counts = _respondent_counts(ids)
    stats = _theme_stats(ids)

    return [
        _campaign_overview(
            campaign,
            counts[campaign.pk],
            stats[campaign.pk],
            invitations[campaign.pk],
            visible_orgs,
        )
        for campaign in shown
    ]


def _campaign_overview(
    campaign: Campaign,
    counts: Mapping[GroupKey, int],
    stats: Mapping[GroupKey, Mapping[str, ThemeStats]],
    invitations: Mapping[int, tuple[int, int]],
    visible_orgs: set[int] | None,
) -> CampaignOverview:
    units = sorted(campaign.units.all(), key=lambda unit: unit.name)
    keys: list[GroupKey] = [unit.pk for unit in units]
    if COMBINED in counts:
        keys.append(COMBINED)
    n_by_group = {key: counts.get(key, 0) for key in keys}
    respondents = suppress(n_by_group, campaign.k)
    cells = _theme_cells(respondents, keys, stats, DASHBOARD_THEMES, campaign.k)
    invited = {unit.pk: invitations.get(unit.pk, (0, 0))[0] for unit in units}
    answered: dict[GroupKey, int] = {unit.pk: invitations.get(unit.pk, (0, 0))[1] for unit in units}
    answered_supp = suppress(answered, campaign.k)

    def row(
        key: GroupKey,
        label: str,
        organisation: str = "",
        *,
        invited_n: int | None,
        answered_cell: Cell | None,
    ) -> UnitRates:
        n = sum(n_by_group.values()) if key == TOTAL else n_by_group[key]
        themes = [cells[key][theme] for theme in DASHBOARD_THEMES]
        respondents_cell = _count_cell(respondents, key, n)
        if answered_cell is not None and answered_cell.hidden:
            # Shown scores would tell that at least k answered, and so narrow down the
            # hidden units the count is hidden to protect: hide the unit's whole row.
            hidden = Cell(hidden=True, reason=answered_cell.reason)
            respondents_cell, themes = hidden, [hidden] * len(themes)
        return UnitRates(
            key=key,
            label=label,
            organisation=organisation,
            invited=invited_n,
            answered=answered_cell,
            respondents=respondents_cell,
            themes=themes,
        )

    groups = []
    if visible_orgs is None:
        groups.append(
            row(
                TOTAL,
                str(_("All units")),
                invited_n=sum(invited.values()),
                answered_cell=_count_cell(answered_supp, TOTAL, sum(answered.values())),
            )
        )
    for unit in units:
        if visible_orgs is not None and unit.organisation_id not in visible_orgs:
            continue
        groups.append(
            row(
                unit.pk,
                unit.name,
                unit.organisation.name,
                invited_n=invited[unit.pk],
                answered_cell=_count_cell(answered_supp, unit.pk, answered[unit.pk]),
            )
        )
    if visible_orgs is None and COMBINED in keys:
        groups.append(
            row(COMBINED, str(_("Smaller units, combined")), invited_n=None, answered_cell=None)
        )
    template = campaign.version.template
    return CampaignOverview(
        campaign_id=campaign.pk,
        title=campaign.title,
        survey=template.name,
        kind=template.kind,
        opens_on=campaign.opens_on,
        closes_on=campaign.closes_on,
        k=campaign.k,
        groups=groups,
    )


def theme_labels() -> dict[str, str]:
    """Each survey theme's name, for tables that show the themes as columns."""
    return {value: str(label) for value, label in Theme.choices}
