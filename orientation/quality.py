"""The engine judged on two evaluation sets: the development set
(orientation/evaluation/demandes.toml), which the engine is tuned on, and the held-out set
(orientation/evaluation/reserve.toml), written blind before the engine changed and never edited
since (its sha256 is in docs/orientation.md and held by a test). Top-1, hit@3, mean reciprocal
rank and the precision of weak answers, overall, per theme and per kind of request.

Expected answers come from the structures' missions, written before looking at the engine's
output; the figures say how often a mayor would be sent to the right door first."""

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from directory.index import DirectoryIndex, get_index
from territories.models import Commune

from .engine import ADVICE, FUNDING, Orientation, orient

EVALUATION_PATH = Path(__file__).resolve().parent / "evaluation" / "demandes.toml"
HELD_OUT_PATH = EVALUATION_PATH.with_name("reserve.toml")
# A second development set, written blind from the fiches' missions (2026-12-06) after the
# held-out set: the engine may be tuned on it, so it measures nothing held out.
BLIND_DEV_PATH = EVALUATION_PATH.with_name("demandes-aveugles.toml")
SETS = {
    "developpement": EVALUATION_PATH,
    "developpement-aveugle": BLIND_DEV_PATH,
    "reserve": HELD_OUT_PATH,
}
# Held-out sets of other départements (`departements/<code>.toml`), written blind before the
# département was first onboarded (`onboard_departement`) and never edited: `attendues` lists
# the structures a practitioner accepts in the top 3, best first; « absent:… » names one no
# fiche holds yet (it counts as a miss, honestly).
DEPARTEMENT_SETS_DIR = EVALUATION_PATH.with_name("departements")
TOP = 3
CASE_KEYS = {"commune", "texte", "theme", "bloc", "premiers", "top3", "hors_champ", "genre",
             "competent", "attendues"}  # fmt: skip  # « competent »: who decides, for the reader
MESSY = ("fautes", "longue")  # the kinds of requests typed badly or at length


class EvaluationError(ValueError):
    pass


@dataclass
class Case:
    commune: str
    text: str
    theme: str
    block: str = ADVICE
    first: list[str] = field(default_factory=list)  # structure slugs, « @epci » resolved
    top: list[str] = field(default_factory=list)
    out_of_scope: bool = False
    kind: str = "courante"  # « realisation », « hors-champ », « fautes », « longue »…


@dataclass
class Outcome:
    case: Case
    slugs: list[str]  # structures of the judged block, in order
    weak: bool
    foreign: list[str] = field(default_factory=list)  # shown, though not covering the commune

    @property
    def top1(self) -> bool:
        return bool(self.slugs) and self.slugs[0] in self.case.first

    @property
    def hit(self) -> bool:
        accepted = set(self.case.first) | set(self.case.top)
        return any(slug in accepted for slug in self.slugs[:TOP])

    @property
    def reciprocal_rank(self) -> float:
        accepted = set(self.case.first) | set(self.case.top)
        for rank, slug in enumerate(self.slugs, start=1):
            if slug in accepted:
                return 1 / rank
        return 0.0


@dataclass
class Figures:
    cases: int = 0
    top1: int = 0
    hits: int = 0
    mrr: float = 0.0
    out_of_scope: int = 0
    out_of_scope_weak: int = 0
    weak: int = 0
    weak_right: int = 0  # weak answers to requests expected to be weak

    def add(self, outcome: Outcome) -> None:
        if outcome.weak:
            self.weak += 1
            self.weak_right += outcome.case.out_of_scope
        if outcome.case.out_of_scope:
            self.out_of_scope += 1
            self.out_of_scope_weak += outcome.weak
            return
        self.cases += 1
        self.top1 += outcome.top1
        self.hits += outcome.hit
        self.mrr += outcome.reciprocal_rank

    @staticmethod
    def _share(part: float, whole: int) -> float | None:
        return part / whole if whole else None

    @property
    def top1_rate(self):
        return self._share(self.top1, self.cases)

    @property
    def hit_rate(self):
        return self._share(self.hits, self.cases)

    @property
    def mrr_mean(self):
        return self._share(self.mrr, self.cases)

    @property
    def out_of_scope_rate(self):
        return self._share(self.out_of_scope_weak, self.out_of_scope)

    @property
    def weak_precision(self):
        return self._share(self.weak_right, self.weak)


