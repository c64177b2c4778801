from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("tasks", views.TaskViewSet, basename="task")
router.register("paged-tasks", views.PagedTaskViewSet, basename="paged-task")

urlpatterns = [
    path("api/", include(router.urls)),
    path("export/", views.task_export),
    path("preview/", views.task_preview),
    path("count/", views.task_count),
]
