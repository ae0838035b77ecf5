"""A project as JSON, to carry it elsewhere without retyping: a stable identifier and the
fields the State's project platforms exchange (name, description, carriers with their INSEE
codes and SIREN, themes, maturity, budget, financing lines). The format is documented in
`docs/projets.md` and, for the API, in its OpenAPI document."""

from funding.models import Aid

from .models import Project

FORMAT_VERSION = 1


def project_dict(project: Project) -> dict:
    communes = sorted(project.communes.all(), key=lambda c: c.code)  # prefetched by the API
    epci = project.epci
    return {
        "format": f"carto-inge/projet/{FORMAT_VERSION}",
        "id": str(project.public_id),
        "nom": project.name,
        "description": project.description,
        "avancement": project.maturity,
        "etat": project.state,
        "porteurs": {
            "communes": [{"insee": c.code, "siren": c.siren, "nom": c.name} for c in communes],
            "epci": {"siren": epci.code, "nom": epci.name} if epci else None,
        },
        "perimetre": project.perimeter,
        "thematiques": sorted(theme.slug for theme in project.themes.all()),
        "budget_ht": project.budget,
        "financements": [
            {
                "financeur": line.funder,
                "dispositif": line.scheme,
                "montant": line.amount,
                "taux": line.rate,
                "statut": line.status,
                "demande_le": _day(line.requested_on),
                "decide_le": _day(line.decided_on),
                "verse_le": _day(line.paid_on),
                "aide_aides_territoires": line.aid.external_id
                if line.aid and line.aid.source == Aid.Source.AIDES_TERRITOIRES
                else None,
            }
            for line in project.financing.all()
        ],
        "etapes": [
            {"date": m.date.isoformat(), "intitule": m.label} for m in project.milestones.all()
        ],
        "structures": [
            {"nom": f.structure.display_name, "siren": f.structure.siren, "suivi": f.status}
            for f in project.followers.all()
        ],
        "cree_le": project.created_at.isoformat(),
        "modifie_le": project.last_activity_at.isoformat(),
        "communs": communs(project, communes, epci),
    }


# The same project in the public schema of « Les communs de la transition écologique des
# collectivités » (betagouv/schema-projet-collectivites-transition-ecologique, projets and
# collectivites, version 0.1.0): its field names and its values. No referent's name, e-mail
# or phone is ever exported (personal data).
COMMUNS_SCHEMA = "schema-projet-collectivites-transition-ecologique/projets/0.1.0"
COMMUNS_PHASE = {
    "idee": "Idée",
    "etude": "Étude",
    "conception": "Étude",
    "consultation": "Opération",
    "travaux": "Opération",
    "termine": "Opération",
}
COMMUNS_STATUS = {"actif": "En cours", "inactif": "En pause", "termine": "Terminé"}


def communs(project: Project, communes, epci) -> dict:
    carriers = [
        {"type": "Commune", "nom": c.name, "codeInsee": c.code, "codeEpci": None,
         "siren": c.siren, "codeDepartements": [c.departement_id], "codeRegions": [c.region_id]}
        for c in communes
    ]  # fmt: skip
    if epci:
        carriers.append(
            {
                "type": "EPCI",
                "nom": epci.name,
                "codeInsee": None,
                "codeEpci": epci.code,
                "siren": epci.code,
                "codeDepartements": None,
                "codeRegions": None,
            }
        )
    return {
        "format": COMMUNS_SCHEMA,
        "id": str(project.public_id),
        "createdAt": project.created_at.isoformat(),
        "updatedAt": project.last_activity_at.isoformat(),
        "nom": project.name,
        "description": project.description,
        "budgetPrevisionnel": project.budget,
        "phase": COMMUNS_PHASE[project.maturity],
        "phaseStatut": COMMUNS_STATUS[project.state],
        "collectivites": carriers,
    }


def _day(value):
    return value.isoformat() if value else None
