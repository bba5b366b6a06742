"""`manage.py redact`: print each line of standard input redacted.

    echo "I'm Keisha, call me on 07700 900461" | python manage.py redact
    I'm [name], call me on [phone]

The same service every export and quote uses (language.redaction), with every layer. For
audits and benchmarks: `python manage.py redact < answers.txt > redacted.txt`.
"""

import sys

from django.core.management.base import BaseCommand

from language.redaction import redact


class Command(BaseCommand):
    help = "Read text one answer per line on standard input; print each line redacted."
    stealth_options = ("stdin",)

    def handle(self, *args, **options):
        stdin = options.get("stdin") or sys.stdin
        for line in stdin:
            self.stdout.write(redact(line.rstrip("\r\n")))
