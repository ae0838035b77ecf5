"""Pages of a project: « Mes projets », a new project (from a results page or empty), the
project's page and its actions (plain forms, POST then redirect; a refused form shows the
page again with what was typed), its calendar and its export."""

import uuid
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts import permissions as roles_of
from core.calendars import ics_response
from core.params import MAX_ID, int_param
from core.ratelimit import allow
from directory.models import Structure
from funding.models import Aid
from orientation.models import Journey
from territories.models import Departement

from . import exports, notifications, pages, permissions, services
from .forms import (
    DigestForm,
    DocumentForm,
    FinancingLineForm,
    FollowerStatusForm,
    InviteForm,
    MemberForm,
    MilestoneForm,
    MoveLineForm,
    NoteForm,
    ProjectForm,
    RecommendationForm,
    RecommendationStatusForm,
    ShareForm,
)
from .models import DigestChoice, Document, FinancingLine, Follower, Project, Recommendation

WRITES_PER_HOUR = 120  # actions on projects by one account


@login_required
def mine(request):
    return render(request, "projects/mine.html", pages.lists_of(request.user))


@login_required
def new(request):
    """A project, prefilled from the journey of a results page (« Suivre ce projet »)."""
    if request.method == "POST":
        form = ProjectForm(request.POST)
        if form.is_valid():
            if not allow("project-new", str(request.user.pk), 30, 3600):
                form.add_error(None, "Vous avez ouvert beaucoup de projets en peu de temps : "
                               "réessayez dans une heure. Votre saisie est conservée.")  # fmt: skip
            else:
                project = services.create(request.user, _new_project(form, request.POST))
                messages.success(
                    request,
                    "Votre projet est ouvert. Il n'est visible que de vous et des élus et "
                    "agents confirmés de la commune, jusqu'à ce que vous le partagiez.",
                )
                return redirect(project)
    else:
        form = ProjectForm(initial=_initial(request))
    return render(request, "projects/form.html", {"form": form, "journey": _journey(request)})


def _journey(request) -> uuid.UUID | None:
    try:
        return uuid.UUID(request.POST.get("parcours") or request.GET.get("parcours", ""))
    except ValueError:
        return None


def _initial(request) -> dict:
    """From the journey: its text, its commune and the themes the engine understood; else
    the commune of the account's confirmed access when it has one."""
    journey = Journey.objects.filter(public_id=_journey(request) or uuid.uuid4()).first()
    communes = sorted(roles_of.commune_codes(request.user))
    initial = {"commune": communes[0] if len(communes) == 1 else ""}
    if journey is not None:
        text = journey.text.strip()
        initial.update(
            name=(text[:1].upper() + text[1:80]).rstrip(" .,;:") if text else "",
            description=text,
            commune=journey.commune_id or initial["commune"],
            themes=pages.themes_of(journey.themes),
        )
    return initial


def _new_project(form: ProjectForm, data) -> services.NewProject:
    cleaned = form.cleaned_data
    return services.NewProject(
        name=cleaned["name"],
        description=cleaned["description"],
        communes=form.carriers(),
        epci=form.epci(),
        themes=list(cleaned["themes"]),
        maturity=cleaned["maturity"],
        budget=cleaned["budget"],
        perimeter=cleaned["perimeter"],
        partners=cleaned["partners"],
        journey=_journey_value(data),
    )


def _journey_value(data):
    try:
        return uuid.UUID(data.get("parcours", ""))
    except ValueError:
        return None


def _project(request, public_id) -> Project:
    project = get_object_or_404(Project, public_id=public_id)
    if not permissions.can_view(request.user, project):
        raise Http404  # never say that a project exists to whom may not see it
    return project


def _project_and_access(request, public_id) -> tuple[Project, "pages.Access"]:
    """The project and what the visitor is to it, read once; 404 for whom may not see it."""
    project = get_object_or_404(Project, public_id=public_id)
    access = pages.access_of(request.user, project)
    if not access.sees:
        raise Http404
    return project, access


