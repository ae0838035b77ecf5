"""The JSON shape shared by the API, the `orient` command and the results page."""

from .engine import Orientation, Result


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
            "mots_retrouves": understood.found,
        },
        "results": [result_dict(result) for result in orientation.results],
        "weak": orientation.weak,
        "correspondance": orientation.strength,
        "bloc_principal": orientation.primary,
        "hors_champ": orientation.is_out_of_scope,
        "autorite_competente": orientation.out_of_scope or "",
        "entry_points": [
            {
                "structure": {"slug": point.structure.slug, "nom": point.structure.display_name},
                "raison": point.raison,
            }
            for point in orientation.entry_points
        ],
    }


def result_dict(result: Result) -> dict:
    """One result as the API gives it and as the results page shows it (plain data: a
    template reads a dict faster than model attributes)."""
    offre, structure = result.offre, result.offre.structure
    return {
        "rank": result.rank,
        "score": result.score,
        "categorie": result.category,
        "correspondance": "forte" if result.strong else "partielle",
        "structure": {
            "slug": structure.slug,
            "nom": structure.display_name,
            "url": structure.get_absolute_url(),
            "site_web": structure.website,
        },
        "offre": {
            "slug": offre.slug,
            "titre": offre.title,
            "resume": offre.summary,
            "url": offre.get_absolute_url(),
        },
        "raisons": result.raisons,
        "raison_principale": result.raison,
        "conditions": result.conditions,
        "comment_solliciter": offre.how_to_ask,
        "confiance": offre.confidence.as_dict(),
    }
