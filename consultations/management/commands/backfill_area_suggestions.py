import time

from django.core.management.base import BaseCommand, CommandError

from consultations.feedback.suggestions import BACKFILL_BATCH, backfill


class Command(BaseCommand):
    help = (
        "Suggest priority areas for older own-words answers that have text but no stored "
        "vector (sent before the safeguarding semantic stage ran). Loads the language model. "
        "Safe to stop and run again: it carries on with the answers still without one."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch", type=int, default=BACKFILL_BATCH, help="Responses per batch (default 100)."
        )
        parser.add_argument(
            "--after", type=int, default=0, help="Start after this response id (default: all)."
        )
        parser.add_argument(
            "--limit", type=int, default=0, help="Stop after this many batches (default: none)."
        )

    def handle(self, *args, batch: int, after: int, limit: int, **options):
        if batch < 1:
            raise CommandError("--batch must be at least 1.")
        started = time.perf_counter()
        total = batches = 0
        while not limit or batches < limit:
            done, last = backfill(after, batch)
            if not last:
                break
            total, after, batches = total + done, last, batches + 1
            self.stdout.write(f"Suggested areas for {total} answers (up to response {after})")
        self.stdout.write(f"Done: {total} answers in {time.perf_counter() - started:.1f} s.")
