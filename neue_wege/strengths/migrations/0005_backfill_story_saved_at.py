"""Stories saved before `saved_at` existed (issue 14) get their last change as the time they
were saved, so that the facilitator's count of stories written keeps them; drafts that were
only autosaved (no text yet) stay unsaved. The text is encrypted, so the check runs here."""

from django.db import migrations


def backfill(apps, schema_editor):
    Story = apps.get_model("strengths", "Story")
    for story in Story.objects.filter(saved_at__isnull=True).only("pk", "text", "updated_at"
                                                                   ).iterator(chunk_size=500):
        if story.text:
            Story.objects.filter(pk=story.pk).update(saved_at=story.updated_at)


class Migration(migrations.Migration):

    dependencies = [
        ("strengths", "0004_story_draft_key_and_revisions"),
    ]

    operations = [
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
    ]
