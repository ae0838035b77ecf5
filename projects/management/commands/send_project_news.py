from django.core.management.base import BaseCommand

from projects.notifications import send_news


class Command(BaseCommand):
    help = (
        "Envoie les nouvelles des projets : un récapitulatif par personne (chaque jour ou "
        "chaque semaine, à son choix), les échéances d'aides à moins de 7 jours, « Où en "
        "êtes-vous ? » aux projets sans activité ; met en sommeil les projets sans visite "
        "depuis un an. À lancer chaque jour ; relancer le même jour n'envoie rien deux fois."
    )

    def handle(self, *args, **options):
        sent = send_news()
        if options["verbosity"]:
            self.stdout.write(
                f"{sent.digests} récapitulatif(s), {sent.warnings} alerte(s) d'échéance, "
                f"{sent.nudges} relance(s) « Où en êtes-vous ? », {sent.inactive} projet(s) "
                "mis en sommeil."
            )
