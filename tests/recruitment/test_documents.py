from datetime import timedelta

import pikepdf
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from recruitment.models import Document
from tests.recruitment import pdf_samples as samples
from tests.recruitment.factories import DocumentFactory, pdf_bytes

EXECUTABLES = {
    "windows": b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200,
    "linux": b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200,
    "script": b"#!/bin/sh\nrm -rf ~\n",
    "html": b"<html><script>alert(1)</script></html>",
}


def upload(client, content: bytes, name="cv.pdf", kind="cv", **kwargs):
    return client.post(
        reverse("recruitment:documents"),
        {"kind": kind, "file": SimpleUploadedFile(name, content, "application/pdf")},
        **kwargs,
    )


def test_a_pdf_is_stored_under_a_generated_name(login, applicant):
    response = upload(login(applicant), pdf_bytes(), name="../../Ola Søker CV.pdf")
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.owner == applicant
    assert document.title == "Ola Søker CV.pdf"
    assert document.file.name.startswith("documents/")
    assert "Ola" not in document.file.name
    assert default_storage.exists(document.file.name)
    assert document.size == len(document.file.read())


@pytest.mark.parametrize("kind", sorted(EXECUTABLES))
def test_an_executable_renamed_to_pdf_is_refused(login, applicant, kind):
    response = upload(login(applicant), EXECUTABLES[kind], name="cv.pdf")
    assert response.status_code == 200
    assert "this file is not a PDF" in response.content.decode()
    assert not Document.objects.exists()


def test_a_file_over_the_size_limit_is_refused(login, applicant, settings):
    settings.DOCUMENT_MAX_BYTES = 1024
    big = pdf_bytes(extra=b"/Padding (" + b"x" * 2000 + b")")
    response = upload(login(applicant), big)
    assert "The file is too large" in response.content.decode()
    assert not Document.objects.exists()


def test_the_default_size_limit_is_ten_megabytes(login, applicant):
    big = pdf_bytes(extra=b"/Padding (" + b"x" * (10 * 1024 * 1024) + b")")
    response = upload(login(applicant), big)
    assert "The file is too large" in response.content.decode()
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    "pdf",
    [
        pdf_bytes(extra=b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>"),
        pdf_bytes(extra=b"/OpenAction << /S /Launch /F (cmd.exe) >>"),
        pdf_bytes(extra=b"/OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >>"),
        samples.with_object_stream(["/FlateDecode"]),
        samples.with_object_stream(["/ASCIIHexDecode"]),
        samples.cv_with(samples.xfa_script, compress_streams=False),
    ],
    ids=[
        "javascript",
        "launch",
        "escaped-name",
        "inside-compressed-object-stream",
        "inside-hex-object-stream",
        "xfa-in-uncompressed-stream",
    ],
)
def test_active_content_is_removed_and_the_applicant_is_told(login, applicant, pdf):
    response = upload(login(applicant), pdf, follow=True)
    html = response.content.decode()
    assert "“cv.pdf” was uploaded." in html
    assert "We removed content from “cv.pdf” that could act in a PDF reader (" in html
    stored = Document.objects.get().file.read()
    for payload in (b"app.alert", b"cmd.exe", b"JavaScript", b"Launch", b"XFA", b"<script"):
        assert payload not in stored


def test_a_plain_pdf_is_uploaded_without_a_word_about_removal(login, applicant):
    html = upload(login(applicant), samples.cv_bytes(), follow=True).content.decode()
    assert "“cv.pdf” was uploaded." in html
    assert "We removed" not in html


def test_the_cleaned_copy_is_what_is_stored_and_served(login, applicant):
    client = login(applicant)
    upload(client, samples.cv_with(samples.embedded_files))
    document = Document.objects.get()
    response = client.get(reverse("recruitment:document_download", args=[document.uuid]))
    served = b"".join(response.streaming_content)
    assert served == document.file.read()
    assert document.size == len(served)
    assert b"EmbeddedFile" not in served
    assert samples.page_texts(served) == samples.page_texts(samples.cv_bytes())


def test_an_encrypted_pdf_is_refused(login, applicant):
    locked = samples.cv_bytes(encryption=pikepdf.Encryption(user="hemmelig", owner="eier"))
    response = upload(login(applicant), locked)
    assert "Password-protected PDFs" in response.content.decode()
    assert not Document.objects.exists()


def test_a_refused_upload_says_why_and_keeps_the_kind_chosen(login, applicant):
    response = upload(login(applicant), samples.cv_bytes()[:-40], kind="diploma")
    assert response.status_code == 200
    html = response.content.decode()
    assert "This PDF is damaged or incomplete, so it cannot be read." in html
    assert '<option value="diploma" selected>' in html
    assert not Document.objects.exists()


def test_a_harmless_compressed_stream_is_accepted(login, applicant):
    assert (
        upload(login(applicant), pdf_bytes(stream=b"BT /F1 12 Tf (Hei) Tj ET")).status_code == 302
    )


