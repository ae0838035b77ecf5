from django.shortcuts import redirect, render

from .models import Commune

SEARCH_LIMIT = 20


def commune_search(request):
    """Find a commune by name, postal code or INSEE code; a single match goes straight to it."""
    query = request.GET.get("q", "").strip()[:100]
    commune, results = Commune.objects.resolve(query, limit=SEARCH_LIMIT) if query else (None, [])
    if commune is not None:  # as every commune field decides (« Laval » among several)
        return redirect(commune)
    return render(
        request,
        "territories/commune_search.html",
        {"query": query, "results": results, "limit": SEARCH_LIMIT},
    )


def commune_suggestions(request):
    """HTML options for the autocomplete (htmx); the JSON twin is /api/v1/communes?q=.
    The field is named `q` in the search forms and `commune` in the journey."""
    query = (request.GET.get("q") or request.GET.get("commune", "")).strip()[:100]
    results = Commune.objects.search(query, limit=10) if len(query) >= 2 else []
    return render(request, "territories/_commune_options.html", {"results": results})
