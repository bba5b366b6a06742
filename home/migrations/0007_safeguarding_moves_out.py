"""The safeguarding models now belong to the `safeguarding` app (its migration 0001 took over
their state and renamed their content types). Here `home` forgets them; no table is dropped
and no row is touched. See docs/decisions/0018-safeguarding-app.md."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0006_semantic_screening"),
        ("safeguarding", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="SafeguardingPhrase"),
                migrations.DeleteModel(name="SafeguardingFlag"),
                migrations.DeleteModel(name="PendingScreening"),
                migrations.DeleteModel(name="ScreeningClassifier"),
                migrations.DeleteModel(name="SafeguardingCategory"),
            ]
        )
    ]
