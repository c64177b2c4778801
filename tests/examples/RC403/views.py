from django.http import JsonResponse
from django.urls import path
from django_ratelimit.decorators import ratelimit


# ruleid: RC403
@ratelimit(key="ip", rate="5/m", block=False)
def login_view(request):
    return JsonResponse({"ok": True})


# ok: RC403
@ratelimit(key="ip", rate="5/m", block=False)
def signup_view(request):
    if getattr(request, "limited", False):
        return JsonResponse({"error": "slow down"}, status=429)
    return JsonResponse({"ok": True})


urlpatterns = [path("login/", login_view), path("signup/", signup_view)]
