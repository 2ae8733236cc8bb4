"""Pages of letters, reminders and messages: a run's invitations and message record (its
facilitators), a participant's contact channels (the run's facilitators) and the settings
(legal notice, reminders) of the job centre's administrators."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from neue_wege.core.http import service_call
from neue_wege.messaging import selectors, services
from neue_wege.messaging.forms import (
    ContactChannelForm,
    LegalNoticeForm,
    ReminderSettingForm,
    WithdrawForm,
)
from neue_wege.messaging.letters import letters_pdf
from neue_wege.privacy import access
from neue_wege.privacy.audit import audit_record, audit_views
from neue_wege.privacy.models import AuditEvent


@require_GET
def run_messages(request: HttpRequest, run_id: str) -> HttpResponse:
    run = access.messaging_run_for(request.user, run_id)
    overview = selectors.run_overview(run)
    audit_views(actor=request.user, objects=overview["enrollments"],
                client_id_of=lambda enrollment: enrollment.client_id)
    return render(request, "messaging/run_messages.html", {"run": run, **overview})


@require_POST
def run_invite(request: HttpRequest, run_id: str) -> HttpResponse:
    run = access.messaging_run_for(request.user, run_id)
    service_call(request, lambda: services.invitations_create(actor=request.user, run=run),
                 success=lambda messages: _(
                     "Die Einladungen werden erstellt und versendet (%(count)s Nachrichten). "
                     "Die Briefe können Sie gleich als PDF herunterladen.") % {
                         "count": len(messages)})
    return redirect("messaging:run-messages", run_id=run.pk)


@require_GET
def run_letters(request: HttpRequest, run_id: str) -> HttpResponse:
    run = access.messaging_run_for(request.user, run_id)
    letters = list(selectors.invitation_letters(run))
    if not letters:
        return redirect("messaging:run-messages", run_id=run.pk)
    for letter in letters:
        audit_record(actor=request.user, action=AuditEvent.Action.EXPORT, obj=letter,
                     client_id=letter.client_id, reason="Einladungsbrief (PDF)")
    response = HttpResponse(letters_pdf(letters), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="einladungsbriefe.pdf"'
    return response


@require_http_methods(["GET", "POST"])
def enrollment_channels(request: HttpRequest, enrollment_id: str) -> HttpResponse:
    enrollment = access.access_messaging_enrollment(request.user, enrollment_id)
    client = enrollment.client
    form = ContactChannelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = service_call(
            request, lambda: services.contact_channel_add(
                actor=request.user, client=client, channel=form.cleaned_data["channel"],
                address=form.cleaned_data["address"]),
            success=_("Die Einwilligung ist gespeichert."), form=form)
        if outcome:
            return redirect("messaging:enrollment-channels", enrollment_id=enrollment.pk)
    audit_record(actor=request.user, action=AuditEvent.Action.VIEW, obj=enrollment,
                 client_id=client.pk, reason="Kontaktwege")
    return render(request, "messaging/enrollment_channels.html", {
        "enrollment": enrollment, "client": client, "form": form,
        "channels": selectors.contact_channels_of(client),
    }, status=400 if form.errors else 200)


@require_POST
def enrollment_channel_withdraw(request: HttpRequest, enrollment_id: str) -> HttpResponse:
    enrollment = access.access_messaging_enrollment(request.user, enrollment_id)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        service_call(request, lambda: services.contact_channel_withdraw(
            actor=request.user, client=enrollment.client, channel=form.cleaned_data["channel"]),
            success=_("Die Einwilligung ist widerrufen. Über diesen Weg wird nichts mehr "
                      "gesendet."))
    return redirect("messaging:enrollment-channels", enrollment_id=enrollment.pk)


def _settings_context(request: HttpRequest, *, notice_form: LegalNoticeForm | None = None,
                      reminder_form: ReminderSettingForm | None = None) -> dict:
    job_centre_id = request.user.job_centre_id
    programmes = access.programmes_for(request.user)
    notices = selectors.legal_notices(job_centre_id)
    current = notices[0] if notices else None
    return {
        "notices": notices, "current": current,
        "notice_form": notice_form or LegalNoticeForm(
            initial={"text": current.text if current else ""}),
        "reminder_form": reminder_form or ReminderSettingForm(programmes=programmes),
        "reminder_settings": selectors.reminder_settings(programmes),
    }


@require_http_methods(["GET", "POST"])
def message_settings(request: HttpRequest) -> HttpResponse:
    access.require(access.can_manage_message_settings(request.user))
    if request.method == "POST":
        form = LegalNoticeForm(request.POST)
        if form.is_valid():
            outcome = service_call(
                request, lambda: services.legal_notice_add(actor=request.user,
                                                           text=form.cleaned_data["text"]),
                success=lambda notice: _("Die Rechtsfolgenbelehrung ist als Fassung "
                                         "%(version)s gespeichert.") % {
                                             "version": notice.version}, form=form)
            if outcome:
                return redirect("messaging:settings")
        return render(request, "messaging/settings.html",
                      _settings_context(request, notice_form=form), status=400)
    return render(request, "messaging/settings.html", _settings_context(request))


@require_POST
def reminder_settings(request: HttpRequest) -> HttpResponse:
    access.require(access.can_manage_message_settings(request.user))
    form = ReminderSettingForm(request.POST, programmes=access.programmes_for(request.user))
    if form.is_valid():
        outcome = service_call(request, lambda: services.reminder_setting_set(
            actor=request.user, programme=form.cleaned_data["programme"],
            days_before=form.cleaned_data["days_before"],
            missed_message=form.cleaned_data["missed_message"]),
            success=_("Die Erinnerungseinstellung ist gespeichert."), form=form)
        if outcome:
            return redirect("messaging:settings")
    return render(request, "messaging/settings.html",
                  _settings_context(request, reminder_form=form), status=400)
