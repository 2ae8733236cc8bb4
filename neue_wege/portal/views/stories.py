"""Portal pages for stories, sharing, the group space, feedback and the assistant.

Thin views: form → `privacy.access` → one service → render. Portal pages are for
participants (`participant_required`: staff get 404, participants without a seat a friendly
403 page). Two pages also serve the run's facilitators, because `access.access_story` lets
them read shared stories: a story's page and the feedback form (source FACILITATOR).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from neue_wege.core.exceptions import DomainError
from neue_wege.core.http import is_htmx
from neue_wege.core.offline import not_offline
from neue_wege.core.pagination import PythonSort, paginate
from neue_wege.portal import selectors
from neue_wege.portal.forms_stories import (
    AutosaveForm,
    FeedbackForm,
    ShareChoiceForm,
    ShareConfirmForm,
    StoryForm,
    SuggestionDecisionForm,
)
from neue_wege.portal.language_messages import language_error_text
from neue_wege.privacy import access
from neue_wege.privacy.access import participant_required
from neue_wege.strengths.models import Story, StrengthFeedback
from neue_wege.strengths.names import peer_display_name
from neue_wege.strengths.services import feedback as feedback_services
from neue_wege.strengths.services import stories as story_services
from neue_wege.strengths.services.catalogue import current_catalogue
from neue_wege.strengths.suggest import LanguageError

Visibility = Story.Visibility
Source = StrengthFeedback.Source
STORY_SORTS: dict[str, list[str] | PythonSort] = {
    "-created": ["-created_at", "-id"],
    "created": ["created_at", "id"],
    # Titles are encrypted at rest, so SQL cannot sort them: one participant's own stories
    # (a few dozen at most) are sorted here, newest first among equal titles.
    "title": PythonSort(key=lambda story: story.title.casefold(), then=("-created_at", "id")),
}
GROUP_SORTS: dict[str, list[str]] = {
    "-updated": ["-updated_at", "-id"],
    "updated": ["updated_at", "id"],
}


# --- helpers --------------------------------------------------------------------------------
def _render(request: HttpRequest, template: str, context: dict[str, Any],
            status: int = 200) -> HttpResponse:
    return render(request, template, context, status=status)


def _own_stories(user: Any) -> QuerySet[Story]:
    return access.stories_for(user).filter(enrollment__in=access.enrollments_of(user))


def _giver_label(feedback: StrengthFeedback) -> str:
    if feedback.source == Source.SELF:
        return _("selbst")
    if feedback.source == Source.FACILITATOR:
        return _("Projektleitung")
    return peer_display_name(feedback) or _("jemand aus der Gruppe")


def _feedback_rows(feedback: list[StrengthFeedback], story: Story) -> list[dict[str, Any]]:
    rows = []
    for fb in feedback:
        passage = ""
        if fb.evidence_start is not None and fb.evidence_end is not None:
            passage = story.text[fb.evidence_start:fb.evidence_end]
        rows.append({"feedback": fb, "giver": _giver_label(fb), "passage": passage})
    return rows


def highlight(text: str, spans: list[tuple[int, int]]) -> SafeString:
    """The text, escaped, with `<mark>` around the given character ranges (merged)."""
    merged: list[list[int]] = []
    for start, end in sorted(s for s in spans if 0 <= s[0] < s[1] <= len(text)):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, position = [], 0
    for start, end in merged:
        out.append(escape(text[position:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    out.append(escape(text[position:]))
    return mark_safe("".join(out).replace("\n", "<br>"))  # noqa: S308 - every part is escaped


def _story_from_field(user: Any, story_id: Any) -> Story | None:
    return access.access_own_story(user, story_id) if story_id else None


# --- stories --------------------------------------------------------------------------------
@require_GET
@participant_required
def story_list(request: HttpRequest) -> HttpResponse:
    listing = paginate(request, _own_stories(request.user), sorts=STORY_SORTS,
                       default_sort="-created")
    return _render(request, "portal/story_list.html", {
        "listing": listing, "stories": list(listing.object_list),
    })


def _is_sync(request: HttpRequest) -> bool:
    """A post from the page's script (core/offline.js: "Speichern" and the offline queue)."""
    return request.headers.get("X-NW-Sync") == "1"


