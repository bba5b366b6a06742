"""Train a suggested-priority-areas model and report how it does on held-back answers.

    manage.py train_area_model                       # the global model: seed set + areas' words
    manage.py train_area_model --export              # ... and rebuild the shipped area_model.json
    manage.py train_area_model --scope consultations.consultation:12 --examples coded.csv

`--examples` adds coded answers (a CSV with columns text and areas, slugs separated by ";" or
"none"); with `--scope` the model is for that object's answers only. A model that scores worse
on the held-back examples than the one in use is stored inactive, with the reason.
"""

from pathlib import Path

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError


def parse_scope(value: str):
    try:
        label, pk = value.rsplit(":", 1)
        model = apps.get_model(label)
        return model._default_manager.get(pk=pk)
    except (ValueError, LookupError) as error:
        raise CommandError(f"--scope must be app_label.model:id, got {value!r}") from error
    except Exception as error:  # DoesNotExist of whichever model
        raise CommandError(f"No object {value!r}") from error


class Command(BaseCommand):
    help = "Train a suggested-priority-areas model; activate it only if no worse."

    def add_arguments(self, parser):
        parser.add_argument("--scope", help="app_label.model:id, e.g. a consultation")
        parser.add_argument("--examples", type=Path, help="CSV of coded answers (text, areas)")
        parser.add_argument(
            "--no-seed", action="store_true", help="learn from --examples only, not the seed set"
        )
        parser.add_argument(
            "--export",
            nargs="?",
            const="",
            default=None,
            metavar="PATH",
            help="also write the model to PATH (default: the shipped area_model.json)",
        )

    def handle(self, *args, **options):
        from assisted_coding import training
        from assisted_coding.examples import load_examples

        scope = parse_scope(options["scope"]) if options["scope"] else None
        labelled = []
        if options["examples"]:
            if not options["examples"].is_file():
                raise CommandError(f"No examples file at {options['examples']}")
            try:
                labelled = [(e.text, e.areas) for e in load_examples(options["examples"])]
            except (KeyError, UnicodeDecodeError) as error:
                raise CommandError(f"{options['examples']} is not a text,areas CSV") from error
        report = training.train(labelled, scope=scope, seed=not options["no_seed"])
        area_model = report.area_model
        self.stdout.write(
            f"Trained area model {area_model.pk} ({area_model.method}) on "
            f"{area_model.seed_examples} seed and {area_model.coded_examples} coded examples."
        )
        self.stdout.write(f"Held-back examples ({report.new.examples}):")
        for slug, scores in report.new.per_area.items():
            self.stdout.write(
                f"  {slug:24s} precision {scores.precision:.2f} recall {scores.recall:.2f} "
                f"F1 {scores.f1:.2f} ({scores.support})"
            )
        self.stdout.write(
            f"  micro F1 {report.new.micro_f1:.3f}, macro F1 {report.new.macro_f1:.3f}, "
            f"no suggestion for {report.new.abstention_rate:.0%}"
        )
        if report.active is not None:
            self.stdout.write(
                f"Model in use on the same examples: micro F1 {report.active.micro_f1:.3f}, "
                f"macro F1 {report.active.macro_f1:.3f}"
            )
        if report.activated:
            self.stdout.write(self.style.SUCCESS(f"Activated ({report.reason})."))
        else:
            self.stdout.write(self.style.WARNING(f"Not activated: {report.reason}."))
        if options["export"] is not None:
            target = Path(options["export"]) if options["export"] else training.SHIPPED_MODEL
            training.export_model(area_model, target)
            self.stdout.write(f"Wrote {target}")
