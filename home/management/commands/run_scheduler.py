import time

from django.core.management.base import BaseCommand

from home.scheduling import registered_jobs, run_due_jobs


class Command(BaseCommand):
    help = "Enqueue periodic jobs when they are due. Runs forever unless --once is given."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Check once and exit (cron).")
        parser.add_argument("--interval", type=int, default=30, help="Seconds between checks.")

    def handle(self, *args, once: bool, interval: int, **options):
        names = ", ".join(job.name for job in registered_jobs()) or "none"
        self.stdout.write(f"Scheduled jobs: {names}")
        while True:
            for name in run_due_jobs():
                self.stdout.write(f"Enqueued {name}")
            if once:
                return
            time.sleep(interval)
