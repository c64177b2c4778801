import json

import requests
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model, login
from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from openai import OpenAI
from rest_framework import permissions, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from .models import Comment, Task, Workspace
from .serializers import CommentSerializer, TaskSerializer, WorkspaceSerializer

# ruleid: RC303
client = OpenAI()


# ruleid: RC301, RC402
# ruleid: RC601
# ruleid: RC607
class WorkspaceViewSet(viewsets.ModelViewSet):
    # ruleid: RC203
    serializer_class = WorkspaceSerializer

    def get_queryset(self):
        return Workspace.objects.filter(owner=self.request.user)


# ruleid: RC301, RC402
class TaskViewSet(viewsets.ModelViewSet):
    serializer_class = TaskSerializer
    # ruleid: RC201
    queryset = Task.objects.all()

    def perform_create(self, serializer):
        serializer.save(created_by=self.request.user)

    @action(detail=True, methods=["post"])
    # ruleid: RC401
    def summarize(self, request, pk=None):
        # ruleid: RC201
        task = self.get_object()
        # ruleid: RC305
        completion = client.chat.completions.create(
            model="gpt-4o",
            messages=[{"role": "user", "content": f"Summarize this task: {task.title}\n{task.notes}"}],
        )
        summary = completion.choices[0].message.content
        # Shown in the task page as is, so the summary's bold text and lists render.
        # ruleid: RC803
        return HttpResponse(f"<div class='summary'>{summary}</div>")


class CommentDetail(APIView):
    # ruleid: RC402
    def get(self, request, pk):
        comment = Comment.objects.get(pk=pk, author=request.user)
        return Response(CommentSerializer(comment).data)

    # ruleid: RC402
    def delete(self, request, pk):
        # ruleid: RC201
        comment = Comment.objects.get(pk=pk)
        # ruleid: RC602
        comment.delete()
        return Response(status=204)


class WorkspaceInvite(APIView):
    # ruleid: RC401
    def post(self, request, pk):
        workspace = Workspace.objects.get(pk=pk, owner=request.user)
        email = request.data["email"]
        # ruleid: RC303, bandit/B113
        requests.post("https://api.mailer.example/send", json={"to": email, "workspace": workspace.name})
        return Response({"invited": email})


@csrf_exempt
# ruleid: RC402
def purge_workspace(request, workspace_id):
    # ruleid: RC201
    # ruleid: RC602
    Task.objects.filter(workspace_id=workspace_id).delete()
    try:
        # ruleid: RC201
        Workspace.objects.filter(pk=workspace_id).update(plan="free")
    # ruleid: RC603, bandit/B110
    except Exception:
        pass
    return JsonResponse({"purged": True})


@csrf_exempt
# ruleid: RC402
def stripe_webhook(request):
    event = json.loads(request.body)
    if event["type"] == "customer.subscription.updated":
        Workspace.objects.filter(owner__email=event["data"]["object"]["customer_email"]).update(plan="pro")
    return JsonResponse({"received": True})


# ruleid: RC402
# ruleid: RC602
def export_tasks(request):
    # ruleid: RC103
    if request.headers.get("X-Export-Token") != settings.EXPORT_TOKEN:
        return JsonResponse({"error": "forbidden"}, status=403)
    # ruleid: RC301
    return JsonResponse({"tasks": list(Task.objects.values("id", "title"))})


# ruleid: RC401
def login_view(request):
    user = authenticate(request, username=request.POST.get("username"), password=request.POST.get("password"))
    if user is None:
        return JsonResponse({"error": "invalid credentials"}, status=401)
    login(request, user)
    return JsonResponse({"ok": True})


def tasks_tagged(workspace_id: int, tag: str):
    """Tasks of a workspace with a tag (used by the weekly digest)."""
    # ruleid: semgrep/python-sql-built-from-strings, bandit/B608
    return Task.objects.raw(f"SELECT * FROM tasks_task WHERE workspace_id = {workspace_id} AND tags LIKE '%{tag}%'")


# The admin page's "ban user" button: any signed-in user can deactivate any account
class AdminBanUser(APIView):
    permission_classes = [permissions.IsAuthenticated]

    # ruleid: RC402, RC602
    def post(self, request, pk):
        get_user_model().objects.filter(pk=pk).update(is_active=False)
        return Response({"banned": pk})
