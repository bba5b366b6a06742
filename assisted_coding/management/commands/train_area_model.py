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

from language.linear import add_export_argument, export_if_asked, write_report


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
        add_export_argument(parser, "area_model.json")

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
        write_report(
            self,
            report,
            trained=f"Trained area model {area_model.pk} ({area_model.method}) on "
            f"{area_model.seed_examples} seed and {area_model.coded_examples} coded examples.",
            per_label=lambda scores: scores.per_area,
            summary=lambda scores: (
                f"micro F1 {scores.micro_f1:.3f}, macro F1 "
                f"{scores.macro_f1:.3f}, no suggestion for {scores.abstention_rate:.0%}"
            ),
            in_use="Model in use",
        )
        export_if_asked(
            self,
            options["export"],
            training.SHIPPED_MODEL,
            lambda target: training.export_model(area_model, target),
        )
