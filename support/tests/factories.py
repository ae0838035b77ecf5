import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.models import Membership, TerritoryAdmin
from directory.models import Offre, Structure
from support.models import SupportRequest
from territories.models import Commune


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    email = factory.Sequence(lambda n: f"agent{n}@example.org")
    username = factory.SelfAttribute("email")


def member_of(structure: Structure, role: str = "member", **kwargs):
    user = UserFactory(**kwargs)
    Membership.objects.create(user=user, structure=structure, role=role)
    return user


def territory_admin(departement: str = "53", **kwargs):
    user = UserFactory(**kwargs)
    TerritoryAdmin.objects.create(user=user, departement_id=departement)
    return user


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
