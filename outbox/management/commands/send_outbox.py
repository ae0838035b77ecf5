import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from outbox.services import send_pending


class Command(BaseCommand):
    help = (
        "Envoie les courriels en attente. Avec --worker, tourne en continu (service à lancer "
        "à côté du serveur web) ; sinon, une seule passe (par exemple chaque minute)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=500)
        parser.add_argument(
            "--worker", action="store_true", help="tourner en continu jusqu'à SIGTERM ou Ctrl-C"
        )
        parser.add_argument(
            "--interval", type=float, default=5.0, help="secondes entre deux passes (--worker)"
        )

    def handle(self, *args, limit, worker, interval, **options):
        if not worker:
            self._report(send_pending(limit=limit))
            return
        self.running = True
        signal.signal(signal.SIGTERM, self._stop)
        self.stdout.write(f"Envoi des courriels : une passe toutes les {interval:g} s.")
        try:
            while self.running:
                close_old_connections()
                summary = send_pending(limit=limit)
                if summary:
                    self._report(summary)
                if not summary.sent or summary.failed:  # nothing more to do at once
                    self._sleep(interval)
        except KeyboardInterrupt:
            pass
        self.stdout.write("Envoi des courriels arrêté.")

    def _sleep(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while self.running and time.monotonic() < end:
            time.sleep(min(0.2, seconds))

    def _stop(self, *args):
        self.running = False  # the message being sent is finished first

    def _report(self, summary) -> None:
        self.stdout.write(
            f"{summary.sent} envoyé(s), {summary.failed} à réessayer, "
            f"{summary.abandoned} abandonné(s)."
        )
