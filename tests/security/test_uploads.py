"""Uploads beyond tests/recruitment/test_documents.py (magic bytes, size, generated names,
active content, the owner's download): file names that try to escape or to inject
headers, the employer's download, and that no URL serves the private files directly."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import Resolver404, resolve, reverse

from recruitment.applications import services
from recruitment.models import Document
from tests.recruitment.factories import pdf_bytes

HOSTILE_NAMES = [
    "../../../etc/passwd.pdf",
    "..\\..\\..\\windows\\win.ini.pdf",
    "/var/private/documents/other.pdf",
    "C:\\Users\\ola\\cv.pdf",
    "cv\r\nSet-Cookie: sessionid=stolen.pdf",
    "cv\x00.exe.pdf",
    'cv".pdf; filename="evil.html',
    "a" * 500 + ".pdf",
    "....pdf",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_a_hostile_file_name_neither_escapes_nor_reaches_a_header(applicant, name):
    uploaded = SimpleUploadedFile("x.pdf", pdf_bytes(), "application/pdf")
    uploaded.name = name  # as a client might send it, before any sanitising
    document = services.upload_document(user=applicant, kind="cv", uploaded=uploaded).document
    assert document.file.name.startswith("documents/")
    assert document.file.name.count("/") == 1
    assert len(document.file.name) == len("documents/") + 32 + len(".pdf")
    assert "/" not in document.title
    assert "\\" not in document.title
    assert all(char.isprintable() for char in document.title)
    assert len(document.title) <= 200


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_downloading_a_hostile_name_gives_one_safe_header(login, applicant, name):
    uploaded = SimpleUploadedFile("x.pdf", pdf_bytes(), "application/pdf")
    uploaded.name = name
    document = services.upload_document(user=applicant, kind="cv", uploaded=uploaded).document
    response = login(applicant).get(reverse("recruitment:document_download", args=[document.uuid]))
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "\r" not in disposition
    assert "\n" not in disposition
    assert "Set-Cookie" not in response.headers or "stolen" not in response.headers["Set-Cookie"]


def test_the_employer_downloads_an_attached_document_as_a_private_attachment(world):
    client = world.client("recruiter")
    url = reverse("recruitment:staff_document", args=[world.application.pk, world.cv.uuid])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_employer_cannot_reach_a_document_not_attached_to_the_application(world):
    from tests.recruitment.factories import DocumentFactory

    unattached = DocumentFactory(owner=world.application.applicant)
    url = reverse("recruitment:staff_document", args=[world.application.pk, unattached.uuid])
    assert world.client("recruiter").get(url).status_code == 404


def test_no_url_serves_the_private_files_directly(applicant):
    from tests.recruitment.factories import DocumentFactory

    document = DocumentFactory(owner=applicant)
    for prefix in ("/media/", "/private/", "/var/private/", "/static/", "/"):
        with pytest.raises(Resolver404):
            resolve(prefix + document.file.name)
    assert settings.MEDIA_URL in ("", "/")  # nothing is published under a media URL


def test_the_declared_size_is_not_trusted(login, applicant, settings):
    settings.DOCUMENT_MAX_BYTES = 1024
    big = pdf_bytes(extra=b"/Padding (" + b"x" * 4000 + b")")
    uploaded = SimpleUploadedFile("cv.pdf", big, "application/pdf")
    uploaded.size = 100  # a client may claim anything
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="too large"):
        services.upload_document(user=applicant, kind="cv", uploaded=uploaded)
    assert not Document.objects.exists()
