"""Deployment checks of our own, run by `manage.py check --deploy` beside Django's."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.caches, deploy=True)
def shared_cache(app_configs, **kwargs):
    """Rate limits and cached pages must be shared by every app server, so production wants Redis."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith(("LocMemCache", "DummyCache")):
        return [Warning(
            "The default cache is local to each process: rate limits and login counts multiply with "
            "the number of workers, and cached pages go stale per worker.",
            hint="Set REDIS_URL (for example redis://127.0.0.1:6379/0).",
            id="dortmund_hilft.W001",
        )]
    return []
