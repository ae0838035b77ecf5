"""The JSON shape shared by the API and the `orient` command."""

from .engine import Orientation


def orientation_dict(orientation: Orientation) -> dict:
    commune = orientation.commune
    understood = orientation.understood
    return {
        "commune": {
            "code": commune.code,
            "nom": commune.name,
            "epci": {"code": commune.epci.code, "nom": commune.epci.name} if commune.epci else None,
        },
        "understood": {
            "themes": [{"slug": t.slug, "nom": t.name} for t in understood.themes],
            "aides": [{"slug": a.slug, "nom": a.name} for a in understood.aides],
            "phases": [{"slug": p.slug, "nom": p.name} for p in understood.phases],
            "expressions": understood.expressions,
        },
        "results": [
            {
                "rank": result.rank,
                "score": result.score,
                "structure": {
                    "slug": result.offre.structure.slug,
                    "nom": result.offre.structure.display_name,
                },
                "offre": {
                    "slug": result.offre.slug,
                    "titre": result.offre.title,
                    "resume": result.offre.summary,
                    "url": result.offre.get_absolute_url(),
                },
                "raisons": result.raisons,
                "conditions": result.conditions,
                "comment_solliciter": result.offre.how_to_ask,
            }
            for result in orientation.results
        ],
        "weak": orientation.weak,
        "entry_points": [
            {
                "structure": {"slug": point.structure.slug, "nom": point.structure.display_name},
                "raison": point.raison,
            }
            for point in orientation.entry_points
        ],
    }
