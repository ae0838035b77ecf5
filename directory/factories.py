"""Test and bench structures, offers and themes."""

import factory

from .models import HelpKind, Offre, Phase, Structure, Theme


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"theme-test-{n}")
    name = factory.Sequence(lambda n: f"Thème test {n}")


class StructureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Structure

    slug = factory.Sequence(lambda n: f"structure-test-{n}")
    name = factory.Sequence(lambda n: f"Structure test {n}")
    kind = Structure.Kind.ASSOCIATION
    description = "Une structure de test."


class OffreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offre
        skip_postgeneration_save = True

    structure = factory.SubFactory(StructureFactory)
    slug = factory.Sequence(lambda n: f"offre-test-{n}")
    title = factory.Sequence(lambda n: f"Offre test {n}")
    summary = "Ce que fait l'offre."
    scope = Offre.Scope.FRANCE
    cost = Offre.Cost.FREE

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create:
            self.themes.set(extracted or [ThemeFactory()])

    @factory.post_generation
    def taxonomies(self, create, extracted, **kwargs):
        if create:
            self.help_kinds.set(HelpKind.objects.all()[:1])
            self.phases.set(Phase.objects.all()[:1])

    @factory.post_generation
    def territory(self, create, extracted, **kwargs):
        """territory=("departements", ["53"]) and the like."""
        if create and extracted:
            scope, codes = extracted
            self.scope = scope
            self.save(update_fields=["scope"])
            getattr(self, scope).set(codes)
