"""Pages everyone may open, logged in or not (the explicit allowlist of the login wall)."""

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@login_not_required
@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


@login_not_required
@require_GET
def privacy_notice(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy_notice.html")


@login_not_required
@require_GET
def imprint(request: HttpRequest) -> HttpResponse:
    return render(request, "core/imprint.html")


@login_not_required
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
