"""Test and bench accounts: an agent, a structure's member, a département's platform team."""

import factory
from django.contrib.auth import get_user_model

from directory.models import Structure

from .models import Membership, TerritoryAdmin


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    email = factory.Sequence(lambda n: f"agent{n}@example.org")
    username = factory.SelfAttribute("email")


def member_of(structure: Structure, role: str = "member", **kwargs):
    user = UserFactory(**kwargs)
    Membership.objects.create(user=user, structure=structure, role=role)
    return user


def territory_admin(departement: str = "53", **kwargs):
    user = UserFactory(**kwargs)
    TerritoryAdmin.objects.create(user=user, departement_id=departement)
    return user