@login_required
def detail(request, public_id):
    project, access = _project_and_access(request, public_id)
    if access.carrier:
        services.visited(project)
    return render(request, "projects/detail.html", pages.detail_context(project, access))


@login_required
def edit(request, public_id):
    project = _project(request, public_id)
    if not permissions.is_carrier(request.user, project):
        raise Http404
    form = ProjectForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        services.save(request.user, form)
        messages.success(request, "Le projet est mis à jour.")
        return redirect(project)
    return render(request, "projects/form.html", {"form": form, "project": project})


# Actions on the project's page: each reads its form, acts, and says what it did; a refused
# form shows the page again with the message and what was typed.


@dataclass
class Done:
    message: str


@dataclass
class Refused:
    name: str  # the form's name on the page
    form: object = None
    message: str = ""


def _carrier_only(handler):
    handler.carrier_only = True
    return handler


def _added(request, project, form, name: str, recorded: str, said: str):
    """A line added to one of the project's lists (a milestone, a financing line, a
    document), written in the timeline."""
    if not form.is_valid():
        return Refused(name, form)
    item = form.save(commit=False)
    item.project = project
    item.save()
    services.record(project, request.user, recorded.format(item=item))
    return Done(said)


@_carrier_only
def _milestone(request, project, access):
    return _added(request, project, MilestoneForm(request.POST), "milestone_form",
                  "Étape ajoutée : {item}", "L'étape est ajoutée au calendrier.")  # fmt: skip


@_carrier_only
def _financing(request, project, access):
    return _added(request, project, FinancingLineForm(request.POST), "financing_form",
                  "Ligne ajoutée au plan de financement : {item.funder}",
                  "La ligne est ajoutée au plan de financement.")  # fmt: skip


@_carrier_only
def _move_line(request, project, access):
    line = _child(request, FinancingLine, project, "line")
    form = MoveLineForm(request.POST)
    if not form.is_valid():
        errors = [error for errors in form.errors.values() for error in errors]
        return Refused("move_form", form, f"Financement « {line.funder} » : {errors[0]}")
    try:
        services.move_line(request.user, line, form.cleaned_data["status"], form.cleaned_data["on"])
    except services.NotAllowed as refusal:
        return Refused("move_form", form, str(refusal))
    return Done(f"Financement « {line.funder} » : {line.get_status_display().lower()}.")


def _follow_status(request, project, access):
    follower = get_object_or_404(
        Follower, project=project, structure__in=access.advising_ids, pk=_pk(request, "follower")
    )
    form = FollowerStatusForm(request.POST)
    if not form.is_valid():
        return Refused("status_form", form)
    services.set_follower_status(request.user, follower, form.cleaned_data["status"])
    return Done(f"Suivi de {follower.structure.display_name} : {follower.get_status_display()}.")


def _take_up(request, project, access):
    structure = next((s for s in access.may_take_up if s.pk == _pk(request, "structure")), None)
    if structure is None:
        raise Http404
    services.take_up(request.user, project, structure)
    return Done(f"{structure.display_name} suit maintenant ce projet.")


def _recommend(request, project, access):
    structure = next((s for s in access.advising if s.pk == _pk(request, "structure")), None)
    if structure is None:
        raise Http404
    form = RecommendationForm(request.POST)
    if not form.is_valid():
        return Refused("recommendation_form", form)
    services.recommend(request.user, project, structure, **form.cleaned_data)
    return Done("Votre recommandation est transmise à la commune.")


@_carrier_only
def _recommendation_status(request, project, access):
    recommendation = _child(request, Recommendation, project, "recommendation")
    form = RecommendationStatusForm(request.POST)
    if not form.is_valid():
        return Refused("recommendation_status_form", form)
    services.set_recommendation_status(request.user, recommendation, form.cleaned_data["status"])
    return Done(f"Recommandation « {recommendation.title} » : "
                f"{recommendation.get_status_display().lower()}.")  # fmt: skip