@dataclass
class Report:
    outcomes: list[Outcome]
    overall: Figures
    by_theme: dict[str, Figures]
    by_kind: dict[str, Figures] = field(default_factory=dict)

    @property
    def messy(self) -> Figures:
        """Requests typed with mistakes, without accents, in SMS style or at length."""
        figures = Figures()
        for outcome in self.outcomes:
            if outcome.case.kind in MESSY:
                figures.add(outcome)
        return figures

    @property
    def foreign(self) -> list[str]:
        """Structures shown to a commune their offer does not cover (another département's)."""
        return sorted({slug for outcome in self.outcomes for slug in outcome.foreign})

    @property
    def misses(self) -> list[Outcome]:
        return [
            o
            for o in self.outcomes
            if (o.case.out_of_scope and not o.weak) or (not o.case.out_of_scope and not o.top1)
        ]


def departement_set(code: str) -> Path:
    path = DEPARTEMENT_SETS_DIR / f"{code}.toml"
    if not path.exists():
        raise EvaluationError(f"Aucun jeu d'évaluation pour le département {code} ({path}).")
    return path


def read_cases(path: Path = EVALUATION_PATH) -> list[Case]:
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    data.pop("departement", None)
    cases, problems = [], []
    for number, entry in enumerate(data.get("demandes", []), start=1):
        unknown = set(entry) - CASE_KEYS
        if unknown:
            problems.append(f"demande n° {number} : champ(s) inconnu(s) {sorted(unknown)}.")
        if not entry.get("texte") or not entry.get("commune") or not entry.get("theme"):
            problems.append(f"demande n° {number} : commune, texte et theme sont obligatoires.")
            continue
        out_of_scope = bool(entry.get("hors_champ", False))
        if entry.get("attendues"):  # a département's set: accepted in the top 3, best first;
            # its funding requests are judged on the block a funding answer goes to.
            entry = {**entry, "premiers": entry["attendues"][:1], "top3": entry["attendues"]}
            if entry["theme"] == "financement":
                entry.setdefault("bloc", FUNDING)
        if not out_of_scope and not entry.get("premiers"):
            problems.append(f"demande n° {number} : « premiers » est obligatoire.")
        block = entry.get("bloc", ADVICE)
        if block not in (ADVICE, FUNDING):
            problems.append(f"demande n° {number} : bloc « {block} » inconnu.")
        cases.append(
            Case(
                entry["commune"],
                entry["texte"],
                entry["theme"],
                block,
                list(entry.get("premiers", [])),
                list(entry.get("top3", [])),
                out_of_scope,
                entry.get("genre", "courante"),
            )
        )
    if problems:
        raise EvaluationError("\n".join(problems))
    return cases


def _resolve(slugs: list[str], commune: Commune) -> list[str]:
    """« @epci » is the commune's own intercommunality."""
    return [f"epci-{commune.epci_id}" if slug == "@epci" else slug for slug in slugs]


def judge(case: Case, commune: Commune, orientation: Orientation, covering=None) -> Outcome:
    case.first = _resolve(case.first, commune)
    case.top = _resolve(case.top, commune)
    block = next((b for b in orientation.blocks if b.kind == case.block), None)
    slugs: list[str] = []
    for result in block.results if block else []:
        slug = result.offre.structure.slug
        if slug not in slugs:  # a structure counts once, at its best rank
            slugs.append(slug)
    foreign = [
        result.offre.structure.slug
        for shown in orientation.blocks
        for result in shown.results
        if covering is not None and result.offre.pk not in covering
    ]
    return Outcome(case, slugs, orientation.weak, foreign)


def evaluate(cases: list[Case] | None = None, index: DirectoryIndex | None = None) -> Report:
    cases = read_cases() if cases is None else cases
    index = index or get_index()
    communes = Commune.objects.for_coverage().in_bulk({case.commune for case in cases})
    missing = sorted({case.commune for case in cases} - set(communes))
    if missing:
        raise EvaluationError(f"Communes absentes du référentiel : {', '.join(missing)}.")
    overall, by_theme, by_kind, outcomes = Figures(), {}, {}, []
    for case in cases:
        commune = communes[case.commune]
        orientation = orient(commune, case.text, index=index)
        outcome = judge(case, commune, orientation, index.covering(commune))
        outcomes.append(outcome)
        overall.add(outcome)
        by_theme.setdefault(case.theme, Figures()).add(outcome)
        by_kind.setdefault(case.kind, Figures()).add(outcome)
    return Report(outcomes, overall, dict(sorted(by_theme.items())), dict(sorted(by_kind.items())))
