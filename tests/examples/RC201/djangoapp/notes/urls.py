from django.urls import include, path, re_path
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register(r"notes", views.NoteViewSet, basename="note")
router.register(r"own-notes", views.OwnNoteViewSet, basename="own-note")
router.register(r"projects", views.ProjectViewSet, basename="project")

urlpatterns = [
    path("api/", include(router.urls)),
    path("api/notes/<int:pk>/detail/", views.NoteDetail.as_view()),
    re_path(r"^api/notes/(?P<pk>[0-9]+)/rename/?$", views.NoteRename.as_view()),
    path("api/projects/<int:project_id>/delete/", views.delete_project),
    path("notes/<int:note_id>/edit/", views.edit_note),
    path("notes/<int:pk>/delete/", views.NoteDeleteView.as_view()),
    path("notes/<int:pk>/update/", views.NoteEditView.as_view()),
]