def _note(request, project, access):
    """The carriers write as the commune; an adviser as their structure, and may keep the
    note between the structures."""
    form = NoteForm(request.POST)
    if not form.is_valid():
        return Refused("note_form", form)
    adviser = access.advising[0] if access.advising and not access.carrier else None
    internal = adviser is not None and form.cleaned_data["internal"]
    services.post_note(request.user, project, form.cleaned_data["body"], adviser, internal)
    return Done("Votre note interne est publiée." if internal else "Votre message est publié.")


@_carrier_only
def _document(request, project, access):
    form = DocumentForm(request.POST, instance=Document(added_by=request.user))
    return _added(request, project, form, "document_form", "Document ajouté : {item.title}",
                  "Le document est ajouté.")  # fmt: skip


@_carrier_only
def _share(request, project, access):
    form = ShareForm(request.POST, instance=project)
    if not form.is_valid():
        return Refused("share_form", form)
    services.share(request.user, form)
    return Done("Le partage du projet est enregistré.")


@_carrier_only
def _member(request, project, access):
    form = MemberForm(request.POST)
    if not form.is_valid():
        return Refused("member_form", form)
    services.add_member(request.user, project, form.cleaned_data["email"])
    return Done("La personne est ajoutée à l'équipe du projet et en est prévenue par courriel.")


@_carrier_only
def _finish(request, project, access):
    services.finish(request.user, project)
    return Done("Le projet est terminé. Vous pouvez le publier comme réalisation.")


ACTIONS = {
    "etape": _milestone,
    "financement": _financing,
    "ligne": _move_line,
    "suivi": _follow_status,
    "rejoindre": _take_up,
    "recommander": _recommend,
    "recommandation": _recommendation_status,
    "message": _note,
    "document": _document,
    "partage": _share,
    "equipe": _member,
    "terminer": _finish,
}


def _pk(request, name: str) -> int | None:
    return int_param(request.POST, name, minimum=1, maximum=MAX_ID)


def _child(request, model, project, name: str):
    return get_object_or_404(model, project=project, pk=_pk(request, name))


@login_required
@require_POST
def act(request, public_id, action: str):
    handler = ACTIONS.get(action)
    if handler is None:
        raise Http404
    project, access = _project_and_access(request, public_id)
    if getattr(handler, "carrier_only", False) and not access.carrier:
        raise Http404
    if not allow("project-write", str(request.user.pk), WRITES_PER_HOUR, 3600):
        messages.error(request, "Vous avez fait beaucoup de modifications en peu de temps : "
                       "réessayez dans une heure.")  # fmt: skip
        return redirect(project)
    outcome = handler(request, project, access)
    if isinstance(outcome, Done):
        messages.success(request, outcome.message)
        return redirect(project)
    context = pages.detail_context(project, access)
    context[outcome.name] = outcome.form
    context["refused"] = outcome
    return render(request, "projects/detail.html", context, status=400)


@login_required
def invite(request, public_id):
    """Invite a structure working in a carrier's département: its own page (the list may be
    long; the project's page proposes the three the engine finds, with one button each)."""
    project = _project(request, public_id)
    if not permissions.is_carrier(request.user, project):
        raise Http404
    form = InviteForm(request.POST or None, structures=pages.invitable(project))
    if request.method == "POST" and form.is_valid():
        if not allow("project-write", str(request.user.pk), WRITES_PER_HOUR, 3600):
            messages.error(request, "Vous avez fait beaucoup de modifications en peu de temps : "
                           "réessayez dans une heure.")  # fmt: skip
            return redirect(project)
        structure = form.cleaned_data["structure"]
        _, created = services.invite(request.user, project, structure)
        said = pages.invitation_said(structure, project) if created else (
            f"{structure.display_name} suit déjà le projet."
        )  # fmt: skip
        messages.success(request, said)
        return redirect(project)
    context = {"project": project, "form": form, "breadcrumb_links": _to_mine()}
    return render(request, "projects/invite.html", context, status=400 if form.errors else 200)


