"""The API's one pagination: `page` and `page_size` in the query, `count`, `page`,
`page_size`, `pages` and `results` in the answer — the form the API has always documented.

Not django-ninja's `@paginate`: its pages answer `items` and `count`, which would change the
public format, and it serialises rows with the response schema, while every list here is
built by the serializers the pages share (`api.serializers`)."""

from collections.abc import Callable

from django.db.models import QuerySet
from pydantic import Field

from .schemas import Schema

MAX_PAGE = 10_000  # 1 million results at 100 a page: beyond any list, below any overflow


class PageParams(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description="Page (au plus 10 000).")
    page_size: int = Field(50, ge=1, le=100)


def paginated(queryset: QuerySet, params: PageParams, serialize: Callable) -> dict:
    count = queryset.count()
    start = (params.page - 1) * params.page_size
    return {
        "count": count,
        "page": params.page,
        "page_size": params.page_size,
        "pages": max(1, -(-count // params.page_size)),
        "results": [serialize(row) for row in queryset[start : start + params.page_size]],
    }
