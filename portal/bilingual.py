"""Texts that people in the region write in both languages: a ``<name>_nb`` field, and a
``<name>_en`` field that may be left empty."""

from django.utils.translation import get_language


class Bilingual:
    """``obj.<name>``: the English text for an English reader when one is filled in, else
    the Norwegian one (Norwegian comes first)::

        title_nb = models.CharField(...)
        title_en = models.CharField(..., blank=True)
        title = Bilingual()
    """

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        if (get_language() or "nb").startswith("en"):
            english = getattr(obj, f"{self.name}_en")
            if english:
                return english
        return getattr(obj, f"{self.name}_nb")

    def __set__(self, obj, value) -> None:
        raise AttributeError(f"Set {self.name}_nb or {self.name}_en, not {self.name}.")
