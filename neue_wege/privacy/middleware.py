"""Answer a change refused by a restriction of processing (Art. 18) with a German page.

Views that show a service's `DomainError` in their form do so for this one too; this catches
it in views that do not expect it, so the person sees the reason instead of a server error.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from neue_wege.privacy.restriction import ProcessingRestrictedError


class ProcessingRestrictedMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception
                          ) -> HttpResponse | None:
        if not isinstance(exception, ProcessingRestrictedError):
            return None
        return render(request, "privacy/restricted.html", {"message": exception.message},
                      status=409)
