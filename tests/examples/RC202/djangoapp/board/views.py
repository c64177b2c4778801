from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from rest_framework import permissions, viewsets
from rest_framework.serializers import ModelSerializer

from .models import Post, Tag


class PostSerializer(ModelSerializer):
    class Meta:
        model = Post
        fields = ["id", "text"]


class PostViewSet(viewsets.ModelViewSet):
    """Needs a login through REST_FRAMEWORK["DEFAULT_PERMISSION_CLASSES"]."""

    serializer_class = PostSerializer

    def get_queryset(self):
        return Post.objects.filter(author=self.request.user)


class PublicTagViewSet(viewsets.ModelViewSet):
    """AllowAny overrides the default: anyone can edit and delete tags."""

    permission_classes = [permissions.AllowAny]
    queryset = Tag.objects.all()
    serializer_class = PostSerializer


@csrf_exempt
@require_POST
def delete_post(request, post_id):
    Post.objects.filter(pk=post_id).delete()
    return JsonResponse({"deleted": True})


def remove_tag(request, tag_id):
    Tag.objects.filter(pk=tag_id).delete()
    return JsonResponse({"deleted": True})
