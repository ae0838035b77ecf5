from django.core.management.base import BaseCommand

from spaces.stale import flag_stale


class Command(BaseCommand):
    help = (
        "Signale aux structures et à l'équipe de la plateforme les fiches non confirmées depuis "
        "STRUCTURE_CONFIRMATION_MONTHS mois (une fois par période : la relance est sans effet)."
    )

    def handle(self, *args, **options):
        stale, flagged = flag_stale()
        self.stdout.write(f"{stale} fiche(s) à revoir, {flagged} nouvellement signalée(s).")
