"""Delete a demo job centre with everything that belongs to it (`neuewege demo --reset`).

One function for both demo job centres: each piece of the application that holds rows of a
job centre under a protecting foreign key (messages, legal notices, API clients and their
service accounts, jobs, attendance …) is emptied here, in an order the database accepts.
Shared municipalities and the occupational classification stay; audit rows stay too, as the
audit log is append-only.
"""

from __future__ import annotations

from neue_wege.organisation.models import JobCentre


def delete_job_centre(job_centre: JobCentre) -> None:
    from neue_wege.api.models import (
        ApiCall,
        ApiClient,
        ApiToken,
        BulkTransfer,
        ExternalReference,
    )
    from neue_wege.clients.models import Client, Enrollment, Referral, ReferralStatusChange
    from neue_wege.inbox.models import Notice
    from neue_wege.jobs.models import Job
    from neue_wege.messaging.models import LegalNotice, OutboundMessage
    from neue_wege.organisation.models import Location, User
    from neue_wege.programmes.models import (
        Attendance,
        Method,
        Programme,
        ProgrammeVersion,
        Run,
        Session,
        TargetGroup,
    )
    from neue_wege.strengths.models import StrengthCatalogue

    api_clients = ApiClient.objects.filter(job_centre=job_centre)
    service_users = list(api_clients.values_list("service_user_id", flat=True))
    ApiCall.objects.filter(api_client__in=api_clients).delete()
    ApiToken.objects.filter(api_client__in=api_clients).delete()
    BulkTransfer.objects.filter(api_client__in=api_clients).delete()
    ExternalReference.objects.filter(api_client__in=api_clients).delete()
    api_clients.delete()
    Job.objects.filter(job_centre=job_centre).delete()
    staff = User.objects.filter(job_centre=job_centre)
    Notice.objects.filter(recipient__in=staff).delete()
    OutboundMessage.objects.filter(job_centre=job_centre).delete()
    LegalNotice.objects.filter(job_centre=job_centre).delete()
    clients = Client.objects.filter(job_centre=job_centre)
    runs = Run.objects.filter(programme_version__programme__job_centre=job_centre)
    Attendance.objects.filter(session__run__in=runs).delete()
    Enrollment.objects.filter(client__in=clients).delete()
    ReferralStatusChange.objects.filter(referral__client__in=clients).delete()
    Referral.objects.filter(client__in=clients).delete()
    clients.delete()
    Session.objects.filter(run__in=runs).delete()
    TargetGroup.objects.filter(run__in=runs).delete()
    runs.delete()
    ProgrammeVersion.objects.filter(programme__job_centre=job_centre).delete()
    Programme.objects.filter(job_centre=job_centre).delete()
    Method.objects.filter(job_centre=job_centre).delete()
    StrengthCatalogue.objects.filter(job_centre=job_centre).delete()
    User.objects.filter(pk__in=service_users).delete()
    staff.delete()
    Location.objects.filter(job_centre=job_centre).delete()
    job_centre.delete()
