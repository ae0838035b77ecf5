import sys

from django.core.management.base import BaseCommand
from tqdm import tqdm

from funding import alerts
from funding.models import AidAlert


class Command(BaseCommand):
    help = (
        "Envoie les alertes sur les aides qui ont du nouveau (nouvelles aides, clôtures à moins "
        "de 30 jours), par la file des courriels. À lancer chaque jour, après la "
        "synchronisation ; relancer le même jour n'envoie rien deux fois."
    )

    def handle(self, *args, **options):
        total = AidAlert.objects.exclude(confirmed_at=None).count()
        quiet = options["verbosity"] == 0
        with tqdm(total=total, desc="Alertes", disable=quiet, file=sys.stderr) as bar:
            done = alerts.send_due(progress=lambda: bar.update(1))
        if not quiet:
            self.stdout.write(
                f"{done.checked} alerte(s) à échéance, {done.sent} courriel(s) mis en file."
            )
