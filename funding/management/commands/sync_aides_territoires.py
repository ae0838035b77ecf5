import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from core.commands import add_departements_argument
from funding import aides_territoires
from territories import site


class Command(BaseCommand):
    help = (
        "Synchronise les aides d'aides-territoires pour les départements servis : nouvelles, "
        "mises à jour, closes, archivées (jamais supprimées) ; libellés inconnus signalés. "
        "Relançable sans risque. Demande AIDES_TERRITOIRES_TOKEN (jeton d'un compte)."
    )

    def add_arguments(self, parser):
        add_departements_argument(parser)

    def handle(self, *args, **options):
        token = settings.AIDES_TERRITOIRES_TOKEN
        if not token:
            raise CommandError(
                "Synchronisation impossible : AIDES_TERRITOIRES_TOKEN n'est pas réglé (jeton "
                "d'un compte aides-territoires) ; le site fonctionne sans aides."
            )
        codes = options["departements"] or site.served_codes()
        quiet = options["verbosity"] == 0
        client = aides_territoires.Client(token, base=settings.AIDES_TERRITOIRES_URL)
        bar = tqdm(desc="Aides", unit="aide", disable=quiet, file=sys.stderr)
        try:
            summary = aides_territoires.sync(client, codes, progress=bar.update)
        except aides_territoires.SyncError as error:
            raise CommandError(f"Synchronisation interrompue : {error}") from error
        finally:
            bar.close()
        if quiet:
            return
        write = self.stdout.write
        write(
            f"Aides-territoires ({', '.join(codes)}) : {summary.read} aides lues, "
            f"{summary.new} nouvelles, {summary.updated} mises à jour, {summary.unchanged} "
            f"inchangées, {summary.closed} closes, {summary.archived} archivées ; "
            f"{summary.linked} aides en ingénierie rattachées à une structure de l'annuaire."
        )
        if summary.missing_perimeters:
            write("  Périmètres introuvables : " + ", ".join(summary.missing_perimeters))
        if summary.unmapped:
            write("  Libellés sans correspondance (à ajouter à seed/aides-territoires.toml) :")
            for (kind, label), count in sorted(summary.unmapped.items()):
                write(f"    - {kind} « {label} » ({count} aide(s))")
