"""Held answers are sealed (feedback/sealing.py) instead of stored as readable JSON, and
released responses carry the number of the batch they came out in (feedback/release.py).

Answers held when this runs are sealed with the SURVEY_HOLD_KEY configured now. Going back
opens them again with that key."""

import base64
import hashlib
import json
import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.db import migrations, models

# A frozen copy of feedback/sealing.py's format, version 1: a migration must not change
# when the code does.


def _key() -> bytes:
    return base64.urlsafe_b64decode(settings.SURVEY_HOLD_KEY.encode())


def _context(campaign_id, unit_id) -> bytes:
    return f"legeportalen/survey-hold/v1/{campaign_id}/{unit_id}".encode()


def seal_held(apps, schema_editor):
    PendingResponse = apps.get_model("feedback", "PendingResponse")
    key = _key()
    key_id = hashlib.sha256(key).digest()[:4]
    for row in PendingResponse.objects.all():
        nonce = os.urandom(12)
        plaintext = json.dumps(row.answers, separators=(",", ":"), sort_keys=True).encode()
        ciphertext = AESGCM(key).encrypt(nonce, plaintext, _context(row.campaign_id, row.unit_id))
        row.sealed = b"\x01" + key_id + nonce + ciphertext
        row.save(update_fields=["sealed"])


def open_held(apps, schema_editor):
    PendingResponse = apps.get_model("feedback", "PendingResponse")
    key = _key()
    for row in PendingResponse.objects.all():
        sealed = bytes(row.sealed)
        plaintext = AESGCM(key).decrypt(
            sealed[5:17], sealed[17:], _context(row.campaign_id, row.unit_id)
        )
        row.answers = json.loads(plaintext)
        row.save(update_fields=["answers"])


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0002_seed_default_surveys"),
    ]

    operations = [
        migrations.AddField(
            model_name="campaign",
            name="release_batches",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="response",
            name="batch",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="pendingresponse",
            name="sealed",
            field=models.BinaryField(null=True),
        ),
        migrations.AlterField(
            model_name="pendingresponse",
            name="answers",
            field=models.JSONField(null=True),
        ),
        migrations.RunPython(seal_held, open_held),
        migrations.RemoveField(model_name="pendingresponse", name="answers"),
        migrations.AlterField(
            model_name="pendingresponse",
            name="sealed",
            field=models.BinaryField(),
        ),
    ]
