from __future__ import annotations

from django import forms

from intake.models import Mailbox


class MailboxForm(forms.ModelForm):
    class Meta:
        model = Mailbox
        fields = [
            "name",
            "address",
            "team",
            "active",
            "imap_host",
            "imap_port",
            "imap_security",
            "imap_username",
            "imap_password_env",
            "imap_folder",
            "imap_processed_folder",
        ]
        labels = {
            "imap_host": "IMAP server",
            "imap_port": "IMAP port",
            "imap_security": "Connection security",
            "imap_username": "IMAP user name",
            "imap_password_env": "Password variable",
            "imap_folder": "Folder to read",
            "imap_processed_folder": "Move processed mail to",
        }
        help_texts = {
            "address": "Customers write here; replies go out from the desk's address.",
            "imap_host": "Leave empty if mail arrives by the mail-in pipe or the webhook.",
            "imap_processed_folder": "Leave empty to keep mail where it is, flagged as done.",
        }

    def clean_address(self) -> str:
        return str(self.cleaned_data["address"]).strip().lower()

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("imap_host") and not data.get("imap_username"):
            self.add_error("imap_username", "Give the user name to sign in with.")
        if data.get("imap_host") and not data.get("imap_password_env"):
            self.add_error(
                "imap_password_env", "Name the environment variable that holds the password."
            )
        return data
