from django.utils.functional import SimpleLazyObject

from .models import Claim, Membership


def memberships(request):
    """The structures the signed-in account belongs to, and those it asked to join: read only
    when a page asks (a structure's fiche offers « C'est ma structure » or its space)."""
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated

    def mine():
        if not signed_in:
            return frozenset()
        return frozenset(
            Membership.objects.filter(user=user).values_list("structure_id", flat=True)
        )

    def claimed():
        if not signed_in:
            return frozenset()
        pending = Claim.objects.filter(user=user, status=Claim.Status.PENDING)
        return frozenset(pending.values_list("structure_id", flat=True))

    return {"my_structures": SimpleLazyObject(mine), "my_claims": SimpleLazyObject(claimed)}
