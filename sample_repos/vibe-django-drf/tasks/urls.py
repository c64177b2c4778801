from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
# ruleid: RC703
router.register("workspaces", views.WorkspaceViewSet, basename="workspace")
router.register("tasks", views.TaskViewSet, basename="task")

urlpatterns = [
    path("", include(router.urls)),
    path("comments/<int:pk>/", views.CommentDetail.as_view()),
    path("workspaces/<int:pk>/invite/", views.WorkspaceInvite.as_view()),
    # ruleid: RC202
    path("workspaces/<int:workspace_id>/purge/", views.purge_workspace),
    # ruleid: RC207
    path("billing/webhook/", views.stripe_webhook),
    path("export/", views.export_tasks),
    # ruleid: RC210
    path("admin/users/<int:pk>/ban/", views.AdminBanUser.as_view()),
]
