"""python manage.py local_platform_team: on a development machine, a platform team account for
each served département, so that a newcomer sees a request reach someone (`make run`)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.models import TerritoryAdmin
from territories import site
from territories.models import Departement

EMAIL = "equipe.plateforme@localhost"


class Command(BaseCommand):
    help = "Crée, en développement, le compte local de l'équipe de la plateforme."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Réservé au développement (DEBUG) : en production, créez les "
                "comptes de l'équipe dans l'administration."
            )
        user, _ = get_user_model().objects.get_or_create(username=EMAIL, defaults={"email": EMAIL})
        codes = [c for c in site.served_codes() if Departement.objects.filter(code=c).exists()]
        for code in codes:
            TerritoryAdmin.objects.get_or_create(user=user, departement_id=code)
        self.stdout.write(
            f"Équipe de la plateforme (compte local) : {EMAIL}, administrateur de "
            f"{', '.join(codes) or 'aucun département importé'}. Les demandes adressées à une "
            "structure sans membre lui arrivent ; les courriels s'affichent dans ce terminal. "
            "Connexion : /compte/connexion/ avec cette adresse (le lien s'affiche ici aussi)."
        )
