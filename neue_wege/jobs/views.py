"""The "Aufträge" page: the user's running and finished background jobs.

Every member of staff sees their own jobs; an administrator sees all of their job centre's
(`access.jobs_for`). While a job runs, the table asks for itself again every two seconds
(htmx) and stops once nothing is active. Jobs hold no personal data (titles, progress, a
German error), so no read-audit row is written.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from neue_wege.core.http import is_htmx
from neue_wege.core.pagination import paginate
from neue_wege.privacy import access

JOB_SORTS = {"-created": "-created_at", "created": "created_at", "title": ["title", "-created_at"],
             "-title": ["-title", "-created_at"]}


@require_GET
def job_list(request: HttpRequest) -> HttpResponse:
    access.require(access.can_list_jobs(request.user))
    jobs = access.jobs_for(request.user).select_related("owner")
    page = paginate(request, jobs, sorts=JOB_SORTS, default_sort="-created")
    context = {"page": page, "sort_links": page.sort_links(["created", "title"]),
               "polling": any(job.is_active and not job.is_stale for job in page.page.object_list),
               "show_owner": request.user.role == access.Role.ADMINISTRATOR}
    if is_htmx(request):
        return render(request, "jobs/partials/_job_table.html", context)
    return render(request, "jobs/job_list.html", context)
