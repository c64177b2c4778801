from celery import Celery

app = Celery("proj", broker="redis://localhost:6379/0")
