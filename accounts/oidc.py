"""ProConnect (the State's OpenID Connect for public agents), optional: enabled when
OIDC_RP_CLIENT_ID is set. An agent is matched to an account by e-mail; a new agent gets an
account without any role (roles are given by a structure admin or the platform team)."""

from mozilla_django_oidc.auth import OIDCAuthenticationBackend


class ProConnectBackend(OIDCAuthenticationBackend):
    def verify_claims(self, claims) -> bool:
        return bool(claims.get("email"))

    def filter_users_by_claims(self, claims):
        email = (claims.get("email") or "").strip().lower()
        if not email:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(email__iexact=email, is_active=True)

    def create_user(self, claims):
        email = claims["email"].strip().lower()
        user = self.UserModel.objects.create_user(username=email, email=email)
        user.set_unusable_password()
        user.save()
        return user

    def update_user(self, user, claims):
        return user
