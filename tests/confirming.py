"""Helpers for binding actions behind a confirmation page (portal/confirmation.py): press
the button, read the page, and confirm as a person would — with the fields it carries."""

from django.test import Client


def confirmation_fields(page) -> dict[str, list[str]]:
    """The fields the confirmation page's form sends, with ``confirm`` pressed."""
    fields: dict[str, list[str]] = {}
    for name, value in page.context["confirmation"]["hidden"]:
        fields.setdefault(name, []).append(value)
    return {**fields, "confirm": ["yes"]}


def ask(client: Client, url: str, data: dict | None = None):
    """Press the action's button: the confirmation page (asserted to be one)."""
    page = client.post(url, data or {})
    assert page.status_code == 200, page
    assert "confirmation" in page.context, "no confirmation page"
    return page


def press_and_confirm(client: Client, url: str, data: dict | None = None, **kwargs):
    """Press the button, then confirm on the page it leads to; the confirmed response."""
    page = ask(client, url, data)
    return client.post(page.context["confirmation"]["action"], confirmation_fields(page), **kwargs)
