from __future__ import annotations

from typing import Any

from django import forms

from intake.models import Mailbox
from intake.oauth import OAuthError, check_token_url


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
            "imap_auth",
            "imap_password_env",
            "oauth_token_url",
            "oauth_client_id",
            "oauth_client_secret_env",
            "oauth_refresh_token_env",
            "oauth_scope",
            "imap_folder",
            "imap_processed_folder",
        ]
        labels = {
            "imap_host": "IMAP server",
            "imap_port": "IMAP port",
            "imap_security": "Connection security",
            "imap_username": "IMAP user name",
            "imap_auth": "Sign in with",
            "imap_password_env": "Password variable",
            "oauth_token_url": "OAuth token endpoint",
            "oauth_client_id": "OAuth client ID",
            "oauth_client_secret_env": "Client secret variable",
            "oauth_refresh_token_env": "Refresh token variable",
            "oauth_scope": "OAuth scope",
            "imap_folder": "Folder to read",
            "imap_processed_folder": "Move processed mail to",
        }
        help_texts = {
            "address": "Customers write here; replies go out from the desk's address.",
            "imap_host": "Leave empty if mail arrives by the mail-in pipe or the webhook.",
            "imap_processed_folder": "Leave empty to keep mail where it is, flagged as done.",
            "imap_auth": "Microsoft 365 accepts only OAuth 2.0 for IMAP.",
            "oauth_token_url": (
                "Microsoft 365: https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token; "
                "Google: https://oauth2.googleapis.com/token."
            ),
            "oauth_client_secret_env": "Name of the environment variable with the secret.",
            "oauth_refresh_token_env": (
                "Leave empty for app-only access (Microsoft 365 client credentials); "
                "name a variable holding a refresh token for delegated access (Gmail)."
            ),
            "oauth_scope": (
                "Microsoft 365 app-only: https://outlook.office365.com/.default; "
                "Gmail: https://mail.google.com/."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["imap_auth"].required = False  # left out means a password, as before

    def clean_imap_auth(self) -> str:
        return str(self.cleaned_data.get("imap_auth") or "password")

    def clean_address(self) -> str:
        return str(self.cleaned_data["address"]).strip().lower()

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("imap_host") and not data.get("imap_username"):
            self.add_error("imap_username", "Give the user name to sign in with.")
        if not data.get("imap_host"):
            return data
        if data.get("imap_auth") != "oauth2":
            if not data.get("imap_password_env"):
                self.add_error(
                    "imap_password_env", "Name the environment variable that holds the password."
                )
            return data
        url = str(data.get("oauth_token_url") or "")
        if not url:
            self.add_error("oauth_token_url", "Give the provider's token endpoint.")
        else:
            try:
                check_token_url(url)
            except OAuthError as error:
                self.add_error("oauth_token_url", str(error))
        if not data.get("oauth_client_id"):
            self.add_error("oauth_client_id", "Give the client (application) ID.")
        if not data.get("oauth_client_secret_env"):
            self.add_error(
                "oauth_client_secret_env",
                "Name the environment variable that holds the client secret.",
            )
        return data
