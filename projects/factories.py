"""Test and bench projects, and the accounts around them."""

import factory
from django.utils import timezone

from accounts.factories import UserFactory
from accounts.models import CommuneAccess
from territories.models import Commune

from .models import Project, ProjectMember


def commune_agent(code: str, **kwargs):
    """An élu or agent whose access to the commune the platform team confirmed."""
    user = UserFactory(**kwargs)
    CommuneAccess.objects.create(
        user=user,
        commune_id=code,
        role="secrétaire de mairie",
        status=CommuneAccess.Status.APPROVED,
    )
    return user


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Rénovation de la salle des fêtes n° {n}")
    description = "Rénover la salle des fêtes : isolation, chauffage, accessibilité."
    last_activity_at = factory.LazyFunction(timezone.now)
    last_visit_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def communes(self, create, extracted, **kwargs):
        if create:
            self.communes.set(Commune.objects.filter(code__in=extracted or ["53199"]))

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        for user in extracted or []:
            ProjectMember.objects.create(project=self, user=user)
