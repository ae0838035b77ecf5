import json

from django.core.management.base import BaseCommand, CommandError

from orientation.engine import OrientationError, orient
from orientation.serializers import orientation_dict
from territories.models import Commune


class Command(BaseCommand):
    help = "Qui peut aider cette commune pour ce projet ? Le même moteur que le site et l'API."

    def add_arguments(self, parser):
        parser.add_argument("--commune", required=True, help="Code INSEE de la commune.")
        parser.add_argument("--text", default="", help="Le projet, en quelques mots.")
        parser.add_argument("--theme", default="")
        parser.add_argument("--aide", default="")
        parser.add_argument("--phase", default="")
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args, **options):
        commune = Commune.objects.for_orientation(options["commune"])
        if commune is None:
            raise CommandError(f"Commune inconnue : « {options['commune']} » (code INSEE attendu).")
        try:
            result = orient(
                commune,
                options["text"],
                theme=options["theme"],
                aide=options["aide"],
                phase=options["phase"],
            )
        except OrientationError as error:
            raise CommandError(str(error)) from error
        data = orientation_dict(result)
        if options["format"] == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            f"{commune.name} — « {options['text']} » (correspondance {data['correspondance']})"
        )
        if data["hors_champ"]:
            self.stdout.write(
                "Hors du champ de l'ingénierie territoriale. " + data["autorite_competente"]
            )
        for block in result.blocks:
            self.stdout.write(f"[{block.title}]")
            for item in [r for r in data["results"] if r["categorie"] == block.kind][:10]:
                self.stdout.write(
                    f"{item['rank']:>3}. {item['structure']['nom']} — {item['offre']['titre']}"
                    f" ({item['score']}, {item['correspondance']})\n     "
                    + " ; ".join(item["raisons"])
                )
        if data["entry_points"]:
            self.stdout.write("Portes d'entrée généralistes :")
            for point in data["entry_points"]:
                self.stdout.write(f"  - {point['structure']['nom']} : {point['raison']}")
