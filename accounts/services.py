"""Sign-in by e-mail: a single-use link, valid for a few minutes, sent through the outbox."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from outbox.emails import queue_email

from .models import LoginToken
from .tokens import digest, new_token

LINK_VALIDITY = timedelta(minutes=30)


def safe_next(next_url: str) -> str:
    if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts=None):
        return next_url[:200]
    return ""


@transaction.atomic
def send_login_link(email: str, next_url: str = "") -> str:
    """Queue a sign-in link for `email` (the account is created on first use). Returns the
    raw token, for the tests; callers never show it."""
    email = email.strip().lower()
    raw, hashed = new_token()
    LoginToken.objects.create(
        email=email,
        token_hash=hashed,
        next_url=safe_next(next_url),
        expires_at=timezone.now() + LINK_VALIDITY,
    )
    minutes = int(LINK_VALIDITY.total_seconds() // 60)
    queue_email(email, "login_link", {"token": raw, "minutes": minutes})
    return raw


def valid_token(raw: str) -> LoginToken | None:
    token = LoginToken.objects.filter(token_hash=digest(raw or "")).first()
    if token is None or token.used_at or token.revoked_at or token.expires_at <= timezone.now():
        return None
    return token


@transaction.atomic
def use_token(raw: str):
    """The account the link opens (created if new), or None if the link is not valid. The
    link is spent: a second use fails."""
    token = valid_token(raw)
    if token is None:
        return None
    spent = LoginToken.objects.filter(pk=token.pk, used_at=None).update(used_at=timezone.now())
    if not spent:
        return None
    user = account_for(token.email)
    if not user.is_active:
        return None
    return user


def account_for(email: str):
    """The account of this address, created (without password: links only) if new."""
    email = email.strip().lower()
    User = get_user_model()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(username=email, email=email)
        user.set_unusable_password()
        user.save()
    return user


def revoke_links(email: str) -> int:
    return LoginToken.objects.filter(email=email.lower(), used_at=None, revoked_at=None).update(
        revoked_at=timezone.now()
    )
