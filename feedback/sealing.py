"""Held survey answers are sealed: encrypted with AES-GCM under ``SURVEY_HOLD_KEY`` before
they reach the database, opened only to be released (feedback/release.py).

While an answer waits to be released with at least *k* others of its unit, its row sits
next to the record that someone answered (``Participation``), written a moment apart:
whoever can read the tables, their dead row versions, the WAL or a backup could pair the
two by position or transaction id. Sealed, the held row tells them nothing but its
campaign and unit, which the invitation already says. Only whoever holds the key could do
more; SECURITY.md says so.

A sealed value is ``version (1 byte) | key id (4 bytes) | nonce (12 bytes) | ciphertext``.
The key id (the first bytes of the key's SHA-256) lets an answer sealed before a key
rotation be opened with ``SURVEY_HOLD_OLD_KEYS``; the campaign and unit are bound in as
associated data, so a sealed answer cannot be moved to another unit's pile.
"""

import base64
import hashlib
import json
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

VERSION = b"\x01"
NONCE_BYTES = 12


class Unopenable(Exception):
    """A held answer that no configured key opens (a lost key, or a tampered row)."""


def _keys() -> dict[bytes, bytes]:
    """Key id → key: the current key first, then the old ones."""
    keys = {}
    for encoded in [settings.SURVEY_HOLD_KEY, *settings.SURVEY_HOLD_OLD_KEYS]:
        key = base64.urlsafe_b64decode(encoded.encode())
        keys.setdefault(_key_id(key), key)
    return keys


def _key_id(key: bytes) -> bytes:
    return hashlib.sha256(key).digest()[:4]


def _context(campaign_id: int, unit_id: int) -> bytes:
    return f"legeportalen/survey-hold/v1/{campaign_id}/{unit_id}".encode()


def seal(answers: dict, *, campaign_id: int, unit_id: int) -> bytes:
    key = base64.urlsafe_b64decode(settings.SURVEY_HOLD_KEY.encode())
    nonce = os.urandom(NONCE_BYTES)
    plaintext = json.dumps(answers, separators=(",", ":"), sort_keys=True).encode()
    ciphertext = AESGCM(key).encrypt(nonce, plaintext, _context(campaign_id, unit_id))
    return VERSION + _key_id(key) + nonce + ciphertext


def open_sealed(sealed: bytes | memoryview, *, campaign_id: int, unit_id: int) -> dict:
    sealed = bytes(sealed)
    version, key_id = sealed[:1], sealed[1:5]
    nonce, ciphertext = sealed[5 : 5 + NONCE_BYTES], sealed[5 + NONCE_BYTES :]
    key = _keys().get(key_id)
    if version != VERSION or key is None:
        raise Unopenable("no configured key opens this held answer")
    try:
        plaintext = AESGCM(key).decrypt(nonce, ciphertext, _context(campaign_id, unit_id))
    except InvalidTag:
        raise Unopenable("a held answer failed its integrity check") from None
    return json.loads(plaintext)


def new_key() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode()
