from django.contrib.auth.decorators import login_required
from django.urls import include, path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
# ok: RC202
router.register("posts", views.PostViewSet, basename="post")
# ruleid: RC202
router.register("tags", views.PublicTagViewSet, basename="tag")

urlpatterns = [
    path("api/", include(router.urls)),
    # ruleid: RC202
    path("posts/<int:post_id>/delete/", views.delete_post),
    # ok: RC202
    path("tags/<int:tag_id>/remove/", login_required(views.remove_tag)),
]