def _story_form_page(request: HttpRequest, story: Story | None) -> HttpResponse:
    if request.method == "POST":
        form = StoryForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            target = story or _story_from_field(request.user, data["story"])
            try:
                saved = story_services.story_save(
                    actor=request.user, story_or_none=target, title=data["title"],
                    text=data["text"], draft_key=data["draft_key"],
                    revision=data["revision"] or 0)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Ihre Geschichte ist gespeichert."))
                if _is_sync(request):
                    return JsonResponse({"status": "saved", "story": str(saved.pk),
                                         "url": reverse("portal:story-detail",
                                                        kwargs={"story_id": saved.pk})})
                return redirect("portal:story-detail", story_id=saved.pk)
        if _is_sync(request):
            return JsonResponse({"status": "invalid", "errors": [
                str(message) for messages_ in form.errors.values() for message in messages_]},
                status=400)
        status = 400
    else:
        initial: dict[str, Any] = {}
        if story is not None:
            newest_is_draft = story.draft_saved_at is not None
            initial = {
                "story": story.pk,
                "draft_key": story.draft_key,
                "revision": story.draft_revision,
                "title": story.draft_title if newest_is_draft else story.title,
                "text": story.draft_text if newest_is_draft else story.text,
            }
        form = StoryForm(initial=initial)
        status = 200
    return _render(request, "portal/story_form.html", {"form": form, "story": story},
                   status=status)


@require_http_methods(["GET", "POST"])
@participant_required
def story_create(request: HttpRequest) -> HttpResponse:
    return _story_form_page(request, None)


@require_http_methods(["GET", "POST"])
@participant_required
def story_edit(request: HttpRequest, story_id: Any) -> HttpResponse:
    story = access.access_own_story(request.user, story_id)
    return _story_form_page(request, story)


@require_POST
@participant_required
def story_autosave(request: HttpRequest) -> HttpResponse:
    """htmx: keep the draft; answer with the small status line (and the story id)."""
    form = AutosaveForm(request.POST)
    context: dict[str, Any] = {"story": None, "error": ""}
    if not form.is_valid():
        context["error"] = _("Der Entwurf konnte nicht gespeichert werden. Bitte kürzen Sie "
                             "den Text.")
    else:
        data = form.cleaned_data
        story = _story_from_field(request.user, data["story"])
        try:
            story = story_services.story_draft_save(
                actor=request.user, story_or_none=story, title=data["title"],
                text=data["text"], draft_key=data["draft_key"], revision=data["revision"] or 0)
        except DomainError as error:
            context["error"] = str(error.message)
        else:
            context["story"] = story
            context["saved_at"] = timezone.localtime(story.draft_saved_at)
    if not is_htmx(request):
        if context["story"] is not None:
            return redirect("portal:story-edit", story_id=context["story"].pk)
        return redirect("portal:story-create")
    response = _render(request, "portal/partials/_story_autosave.html", context)
    if context["story"] is not None:
        # The address bar now shows the story's own page, so a reload (or coming back after
        # the connection dropped) opens the saved draft instead of an empty new story.
        response["HX-Replace-Url"] = reverse("portal:story-edit",
                                             kwargs={"story_id": context["story"].pk})
    return response


@require_GET
def story_detail(request: HttpRequest, story_id: Any) -> HttpResponse:
    story = access.access_story(request.user, story_id)
    is_writer = access.is_story_writer(request.user, story)
    if not is_writer:
        not_offline(request)  # another person's story is never kept on this device
    feedback = list(access.story_feedback_for(request.user, story)
                    .select_related("strength", "given_by").order_by("created_at"))
    is_peer = (not is_writer and access.is_participant(request.user)
               and story.visibility == Visibility.GROUP)
    can_facilitate = not is_writer and access.leads_run(request.user, story.enrollment.run)
    return _render(request, "portal/story_detail.html", {
        "story": story, "is_writer": is_writer, "is_peer": is_peer,
        "can_facilitate": can_facilitate,
        "writer_name": story.enrollment.client.first_name,
        "feedback_rows": _feedback_rows(feedback, story),
        "share_consent": story.visibility != Visibility.PRIVATE,
    })


# --- sharing --------------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
@participant_required
def story_share(request: HttpRequest, story_id: Any) -> HttpResponse:
    """Step 1: choose who may read. Step 2: read the consent text and confirm it."""
    story = access.access_own_story(request.user, story_id)
    context: dict[str, Any] = {"story": story}
    if request.method == "GET":
        context["form"] = ShareChoiceForm(initial={"visibility": story.visibility})
        return _render(request, "portal/story_share.html", context)

    if request.POST.get("step") == "confirm":
        form = ShareConfirmForm(request.POST)
        if form.is_valid():
            visibility = form.cleaned_data["visibility"]
            try:
                story_services.story_share(
                    actor=request.user, story=story, visibility=visibility,
                    wording=story_services.share_wording(visibility))
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Ihre Geschichte ist geteilt: %(who)s.")
                                 % {"who": Visibility(visibility).label})
                return redirect("portal:story-detail", story_id=story.pk)
        visibility = request.POST.get("visibility", "")
        if visibility not in (Visibility.GROUP, Visibility.FACILITATOR):
            raise Http404("Nicht gefunden")
        context.update(form=form, wording=story_services.share_wording(visibility),
                       visibility_label=Visibility(visibility).label)
        return _render(request, "portal/story_share_confirm.html", context, status=400)

    form = ShareChoiceForm(request.POST)
    if not form.is_valid():
        context["form"] = form
        return _render(request, "portal/story_share.html", context, status=400)
    visibility = form.cleaned_data["visibility"]
    if visibility == Visibility.PRIVATE:
        if story.visibility != Visibility.PRIVATE:
            story_services.story_withdraw(actor=request.user, story=story)
            messages.success(request, _("Ihre Geschichte ist jetzt wieder nur für Sie sichtbar."))
        return redirect("portal:story-detail", story_id=story.pk)
    context.update(
        form=ShareConfirmForm(initial={"visibility": visibility}),
        wording=story_services.share_wording(visibility),
        visibility_label=Visibility(visibility).label,
    )
    return _render(request, "portal/story_share_confirm.html", context)


