"""Retrain the semantic safeguarding classifier and report how it does on held-back answers.

    manage.py train_screening                 # examples file + the lead's outcomes
    manage.py train_screening --no-lead-outcomes --export   # rebuild the shipped classifier

A new classifier is only activated if it does no worse than the active one on the held-back
dev examples (recall first, then precision); otherwise it is kept, inactive, for the record.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from language.linear import add_export_argument, export_if_asked, write_report


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
        add_export_argument(parser, "classifier.json")

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
        write_report(
            self,
            report,
            trained=f"Trained classifier {classifier.pk} on {classifier.training_examples} "
            f"examples and {classifier.lead_examples} lead outcomes.",
            summary=lambda scores: f"precision {scores.precision:.2f}, recall {scores.recall:.2f}",
            in_use="Active classifier",
        )
        export_if_asked(
            self,
            options["export"],
            semantic.SHIPPED_CLASSIFIER,
            lambda target: semantic.export_classifier(classifier, target),
        )
