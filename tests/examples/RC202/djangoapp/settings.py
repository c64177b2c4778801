SECRET_KEY = "django-insecure-placeholder"
ROOT_URLCONF = "board.urls"
INSTALLED_APPS = ["django.contrib.auth", "rest_framework", "board"]
REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
}
