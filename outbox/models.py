"""E-mails waiting to be sent. A message is written here in the same transaction as what it
announces, so that nothing is lost when the mail server is down; the `send_outbox` worker
sends and retries (outbox.services)."""

from django.db import models


class OutgoingEmail(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "À envoyer"
        SENDING = "sending", "Envoi en cours"
        SENT = "sent", "Envoyé"
        FAILED = "failed", "Abandonné"

    to = models.EmailField("destinataire")
    subject = models.CharField("objet", max_length=200)
    body = models.TextField("texte")
    reply_to = models.EmailField(blank=True)
    # RFC 8058: a mail client unsubscribes in one click by POSTing to it.
    unsubscribe_url = models.URLField(max_length=500, blank=True)
    # Chosen once, when queued: every copy of a message sent again has the same identifier.
    message_id = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    # The server had the whole message when it stopped answering: it may have sent it.
    late_answers = models.PositiveSmallIntegerField(default=0)
    seconds = models.FloatField("durée du dernier envoi (s)", null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    next_attempt_at = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "courriel sortant"
        verbose_name_plural = "courriels sortants"
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return self.subject
