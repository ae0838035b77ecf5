"""An aid's deadline as a calendar entry: in the aids' calendar and in a project's."""

from core.calendars import Entry

from .models import Aid
from .selectors import perimeter_words


def deadline_entry(aid: Aid) -> Entry:
    link = aid.full_link
    return Entry(
        uid=f"aide-{aid.source}-{aid.external_id}",
        summary=f"Clôture : {aid.name}",
        start=aid.submission_deadline,
        url=link,
        description=f"{', '.join(aid.financers) or 'Porteur non précisé'} — {perimeter_words(aid)}"
        + (f"\n{link}" if link else ""),
    )
