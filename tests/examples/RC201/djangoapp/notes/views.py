from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseForbidden, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.generic import DeleteView, UpdateView
from rest_framework import generics, permissions, viewsets
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.response import Response
from rest_framework.views import APIView

from .models import Note, Project
from .permissions import IsOwner
from .serializers import NoteSerializer, ProjectSerializer


class NoteViewSet(viewsets.ModelViewSet):
    """Every signed-in user can read, edit and delete every note."""

    serializer_class = NoteSerializer
    permission_classes = [permissions.IsAuthenticated]
    # ruleid: RC201
    queryset = Note.objects.all()


class OwnNoteViewSet(viewsets.ModelViewSet):
    serializer_class = NoteSerializer
    permission_classes = [permissions.IsAuthenticated]

    # ok: RC201
    def get_queryset(self):
        return Note.objects.filter(owner=self.request.user)

    def perform_create(self, serializer):
        serializer.save(owner=self.request.user)


class ProjectViewSet(viewsets.ModelViewSet):
    serializer_class = ProjectSerializer
    permission_classes = [permissions.IsAuthenticated, IsOwner]
    # ok: RC201
    queryset = Project.objects.all()

    @action(detail=True, methods=["post"])
    def archive(self, request, pk=None):
        # ok: RC201
        project = self.get_object()
        project.archived = True
        project.save()
        return Response({"archived": True})


class NoteDetail(APIView):
    permission_classes = [permissions.IsAuthenticated]

    def get(self, request, pk):
        # ruleid: RC201
        note = Note.objects.get(pk=pk)
        return Response(NoteSerializer(note).data)

    def delete(self, request, pk):
        # ok: RC201
        note = get_object_or_404(Note, pk=pk, owner=request.user)
        note.delete()
        return Response(status=204)


class NoteRename(generics.UpdateAPIView):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = NoteSerializer
    # ruleid: RC201
    queryset = Note.objects.all()


@api_view(["DELETE"])
@permission_classes([permissions.IsAuthenticated])
def delete_project(request, project_id):
    # ruleid: RC201
    Project.objects.filter(id=project_id).delete()
    return Response(status=204)


@login_required
def edit_note(request, note_id):
    # ok: RC201
    note = get_object_or_404(Note, pk=note_id)
    if note.owner != request.user:
        return HttpResponseForbidden()
    note.title = request.POST["title"]
    note.save()
    return JsonResponse({"ok": True})


class NoteDeleteView(LoginRequiredMixin, DeleteView):
    # ruleid: RC201
    model = Note
    success_url = "/"


class NoteEditView(LoginRequiredMixin, UpdateView):
    model = Note
    fields = ["title", "body"]

    # ok: RC201
    def get_queryset(self):
        return Note.objects.filter(owner=self.request.user)
