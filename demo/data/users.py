"""One demo login per persona (the password and TOTP secret are in ``demo.credentials``)."""

from dataclasses import dataclass

from demo.data.region import COMMUNITY_SLUG, PLACE_BY_KEY, TRUST_SLUG
from portal.models import Membership, Organisation

Kind = Organisation.Kind
Role = Membership.Role


@dataclass(frozen=True)
class DemoUser:
    email: str
    full_name: str
    label: str
    organisation: str | None = None
    role: str | None = None
    superuser: bool = False

    @property
    def needs_mfa(self) -> bool:
        return self.role is not None or self.superuser


COORDINATOR_EMAIL = "coordinator@demo.legeportalen.no"
APPLICANT_EMAIL = "soker@demo.legeportalen.no"

DEMO_USERS = (
    DemoUser(
        COORDINATOR_EMAIL,
        "Ingrid Fossum",
        "Rekrutteringskoordinator (RKO), Helsefellesskapet Østfold",
        COMMUNITY_SLUG,
        Role.COORDINATOR,
    ),
    DemoUser(
        "rekrutterer@demo.legeportalen.no",
        "Kari Strand",
        "Rekrutterer, Sykehuset Østfold HF (alle sykehusene)",
        TRUST_SLUG,
        Role.RECRUITER,
    ),
    DemoUser(
        "kommune@demo.legeportalen.no",
        "Jonas Berg",
        "Rekrutterer, Fredrikstad kommune",
        PLACE_BY_KEY["fredrikstad"].slug,
        Role.RECRUITER,
    ),
    DemoUser(
        "kommuneoverlege@demo.legeportalen.no",
        "Siri Haugen",
        "Kommuneoverlege, Sarpsborg kommune",
        PLACE_BY_KEY["sarpsborg"].slug,
        Role.CHIEF_PHYSICIAN,
    ),
    DemoUser(
        APPLICANT_EMAIL,
        "Emma Solberg",
        "Søker (medisinstudent og LIS1-søker), ingen organisasjon",
    ),
    DemoUser(
        "admin@demo.legeportalen.no",
        "Ola Drift",
        "Administrator (Django admin på /admin/)",
        superuser=True,
    ),
)
# Who is recorded as the author of an employer's postings.
POSTING_AUTHORS = {
    Kind.HOSPITAL: "rekrutterer@demo.legeportalen.no",
    PLACE_BY_KEY["fredrikstad"].slug: "kommune@demo.legeportalen.no",
}
