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
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from accounts import permissions as roles_of
from core.calendars import ics_response
from core.files import download_response
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
from .models import (
    DigestChoice,
    Document,
    FinancingLine,
    Follower,
    Project,
    ProjectMember,
    Recommendation,
)

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
                form.add_error(
                    None,
                    "Vous avez ouvert beaucoup de projets en peu de temps : "
                    "réessayez dans une heure. Votre saisie est conservée.",
                )
            else:
                project = services.create(request.user, _new_project(form, _journey(request)))
                messages.success(request, pages.opened_said(request.user, project))
                return redirect(project)
    else:
        form = ProjectForm(initial=_initial(request))
    context = {"form": form, "journey": _journey(request), "breadcrumb_links": _to_mine()}
    return render(request, "projects/form.html", context)


def _journey(request) -> uuid.UUID | None:
    """The journey of the results page the project comes from (`?parcours=`)."""
    try:
        return uuid.UUID(request.POST.get("parcours") or request.GET.get("parcours", ""))
    except ValueError:
        return None


def _initial(request) -> dict:
    """From the journey: its text, its commune and the themes the engine understood; else
    the commune of the account's confirmed access when it has one."""
    public_id = _journey(request)
    journey = Journey.objects.filter(public_id=public_id).first() if public_id else None
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


def _new_project(form: ProjectForm, journey) -> services.NewProject:
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
        journey=journey,
    )


def _project_and_access(request, public_id, carrier=False) -> tuple[Project, "pages.Access"]:
    """The project and what the visitor is to it, read once; 404 for whom may not see it
    (never say that a project exists), or may not act for its carriers when `carrier`."""
    project = get_object_or_404(Project, public_id=public_id)
    access = pages.access_of(request.user, project)
    if not access.sees or (carrier and not access.carrier):
        raise Http404
    return project, access


def _may_write(request) -> bool:
    if allow("project-write", str(request.user.pk), WRITES_PER_HOUR, 3600):
        return True
    messages.error(
        request,
        "Vous avez fait beaucoup de modifications en peu de temps : réessayez dans une heure.",
    )
    return False


@login_required
def detail(request, public_id):
    project, access = _project_and_access(request, public_id)
    if access.team:  # a superuser's visit keeps no project awake
        services.visited(project)
    return render(request, "projects/detail.html", pages.detail_context(project, access))


@login_required
def edit(request, public_id):
    project, _ = _project_and_access(request, public_id, carrier=True)
    form = ProjectForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        services.save(request.user, form)
        messages.success(request, "Le projet est mis à jour.")
        return redirect(project)
    links = [*_to_mine(), (project.name, project.get_absolute_url())]
    context = {"form": form, "project": project, "breadcrumb_links": links}
    return render(request, "projects/form.html", context)


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
    line: int | None = None  # the financing line whose move was refused


def _reaching_out(handler):
    """An action that reaches people outside the team: only for whom speaks for a carrier
    (`permissions.vouched`), else refused with what to do."""
    handler.reaches_out = True
    return _carrier_only(handler)


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
    return _added(
        request,
        project,
        MilestoneForm(request.POST),
        "milestone_form",
        "Étape ajoutée : {item}",
        "L'étape est ajoutée au calendrier.",
    )


@_carrier_only
def _financing(request, project, access):
    return _added(
        request,
        project,
        FinancingLineForm(request.POST),
        "financing_form",
        "Ligne ajoutée au plan de financement : {item.funder}",
        "La ligne est ajoutée au plan de financement.",
    )


@_carrier_only
def _move_line(request, project, access):
    line = _child(request, FinancingLine, project, "line")
    form = MoveLineForm(request.POST)
    if not form.is_valid():
        errors = [error for errors in form.errors.values() for error in errors]
        said = f"Financement « {line.funder} » : {errors[0]}"
        return Refused("move_form", form, said, line=line.pk)
    try:
        services.move_line(request.user, line, form.cleaned_data["status"], form.cleaned_data["on"])
    except services.NotAllowed as refusal:
        return Refused("move_form", form, str(refusal), line=line.pk)
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


def _acting_for(request, access):
    """The structure of the dossier an adviser acts for (chosen when they are in several)."""
    structure = next((s for s in access.advising if s.pk == _pk(request, "structure")), None)
    if structure is None:
        raise Http404
    return structure


def _recommend(request, project, access):
    structure = _acting_for(request, access)
    form = RecommendationForm(request.POST, prefix="recommandation")
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
    return Done(
        f"Recommandation « {recommendation.title} » : "
        f"{recommendation.get_status_display().lower()}."
    )


