"""Response shapes of the public API (French field names, like the rest of the product)."""

from datetime import date

from ninja import Schema
from pydantic import Field


class Error(Schema):
    detail: str


class Ref(Schema):
    slug: str
    nom: str


class CodeRef(Schema):
    code: str
    nom: str


class Taxon(Schema):
    slug: str
    nom: str
    description: str = ""


class ThemeTaxon(Taxon):
    intitule_enquete_2023: str = ""


class Taxonomies(Schema):
    themes: list[ThemeTaxon]
    aides: list[Taxon]
    phases: list[Taxon]
    natures: list[Taxon]
    conditions: list[Taxon]


class Territory(Schema):
    type: str
    libelle: str
    regions: list[str]
    departements: list[str]
    epci: list[str]
    communes: list[str]


class Conditions(Schema):
    type: str
    libelle: str
    precisions: str


class Confiance(Schema):
    niveau: str = Field(
        description="« verifiee » (par la structure), « sources-publiques » ou "
        "« non-identifiee » (aucune source publique ne décrit la structure)."
    )
    libelle: str
    informations_du: date | None = Field(
        description="Fin de la période de la source datée la plus récente."
    )
    datee: str = Field(
        description="« information datée de 2019 » quand la source la plus récente a plus de "
        "3 ans, sinon vide."
    )


class Source(Schema):
    titre: str
    url: str
    date: str = Field(description="AAAA, AAAA-MM, AAAA-MM-JJ ou « non datée ».")
    secondaire: bool = Field(description="Article de presse ou copie d'un document.")


class Validite(Schema):
    debut: date | None
    fin: date | None


class Offre(Schema):
    slug: str
    titre: str
    resume: str
    structure: Ref
    themes: list[str]
    aides: list[str]
    phases: list[str]
    pour_communes: bool
    pour_epci: bool
    population_min: int | None
    population_max: int | None
    reserve_aux_membres: bool
    territoire: Territory
    conditions: Conditions
    comment_solliciter: str
    confiance: Confiance
    validite: Validite
    sources: list[Source]
    url: str


class Contact(Schema):
    """An institutional contact of a structure (never a person's), with its provenance."""

    champ: str = Field(description="telephone, courriel, page_contact, adresse ou horaires")
    libelle: str
    valeur: str
    origine: str = Field(
        description="annuaire, jeu-initial, plateforme, structure, ou vide si inconnue"
    )
    source: str
    source_url: str
    date: str = Field(description="Date de la source (AAAA, AAAA-MM, AAAA-MM-JJ) ou vide")


class Structure(Schema):
    slug: str
    nom: str
    sigle: str
    nature: str
    nature_libelle: str
    description: str
    ville_siege: str
    commune_siege: str | None
    site_web: str
    page_contact: str
    contacts: list[Contact]
    latitude: float | None
    longitude: float | None
    epci: str | None
    etat_fiche: str
    fiche_verifiee_le: date | None
    sources: list[str]
    sources_detaillees: list[Source]
    confiance: Confiance
    nb_offres: int
    url: str


class StructureDetail(Structure):
    offres: list[Offre]


class StructurePage(Schema):
    count: int
    page: int
    page_size: int
    pages: int
    results: list[Structure]


class OffrePage(Schema):
    count: int
    page: int
    page_size: int
    pages: int
    results: list[Offre]


class CommuneSummary(Schema):
    code: str
    nom: str
    codes_postaux: list[str]
    population: int | None
    departement: CodeRef
    epci: CodeRef | None
    url: str


class Point(Schema):
    latitude: float
    longitude: float
    origine: str


class CommuneDetail(CommuneSummary):
    region: CodeRef
    autres_noms: list[str]
    centre: Point | None
    offres: list[Offre]


class Named(Schema):
    slug: str
    nom: str


class Understood(Schema):
    themes: list[Named]
    aides: list[Named]
    phases: list[Named]
    expressions: list[str]
    # The request's other words that found the first answers in their offers' own text.
    mots_retrouves: list[str]


class OrientationCommune(Schema):
    code: str
    nom: str
    epci: CodeRef | None


class OrientationOffre(Schema):
    slug: str
    titre: str
    resume: str
    url: str


class OrientationStructure(Schema):
    slug: str
    nom: str
    url: str
    site_web: str


class OrientationResult(Schema):
    rank: int = Field(description="Rang dans son bloc (« categorie »).")
    score: float
    categorie: str = Field(
        description="« accompagner » (conseil, expertise, AMO, études, formation) ou "
        "« financer » (subventions, dotations, prêts, appels à projets) : chaque bloc est "
        "classé à part."
    )
    correspondance: str = Field(
        description="« forte » : l'offre répond à la demande elle-même ; « partielle » : "
        "seulement par son thème."
    )
    structure: OrientationStructure
    offre: OrientationOffre
    raisons: list[str]
    raison_principale: str = Field(
        description="La plus précise des raisons, pour un affichage en une ligne."
    )
    conditions: str
    comment_solliciter: str
    confiance: Confiance


class EntryPoint(Schema):
    structure: Ref
    raison: str


