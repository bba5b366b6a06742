"""`manage.py run_worker`: django-tasks-db's `db_worker`, with a heartbeat so that the tasks
of a worker that is killed are retried (home/workers.py). Takes every `db_worker` option."""

import signal

from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand

from home.workers import Heartbeat


def _stop_before_the_worker_starts(signum, frame):
    # db_worker puts in its own handlers (finish the task, then stop) once it starts; a stop
    # asked for before that still leaves through `finally`, so the heartbeat row goes.
    raise SystemExit(0)


class Command(DBWorkerCommand):
    help = DBWorkerCommand.help + " Writes a heartbeat, so a killed worker's tasks are retried."

    def handle(self, *args, worker_id: str, **options):
        for stop in (signal.SIGTERM, signal.SIGINT):
            signal.signal(stop, _stop_before_the_worker_starts)
        heartbeat = Heartbeat(worker_id)
        heartbeat.start()
        try:
            return super().handle(*args, worker_id=worker_id, **options)
        finally:
            heartbeat.stop()
