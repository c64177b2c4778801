import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

# ruleid: RC101, bandit/B105
SECRET_KEY = "p8Vx2Lq7Rz4Tm9Kd1Nw6Bs3Hf5Gj0YaQe"
# ruleid: RC605
DEBUG = True
ALLOWED_HOSTS = ["*"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "rest_framework",
    "tasks",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]

ROOT_URLCONF = "teamboard.urls"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "teamboard",
        "USER": "teamboard",
        # ruleid: RC710
        "PASSWORD": os.environ.get("DB_PASSWORD", ""),
        "HOST": "localhost",
    }
}

REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
}

OPENAI_API_KEY = os.environ.get("OPENAI_API_KEY")
# ruleid: RC101, bandit/B105
STRIPE_SECRET_KEY = "sk_live_51DemoTaskboard0000000000000FAKE"
# ruleid: RC104
EXPORT_TOKEN = os.environ.get("EXPORT_TOKEN", "export-dev-token")
