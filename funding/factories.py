"""Test and bench aids: an open departmental aid for communes, published."""

import datetime

import factory
from django.utils import timezone

from .models import Aid


class AidFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Aid
        skip_postgeneration_save = True

    source = Aid.Source.LOCAL
    external_id = factory.Sequence(lambda n: f"essai-{n}")
    name = factory.Sequence(lambda n: f"Appel à projets n° {n}")
    financers = ["Département de la Mayenne"]
    scope = Aid.Scope.DEPARTEMENTAL
    for_communes = True
    is_financial = True
    status = Aid.Status.PUBLISHED
    submission_deadline = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=45)
    )

    @factory.post_generation
    def departements(self, create, extracted, **kwargs):
        if create:
            self.departements.set(extracted or ["53"])

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)
