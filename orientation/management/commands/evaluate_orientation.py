"""python manage.py evaluate_orientation [--details]: the engine judged on the public
evaluation set, overall and per theme."""

from django.core.management.base import BaseCommand, CommandError

from orientation.quality import EvaluationError, Figures, evaluate


def _percent(value: float | None) -> str:
    return "   —  " if value is None else f"{100 * value:5.1f} %"


class Command(BaseCommand):
    help = "Évalue le moteur d'orientation sur le jeu public (top-1, hit@3, MRR, réponses faibles)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--details", action="store_true", help="Liste les demandes mal orientées."
        )

    def handle(self, *args, details=False, **options):
        try:
            report = evaluate()
        except EvaluationError as error:
            raise CommandError(str(error)) from error
        out = self.stdout.write
        out(f"{'thème':28s} {'n':>4s} {'top-1':>8s} {'hit@3':>8s} {'MRR':>6s}")
        for theme, figures in report.by_theme.items():
            if figures.cases:
                out(self._line(theme, figures))
        overall = report.overall
        out(self._line("ENSEMBLE", overall))
        out(
            f"Hors champ : {overall.out_of_scope_weak}/{overall.out_of_scope} répondues "
            f"« pas de réponse claire » ({_percent(overall.out_of_scope_rate).strip()}) ; "
            f"précision des réponses faibles : {overall.weak_right}/{overall.weak} "
            f"({_percent(overall.weak_precision).strip()})."
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
