"""Screen answers read one per line from standard input; print one line each.

    echo "they said if i talk to the feds they know where my mum lives" | manage.py screen
    flag criminal-exploitation semantic 0.97

Each line is `flag <category,...> <stage> <confidence>` (stage: phrase, semantic or both;
confidence: the classifier's probability that this is a concern) or `ok`. Nothing about the
answers is stored. Benchmarks and audits use it; so can a lead trying wording.

    manage.py screen --backfill

instead queues, in batches, every stored answer the semantic stage has never screened
(submitted before it existed); the task worker then screens them. Safe to run again.
"""

import sys

from django.core.management.base import BaseCommand, CommandError

BATCH = 256


class Command(BaseCommand):
    help = "Screen answers from standard input (one per line) with both stages; store nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--phrase-only", action="store_true", help="only the phrase list (no model)"
        )
        parser.add_argument(
            "--backfill",
            action="store_true",
            help="queue stored answers never screened by the semantic stage (reads no input)",
        )
        parser.add_argument("--batch-size", type=int, default=200, help="with --backfill")

    def handle(self, *args, **options):
        if options["backfill"]:
            return self._backfill(options["batch_size"])
        batch = []
        for line in sys.stdin:
            batch.append(line.rstrip("\n"))
            if len(batch) >= BATCH:
                self._screen(batch, options["phrase_only"])
                batch = []
        if batch:
            self._screen(batch, options["phrase_only"])

    def _backfill(self, batch_size):
        from safeguarding.backfill import queue_backfill

        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        for label, report in queue_backfill(batch_size).items():
            self.stdout.write(
                f"{label}: queued {report.queued}, already screened {report.already_screened}, "
                f"already waiting {report.waiting}, no free text {report.no_text}"
            )

    def _screen(self, lines, phrase_only):
        from safeguarding.screening import screen_text
        from safeguarding.semantic import classify_texts

        semantic = [None] * len(lines)
        if not phrase_only:
            texts = [line for line in lines if line.strip()]
            results = iter(classify_texts(texts))
            semantic = [next(results) if line.strip() else None for line in lines]
        for line, result in zip(lines, semantic, strict=True):
            self.stdout.write(describe(screen_text(line), result))


def describe(matches, result) -> str:
    """One output line for an answer: its phrase matches and semantic result."""
    phrase_slugs = [match.category.slug for match in matches]
    semantic_flag = result is not None and result.flag
    if not matches and not semantic_flag:
        return "ok"
    stage = "both" if matches and semantic_flag else ("phrase" if matches else "semantic")
    slugs = list(dict.fromkeys(phrase_slugs + (result.categories if semantic_flag else [])))
    confidence = f"{result.confidence:.2f}" if result is not None else "-"
    return f"flag {','.join(slugs)} {stage} {confidence}"
