"""A backup restored into a fresh database holds every row of every table; only its owner reads it."""

import os
import sqlite3
import stat
import uuid

import psycopg
import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from tests.factories import make_association, make_crisis, make_news_post, make_partner_city


def _make_some_of_everything():
    for _ in range(3):
        city = make_partner_city()
        crisis = make_crisis(partner_cities=[city])
        make_news_post(crisis=crisis)
        make_association()


def _tables():
    return sorted({model._meta.db_table for model in apps.get_models(include_auto_created=True)})


def _counts(cursor, tables):
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - table names come from the models
        counts[table] = cursor.fetchone()[0]
    return counts


@pytest.fixture
def fresh_database_url(tmp_path):
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
        return
    db = connection.settings_dict
    name = f"dh_restore_{uuid.uuid4().hex[:8]}"
    admin = {"host": db["HOST"], "port": db["PORT"] or 5432, "user": db["USER"], "password": db["PASSWORD"] or None}
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{name}"
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)
def test_a_restored_backup_has_every_row(tmp_path, fresh_database_url):
    _make_some_of_everything()
    tables = _tables()
    with connection.cursor() as cursor:
        before = _counts(cursor, tables)
    assert sum(before.values()) > 20

    backup_file = tmp_path / "backup.bin"
    call_command("backup", output=str(backup_file))
    call_command("restore", str(backup_file), target_url=fresh_database_url, yes=True)

    if fresh_database_url.startswith("sqlite"):
        with sqlite3.connect(fresh_database_url.removeprefix("sqlite:///")) as restored:
            after = _counts(restored.cursor(), tables)
    else:
        with psycopg.connect(fresh_database_url.replace("postgres://", "postgresql://")) as restored:
            after = _counts(restored.cursor(), tables)
    assert after == before


@pytest.mark.django_db(transaction=True)
def test_a_backup_is_readable_by_its_owner_only(tmp_path):
    old_umask = os.umask(0o022)  # the usual umask, which would give 0644
    try:
        new_file, older_file = tmp_path / "new.bin", tmp_path / "older.bin"
        older_file.write_bytes(b"")
        older_file.chmod(0o644)
        for backup_file in (new_file, older_file):
            call_command("backup", output=str(backup_file))
            assert stat.S_IMODE(backup_file.stat().st_mode) == 0o600
    finally:
        os.umask(old_umask)


def test_restore_refuses_a_missing_file(tmp_path, db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No backup"):
        call_command("restore", str(tmp_path / "nope.dump"), yes=True)
