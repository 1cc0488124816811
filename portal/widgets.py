"""Form widgets shared by the apps."""

from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe


class QuickSelect(forms.Select):
    """A ``<select>`` for long flat lists (every employer or municipality in the country).

    The same HTML as Django's own template, built in one pass: rendering one template per
    option made the job board's filter form the slowest part of the page on the national
    data set (hundreds of options; see bench/README.md). Grouped choices fall back to the
    template.
    """

    def render(self, name, value, attrs=None, renderer=None):
        choices = list(self.choices)
        if any(isinstance(label, list | tuple) for _value, label in choices):
            return super().render(name, value, attrs, renderer)
        selected = set(self.format_value(value))
        options = []
        for option_value, label in choices:
            key = "" if option_value is None else str(option_value)
            chosen = " selected" if key in selected else ""
            selected.discard(key)  # like Django: only the first match is selected
            options.append(
                f'\n  <option value="{escape(key)}"{chosen}>{escape(str(label))}</option>'
            )
        attrs = self.build_attrs(self.attrs, attrs)
        return mark_safe(  # every value above is escaped
            f'<select name="{escape(name)}"{flatatt(attrs)}>{"".join(options)}\n</select>'
        )
