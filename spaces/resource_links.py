"""The weekly check of the resources: a link that stops answering takes its resource out of
the journeys and tells its publisher (and the platform team); one that answers again brings
it back. A resource past the date its publisher set to review it is recalled to them, once."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from library.index import REVISION
from library.links import problem_of
from library.models import Resource
from outbox.emails import queue_email
from support.routing import team_emails

from .reports import recipients


@dataclass
class Checked:
    checked: int = 0
    broken: int = 0  # newly broken, publisher told
    still_broken: int = 0
    repaired: int = 0
    to_review: int = 0  # publishers reminded to review


def _told(resource: Resource) -> list[str]:
    """Who hears of a broken link or a review date: the publisher and the team; only the team
    for a resource of the launch list, which its publisher never submitted."""
    return team_emails(resource.publisher) if resource.seeded else recipients(resource.publisher)


def check_links(progress=None, check=problem_of) -> Checked:
    done = Checked()
    resources = Resource.objects.exclude(status=Resource.Status.REFUSED).select_related("publisher")
    with REVISION.batch():  # the index of resources is rebuilt once, after the whole check
        for resource in resources.iterator():
            _check_one(resource, check, done)
            if progress:
                progress()
    return done


def _check_one(resource, check, done: Checked) -> None:
    """One resource: its link, its review date, told to its publisher once."""
    problem = check(resource.url)
    done.checked += 1
    with transaction.atomic():
        if problem and resource.link_broken_since is None:
            resource.link_broken_since = timezone.localdate()
            for to in _told(resource):
                queue_email(to, "resource_link_broken", {"resource": resource, "problem": problem})
            done.broken += 1
        elif problem:
            done.still_broken += 1
        elif resource.link_broken_since is not None:
            resource.link_broken_since = None
            done.repaired += 1
        today = timezone.localdate()
        if (
            resource.review_by
            and resource.review_by <= today
            and not (
                resource.review_reminded_on and resource.review_reminded_on >= resource.review_by
            )
        ):
            for to in _told(resource):
                queue_email(to, "resource_review", {"resource": resource})
            resource.review_reminded_on = today
            done.to_review += 1
        resource.link_checked_at = timezone.now()
        resource.save(update_fields=["link_broken_since", "link_checked_at", "review_reminded_on"])
