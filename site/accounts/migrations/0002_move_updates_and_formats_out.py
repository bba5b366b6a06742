"""Email updates and accessible-format requests move to their own apps (decision 0030).

The tables are renamed (AlterModelTable also renames the subscriptions' two many-to-many
tables); the models leave accounts' state here and enter email_updates' and
accessible_formats' state in their 0001 migrations, which also move the content types so
permissions already given to groups and the audit log keep pointing at the same rows.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(
                    "UpdatesSubscription", "email_updates_updatessubscription"
                ),
                migrations.AlterModelTable(
                    "AccessibleFormatRequest", "accessible_formats_accessibleformatrequest"
                ),
            ],
            state_operations=[
                migrations.DeleteModel("UpdatesSubscription"),
                migrations.DeleteModel("AccessibleFormatRequest"),
            ],
        ),
    ]