@require_POST
@participant_required
def story_withdraw(request: HttpRequest, story_id: Any) -> HttpResponse:
    story = access.access_own_story(request.user, story_id)
    try:
        story_services.story_withdraw(actor=request.user, story=story)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Sie haben das Teilen zurückgenommen. Ihre Geschichte ist "
                                    "jetzt wieder nur für Sie sichtbar."))
    return redirect("portal:story-detail", story_id=story.pk)


@require_http_methods(["GET", "POST"])
@participant_required
def story_delete(request: HttpRequest, story_id: Any) -> HttpResponse:
    """Delete one's own story or draft: a page that says what goes with it, then the post."""
    story = access.access_own_story(request.user, story_id)
    if request.method == "POST":
        try:
            story_services.story_delete(actor=request.user, story=story)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("portal:story-detail", story_id=story.pk)
        messages.success(request, _("Ihre Geschichte ist gelöscht."))
        return redirect("portal:story-list")
    return _render(request, "portal/story_delete.html", {
        "story": story, "consequences": story_services.story_delete_consequences(story),
    })


# --- the group space ------------------------------------------------------------------------
@require_GET
@participant_required
def group_stories(request: HttpRequest) -> HttpResponse:
    enrollment = request.portal_enrollment  # type: ignore[attr-defined]
    stories = selectors.group_story_list_for(user=request.user, enrollment=enrollment)
    listing = paginate(request, stories, sorts=GROUP_SORTS, default_sort="-updated")
    rows = [{"story": story, "own": own, "writer_name": story.enrollment.client.first_name,
             "feedback_rows": _feedback_rows(story.visible_feedback, story)}
            for story, own in selectors.group_stories_read(user=request.user,
                                                           stories=listing.object_list)]
    return _render(request, "portal/group_stories.html", {
        "listing": listing, "rows": rows, "enrollment": enrollment,
    })


# --- feedback -------------------------------------------------------------------------------
def _suggested_keys(story: Story) -> list[str]:
    """The assistant's suggestions for the writer's own story (none for a story it cannot
    read, e.g. not in German)."""
    if not story.text.strip():
        return []
    try:
        _catalogue, suggestions = feedback_services.story_suggestions(story)
    except (LanguageError, DomainError):
        return []
    return [suggestion.id for suggestion in suggestions]


def _feedback_page(request: HttpRequest, story: Story, source: str) -> HttpResponse:
    catalogue = current_catalogue(story.enrollment.client.job_centre_id)
    with_name = source == Source.PEER
    query = request.GET.get("q", "")[:100]
    named = set(access.feedback_for(request.user).filter(story=story, given_by=request.user)
                .values_list("strength__key", flat=True))
    picker = {"catalogue": catalogue, "with_name": with_name, "named": named, "query": query,
              "first": _suggested_keys(story) if source == Source.SELF else ()}
    if request.method == "POST":
        form = FeedbackForm(request.POST, **picker)
        if form.is_valid():
            data = form.cleaned_data
            try:
                created = feedback_services.feedback_give(
                    actor=request.user, story=story, strengths=data["strengths"],
                    note=data["note"], show_name=data.get("show_name", False), source=source)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                if any(fb.status == StrengthFeedback.Status.HELD for fb in created):
                    messages.info(request, _("Danke! Die Projektleitung liest Ihre Rückmeldung "
                                             "zuerst. Danach sieht sie die Person."))
                else:
                    messages.success(request, _("Danke für Ihre Rückmeldung!"))
                return redirect("portal:story-detail", story_id=story.pk)
        status = 400
    else:
        form = FeedbackForm(**picker)
        status = 200
    return _render(request, "portal/story_feedback.html", {
        "form": form, "story": story, "source": source, "query": query,
        "writer_name": story.enrollment.client.first_name,
        "is_self": source == Source.SELF,
    }, status=status)


