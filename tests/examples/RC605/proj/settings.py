# ruleid: RC605
DEBUG = True
ALLOWED_HOSTS = ["*"]
