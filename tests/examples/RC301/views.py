from django.http import JsonResponse
from fastapi import Depends, FastAPI
from rest_framework import viewsets
from sqlalchemy import select

from .models import Invoice, Task
from .serializers import TaskSerializer

app = FastAPI()


@app.get("/invoices")
def list_invoices(db=Depends(lambda: None)):
    # ruleid: RC301
    return db.query(Invoice).filter(Invoice.paid.is_(False)).all()


@app.get("/invoices/recent")
def recent_invoices(db=Depends(lambda: None)):
    # ok: RC301
    return db.query(Invoice).order_by(Invoice.id.desc()).limit(20).all()


@app.get("/invoices/page")
def page_invoices(db=Depends(lambda: None)):
    stmt = select(Invoice).limit(50)
    # ok: RC301
    return db.execute(stmt).scalars().all()


@app.get("/invoices/everything")
def all_invoices(db=Depends(lambda: None)):
    # ruleid: RC301
    return db.execute(select(Invoice)).scalars().all()


def task_export(request):
    # ruleid: RC301
    return JsonResponse({"tasks": list(Task.objects.values("id", "title"))})


def task_preview(request):
    # ok: RC301
    return JsonResponse({"tasks": list(Task.objects.values("id", "title")[:20])})


def task_count(request):
    # ok: RC301
    return JsonResponse({"count": Task.objects.filter(done=False).count()})


# ruleid: RC301
class TaskViewSet(viewsets.ModelViewSet):
    serializer_class = TaskSerializer
    queryset = Task.objects.all()


# ok: RC301
class PagedTaskViewSet(viewsets.ModelViewSet):
    serializer_class = TaskSerializer
    queryset = Task.objects.all()
    pagination_class = TaskPagination
