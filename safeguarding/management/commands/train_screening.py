"""Retrain the semantic safeguarding classifier and report how it does on held-back answers.

    manage.py train_screening                 # examples file + the lead's outcomes
    manage.py train_screening --no-lead-outcomes --export   # rebuild the shipped classifier

A new classifier is only activated if it does no worse than the active one on the held-back
dev examples (recall first, then precision); otherwise it is kept, inactive, for the record.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Retrain the semantic safeguarding classifier; activate it only if no worse."

    def add_arguments(self, parser):
        from safeguarding.semantic import DEV_EXAMPLES, TRAINING_EXAMPLES

        parser.add_argument("--examples", type=Path, default=TRAINING_EXAMPLES)
        parser.add_argument("--dev", type=Path, default=DEV_EXAMPLES)
        parser.add_argument(
            "--no-lead-outcomes",
            action="store_true",
            help="train on the examples file only, not on flags the lead has closed",
        )
        parser.add_argument(
            "--export",
            nargs="?",
            const="",
            default=None,
            metavar="PATH",
            help="also write the new classifier to PATH (default: the shipped classifier.json)",
        )

    def handle(self, *args, **options):
        from safeguarding import semantic

        for path in (options["examples"], options["dev"]):
            if not path.is_file():
                raise CommandError(f"No examples file at {path}")
        report = semantic.train(
            examples_path=options["examples"],
            dev_path=options["dev"],
            include_lead_outcomes=not options["no_lead_outcomes"],
        )
        classifier = report.classifier
        self.stdout.write(
            f"Trained classifier {classifier.pk} on {classifier.training_examples} examples "
            f"and {classifier.lead_examples} lead outcomes."
        )
        self.stdout.write(
            f"Held-back examples ({report.new.examples}): precision {report.new.precision:.2f}, "
            f"recall {report.new.recall:.2f}"
        )
        if report.active is not None:
            self.stdout.write(
                f"Active classifier on the same examples: precision "
                f"{report.active.precision:.2f}, recall {report.active.recall:.2f}"
            )
        if report.activated:
            self.stdout.write(self.style.SUCCESS(f"Activated ({report.reason})."))
        else:
            self.stdout.write(self.style.WARNING(f"Not activated: {report.reason}."))
        if options["export"] is not None:
            target = Path(options["export"]) if options["export"] else semantic.SHIPPED_CLASSIFIER
            semantic.export_classifier(classifier, target)
            self.stdout.write(f"Wrote {target}")
