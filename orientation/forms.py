from django import forms

from directory.index import get_index
from territories.models import Commune

from .engine import MAX_TEXT


def _choices(known: dict, empty: str):
    ordered = sorted(known.values(), key=lambda o: (o.position, o.name))
    return [("", empty)] + [(o.slug, o.name) for o in ordered]


class ProjectForm(forms.Form):
    """Steps 2 and 3, and the results: everything travels in the URL (shareable)."""

    commune = forms.CharField(widget=forms.HiddenInput)
    q = forms.CharField(
        label="Votre projet, en quelques mots",
        help_text="Par exemple : « refaire l'éclairage public en LED », « agrandir l'école », "
        "« racheter une friche pour faire du logement ».",
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    theme = forms.ChoiceField(label="Thème (facultatif)", required=False)
    aide = forms.ChoiceField(label="Type d'aide recherché (facultatif)", required=False)
    phase = forms.ChoiceField(label="Où en est votre projet ? (facultatif)", required=False)

    def __init__(self, *args, index=None, **kwargs):
        super().__init__(*args, **kwargs)
        index = index or get_index()  # the taxonomies without a query
        self.fields["theme"].choices = _choices(index.themes, "Je ne sais pas / plusieurs")
        self.fields["aide"].choices = _choices(index.aides, "Tous types d'aide")
        self.fields["phase"].choices = _choices(index.phases, "Je ne sais pas")

    def clean(self):
        data = super().clean()
        if not (data.get("q") or "").strip() and not data.get("theme"):
            self.add_error("q", "Décrivez votre projet en quelques mots, ou choisissez un thème.")
        return data


class FeedbackForm(forms.Form):
    """« Cette réponse vous a-t-elle aidé ? » under every answer: oui / non, and optionally the
    structure expected and a short text without personal data."""

    aide = forms.ChoiceField(
        label="Cette réponse vous a-t-elle aidé ?",
        choices=[("oui", "Oui"), ("non", "Non")],
        widget=forms.RadioSelect,
        error_messages={"required": "Indiquez si la réponse vous a aidé : oui ou non."},
    )
    attendu = forms.ChoiceField(label="Qui attendiez-vous ? (facultatif)", required=False)
    precision = forms.CharField(
        label="Précisez (facultatif)",
        help_text="300 caractères au plus. N'indiquez ni nom, ni adresse électronique, ni "
        "numéro de téléphone : ils seraient effacés.",
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": "Précisez en 300 caractères au plus."},
    )

    def __init__(self, *args, structures=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendu"].choices = [("", "Je ne sais pas / une autre structure")] + [
            (s.slug, s.display_name) for s in structures
        ]


class EmbedForm(forms.Form):
    """The « Intégrer Carto'Ingé » page: what the widget opens on."""

    SCOPES = [
        ("", "Toute la France : la personne tape sa commune"),
        ("departement", "Un département : la recherche de commune s'y limite"),
        ("epci", "Une intercommunalité : la personne choisit parmi ses communes"),
        ("commune", "Une commune : le parcours commence à son projet"),
    ]
    portee = forms.ChoiceField(label="Le widget s'ouvre sur", choices=SCOPES, required=False)
    code = forms.CharField(
        label="Code du territoire",
        help_text="Département : « 53 » ; intercommunalité : son SIREN, « 200083392 » ; "
        "commune : son code INSEE, « 53130 ».",
        required=False,
        max_length=9,
    )
    theme = forms.ChoiceField(label="Thème proposé d'avance (facultatif)", required=False)
    hauteur = forms.IntegerField(
        label="Hauteur sans JavaScript, en pixels",
        help_text="Avec le script, le cadre prend la hauteur de son contenu.",
        min_value=400,
        max_value=3000,
        initial=800,
        required=False,
        error_messages={
            "min_value": "Indiquez une hauteur d'au moins 400 pixels.",
            "max_value": "Indiquez une hauteur d'au plus 3 000 pixels.",
            "invalid": "Indiquez une hauteur en pixels, par exemple 800.",
        },
    )

    def __init__(self, *args, index=None, **kwargs):
        super().__init__(*args, **kwargs)
        index = index or get_index()
        self.fields["theme"].choices = _choices(index.themes, "Aucun")

    def clean(self):
        data = super().clean()
        scope, code = data.get("portee"), (data.get("code") or "").strip()
        if scope and not code:
            self.add_error("code", "Indiquez le code du territoire choisi.")
        elif scope and not _territory_exists(scope, code):
            names = {"departement": "département", "epci": "intercommunalité", "commune": "commune"}
            self.add_error(
                "code",
                f"Aucune {names[scope]} de code « {code} » dans {SERVED}."
                if scope != "departement"
                else f"Aucun département de code « {code} » dans {SERVED}.",
            )
        data["code"] = code
        return data

    def widget_query(self) -> dict:
        data = self.cleaned_data
        query = {data["portee"]: data["code"]} if data.get("portee") else {}
        if data.get("theme"):
            query["theme"] = data["theme"]
        return query


SERVED = "les territoires servis par la plateforme"


def _territory_exists(scope: str, code: str) -> bool:
    communes = Commune.objects.all()
    if scope == "departement":
        return communes.filter(departement_id=code).exists()
    if scope == "epci":
        return communes.filter(epci_id=code).exists()
    return communes.filter(code=code).exists()
