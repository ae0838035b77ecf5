"""sitemap.xml: the public pages worth indexing — the directory's fiches and offers, the
territories, the réalisations, the structures' calls, upcoming events, the list pages."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils import timezone

from agenda.models import Event
from directory.models import Offre, Structure
from funding.models import Aid
from peers.models import Realisation
from territories.models import EPCI, Commune, Departement


class Pages(Sitemap):
    changefreq = "weekly"

    def items(self):
        return ["directory:home", "directory:list", "funding:list", "agenda:list", "library:list",
                "agenda:newcomers", "territories:commune_search", "core:api",
                "opendata:index"]  # fmt: skip

    def location(self, item):
        return reverse(item)


class Structures(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Structure.objects.order_by("pk").only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class Offres(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Offre.objects.current().order_by("pk").only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class Territories(Sitemap):
    changefreq = "monthly"

    def items(self):
        return [
            *Departement.objects.filter(communes__isnull=False).distinct().only("code"),
            *EPCI.objects.filter(communes__isnull=False).distinct().only("code"),
            *Commune.objects.order_by("code").only("code"),
        ]


class Realisations(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Realisation.objects.filter(status=Realisation.Status.PUBLISHED).order_by("pk")

    def location(self, item):
        return reverse("peers:detail", args=[item.pk])


class LocalAids(Sitemap):
    changefreq = "daily"

    def items(self):
        return Aid.objects.open().filter(source=Aid.Source.LOCAL).order_by("pk")


class Events(Sitemap):
    changefreq = "daily"

    def items(self):
        return Event.objects.upcoming(timezone.now()).order_by("pk")


SITEMAPS = {
    "pages": Pages, "structures": Structures, "offres": Offres, "territoires": Territories,
    "realisations": Realisations, "appels": LocalAids, "agenda": Events,
}  # fmt: skip
