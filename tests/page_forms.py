"""The edit form of a page as a browser would send it: for tests of forms that merge
(``portal.merge``), which post back exactly what a tab showed."""

from html.parser import HTMLParser


class _Forms(HTMLParser):
    """The fields of each POST form on a page, as a browser would send them (without any
    submit button and without the conflict choices, which are returned apart)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self.radios: list[dict] = []
        self._form = self._text = self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("method", "").lower() == "post":
            self._form = {}
            self.forms.append(self._form)
        if tag == "option" and self._form is not None and self._select:
            if "selected" in a:
                self._add(self._select, a.get("value", ""))
            return
        if self._form is None or not a.get("name"):
            return
        if tag == "input":
            kind = a.get("type", "text")
            if kind == "radio":
                self.radios.append(a)
            elif kind == "checkbox":
                if "checked" in a:
                    self._add(a["name"], a.get("value", "on"))
            elif kind not in ("submit", "button"):
                self._form[a["name"]] = a.get("value", "")
        elif tag == "textarea":
            self._text = a["name"]
            self._form[self._text] = ""
        elif tag == "select":
            self._select = a["name"]
            if "multiple" not in a:
                self._form[self._select] = ""

    def _add(self, name, value):
        """Several ticked boxes or selected options of one name are sent as a list."""
        if name in self._form and self._form[name] != "":
            previous = self._form[name]
            self._form[name] = (
                [*previous, value] if isinstance(previous, list) else [previous, value]
            )
        else:
            self._form[name] = value

    def handle_data(self, data):
        if self._text:
            self._form[self._text] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            if self._form and self._text and self._form[self._text].startswith("\n"):
                self._form[self._text] = self._form[self._text][1:]
            self._text = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self._form = None


def page_form(response) -> tuple[dict, list[dict]]:
    """The edit form of a page (the one carrying field versions) and its conflict radios."""
    parser = _Forms()
    parser.feed(response.content.decode())
    form = next(f for f in parser.forms if any(name.startswith("base_") for name in f))
    return dict(form), parser.radios
