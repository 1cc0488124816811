"""Every e-mail the portal sends goes through one path (portal/notifications.py): nothing
else builds or sends a message. allauth's own account mail (address confirmation, password
reset) is sent by allauth, in the portal's layout and under the portal's name."""

import re
from pathlib import Path

from django.conf import settings
from django.contrib.sites.models import Site
from django.core import mail
from django.urls import reverse

ROOT = Path(settings.BASE_DIR)
SENDING = re.compile(
    r"\b(EmailMultiAlternatives|EmailMessage|send_mail|send_mass_mail|mail_admins|mail_managers"
    r"|get_connection|send_messages)\b"
)
ONE_PATH = ROOT / "portal" / "notifications.py"
NOT_THE_PORTAL = {".venv", "node_modules", "tests", "var", ".git", "bench"}


def portal_sources():
    for path in ROOT.rglob("*.py"):
        if NOT_THE_PORTAL & set(path.relative_to(ROOT).parts):
            continue
        yield path


def test_no_code_but_the_notifications_sends_mail():
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in portal_sources()
        if path != ONE_PATH
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if SENDING.search(line)
    ]
    assert offenders == []


def test_every_e_mail_template_is_an_occasion_folder_of_the_one_layout():
    """templates/emails/<occasion>/{subject.txt,body.txt,body.html}; each HTML body extends
    the one base layout; no other folder holds e-mail templates."""
    from portal import notifications

    emails = ROOT / "templates" / "emails"
    folders = {p.name for p in emails.iterdir() if p.is_dir()}
    used = {o.template or o.key for o in notifications.occasions().values()}
    assert used <= folders
    for folder in folders:
        names = {p.name for p in (emails / folder).iterdir()}
        assert names == {"subject.txt", "body.txt", "body.html"}, folder
        assert (
            (emails / folder / "body.html")
            .read_text()
            .startswith('{% extends "emails/_base.html" %}')
        ), folder
    stray = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "templates").rglob("*")
        if p.is_dir()
        and p.name in ("email", "emails")
        and p != emails
        # allauth's own account mail, rendered by allauth in the same layout
        and p != ROOT / "templates" / "account" / "email"
    ]
    assert stray == []


def test_the_site_has_the_portals_name_and_address(db):
    site = Site.objects.get_current()
    assert site.name == settings.SITE_NAME
    assert site.domain == settings.SITE_URL.split("://", 1)[1]


def test_allauths_mail_says_the_portals_name_not_the_host_in_the_portals_layout(client, applicant):
    client.post(reverse("account_reset_password"), {"email": applicant.email})
    (message,) = mail.outbox
    assert "127.0.0.1" not in message.subject
    assert "Legeportalen" in message.body
    assert "Hei fra 127.0.0.1" not in message.body
    assert "Hello from 127.0.0.1" not in message.body
    html = {mimetype: content for content, mimetype in message.alternatives}["text/html"]
    assert "Legeportalen" in html
    assert "max-width:640px" in html  # the base layout's frame
