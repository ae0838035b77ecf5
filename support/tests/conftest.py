import pytest
from django.contrib.auth import get_user_model
from django.db.models import Max

from accounts.models import Membership
from history.models import Change
from outbox.models import OutgoingEmail
from support.models import SupportRequest

# What requests, their moves and their test accounts add.
WRITTEN = (SupportRequest, OutgoingEmail, Change, Membership, get_user_model())


@pytest.fixture
def committed(django_db_setup, django_db_blocker):
    """Real commits on the session's database, seen by every connection, for tests of
    several connections at once (no test transaction around, and no flush after, which
    would empty the referential the other tests read); what the test added is deleted
    afterwards (a request's events and messages with it)."""
    with django_db_blocker.unblock():
        before = {model: model.objects.aggregate(last=Max("pk"))["last"] or 0 for model in WRITTEN}
        yield
        for model, last in before.items():
            model.objects.filter(pk__gt=last).delete()
