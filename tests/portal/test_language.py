"""portal.middleware.LanguageMiddleware: the visitor's language lasts as long as their request."""

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import translation

from compliance.reminders import send_reminders
from tests.factories import member

pytestmark = pytest.mark.django_db


def test_the_visitors_language_ends_with_the_request(agency):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/so-thu-nghiem/")
    assert response["Content-Language"] == "en" and 'lang="en"' in response.text
    # Not left active for what the thread does next (a job, an e-mail to officers in Vietnamese).
    assert translation.get_language() == settings.LANGUAGE_CODE
    user = member(agency, "agency_admin")
    user.email = "quan-tri@example.invalid"
    user.save()
    send_reminders()  # a new agency has empty sections: one reminder
    assert len(mail.outbox) == 1 and mail.outbox[0].body.startswith("Kính gửi"), mail.outbox[0].body[:80]
