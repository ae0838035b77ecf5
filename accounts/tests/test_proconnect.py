"""ProConnect, when configured: agents matched by e-mail, new agents without any role."""

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse

from accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

PROVIDER = {
    "OIDC_RP_CLIENT_ID": "carto-inge",
    "OIDC_RP_CLIENT_SECRET": "secret",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://proconnect.example/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": "https://proconnect.example/token",
    "OIDC_OP_USER_ENDPOINT": "https://proconnect.example/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": "https://proconnect.example/jwks",
    "OIDC_RP_SIGN_ALGO": "RS256",
}


@override_settings(**PROVIDER)
def test_an_agent_is_matched_by_email_and_a_new_one_gets_a_bare_account():
    from accounts.oidc import ProConnectBackend

    backend = ProConnectBackend()
    known = UserFactory(email="agent@ddt-mayenne.example.gouv.fr")
    claims = {"email": "Agent@DDT-Mayenne.example.gouv.fr", "given_name": "A"}
    assert list(backend.filter_users_by_claims(claims)) == [known]
    assert not backend.verify_claims({"sub": "x"})
    new = backend.create_user({"email": "Nouvel.Agent@example.gouv.fr"})
    assert new.email == "nouvel.agent@example.gouv.fr" and not new.has_usable_password()
    assert not new.memberships.exists() and not new.territories.exists()
    assert (
        get_user_model().objects.filter(email__iexact="nouvel.agent@example.gouv.fr").count() == 1
    )


def test_the_login_page_offers_proconnect_only_when_configured(client, settings):
    assert "ProConnect" not in client.get(reverse("accounts:login")).content.decode()
    settings.PROCONNECT_ENABLED = True
    assert "S'identifier avec ProConnect" in client.get(reverse("accounts:login")).content.decode()
