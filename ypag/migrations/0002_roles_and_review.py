"""The YPAG editor, Content editor and Network coordinator groups (DESIGN.md, roles), their
admin access, page and image permissions. If a YPAG landing page already exists its page
permissions and the "YPAG review" workflow are set up too; otherwise that happens when the page
is created (wagtail_hooks.after_create_page, ypag/demo.py). Safe to re-run."""

from django.db import migrations


def create_roles(apps, schema_editor):
    from ypag import services

    services.ensure_roles(apps)
    YPAGLandingPage = apps.get_model("ypag", "YPAGLandingPage")
    landing_page = YPAGLandingPage.objects.first()
    if landing_page is not None:
        services.ensure_ypag_permissions(landing_page)


class Migration(migrations.Migration):
    dependencies = [
        ("ypag", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
