"""python manage.py evaluate_orientation [--jeu developpement|reserve|tous] [--details]: the
engine judged on the development set and the frozen held-out set, overall, per theme and per
kind of request."""

from django.core.management.base import BaseCommand, CommandError

from orientation.quality import (
    SETS,
    EvaluationError,
    Figures,
    departement_set,
    evaluate,
    read_cases,
)


def _percent(value: float | None) -> str:
    return "   —  " if value is None else f"{100 * value:5.1f} %"


class Command(BaseCommand):
    help = (
        "Évalue le moteur d'orientation sur le jeu de développement et le jeu réservé (top-1, "
        "hit@3, MRR, réponses faibles)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--jeu",
            choices=[*SETS, "tous"],
            default="tous",
            help="Le jeu de développement, le jeu réservé (jamais modifié), ou les deux.",
        )
        parser.add_argument(
            "--departement",
            action="append",
            metavar="CODE",
            help="Le jeu tenu à l'écart d'un autre département (evaluation/departements/).",
        )
        parser.add_argument(
            "--details", action="store_true", help="Liste les demandes mal orientées."
        )

    def handle(self, *args, jeu="tous", details=False, departement=None, **options):
        if departement:
            paths = {f"departement-{code}": departement_set(code) for code in departement}
        else:
            paths = {name: SETS[name] for name in (SETS if jeu == "tous" else [jeu])}
        for name, path in paths.items():
            try:
                report = evaluate(read_cases(path))
            except EvaluationError as error:
                raise CommandError(str(error)) from error
            self._print(f"{name} ({path.name})", report, details)

    def _print(self, name, report, details):
        out = self.stdout.write
        out(f"\n== Jeu {name} ==")
        out(f"{'thème':28s} {'n':>4s} {'top-1':>8s} {'hit@3':>8s} {'MRR':>6s}")
        for theme, figures in report.by_theme.items():
            if figures.cases:
                out(self._line(theme, figures))
        overall = report.overall
        out(self._line("ENSEMBLE", overall))
        if len(report.by_kind) > 1:
            out(f"{'genre de demande':28s}")
            for kind, figures in report.by_kind.items():
                if figures.cases:
                    out(self._line(kind, figures))
            out(self._line("mal écrites ou longues", report.messy))
        out(
            f"Hors champ : {overall.out_of_scope_weak}/{overall.out_of_scope} répondues "
            f"« pas de réponse claire » ({_percent(overall.out_of_scope_rate).strip()}) ; "
            f"précision des réponses faibles : {overall.weak_right}/{overall.weak} "
            f"({_percent(overall.weak_precision).strip()})."
        )
        out(
            f"Structures montrées hors de leur territoire : {len(report.foreign)}"
            + (f" ({', '.join(report.foreign)})" if report.foreign else "")
            + "."
        )
        if details:
            for outcome in report.misses:
                case = outcome.case
                got = ", ".join(outcome.slugs[:3]) or "(réponse faible)"
                out(
                    f"  ✗ [{case.theme}] {case.commune} « {case.text} » ({case.block}) : {got} "
                    f"— attendu : {', '.join(case.first) or 'réponse faible'}"
                )

    @staticmethod
    def _line(label: str, figures: Figures) -> str:
        mrr = "   —" if figures.mrr_mean is None else f"{figures.mrr_mean:6.2f}"
        return (
            f"{label:28s} {figures.cases:4d} {_percent(figures.top1_rate):>8s} "
            f"{_percent(figures.hit_rate):>8s} {mrr}"
        )
