"""The cast every test can use, and settings that keep the suite fast and offline."""

import os

import pytest

from tests.factories import make_association, make_membership, make_user

# Playwright's sync API runs an event loop in the test thread; the live server is in another.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

STAFF_GROUP = "Koordinierungseinheit"
OPERATOR_GROUP = "Lagerbetrieb"
MEMBER_GROUP = "Verein"


@pytest.fixture(autouse=True)
def _fast_and_offline(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Login throttling is tested on its own (tests/site/test_login_throttling.py); elsewhere it would
    # only get in the way of client.login(), which authenticates without a request.
    settings.AXES_ENABLED = False
    # Likewise two-factor login for staff: tests/site/test_two_factor.py and test_staff_two_factor.py
    # switch it on.
    settings.STAFF_REQUIRE_2FA = False
    # Likewise the rate limits on public forms (tests/site/test_rate_limits.py), which the form
    # fuzzing would run into after a few examples.
    settings.RATELIMIT_ENABLE = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache. Stored pages are keyed by a version that saves bump, but
    a test's rollback bumps nothing, so a page from the last test could otherwise come back."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _german_to_begin_with():
    """Each test starts in German. A request activates its page's language for the thread and Django
    leaves it active afterwards, so a test after one that asked for /uk/ would otherwise write
    Ukrainian into the texts it creates (modeltranslation stores a value under the active language)."""
    from django.utils import translation

    translation.activate("de")
    yield
    translation.activate("de")


@pytest.fixture
def association_a(db):
    return make_association(name="Verein A e.V.", slug="verein-a")


@pytest.fixture
def association_b(db):
    return make_association(name="Verein B e.V.", slug="verein-b")


@pytest.fixture
def staff_user(db):
    return make_user("staff", groups=[STAFF_GROUP], is_staff=True)


@pytest.fixture
def operator_user(db):
    return make_user("operator", groups=[OPERATOR_GROUP], is_staff=True)


@pytest.fixture
def member_a(association_a):
    user = make_user("member_a", groups=[MEMBER_GROUP])
    make_membership(user, association_a)
    return user


@pytest.fixture
def member_b(association_b):
    user = make_user("member_b", groups=[MEMBER_GROUP])
    make_membership(user, association_b)
    return user