# From /financements/: « Ajouter à mon projet »


@login_required
def add_aid(request, pk):
    aid = get_object_or_404(Aid.objects.open(), pk=pk)
    projects = list(
        permissions.of_team(request.user)
        .exclude(state=Project.State.FINISHED)
        .order_by("name")[:100]
    )
    if request.method == "POST":
        project = next(
            (p for p in projects if str(p.public_id) == request.POST.get("projet", "")), None
        )
        if project is None:
            messages.error(request, "Choisissez le projet auquel ajouter cette aide.")
        else:
            _, created = services.add_aid(request.user, project, aid)
            messages.success(
                request,
                "L'aide est ajoutée au plan de financement, « envisagée »."
                if created
                else "Cette aide figure déjà dans le plan de financement de ce projet.",
            )
            return redirect(project)
    return render(request, "projects/add_aid.html", {"aid": aid, "projects": projects})


# The project's calendar (a private address to subscribe to) and its export


def calendar(request, public_id, token: str):
    project = get_object_or_404(Project, public_id=public_id, calendar_token=token)
    return ics_response(f"Projet « {project.name} »", pages.calendar_entries(project), "projet.ics")


@login_required
def export(request, public_id):
    project = _project(request, public_id)
    response = JsonResponse(
        exports.project_dict(project), json_dumps_params={"ensure_ascii": False}
    )
    response["Content-Disposition"] = f'attachment; filename="projet-{project.public_id}.json"'
    return response


# The news of one's projects


@login_required
def digest(request):
    choice, _ = DigestChoice.objects.get_or_create(user=request.user)
    form = DigestForm(request.POST or None, instance=choice)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"C'est noté : {choice.get_frequency_display().lower()}.")
        return redirect("projects:digest")
    return render(request, "projects/digest.html", {"form": form})


def digest_stop(request, token: str):
    """The link of every digest: one button, no sign-in (a link opened by a mail scanner
    changes nothing)."""
    user = notifications.user_for_stop(token)
    if user is None:
        raise Http404
    if request.method == "POST":
        DigestChoice.objects.update_or_create(
            user=user, defaults={"frequency": DigestChoice.Frequency.NEVER}
        )
        return render(request, "projects/digest_stopped.html")
    return render(request, "projects/digest_stop.html")


# A structure's projects and a département's


@login_required
def structure_list(request, slug):
    structure = get_object_or_404(Structure, slug=slug)
    if structure.pk not in roles_of.structure_ids(request.user) and not request.user.is_superuser:
        raise Http404
    status = request.GET.get("statut", "")
    if status not in Follower.Status.values:
        status = ""
    rows = pages.structure_rows(structure, status)
    page = Paginator(rows, pages.PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"structure": structure, "page": page, "status": status,
               "statuses": Follower.Status.choices, "breadcrumb_links": _to_mine()}  # fmt: skip
    return render(request, "projects/structure_list.html", context)


@login_required
def departement_list(request, code):
    departement = get_object_or_404(Departement, code=code)
    allowed = code in permissions.state_departements(request.user)
    if not (allowed or request.user.is_superuser):
        raise Http404
    maturity = request.GET.get("avancement", "")
    if maturity not in Project.Maturity.values:
        maturity = ""
    rows = pages.departement_rows(code, maturity)
    page = Paginator(rows, pages.PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = pages.with_helpers(list(page.object_list))
    context = {"departement": departement, "page": page, "maturity": maturity,
               "maturities": Project.Maturity.choices, "breadcrumb_links": _to_mine()}  # fmt: skip
    return render(request, "projects/departement_list.html", context)


def _to_mine() -> list:
    return [("Mes projets", reverse("projects:mine"))]
