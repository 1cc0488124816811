"""Who hears of a posting: the people the e-mails about it go to (its deadline passed, an
offer on it that came to nothing). Read by ``recruitment.occasions`` and
``recruitment.hiring.occasions`` alike."""

from collections import defaultdict

from django.db.models import Q

from portal.models import Membership
from recruitment.models import Posting


def posting_recipients(postings: list[Posting]) -> dict[int, set[int]]:
    """Who hears that a posting's deadline passed, by posting id: the recruiters of the
    employer, and the posting's creator while they still act for the employer. If that is
    nobody, the employer's other staff (a municipality's chief physician), and failing
    them the recruiters of the organisation above it (a trust's recruiters for a hospital)."""
    org_ids: set[int] = set()
    for posting in postings:
        employer = posting.employer
        org_ids |= {employer.pk, employer.parent_id or 0}
        if employer.parent_id:
            org_ids.add(employer.parent.parent_id or 0)
    creator_ids = {p.created_by_id for p in postings if p.created_by_id}
    memberships = Membership.objects.filter(
        Q(organisation_id__in=org_ids)
        | Q(user_id__in=creator_ids, role=Membership.Role.COORDINATOR),
        user__is_active=True,
    ).values_list("organisation_id", "user_id", "role")
    by_org: dict[int, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    coordinators = set()
    for org_id, user_id, role in memberships:
        by_org[org_id][role].add(user_id)
        if role == Membership.Role.COORDINATOR:
            coordinators.add(user_id)
    recipients: dict[int, set[int]] = {}
    for posting in postings:
        employer = posting.employer
        ancestors = [employer.parent_id, employer.parent.parent_id if employer.parent_id else None]
        ancestors = [org_id for org_id in ancestors if org_id]
        people = set(by_org[employer.pk][Membership.Role.RECRUITER])
        creator = posting.created_by_id
        if creator:
            acts_for_employer = creator in coordinators or any(
                creator in users
                for org_id in (employer.pk, *ancestors)
                for users in by_org[org_id].values()
            )
            if acts_for_employer:
                people.add(creator)
        if not people:
            people = set().union(*by_org[employer.pk].values())
        if not people:
            for org_id in ancestors:
                people |= by_org[org_id][Membership.Role.RECRUITER]
        recipients[posting.pk] = people
    return recipients