@require_http_methods(["GET", "POST"])
def feedback_create(request: HttpRequest, story_id: Any) -> HttpResponse:
    """A peer (or the run's facilitator) names strengths in someone else's shared story."""
    story = access.access_story(request.user, story_id)
    if access.is_story_writer(request.user, story):
        return redirect("portal:feedback-self", story_id=story.pk)
    if access.is_participant(request.user):
        if story.visibility != Visibility.GROUP:
            raise Http404("Nicht gefunden")
        return _feedback_page(request, story, Source.PEER)
    access.require(access.leads_run(request.user, story.enrollment.run))
    return _feedback_page(request, story, Source.FACILITATOR)


@require_http_methods(["GET", "POST"])
@participant_required
def feedback_self(request: HttpRequest, story_id: Any) -> HttpResponse:
    """The writer names their own strengths (self view)."""
    story = access.access_own_story(request.user, story_id)
    return _feedback_page(request, story, Source.SELF)


# --- the assistant --------------------------------------------------------------------------
def _suggestion_rows(story: Story, suggestions: list[Any], catalogue: Any,
                     taken: set[str], rejected: set[str] = frozenset()  # type: ignore[assignment]
                     ) -> list[dict[str, Any]]:
    by_key = {s.key: s for s in catalogue.strengths.all()}
    rows = []
    for suggestion in suggestions:
        strength = by_key.get(suggestion.id)
        if strength is None:
            continue
        rows.append({
            "suggestion": suggestion, "strength": strength,
            "percent": round(suggestion.score * 100),
            "highlighted": highlight(story.text, [(e.start, e.end)
                                                  for e in suggestion.evidence]),
            "passages": [e.text for e in suggestion.evidence],
            "taken": strength.key in taken,
            "rejected": strength.key in rejected and strength.key not in taken,
        })
    return rows


def _story_rows(request: HttpRequest, story: Story) -> tuple[list[dict[str, Any]], SafeString]:
    """The suggestion cards and the story once, with every evidence passage marked."""
    catalogue, suggestions = feedback_services.story_suggestions(story)
    taken = set(access.feedback_for(request.user).filter(story=story, given_by=request.user)
                .values_list("strength__key", flat=True))
    rows = _suggestion_rows(story, suggestions, catalogue, taken,
                            selectors.suggestion_rejected_keys(story=story))
    marked = highlight(story.text, [(e.start, e.end) for row in rows
                                    for e in row["suggestion"].evidence])
    return rows, marked


@require_GET
@participant_required
def story_suggestions(request: HttpRequest, story_id: Any) -> HttpResponse:
    story = access.access_own_story(request.user, story_id)
    context: dict[str, Any] = {"story": story, "rows": [], "error": ""}
    if not story.text.strip():
        context["error"] = _("Bitte speichern Sie Ihre Geschichte zuerst.")
    else:
        try:
            context["rows"], context["marked"] = _story_rows(request, story)
        except LanguageError as error:
            context["error"] = language_error_text(error)
        except DomainError as error:
            context["error"] = str(error.message)
    return _render(request, "portal/story_suggestions.html", context)


@require_POST
@participant_required
def suggestion_decide(request: HttpRequest, story_id: Any) -> HttpResponse:
    """Accept or reject one suggestion. Score and passages are computed again on the server,
    so nothing the browser sends can put words in the assistant's mouth."""
    story = access.access_own_story(request.user, story_id)
    form = SuggestionDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Bitte wählen Sie „Übernehmen“ oder „Verwerfen“."))
        return redirect("portal:story-suggestions", story_id=story.pk)
    key, decision = form.cleaned_data["strength"], form.cleaned_data["decision"]
    try:
        strength, suggestion = selectors.story_suggestion_get(story=story, key=key)
        feedback_services.suggestion_decide(
            actor=request.user, story=story, strength=strength, score=suggestion.score,
            evidence=[{"start": e.start, "end": e.end} for e in suggestion.evidence],
            decision=decision)
    except LanguageError as error:
        messages.error(request, language_error_text(error))
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        if is_htmx(request):
            # Only this card changes: the page keeps its scroll position (no jump to the top).
            rows, _marked = _story_rows(request, story)
            row = next((r for r in rows if r["strength"].key == key), None)
            if row is not None:
                return _render(request, "portal/partials/_suggestion_card.html",
                               {"row": row, "story": story, "just_decided": decision})
        if decision == "accepted":
            messages.success(request, _("„%(label)s“ steht jetzt bei Ihren Stärken.")
                             % {"label": strength.local_label})
        else:
            messages.info(request, _("Vorschlag „%(label)s“ verworfen.")
                          % {"label": strength.local_label})
    return redirect("portal:story-suggestions", story_id=story.pk)


@require_GET
@participant_required
def assistant_help(request: HttpRequest) -> HttpResponse:
    return _render(request, "portal/story_assistant_help.html", {})
