ROOT_URLCONF = "views"
