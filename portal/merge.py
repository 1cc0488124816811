"""Field-by-field merging of a form saved from a page that may be out of date.

A page carries, next to each field it can save, the *version* the field had when the page
was drawn: a fingerprint of the stored value. A save then changes only the fields the
person changed on that page (their value differs from the version they started from), and
refuses – as a ``Conflict`` – a field that someone else changed meanwhile (in another tab
or window) to something else. Nothing is overwritten without the person seeing both texts
and choosing. A save without a version (an older client, a script) is a deliberate
overwrite of that field, as before.
"""

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.forms.models import BaseInlineFormSet
from django.forms.widgets import CheckboxInput, DateTimeBaseInput
from django.utils.translation import gettext as _


def normalise(value) -> str:
    """The text of a field as compared: browsers send line ends as CRLF, and forms strip
    surrounding space."""
    if value is None:
        return ""
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def canon(value) -> str:
    """A form's or a model's value as text, the same for both: booleans "1"/"", dates in
    ISO form, several values sorted and comma-separated."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        return ",".join(sorted(str(item) for item in value))
    return str(value)


def fingerprint(value) -> str:
    """The version of a stored value (short: it travels in every page)."""
    return hashlib.sha256(normalise(value).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Conflict:
    field: str
    mine: str
    theirs: str
    version: str  # of ``theirs``: sent back with "keep mine", it overwrites on purpose


def merge(
    current: Mapping[str, str], mine: Mapping[str, str], bases: Mapping[str, str | None]
) -> tuple[dict[str, str], list[Conflict]]:
    """What to write of ``mine`` over ``current``, and what conflicts.

    A field is left alone when this page did not change it (its value is still the version
    it started from) or when it already holds the same text; written when nobody changed
    it since the page's version; and refused when somebody else did.
    """
    changes: dict[str, str] = {}
    conflicts: list[Conflict] = []
    for name, value in mine.items():
        if name not in current:
            continue  # a field that no longer exists (a posting taken off the list)
        theirs = current[name]
        base = bases.get(name)
        if base is None:
            base = fingerprint(theirs)
        if normalise(value) == normalise(theirs) or fingerprint(value) == base:
            continue
        if fingerprint(theirs) != base:
            conflicts.append(
                Conflict(name, normalise(value), normalise(theirs), fingerprint(theirs))
            )
            continue
        changes[name] = value
    return changes, conflicts


# --- Multi-field edit forms (staff) --------------------------------------------------------

BASE_PREFIX = "base_"  # the version a field started from, carried in the page
# The person's choice for a conflicting field: "mine:<version>" or "theirs".
RESOLVE_PREFIX = "resolve_"


@dataclass(frozen=True)
class ShownConflict:
    """A conflict as the form shows it: the field's label and both values as the person
    reads them (choices by their names, times as in the field)."""

    field: str
    label: str
    mine: str
    theirs: str
    version: str
    choice: str  # the name of the page's "keep mine / keep the other" input


class MergeConflict(Exception):
    """Raised inside a save to undo it when a row saved with the main one (a formset's)
    conflicts; the conflicting forms show both values."""


def lock_row(instance):
    """The stored row of ``instance`` under ``select_for_update`` (the default ``lock`` of
    ``save_merged`` for a form whose object has no lock order of its own)."""
    return type(instance)._default_manager.select_for_update().get(pk=instance.pk)


def save_merged(form, *, lock, save):
    """Save a valid ``MergingFormMixin`` form in one transaction: ``lock()`` returns the
    stored row under ``select_for_update``, the fields this page changed are applied to
    it and ``save(row)`` saves it. Returns the saved row, or None when a field conflicts
    (then nothing is saved, and the form shows both values)."""
    try:
        with transaction.atomic():
            stored = lock()
            if form.merge_into(stored):
                return None
            return save(stored)
    except MergeConflict:
        return None


class MergingFormMixin:
    """A ModelForm that saves only what was changed on its page (the rule of ``merge``).

    The page carries each field's version (``{% include "portal/_merge.html" %}`` inside
    the ``<form>``). ``merge_into(stored)`` applies to the stored row – locked by the caller
    with ``select_for_update`` – the fields this page changed; a field changed elsewhere
    meanwhile is not applied but kept in ``merge_conflicts``, shown with both values and
    a choice: keep mine (overwrites, knowingly) or keep the other (leaves it as it is)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Taken before validation puts the typed values on the instance.
        self.stored_versions = self.versions_of(self.instance)
        self.merge_conflicts: list[ShownConflict] = []
        self.merge_changes: set[str] = set()

    def field_text(self, name: str, value) -> str:
        """A value as the page shows the field (a time in Norwegian time to the minute,
        a choice by its key), so that the stored value and the typed one compare alike."""
        field = self.fields[name]
        if isinstance(field.widget, CheckboxInput):
            return canon(bool(value))
        return canon(field.widget.format_value(field.prepare_value(value)))

    def stored_text(self, instance, name: str) -> str:
        return self.field_text(name, instance._meta.get_field(name).value_from_object(instance))

    def versions_of(self, instance) -> dict[str, str]:
        if instance is None or instance.pk is None:
            return {}
        return {name: fingerprint(self.stored_text(instance, name)) for name in self.fields}

    def posted_bases(self) -> dict[str, str]:
        """The version of each field this page started from; a keep-mine choice answers
        one conflict by taking the other's version as the base, so it overwrites."""
        bases = {}
        for name in self.fields:
            base = self.data.get(BASE_PREFIX + self.add_prefix(name))
            choice = self.data.get(RESOLVE_PREFIX + self.add_prefix(name), "")
            if choice.startswith("mine:"):
                base = choice.removeprefix("mine:")
            if base is not None:
                bases[name] = base
        return bases

    def kept_theirs(self) -> set[str]:
        return {
            n for n in self.fields if self.data.get(RESOLVE_PREFIX + self.add_prefix(n)) == "theirs"
        }

    @property
    def merge_versions(self) -> dict[str, str]:
        """The versions the page carries, by the name of their input: as stored when
        drawn; after a refused save, the versions the page started from (a plain save
        again conflicts again)."""
        versions = {}
        for name, version in self.stored_versions.items():
            if name in self.fields:
                key = BASE_PREFIX + self.add_prefix(name)
                versions[key] = self.data.get(key, version) if self.is_bound else version
        return versions

    def merge_into(self, stored) -> list[ShownConflict]:
        """Apply to ``stored`` (the current row, locked) the fields this page changed; the
        form must be valid. Returns (and keeps) the conflicts; none means ``stored`` holds
        the merged row, ready to be saved."""
        theirs = self.kept_theirs()
        names = [  # the model's fields on the form (not a formset's id or DELETE)
            n
            for n in self.stored_versions
            if n in self.fields and n in self.cleaned_data and n not in theirs
        ]
        current = {name: self.stored_text(stored, name) for name in names}
        mine = {name: self.field_text(name, self.cleaned_data[name]) for name in names}
        changes, conflicts = merge(current, mine, self.posted_bases())
        self.merge_changes = set(changes)
        for name in changes:
            field = stored._meta.get_field(name)
            if not field.many_to_many:  # written by the caller's save (``merged_value``)
                field.save_form_data(stored, self.cleaned_data[name])
        self.merge_conflicts = [
            ShownConflict(
                field=c.field,
                label=str(self.fields[c.field].label or c.field),
                mine=self._readable(c.field, c.mine),
                theirs=self._readable(c.field, c.theirs),
                version=c.version,
                choice=RESOLVE_PREFIX + self.add_prefix(c.field),
            )
            for c in conflicts
        ]
        for conflict in self.merge_conflicts:
            self.add_error(
                conflict.field,
                _(
                    "Changed by someone else after this page was opened; it now says "
                    "“%(theirs)s”. Choose above which to keep."
                )
                % {"theirs": conflict.theirs or "–"},
            )
        return self.merge_conflicts

    def merged_value(self, stored, name: str):
        """After ``merge_into``: the value to save of a field – this page's if it changed
        it, else the stored one (for a many-to-many field, the related objects)."""
        if name in self.merge_changes:
            return self.cleaned_data[name]
        value = getattr(stored, name)
        return list(value.all()) if stored._meta.get_field(name).many_to_many else value

    def _readable(self, name: str, text: str) -> str:
        field = self.fields[name]
        if isinstance(field.widget, CheckboxInput):
            return str(_("Yes") if text else _("No"))
        choices = getattr(field, "choices", None)
        if choices is not None and text:
            labels = {str(key): str(label) for key, label in choices}
            return ", ".join(labels.get(part, part) for part in text.split(","))
        if isinstance(field.widget, DateTimeBaseInput):
            return text.replace("T", " ")
        return text


class MergingInlineFormSet(BaseInlineFormSet):
    """An inline formset of ``MergingFormMixin`` forms: a row the page changed is merged
    into its stored (locked) version; new rows are added and ticked rows deleted as
    usual. A conflicting row undoes the whole save (``MergeConflict``)."""

    def save_existing(self, form, obj, commit=True):
        stored = type(obj).objects.select_for_update().get(pk=obj.pk)
        if form.merge_into(stored):
            raise MergeConflict
        if commit:
            stored.save()
        return stored

    @property
    def merge_conflicts(self) -> bool:
        return any(form.merge_conflicts for form in self.forms)
