"""Operations for migrations that move models from one app to another without copying a row.

Permissions, group grants, Wagtail's audit log and generic relations all point at a model's
`django_content_type` row by id, so moving a model means relabelling that row, not making a
new one (decisions 0018 and 0030).
"""

from django.db import migrations


def _relabel_content_types(apps, schema_editor, *, old: str, new: str, models: list[str]):
    """Point the models' content types at `new`. If a row for the new label exists already
    (post_migrate ran with the model in both places), the old row wins: its id is what
    permissions, grants and log entries refer to, so the empty new one goes."""
    content_type = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in models:
        old_row = content_type.objects.using(db).filter(app_label=old, model=model).first()
        if old_row is None:
            continue
        content_type.objects.using(db).filter(app_label=new, model=model).delete()
        old_row.app_label = new
        old_row.save(update_fields=["app_label"])
    content_type.objects.clear_cache()


def move_content_types(old_label: str, new_label: str, models: list[str]) -> migrations.RunPython:
    """A reversible operation that moves the content types of `models` (lower-case model
    names) from app `old_label` to app `new_label`."""

    def forwards(apps, schema_editor):
        _relabel_content_types(apps, schema_editor, old=old_label, new=new_label, models=models)

    def backwards(apps, schema_editor):
        _relabel_content_types(apps, schema_editor, old=new_label, new=old_label, models=models)

    return migrations.RunPython(forwards, backwards)
