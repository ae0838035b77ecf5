import json
import sys
import urllib.parse

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from core.commands import add_departements_argument, read_source
from directory import annuaire
from territories import site


def default_url(departements: list[str]) -> str:
    where = " or ".join(f'startswith(code_insee_commune, "{code}")' for code in departements)
    return f"{annuaire.ODS_EXPORT}?{urllib.parse.urlencode({'where': where})}"


class Command(BaseCommand):
    help = (
        "Reprend les coordonnées institutionnelles (standard, courriel générique, formulaire, "
        "adresse, horaires) de l'Annuaire de l'administration (service-public.fr). "
        "Relançable sans risque ; une coordonnée saisie par la structure n'est jamais remplacée."
    )

    def add_arguments(self, parser):
        add_departements_argument(parser)
        source = parser.add_mutually_exclusive_group()
        source.add_argument(
            "--file",
            help='Export JSON de l\'annuaire (national {"service": […]} ou de son API).',
        )
        source.add_argument(
            "--url", help="Adresse d'un export JSON (défaut : l'API de l'annuaire, filtrée)."
        )

    def handle(self, *args, **options):
        departements = options["departements"] or site.served_codes()
        quiet = options["verbosity"] == 0
        data = self._read(options, departements)
        try:
            raws = annuaire.records_of(data)
        except annuaire.AnnuaireError as error:
            raise CommandError(f"Import refusé, rien n'a été écrit. {error}") from error
        bar = tqdm(total=len(raws), desc="Annuaire", unit="fiche", disable=quiet, file=sys.stderr)
        try:
            with transaction.atomic():
                summary = annuaire.import_annuaire(
                    data, departements, progress=lambda: bar.update(1)
                )
        finally:
            bar.close()
        if not quiet:
            self._report(summary, departements)

    def _read(self, options, departements):
        where = options["file"] or options["url"] or default_url(departements)
        body = read_source(options["file"], None if options["file"] else where, "application/json")
        try:
            return json.loads(body)
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise CommandError(
                f"Import refusé, rien n'a été écrit : {where} n'est pas du JSON ({error})."
            ) from error

    def _report(self, summary: annuaire.Summary, departements: list[str]) -> None:
        write = self.stdout.write
        write(
            f"Annuaire de l'administration ({', '.join(departements)}) : "
            f"{summary.read} fiches lues, {summary.in_scope} dans le territoire, "
            f"{summary.matched} rapprochées d'une structure, {summary.updated} structures "
            f"mises à jour ({summary.fields_updated} coordonnées), {summary.unchanged} "
            f"inchangées."
        )
        if summary.fields_kept:
            write(
                f"  {summary.fields_kept} coordonnée(s) saisie(s) par la structure ou l'équipe "
                "gardée(s) telle(s) quelle(s)."
            )
        if summary.ambiguous:
            write("  Plusieurs fiches possibles, rien repris : " + ", ".join(summary.ambiguous))
        if summary.not_found:
            write("  Aucune fiche trouvée pour : " + ", ".join(summary.not_found))
        if summary.rejected:
            write("  Valeurs écartées (format invalide) : " + " ; ".join(summary.rejected))
        if summary.unmatched_types:
            counts = ", ".join(
                f"{kind} {count}" for kind, count in sorted(summary.unmatched_types.items())
            )
            write(f"  Fiches sans structure correspondante, par type : {counts}.")
