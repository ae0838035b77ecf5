from django.core.management.base import BaseCommand

from support import workflow


class Command(BaseCommand):
    help = (
        "Transmet au guichet de l'ingénierie de la préfecture les demandes que personne n'a "
        "prises en charge après SUPPORT_UNANSWERED_WORKING_DAYS jours ouvrés (jours fériés "
        "du département exclus), une seule fois chacune (à lancer chaque jour ouvré)."
    )

    def handle(self, *args, **options):
        due = workflow.due_for_escalation()
        done = sum(workflow.escalate(request) for request in due)
        self.stdout.write(
            f"{done} demande(s) sans prise en charge transmise(s) ou rappelée(s) au guichet de "
            "l'ingénierie ou, à défaut, à l'équipe de la plateforme."
        )
