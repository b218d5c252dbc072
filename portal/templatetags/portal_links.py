"""Links into the customer portal, for emails.

`{% sign_in_url customer ticket %}` makes its one-time sign-in token when the email is
rendered, which the worker does just before sending (see portal.services.sign_in_url).
"""

from __future__ import annotations

from django import template

from portal import services

register = template.Library()

register.simple_tag(services.sign_in_url, name="sign_in_url")
