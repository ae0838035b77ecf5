from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class PendingEdit(models.Model):
    """A change a structure made to something already published (a call, an event, a
    resource): the published version stays online while the platform team reads the change,
    which is then applied or refused. One per published item: a newer change replaces it."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    data = models.JSONField("formulaire envoyé")  # the posted fields, as lists of values
    summary = models.TextField("modifications", blank=True)  # « champ : avant → après »
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "modification à relire"
        verbose_name_plural = "modifications à relire"
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="one_pending_edit")
        ]

    def __str__(self):
        return f"{self.content_type.model} n° {self.object_id}"
