"""Many communes sending at once: every submission is saved, none gets an error (on SQLite,
writers queue behind an IMMEDIATE transaction instead of failing « database is locked »)."""

import contextlib
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections, transaction
from django.test import Client
from django.urls import reverse
from django.utils.timezone import now

from outbox.models import OutgoingEmail
from support.models import SupportRequest

from .test_request_form import valid

SUBMISSIONS = 100


@pytest.mark.usefixtures("committed")
def test_a_hundred_simultaneous_requests_are_all_saved(settings):
    settings.RATE_LIMIT_REQUESTS_PER_IP = 10 * SUBMISSIONS
    settings.RATE_LIMIT_EMAILS_PER_IP_PER_DAY = 10 * SUBMISSIONS  # one network, many requesters
    # PostgreSQL's default allows 100 connections in all: leave room for the others.
    threads = SUBMISSIONS if connection.vendor == "sqlite" else 40
    start = threading.Barrier(threads)

    def submit(number: int) -> int:
        try:
            if number < threads:
                start.wait(timeout=30)  # the first wave leaves together
            response = Client().post(
                reverse("support:new"), valid(requester_email=f"mairie{number}@example.fr")
            )
            return response.status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=threads) as pool:
        statuses = list(pool.map(submit, range(SUBMISSIONS)))
    assert statuses == [302] * SUBMISSIONS
    emails = [f"mairie{number}@example.fr" for number in range(SUBMISSIONS)]
    assert SupportRequest.objects.filter(requester_email__in=emails).count() == SUBMISSIONS
    assert OutgoingEmail.objects.count() >= SUBMISSIONS  # each one's receipt is queued


@pytest.mark.usefixtures("committed")
def test_two_transactions_that_read_then_write_at_once_both_succeed():
    """The pattern of every workflow step (read the state, then change it): on SQLite two of
    them used to meet with their reads done, and one failed at its write."""
    both_read = threading.Barrier(2)
    errors = []

    def read_then_write(number: int) -> None:
        try:
            with transaction.atomic():
                SupportRequest.objects.count()
                with contextlib.suppress(threading.BrokenBarrierError):
                    both_read.wait(timeout=1)  # with IMMEDIATE, the other waits at BEGIN
                OutgoingEmail.objects.create(
                    to=f"maire{number}@example.fr", subject="x", body="x", next_attempt_at=now()
                )
        except Exception as error:  # noqa: BLE001 - the failure is what this test looks for
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=read_then_write, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert (
        OutgoingEmail.objects.filter(to__in=["maire0@example.fr", "maire1@example.fr"]).count() == 2
    )


@pytest.mark.usefixtures("committed")
def test_two_members_taking_a_request_at_once_give_one_take_over_and_one_refusal():
    from accounts.factories import member_of
    from support import workflow
    from support.factories import SupportRequestFactory

    request = SupportRequestFactory()
    members = [member_of(request.structure, email=f"agent{n}@example.org") for n in range(2)]
    both_loaded = threading.Barrier(2)
    outcomes = []

    def press_take(member) -> None:
        try:
            mine = SupportRequest.objects.get(pk=request.pk)  # each reads « nouvelle »
            both_loaded.wait(timeout=10)
            workflow.take(mine, member)
            outcomes.append("pris")
        except workflow.WorkflowError as error:
            outcomes.append(str(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=press_take, args=(m,)) for m in members]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == [
        "Action impossible : la demande est « prise en charge ».",
        "pris",
    ]
    assert request.events.filter(text__startswith="Prise en charge").count() == 1
