import time

from django.core.management.base import BaseCommand

from consultations.tallies import rebuild


class Command(BaseCommand):
    help = (
        "Recount the synthesis dashboard's running totals from the answers (after a bulk "
        "import, or changes made outside the feedback services). Submissions wait while it runs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "consultations", nargs="*", type=int, help="Consultation page ids (default: all)."
        )

    def handle(self, *args, consultations: list[int], **options):
        started = time.perf_counter()
        rows = rebuild(consultations or None)
        self.stdout.write(f"Stored {rows} counts in {time.perf_counter() - started:.1f} s")
