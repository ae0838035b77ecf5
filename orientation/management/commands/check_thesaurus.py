from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from directory.models import HelpKind, Phase, Theme
from orientation.thesaurus import THESAURUS_PATH, ThesaurusError, read_thesaurus


class Command(BaseCommand):
    help = (
        "Valide le thésaurus (orientation/thesaurus.toml) et, avec --essai, "
        "montre ce qu'il comprend d'une demande."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fichier", default=str(THESAURUS_PATH))
        parser.add_argument("--essai", default="", help="Une demande à analyser.")

    def handle(self, *args, **options):
        try:
            thesaurus = read_thesaurus(
                Path(options["fichier"]),
                set(Theme.objects.values_list("slug", flat=True)),
                set(HelpKind.objects.values_list("slug", flat=True)),
                set(Phase.objects.values_list("slug", flat=True)),
            )
        except ThesaurusError as error:
            lines = "\n".join(f"  - {problem}" for problem in error.problems)
            raise CommandError(
                f"Thésaurus invalide ({len(error.problems)} problème(s)) :\n{lines}"
            ) from error
        self.stdout.write(f"Thésaurus valide : {len(thesaurus.terms)} expressions.")
        if options["essai"]:
            match = thesaurus.match(options["essai"])
            self.stdout.write(
                "Expressions reconnues : " + ", ".join(t.expression for t in match.terms)
            )
            self.stdout.write(
                f"Thèmes : {match.themes} ; aides : {match.aides} ; phases : {match.phases}"
            )
            self.stdout.write("Mots lus : " + ", ".join(match.words))
            if match.negated or match.negated_terms:
                negated = match.negated + [t.expression for t in match.negated_terms]
                self.stdout.write(
                    "Exclus par la demande (« non », « hors »…) : " + ", ".join(negated)
                )
            if match.out_of_scope is not None:
                self.stdout.write(f"Hors champ : {match.out_of_scope or 'autorité non précisée'}")
