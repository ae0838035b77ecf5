"""Test and bench help requests."""

import factory
from django.utils import timezone

from directory.models import Offre
from territories.models import Commune

from .models import SupportRequest


class SupportRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportRequest

    commune = factory.LazyFunction(lambda: Commune.objects.get(code="53107"))  # Gorron
    offre = factory.LazyFunction(lambda: Offre.objects.get(slug="atd-eau-53-assistance-technique"))
    structure = factory.LazyAttribute(lambda o: o.offre.structure)
    project = "Diagnostic de notre assainissement collectif."
    requester_name = "Camille Martin"
    requester_role = SupportRequest.Role.MAYOR
    requester_email = factory.Sequence(lambda n: f"mairie{n}@example.fr")
    consent_at = factory.LazyFunction(timezone.now)
    waiting_since = factory.LazyFunction(timezone.now)
