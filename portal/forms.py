from __future__ import annotations

from django import forms

from tickets.forms import MultipleFileField


class RequestForm(forms.Form):
    name = forms.CharField(max_length=200, label="Your name")
    email = forms.EmailField(label="Your email")
    subject = forms.CharField(max_length=250, label="What is it about?")
    message = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 7}), max_length=50_000, label="Tell us what happened"
    )
    attachments = MultipleFileField(label="Screenshots or files (optional)")
    # Left empty by people, filled by bots that fill every field.
    website = forms.CharField(required=False, label="Leave this empty")

    def __init__(self, *args: object, signed_in: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if signed_in:
            del self.fields["name"]
            del self.fields["email"]


class LoginForm(forms.Form):
    email = forms.EmailField(label="Email")
    password = forms.CharField(
        widget=forms.PasswordInput,
        required=False,
        help_text="No password? Leave it empty and we will email you a link.",
    )


class PortalReplyForm(forms.Form):
    message = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), max_length=50_000, label="Your reply"
    )
    attachments = MultipleFileField(label="Files (optional)")


class SetPasswordForm(forms.Form):
    password = forms.CharField(
        widget=forms.PasswordInput,
        label="New password",
        help_text="At least 8 characters, not a common one.",
    )
    confirm = forms.CharField(widget=forms.PasswordInput, label="The same again")

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("confirm"):
            self.add_error("confirm", "The two passwords differ.")
        return data
