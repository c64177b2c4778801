def controller(router, *urls):
    """A project-local class-based-view decorator (the fastapi-utils ``cbv`` pattern)."""

    def decorator(cls):
        return _cbv(router, cls, *urls)

    return decorator


def _cbv(router, cls, *urls):
    return cls
