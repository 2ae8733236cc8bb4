"""Background jobs (neue_wege.jobs): everyone on staff sees their own jobs; an administrator
sees every job of their job centre. Participants have no jobs."""

from __future__ import annotations

from django.db.models import QuerySet

from neue_wege.jobs.models import Job
from neue_wege.privacy.access.lookup import get_in_scope
from neue_wege.privacy.access.roles import Role, Viewer, is_staff_member


def can_list_jobs(user: Viewer | None) -> bool:
    return is_staff_member(user)


def jobs_for(user: Viewer | None) -> QuerySet[Job]:
    """The jobs the user may see: their own; an administrator's: all of the job centre."""
    if not is_staff_member(user):
        return Job.objects.none()
    if user.role == Role.ADMINISTRATOR:
        return Job.objects.filter(job_centre_id=user.job_centre_id)
    return Job.objects.filter(owner=user, job_centre_id=user.job_centre_id)


def access_job(user: Viewer | None, job_id: object) -> Job:
    """One job in the user's scope; 404 otherwise."""
    return get_in_scope(jobs_for(user), job_id)
