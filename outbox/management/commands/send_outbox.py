from django.core.management.base import BaseCommand

from outbox.services import send_pending


class Command(BaseCommand):
    help = "Envoie les courriels en attente (à lancer régulièrement, par exemple chaque minute)."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=500)

    def handle(self, *args, limit, **options):
        summary = send_pending(limit=limit)
        self.stdout.write(
            f"{summary.sent} envoyé(s), {summary.failed} à réessayer, "
            f"{summary.abandoned} abandonné(s)."
        )
