"""Form widgets tuned for pages agents load all day."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe


class FastSelect(forms.Select):
    """A <select> rendered in Python.

    Django renders each <option> through a template; the inbox's ten selects cost more
    than its database queries that way. The HTML is the same as the stock widget's.
    """

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        final = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        selected = set(self.format_value(value))
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, mark_safe(" selected") if key in selected else "", label)
                for key, label in ((str(v), str(lbl)) for v, lbl in self.choices)
            ),
        )
        return format_html("<select{}>{}</select>", flatatt(final), options)


def use_fast_selects(form: forms.BaseForm) -> None:
    """Swap every plain single <select> of `form` for FastSelect, keeping its attributes."""
    for field in form.fields.values():
        widget = field.widget
        if type(widget) is forms.Select:
            fast = FastSelect(attrs=widget.attrs)
            fast.choices = widget.choices
            fast.is_required = widget.is_required
            field.widget = fast
