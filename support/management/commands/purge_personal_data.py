from django.core.management.base import BaseCommand

from support.retention import purge


class Command(BaseCommand):
    help = (
        "Anonymise les demandes clôturées depuis SUPPORT_RETENTION_MONTHS mois et supprime les "
        "courriels envoyés depuis plus de 30 jours (à lancer chaque jour ; relance sans effet)."
    )

    def handle(self, *args, **options):
        anonymised, deleted = purge()
        self.stdout.write(
            f"{anonymised} demande(s) anonymisée(s), {deleted} courriel(s) supprimé(s)."
        )
