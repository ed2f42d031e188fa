import pytest
from django.db import transaction
from django.test import override_settings

from tests.security.matrix_support import build_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """build_world() once per test module (per xdist worker), not once per test: (cast, objects).

    The data lives in a transaction that is rolled back when the module is done; each test runs in
    a savepoint inside it, so what a test writes is gone before the next one starts. The fast hasher
    is set here because the suite's function-scoped settings are not in force yet at module scope.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
            world = build_world()
        yield world
        transaction.set_rollback(True)
