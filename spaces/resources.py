"""Resources a structure publishes from its space: read by the platform team first, then
kept up to date by the structure."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render

from history.services import record
from library.forms import ResourceForm
from library.models import Resource
from support.routing import team_emails

from . import edits
from .moderation import announce
from .structures import may_propose, structure_for


@transaction.atomic
def save_resource(user, structure, form: ResourceForm) -> Resource:
    resource = form.save(commit=False)
    is_new = resource.pk is None
    if is_new:
        resource.publisher, resource.proposed_by = structure, user
    resource.resubmit()  # new, or refused then corrected: read again
    resource.seeded = False  # the publisher's own now: the launch-day list leaves it alone
    if "published_on" in form.changed_data:
        resource.published_year_only = False
    if "url" in form.changed_data:
        resource.link_broken_since = None  # checked again at the next pass
    resource.save()
    form.save_m2m()
    if is_new:
        announce(team_emails(structure), "une ressource", resource.title, structure.display_name)
    record(
        user,
        structure,
        "ressource proposée" if is_new else "ressource modifiée",
        resource.title,
        sorted(structure.departements()),
    )
    return resource


@login_required
def new_resource(request, slug):
    structure = structure_for(request, slug)
    form = ResourceForm()
    if request.method == "POST":
        form = ResourceForm(request.POST)
        if form.is_valid() and may_propose(request, form):
            save_resource(request.user, structure, form)
            messages.success(
                request,
                "Votre ressource est transmise à l'équipe de la plateforme : elle sera proposée "
                "aux communes dès sa relecture. Vous recevrez un courriel.",
            )
            return redirect("spaces:manage_structure", slug=slug)
    return _page(request, structure, form, None)


@login_required
def edit_resource(request, pk):
    resource = get_object_or_404(Resource.objects.select_related("publisher"), pk=pk)
    structure = structure_for(request, resource.publisher.slug)
    form = ResourceForm(instance=resource)
    if request.method == "POST":
        if request.POST.get("action") == "withdraw":
            edits.forget(resource)
            if resource.seed_key:  # from the launch list: kept withdrawn, never listed again
                resource.status, resource.seeded = Resource.Status.REFUSED, False
                resource.moderation_reason = "Retirée par son éditeur."
                resource.save(update_fields=["status", "seeded", "moderation_reason"])
            else:
                resource.delete()
            messages.success(request, f"« {resource.title} » est retirée.")
            return redirect("spaces:manage_structure", slug=structure.slug)
        form = ResourceForm(request.POST, instance=resource)
        if form.is_valid() and resource.seeded:  # proposed or saved: theirs from now on
            Resource.objects.filter(pk=resource.pk).update(seeded=False)
        if form.is_valid() and edits.save_or_propose(
            request, structure, resource, form, save_resource
        ):
            return redirect("spaces:manage_structure", slug=structure.slug)
    return _page(request, structure, form, resource)


def _page(request, structure, form, resource):
    return render(
        request,
        "library/space/form.html",
        {
            "structure": structure,
            "form": form,
            "resource": resource,
            "pending": edits.pending_for(resource) if resource else None,
        },
        status=400 if form.errors else 200,
    )


edits.register(
    Resource,
    edits.Editable(
        what="la ressource",
        form=lambda data, resource: ResourceForm(data, instance=resource),
        save=save_resource,
        structure=lambda resource: resource.publisher,
        title=lambda resource: resource.title,
    ),
)
