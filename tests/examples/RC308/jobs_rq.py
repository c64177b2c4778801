from redis import Redis
from rq import Queue

from proj.tasks import add

queue = Queue(connection=Redis())


def schedule_export(user_id: int) -> None:
    # ruleid: RC308
    queue.enqueue(add, user_id, 1, job_timeout=-1)
    # ok: RC308
    queue.enqueue(add, user_id, 2, job_timeout=600)