def test_the_owner_downloads_a_document_as_a_private_attachment(login, applicant):
    document = DocumentFactory(owner=applicant, title="Min CV.pdf")
    response = login(applicant).get(reverse("recruitment:document_download", args=[document.uuid]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Min" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"].split(", ")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == pdf_bytes()


@pytest.mark.parametrize(
    "name",
    [
        "recruitment:document_download",
        "recruitment:document_replace",
        "recruitment:document_delete",
    ],
)
def test_an_applicant_gets_404_on_another_applicants_document(
    login, applicant, other_applicant, name
):
    theirs = DocumentFactory(owner=other_applicant)
    client = login(applicant)
    assert client.get(reverse(name, args=[theirs.uuid])).status_code == 404
    assert client.post(reverse(name, args=[theirs.uuid])).status_code == 404
    assert Document.objects.filter(pk=theirs.pk).exists()


def test_staff_cannot_open_a_document_through_the_applicants_url(login, applicant, recruiter):
    document = DocumentFactory(owner=applicant)
    url = reverse("recruitment:document_download", args=[document.uuid])
    assert login(recruiter).get(url).status_code == 404


def test_a_visitor_is_sent_to_log_in(client, applicant):
    document = DocumentFactory(owner=applicant)
    response = client.get(reverse("recruitment:document_download", args=[document.uuid]))
    assert response.status_code == 302


def test_replacing_keeps_the_document_and_removes_the_old_file(
    login, applicant, django_capture_on_commit_callbacks
):
    document = DocumentFactory(owner=applicant)
    old_name = document.file.name
    new_content = pdf_bytes(extra=b"/Lang (nb)")
    with django_capture_on_commit_callbacks(execute=True):
        response = login(applicant).post(
            reverse("recruitment:document_replace", args=[document.uuid]),
            {"file": SimpleUploadedFile("ny-cv.pdf", new_content, "application/pdf")},
        )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.title == "ny-cv.pdf"
    stored = document.file.read()
    assert b"/Lang (nb)" in stored  # the new content, as rewritten
    assert document.size == len(stored)
    assert not default_storage.exists(old_name)


def test_a_replacement_is_cleaned_and_the_applicant_is_told(login, applicant):
    document = DocumentFactory(owner=applicant, title="cv.pdf")
    response = login(applicant).post(
        reverse("recruitment:document_replace", args=[document.uuid]),
        {"file": SimpleUploadedFile("ny.pdf", samples.cv_with(samples.launch_link))},
        follow=True,
    )
    assert "The document was replaced." in response.content.decode()
    assert "We removed content from “ny.pdf”" in response.content.decode()
    document.refresh_from_db()
    assert b"cmd.exe" not in document.file.read()


def test_a_fake_pdf_cannot_replace_a_document(login, applicant):
    document = DocumentFactory(owner=applicant)
    response = login(applicant).post(
        reverse("recruitment:document_replace", args=[document.uuid]),
        {"file": SimpleUploadedFile("cv.pdf", EXECUTABLES["windows"], "application/pdf")},
    )
    assert "this file is not a PDF" in response.content.decode()
    document.refresh_from_db()
    assert document.file.read() == pdf_bytes()


def test_deleting_removes_the_file_from_storage(
    login, applicant, django_capture_on_commit_callbacks
):
    document = DocumentFactory(owner=applicant)
    name = document.file.name
    client = login(applicant)
    assert (
        client.get(reverse("recruitment:document_delete", args=[document.uuid])).status_code == 200
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("recruitment:document_delete", args=[document.uuid]))
    assert not Document.objects.exists()
    assert not default_storage.exists(name)


def test_a_document_in_a_submitted_application_cannot_be_deleted(
    login, applicant, cv, make_application, hospital_postings
):
    application = make_application(applicant, hospital_postings[:1])
    application.documents.add(cv)
    from recruitment.applications import services

    services.submit_application(user=applicant, application=application)
    response = login(applicant).post(
        reverse("recruitment:document_delete", args=[cv.uuid]), follow=True
    )
    assert "attached to your submitted application" in response.content.decode()
    assert Document.objects.filter(pk=cv.pk).exists()
    assert default_storage.exists(cv.file.name)


def test_the_documents_page_lists_only_your_own(login, applicant, other_applicant):
    DocumentFactory(owner=applicant, title="min.pdf")
    DocumentFactory(owner=other_applicant, title="hennes.pdf")
    html = login(applicant).get(reverse("recruitment:documents")).content.decode()
    assert "min.pdf" in html
    assert "hennes.pdf" not in html


def test_deleting_an_account_removes_its_files_from_storage(
    applicant, django_capture_on_commit_callbacks
):
    document = DocumentFactory(owner=applicant)
    name = document.file.name
    with django_capture_on_commit_callbacks(execute=True):
        applicant.delete()
    assert not default_storage.exists(name)


def test_a_document_in_an_application_past_its_deadline_cannot_be_replaced(
    login, applicant, cv, make_application, hospital_postings, lis1_round
):
    application = make_application(applicant, hospital_postings[:1])
    application.documents.add(cv)
    from recruitment.applications import services

    services.submit_application(user=applicant, application=application)
    lis1_round.opens_at = timezone.now() - timedelta(days=30)
    lis1_round.closes_at = timezone.now() - timedelta(days=1)
    lis1_round.save()
    response = login(applicant).post(
        reverse("recruitment:document_replace", args=[cv.uuid]),
        {"file": SimpleUploadedFile("ny.pdf", pdf_bytes(extra=b"/Lang (en)"), "application/pdf")},
    )
    assert "whose deadline has passed" in response.content.decode()
    cv.refresh_from_db()
    assert cv.file.read() == pdf_bytes()
