from __future__ import annotations

import re

from django import forms

from goodwill.widgets import FastSelect, use_fast_selects


class Sample(forms.Form):
    colour = forms.ChoiceField(
        choices=[("", "Any"), ("r", "Red & <b>"), ("g", "Green")], required=False
    )


def _options(html: str) -> list[tuple[str, bool, str]]:
    return [
        (v, bool(sel), label)
        for v, sel, label in re.findall(
            r'<option value="([^"]*)"( selected)?>([^<]*)</option>', html
        )
    ]


def test_the_fast_select_renders_what_the_stock_select_renders() -> None:
    stock = str(Sample(initial={"colour": "g"})["colour"])
    form = Sample(initial={"colour": "g"})
    use_fast_selects(form)
    fast = str(form["colour"])
    assert isinstance(form.fields["colour"].widget, FastSelect)
    assert (
        _options(fast)
        == _options(stock)
        == [("", False, "Any"), ("r", False, "Red &amp; &lt;b&gt;"), ("g", True, "Green")]
    )
    assert 'name="colour"' in fast and 'id="id_colour"' in fast
