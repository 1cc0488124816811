"""The portal's default letter templates, available to every organisation until it saves
its own copy. Data, not translations: an organisation edits both languages as text, so
they are written out here in Bokmål and English rather than run through gettext."""

from dataclasses import dataclass

from recruitment.letters.models import LetterKind


@dataclass(frozen=True)
class TemplateText:
    """A letter template in both languages (``en`` may be empty: Bokmål is then used)."""

    kind: str
    subject_nb: str
    body_nb: str
    subject_en: str = ""
    body_en: str = ""
    own: bool = False  # the organisation's own copy, not the default

    def in_language(self, language: str) -> tuple[str, str, str]:
        """(language, subject, body) for a reader of ``language``: English when asked for
        and written, otherwise Bokmål."""
        if language == "en" and self.subject_en and self.body_en:
            return "en", self.subject_en, self.body_en
        return "nb", self.subject_nb, self.body_nb


DEFAULTS: dict[str, TemplateText] = {
    LetterKind.REJECTED_SCREENING: TemplateText(
        kind=LetterKind.REJECTED_SCREENING,
        subject_nb="Din søknad på {posting}",
        body_nb=(
            "Hei {name},\n\n"
            "Takk for din søknad på stillingen {posting} hos {employer}. Vi har fått mange "
            "gode søknader, og etter en grundig vurdering har vi dessverre ikke valgt deg "
            "ut til intervju denne gangen.\n\n"
            "Vi ønsker deg lykke til videre.\n\n"
            "Har du spørsmål, kan du kontakte {contact_person}.\n\n"
            "Vennlig hilsen\n{employer}"
        ),
        subject_en="Your application for {posting}",
        body_en=(
            "Dear {name},\n\n"
            "Thank you for applying for the post {posting} at {employer}. We received many "
            "strong applications, and after careful consideration we have unfortunately not "
            "selected you for interview this time.\n\n"
            "We wish you the best of luck.\n\n"
            "If you have questions, please contact {contact_person}.\n\n"
            "Kind regards\n{employer}"
        ),
    ),
    LetterKind.REJECTED_INTERVIEW: TemplateText(
        kind=LetterKind.REJECTED_INTERVIEW,
        subject_nb="Din søknad på {posting}",
        body_nb=(
            "Hei {name},\n\n"
            "Takk for at du kom til intervju for stillingen {posting} hos {employer}. Vi har "
            "nå gjort vårt valg, og vi kan dessverre ikke tilby deg stillingen denne gangen.\n\n"
            "Vi setter stor pris på interessen din og ønsker deg lykke til videre.\n\n"
            "Har du spørsmål, kan du kontakte {contact_person}.\n\n"
            "Vennlig hilsen\n{employer}"
        ),
        subject_en="Your application for {posting}",
        body_en=(
            "Dear {name},\n\n"
            "Thank you for coming to the interview for the post {posting} at {employer}. We "
            "have now made our choice, and unfortunately we cannot offer you the post this "
            "time.\n\n"
            "We appreciate your interest and wish you the best of luck.\n\n"
            "If you have questions, please contact {contact_person}.\n\n"
            "Kind regards\n{employer}"
        ),
    ),
    LetterKind.POST_FILLED: TemplateText(
        kind=LetterKind.POST_FILLED,
        subject_nb="Stillingen {posting} er besatt",
        body_nb=(
            "Hei {name},\n\n"
            "Takk for din søknad på stillingen {posting} hos {employer}. Stillingen er nå "
            "besatt, og søknadsprosessen er avsluttet.\n\n"
            "Vi ønsker deg lykke til videre.\n\n"
            "Vennlig hilsen\n{employer}"
        ),
        subject_en="The post {posting} has been filled",
        body_en=(
            "Dear {name},\n\n"
            "Thank you for applying for the post {posting} at {employer}. The post has now "
            "been filled, and the recruitment is closed.\n\n"
            "We wish you the best of luck.\n\n"
            "Kind regards\n{employer}"
        ),
    ),
    LetterKind.INTERVIEW_INVITATION: TemplateText(
        kind=LetterKind.INTERVIEW_INVITATION,
        subject_nb="Invitasjon til intervju: {posting}",
        body_nb=(
            "Hei {name},\n\n"
            "Vi vil gjerne invitere deg til intervju for stillingen {posting} hos {employer}.\n\n"
            "Tidspunkt: {interview_time}\n\n"
            "Har du ikke valgt tid ennå, gjør du det under søknaden din i Legeportalen. "
            "Spørsmål kan rettes til {contact_person}.\n\n"
            "Vennlig hilsen\n{employer}"
        ),
        subject_en="Invitation to interview: {posting}",
        body_en=(
            "Dear {name},\n\n"
            "We would like to invite you to an interview for the post {posting} at "
            "{employer}.\n\n"
            "Time: {interview_time}\n\n"
            "If you have not chosen a time yet, you can do so under your application in "
            "Legeportalen. Questions can be sent to {contact_person}.\n\n"
            "Kind regards\n{employer}"
        ),
    ),
    LetterKind.FREE: TemplateText(
        kind=LetterKind.FREE,
        subject_nb="Om din søknad på {posting}",
        body_nb="Hei {name},\n\n\n\nVennlig hilsen\n{employer}",
        subject_en="About your application for {posting}",
        body_en="Dear {name},\n\n\n\nKind regards\n{employer}",
    ),
}
