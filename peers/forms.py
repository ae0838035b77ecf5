from django import forms

from core.forms import EmailField
from core.params import LONG_TEXT, SHORT_TEXT
from territories.fields import CommuneField
from territories.models import Commune

from .models import Helper, Realisation


class TownHallMessageForm(forms.Form):
    """A question to the town hall that carried out a réalisation, relayed by e-mail."""

    name = forms.CharField(
        label="Votre nom",
        max_length=SHORT_TEXT,
        error_messages={"required": "Indiquez votre nom : la mairie saura qui lui écrit."},
    )
    role = forms.CharField(
        label="Votre fonction",
        max_length=SHORT_TEXT,
        required=False,
        help_text="Par exemple : maire, adjointe, secrétaire de mairie.",
    )
    commune = CommuneField(label="Votre commune", required=False)
    email = EmailField(
        label="Votre adresse électronique",
        help_text="La mairie vous répond à cette adresse ; personne d'autre ne la voit.",
        missing="Indiquez l'adresse à laquelle la mairie vous répondra.",
        own=True,
    )
    message = forms.CharField(
        label="Votre message",
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Écrivez votre question en quelques lignes."},
    )


LINES = 3  # funding lines in the form


class RealisationForm(forms.ModelForm):
    """A réalisation proposed by its commune, or by a structure that helped (with the
    commune's agreement). `communes`: the communes the person may propose for (an elected
    official's), or None for a structure, which names any commune."""

    commune_choice = forms.ChoiceField(label="Commune")
    commune_typed = CommuneField(label="Commune", required=False)
    commune_agrees = forms.BooleanField(
        label="La commune est d'accord pour que ce projet soit publié",
        required=False,
        help_text="Une réalisation n'est publiée qu'avec l'accord de sa commune.",
    )
    role = forms.ChoiceField(label="Ce que votre structure a fait", required=False)
    source_url = forms.URLField(
        label="Page qui présente le projet (facultatif)",
        required=False,
        assume_scheme="https",
        max_length=500,
        help_text="Un article, la page de la commune : elle est citée comme source.",
    )

    class Meta:
        model = Realisation
        fields = ["title", "summary", "themes", "year_start", "year_end", "total_cost", "lessons"]
        labels = {
            "title": "Intitulé du projet",
            "summary": "Le projet en quelques lignes",
            "themes": "Thèmes",
            "year_start": "Année de début",
            "year_end": "Année d'achèvement (facultatif)",
            "total_cost": "Coût total en euros (facultatif)",
            "lessons": "Ce que vous avez appris, ce que vous referiez autrement (facultatif)",
        }
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 5}),
            "lessons": forms.Textarea(attrs={"rows": 4}),
            "themes": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, communes=None, for_structure=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.for_structure = for_structure
        if communes is None:
            del self.fields["commune_choice"]
            self.fields["commune_typed"].required = True
            self.fields["commune_typed"].error_messages["required"] = "Indiquez la commune."
        else:
            del self.fields["commune_typed"]
            self.fields["commune_choice"].choices = [(c.code, c.name) for c in communes]
        if not for_structure:
            del self.fields["commune_agrees"], self.fields["role"]
        else:
            self.fields["role"].choices = [("", "Choisissez")] + list(Helper.Role.choices)
        self.fields["themes"].required = True
        self.fields["themes"].error_messages["required"] = "Cochez au moins un thème."
        self.fields["summary"].required = True
        self.fields["summary"].error_messages["required"] = "Décrivez le projet en quelques lignes."
        for n in range(1, LINES + 1):
            self.fields[f"funding_{n}_backer"] = forms.CharField(
                label=f"Financement {n} : financeur",
                required=False,
                max_length=SHORT_TEXT,
                help_text="Par exemple : État, Région, Département, la commune." if n == 1 else "",
            )
            self.fields[f"funding_{n}_scheme"] = forms.CharField(
                label=f"Financement {n} : dispositif",
                required=False,
                max_length=SHORT_TEXT,
                help_text="Par exemple : DETR, fonds de concours, autofinancement."
                if n == 1
                else "",
            )
            self.fields[f"funding_{n}_amount"] = forms.IntegerField(
                label=f"Financement {n} : montant en euros",
                required=False,
                min_value=0,
                max_value=10**12,
            )

    def clean(self):
        data = super().clean()
        start, end = data.get("year_start"), data.get("year_end")
        if start and not 1950 <= start <= 2100:
            self.add_error("year_start", "Indiquez une année, par exemple 2024.")
        if start and end and end < start:
            self.add_error("year_end", "L'achèvement suit le début.")
        if self.for_structure:
            if not data.get("commune_agrees"):
                self.add_error("commune_agrees", "Il faut l'accord de la commune pour publier.")
            if not data.get("role"):
                self.add_error("role", "Dites ce que votre structure a fait.")
        lines = []
        for n in range(1, LINES + 1):
            backer = data.get(f"funding_{n}_backer")
            scheme = data.get(f"funding_{n}_scheme")
            amount = data.get(f"funding_{n}_amount")
            if (scheme or amount) and not backer:
                self.add_error(f"funding_{n}_backer", "Indiquez le financeur.")
            elif backer:
                lines.append((backer, scheme or "", amount))
        data["lines"] = lines
        return data

    def commune(self):
        if "commune_typed" in self.fields:
            return self.cleaned_data["commune_typed"]
        return Commune.objects.get(code=self.cleaned_data["commune_choice"])
