ROOT_URLCONF = "urls"
INSTALLED_APPS = ["rest_framework"]
