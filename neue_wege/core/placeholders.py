"""Temporary: URL names other pages link to before their views exist. Removed when they land."""

from django.http import Http404, HttpRequest, HttpResponse


def not_yet(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404("noch nicht gebaut")