class Orientation(Schema):
    commune: OrientationCommune
    understood: Understood
    results: list[OrientationResult] = Field(
        description="Les résultats des deux blocs, celui de « bloc_principal » d'abord."
    )
    weak: bool
    correspondance: str = Field(
        description="« forte », « partielle » (la meilleure réponse ne partage que le thème) "
        "ou « faible » (aucune offre ne correspond clairement)."
    )
    bloc_principal: str = Field(
        description="« accompagner » ou « financer » : le bloc que la demande vise."
    )
    hors_champ: bool = Field(
        description="Vrai quand la demande ne relève d'aucune structure d'ingénierie "
        "territoriale (fête, fermeture de classe, démarche personnelle…)."
    )
    autorite_competente: str = Field(
        description="Pour une demande hors champ, qui en décide quand on le sait "
        "(« … relèvent de l'Éducation nationale »), sinon vide."
    )
    entry_points: list[EntryPoint]


class DemandeCommune(Schema):
    code: str
    nom: str


class Demande(Schema):
    id: str
    date: str
    statut: str
    issue: str
    commune: DemandeCommune
    structure: Ref
    projet: str


class DemandePage(Schema):
    count: int
    page: int
    page_size: int
    pages: int
    results: list[Demande]


class Tableau(Schema):
    slug: str
    titre: str
    resume: str
    colonnes: list[str]
    lignes: list[list[str | int | float | None]]


class Aide(Schema):
    """An open aid or call for projects (aides-territoires, or published by a structure)."""

    source: str = Field(description="aides-territoires ou locale")
    identifiant: str
    nom: str
    url: str = Field(description="Fiche sur aides-territoires, sinon la source")
    porteurs: list[str]
    programmes: list[str]
    perimetre: str
    territoire: str = Field(description="national, regional, departemental ou local")
    themes: list[str] = Field(description="Slugs des thèmes de Carto'Ingé")
    nature: list[str] = Field(description="Natures telles que la source les nomme")
    appel_a_projets: bool
    recurrence: str
    ouverture: date | None
    cloture: date | None
    echeance: str = Field(description="« clôture dans 12 jours », « permanente »…")
    taux_max: int | None


class AidePage(Schema):
    count: int
    page: int
    page_size: int
    pages: int
    results: list[Aide]


class Financement(Schema):
    financeur: str
    dispositif: str
    montant: int | None = Field(description="En euros")


class Appui(Schema):
    structure: str = Field(description="Slug de la fiche de la structure")
    role: str = Field(description="conseil, amo, etude ou financement")


class Realisation(Schema):
    """A project a commune, an intercommunality or the Département carried out."""

    id: int
    titre: str
    commune: str | None = Field(description="Code INSEE")
    intercommunalite: str | None = Field(description="SIREN")
    departement: str | None
    annee: int
    cout_total: int | None = Field(description="En euros")
    themes: list[str] = Field(description="Slugs des thèmes de Carto'Ingé")
    financements: list[Financement]
    appuis: list[Appui]
    sources: list[dict]
    url: str


class RealisationPage(Schema):
    count: int
    page: int
    page_size: int
    pages: int
    results: list[Realisation]


class ProjetCommune(Schema):
    insee: str
    siren: str
    nom: str


class ProjetEpci(Schema):
    siren: str
    nom: str


class ProjetPorteurs(Schema):
    communes: list[ProjetCommune]
    epci: ProjetEpci | None


class ProjetFinancement(Schema):
    financeur: str
    dispositif: str
    montant: int | None
    taux: int | None
    statut: str = Field(description="envisage, demande, obtenu, refuse ou verse")
    demande_le: str | None
    decide_le: str | None
    verse_le: str | None
    aide_aides_territoires: str | None = Field(
        description="Identifiant de l'aide sur aides-territoires, quand la ligne en vient"
    )


class ProjetEtape(Schema):
    date: str
    intitule: str


class ProjetStructure(Schema):
    nom: str
    siren: str
    suivi: str = Field(description="nouveau, a-traiter, en-cours, termine ou pas-concerne")


class CommunsCollectivite(Schema):
    type: str = Field(description="Commune ou EPCI")
    nom: str
    codeInsee: str | None = None  # noqa: N815 - the public schema's name
    codeEpci: str | None = None  # noqa: N815
    siren: str
    codeDepartements: list[str] | None = None  # noqa: N815
    codeRegions: list[str] | None = None  # noqa: N815


class CommunsProjet(Schema):
    format: str = Field(
        description="schema-projet-collectivites-transition-ecologique/projets/0.1.0"
    )
    id: str
    createdAt: str  # noqa: N815
    updatedAt: str  # noqa: N815
    nom: str
    description: str
    budgetPrevisionnel: int | None  # noqa: N815
    phase: str = Field(description="Idée, Étude ou Opération")
    phaseStatut: str = Field(description="En cours, En pause ou Terminé")  # noqa: N815
    collectivites: list[CommunsCollectivite]


class Projet(Schema):
    format: str = Field(description="« carto-inge/projet/1 »")
    id: str = Field(description="Identifiant stable du projet (UUID)")
    nom: str
    description: str
    avancement: str = Field(description="idee, etude, conception, consultation, travaux, termine")
    etat: str = Field(description="actif, inactif ou termine")
    porteurs: ProjetPorteurs
    perimetre: str
    thematiques: list[str] = Field(description="Identifiants des thèmes de Carto'Ingé")
    budget_ht: int | None
    financements: list[ProjetFinancement]
    etapes: list[ProjetEtape]
    structures: list[ProjetStructure]
    cree_le: str
    modifie_le: str
    communs: CommunsProjet = Field(
        description="Le même projet au schéma public « Les communs de la transition "
        "écologique des collectivités » (projets, version 0.1.0)"
    )


class ProjetPage(Schema):
    count: int
    page: int
    page_size: int
    pages: int
    results: list[Projet]
