"""Look for campaigns (the same or nearly the same answers) now, for one scope or all.

    manage.py find_campaigns --scope consultations.consultationpage:12
    manage.py find_campaigns            # every scope with answers stored since the last sweep

It reads every answer of the scope and their stored vectors (answers with no vector yet are
grouped once the safeguarding stage has stored one); no language model is loaded.
"""

from django.core.management.base import BaseCommand, CommandError

from .train_area_model import parse_scope


class Command(BaseCommand):
    help = "Find campaigns among a consultation's answers (or sweep every changed one)."

    def add_arguments(self, parser):
        parser.add_argument("--scope", help="app_label.model:id, e.g. a consultation page")

    def handle(self, *args, **options):
        from assisted_coding import grouping

        if not options["scope"]:
            regrouped = grouping.sweep()
            self.stdout.write(f"Looked for campaigns in {regrouped} changed scopes.")
            return
        scope = parse_scope(options["scope"])
        sources = [
            owner_model
            for owner_model, source in grouping._sources.items()
            if owner_model._meta.get_field(source.scope_field).related_model
            in (type(scope), *type(scope)._meta.get_parent_list())
        ]
        if not sources:
            raise CommandError(f"Nothing registers answers grouped by {options['scope']}")
        for owner_model in sources:
            run = grouping.regroup(owner_model, scope.pk)
            self.stdout.write(
                f"{run.answers} answers read, {run.campaigns} campaigns found "
                f"in {run.seconds:.1f} s."
            )
