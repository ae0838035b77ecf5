from django.core.management.base import BaseCommand

from projects.retention import purge as purge_projects
from support.retention import purge


class Command(BaseCommand):
    help = (
        "Anonymise les demandes clôturées depuis SUPPORT_RETENTION_MONTHS mois, supprime les "
        "projets terminés ou en sommeil sans activité depuis autant de mois, les courriels de "
        "plus de 30 jours (envoyés ou non), les liens de connexion et les sessions expirés, "
        "les alertes non confirmées ou vieilles de deux ans (à lancer chaque jour ; relance "
        "sans effet)."
    )

    def handle(self, *args, **options):
        done = purge()
        projects = purge_projects()
        self.stdout.write(
            f"{done.requests} demande(s) anonymisée(s), {projects} projet(s), {done.emails} "
            f"courriel(s), {done.login_links} lien(s) de connexion, {done.sessions} session(s) "
            f"et {done.alerts} alerte(s) sur les aides supprimés."
        )
