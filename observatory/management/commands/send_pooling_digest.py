from django.core.management.base import BaseCommand

from observatory import pooling


class Command(BaseCommand):
    help = (
        "Met à jour les suggestions de mutualisation puis envoie à chaque intercommunalité "
        "le récapitulatif des nouvelles (une fois par mois). Relançable : rien n'est envoyé deux "
        "fois."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--sans-envoi", action="store_true", help="Met à jour les suggestions seulement."
        )

    def handle(self, *args, **options):
        found = pooling.refresh()
        sent = 0 if options["sans_envoi"] else pooling.send_digest()
        if options["verbosity"]:
            self.stdout.write(
                f"{len(found)} suggestion(s) de mutualisation à jour ; {sent} courriel(s) de "
                "récapitulatif mis en file."
            )
