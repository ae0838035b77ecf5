from django.contrib.syndication.views import Feed

from core.feeds import CleanAtomFeed
from core.routing import page_url

from .forms import AidFilterForm
from .selectors import filtered, perimeter_words


class NewAidsFeed(Feed):
    """The newest open aids and calls, for any filter of /financements/."""

    feed_type = CleanAtomFeed
    title = "Carto'Ingé : nouvelles aides et appels à projets"
    subtitle = "Aides ouvertes aux communes, d'aides-territoires et des structures."

    def get_object(self, request):
        return AidFilterForm(request.GET or None).filters()

    def link(self, obj):
        return page_url("funding:list")

    def items(self, obj):
        return filtered(obj).order_by("-remote_created_at", "-pk")[:50]

    def item_title(self, item):
        return item.name

    def item_description(self, item):
        return (
            f"{', '.join(item.financers) or 'Porteur non précisé'} — {perimeter_words(item)} — "
            f"{item.deadline_label()}"
        )

    def item_link(self, item):
        return item.link or page_url("funding:list")

    def item_guid(self, item):
        return f"aide-{item.source}-{item.external_id}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.remote_created_at or item.synced_at

    def item_updateddate(self, item):
        return item.remote_updated_at or item.synced_at
