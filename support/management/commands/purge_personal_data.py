from django.core.management.base import BaseCommand

from support.retention import purge


class Command(BaseCommand):
    help = (
        "Anonymise les demandes clôturées depuis SUPPORT_RETENTION_MONTHS mois, supprime les "
        "courriels de plus de 30 jours (envoyés ou non), les liens de connexion et les "
        "sessions expirés, les alertes non confirmées ou vieilles de deux ans (à lancer "
        "chaque jour ; relance sans effet)."
    )

    def handle(self, *args, **options):
        done = purge()
        self.stdout.write(
            f"{done.requests} demande(s) anonymisée(s), {done.emails} courriel(s), "
            f"{done.login_links} lien(s) de connexion, {done.sessions} session(s) et "
            f"{done.alerts} alerte(s) sur les aides supprimés."
        )
