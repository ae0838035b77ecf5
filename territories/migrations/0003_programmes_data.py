from django.db import migrations

PROGRAMMES = [
    {
        "slug": "petites-villes-de-demain",
        "name": "Petites villes de demain",
        "member_phrase": "est Petite ville de demain",
        "description": "Programme de l'ANCT : six ans d'ingénierie et de financements pour "
        "revitaliser le centre des villes de moins de 20 000 habitants qui exercent des "
        "fonctions de centralité.",
        "dataset_url": "https://www.data.gouv.fr/fr/datasets/programme-petites-villes-de-demain/",
    },
    {
        "slug": "action-coeur-de-ville",
        "name": "Action cœur de ville",
        "member_phrase": "est dans le programme Action cœur de ville",
        "description": "Programme national de revitalisation du centre des villes moyennes.",
        "dataset_url": "",
    },
    {
        "slug": "villages-d-avenir",
        "name": "Villages d'avenir",
        "member_phrase": "est Village d'avenir",
        "description": "Programme de l'ANCT pour les communes de moins de 3 500 habitants, "
        "accompagnées par des chefs de projet placés auprès des préfets. Aucune liste ouverte : "
        "l'équipe de la plateforme saisit les communes avec leur source.",
        "dataset_url": "",
    },
]


def create(apps, schema_editor):
    Programme = apps.get_model("territories", "Programme")
    for values in PROGRAMMES:
        Programme.objects.update_or_create(slug=values["slug"], defaults=values)


class Migration(migrations.Migration):
    dependencies = [("territories", "0002_programmes")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
