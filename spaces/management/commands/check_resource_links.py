import sys

from django.core.management.base import BaseCommand
from tqdm import tqdm

from library.models import Resource
from spaces.resource_links import check_links


class Command(BaseCommand):
    help = (
        "Vérifie le lien de chaque ressource ; un lien qui ne répond plus retire la ressource "
        "des parcours et prévient la structure qui l'a publiée ; rappelle les ressources à "
        "relire (à lancer chaque semaine)."
    )

    def handle(self, *args, **options):
        quiet = options["verbosity"] == 0
        total = Resource.objects.exclude(status=Resource.Status.REFUSED).count()
        with tqdm(total=total, desc="Liens", disable=quiet, file=sys.stderr) as bar:
            done = check_links(progress=lambda: bar.update(1))
        if not quiet:
            self.stdout.write(
                f"{done.checked} lien(s) vérifié(s) : {done.broken} nouvellement cassé(s) "
                f"(structures prévenues), {done.still_broken} toujours cassé(s), "
                f"{done.repaired} réparé(s) ; {done.to_review} ressource(s) à relire rappelée(s)."
            )
