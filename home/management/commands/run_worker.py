"""`manage.py run_worker`: django-tasks-db's `db_worker`, with a heartbeat so that the tasks
of a worker that is killed are retried (home/workers.py). Takes every `db_worker` option."""

from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand

from home.workers import Heartbeat


class Command(DBWorkerCommand):
    help = DBWorkerCommand.help + " Writes a heartbeat, so a killed worker's tasks are retried."

    def handle(self, *args, worker_id: str, **options):
        heartbeat = Heartbeat(worker_id)
        heartbeat.start()
        try:
            return super().handle(*args, worker_id=worker_id, **options)
        finally:
            heartbeat.stop()
