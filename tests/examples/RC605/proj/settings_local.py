# ok: RC605
DEBUG = True