def _note(request, project, access):
    """The carriers write as the commune; an adviser as their structure, and may keep the
    note between the structures."""
    if not access.writes:
        raise Http404
    form = NoteForm(request.POST)
    if not form.is_valid():
        return Refused("note_form", form)
    adviser = _acting_for(request, access) if access.adviser else None
    internal = adviser is not None and form.cleaned_data["internal"]
    services.post_note(request.user, project, form.cleaned_data["body"], adviser, internal)
    return Done("Votre note interne est publiée." if internal else "Votre message est publié.")


def _document(request, project, access):
    """A file or a link, put by the team or a structure on the dossier. A file only from
    whom the platform vouches for (`permissions.vouched`) or an adviser: an account nobody
    confirmed could otherwise put a file before a commune's agents; within a quota."""
    if not access.writes:
        raise Http404
    form = DocumentForm(
        request.POST,
        request.FILES,
        instance=Document(added_by=request.user),
        prefix="document",
        files_allowed=pages.may_put_files(access),
    )
    if not form.is_valid():
        return Refused("document_form", form)
    if form.cleaned_data.get("file"):
        refused = pages.file_refused(request.user, project, form.cleaned_data["file"])
        if refused:
            form.add_error("file", refused)
            return Refused("document_form", form)
    return _added(
        request,
        project,
        form,
        "document_form",
        "Document ajouté : {item.title}",
        "Le document est ajouté.",
    )


def _remove_document(request, project, access):
    """By the team, or by whom put it there; its file is deleted with it."""
    document = _child(request, Document, project, "document")
    if not (access.carrier or (access.writes and document.added_by_id == request.user.pk)):
        raise Http404
    services.remove_document(request.user, document)
    return Done(f"Le document « {document.title} » est retiré du projet.")


@_reaching_out
def _share(request, project, access):
    form = ShareForm(request.POST, instance=project)
    if not form.is_valid():
        return Refused("share_form", form)
    services.share(request.user, form)
    return Done("Le partage du projet est enregistré.")


@_reaching_out
def _member(request, project, access):
    form = MemberForm(request.POST)
    if not form.is_valid():
        return Refused("member_form", form)
    _, created = services.add_member(request.user, project, form.cleaned_data["email"])
    if not created:
        return Done("Cette personne fait déjà partie de l'équipe du projet.")
    return Done(
        "La personne est ajoutée à l'équipe du projet ; un courriel lui dit comment "
        "se connecter pour l'ouvrir."
    )


@_carrier_only
def _remove_member(request, project, access):
    member = _child(request, ProjectMember, project, "membre")
    services.remove_member(request.user, member)
    return Done("La personne ne fait plus partie de l'équipe du projet.")


@_carrier_only
def _remove_follower(request, project, access):
    follower = _child(request, Follower, project, "follower")
    services.remove_follower(request.user, follower)
    return Done(f"{follower.structure.display_name} ne suit plus le projet.")


@_carrier_only
def _new_calendar_address(request, project, access):
    services.new_calendar_address(request.user, project)
    return Done(
        "Le calendrier a une nouvelle adresse : l'ancienne ne fonctionne plus. "
        "Remplacez-la dans votre agenda."
    )


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
    "retirer-document": _remove_document,
    "partage": _share,
    "equipe": _member,
    "retirer": _remove_member,
    "retirer-structure": _remove_follower,
    "calendrier": _new_calendar_address,
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
    project, access = _project_and_access(
        request, public_id, carrier=getattr(handler, "carrier_only", False)
    )
    if not _may_write(request):
        return redirect(project)
    if getattr(handler, "reaches_out", False) and not access.vouched:
        outcome = Refused("", message=pages.not_vouched_said(project))
    else:
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
    project, access = _project_and_access(request, public_id, carrier=True)
    if not access.vouched:
        messages.error(request, pages.not_vouched_said(project))
        return redirect(project)
    form = InviteForm(request.POST or None, structures=pages.invitable(project))
    if request.method == "POST" and form.is_valid():
        if not _may_write(request):
            return redirect(project)
        structure = form.cleaned_data["structure"]
        _, created = services.invite(request.user, project, structure)
        said = (
            pages.invitation_said(structure, project)
            if created
            else (f"{structure.display_name} suit déjà le projet.")
        )
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
def document(request, public_id, pk: int):
    """A file of the project, for whom sees the project; 404 for anyone else."""
    project, _ = _project_and_access(request, public_id)
    stored = get_object_or_404(Document.objects.exclude(file=""), project=project, pk=pk)
    return download_response(stored.file, stored.filename)


@login_required
def export(request, public_id):
    project, _ = _project_and_access(request, public_id, carrier=True)
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
    return render(request, "projects/digest.html", {"form": form, "breadcrumb_links": _to_mine()})


@csrf_exempt  # one-click unsubscribe (RFC 8058): the signed token is the authorisation
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
