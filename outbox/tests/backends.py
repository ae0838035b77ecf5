"""A mail server that is down (a stand-in for the external SMTP server, not our database)."""

from django.core.mail.backends.base import BaseEmailBackend


class FailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("serveur de messagerie indisponible")
