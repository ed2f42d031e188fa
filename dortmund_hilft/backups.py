"""Back up and restore the database: pg_dump/pg_restore on PostgreSQL, the file on SQLite.

Both take a Django database settings dict (connections[...].settings_dict or dj_database_url.parse()).
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path


class BackupError(Exception):
    pass


def _is_postgres(db):
    return "postgresql" in db["ENGINE"]


def _pg_args(db):
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    return args


def _pg_env(db):
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def _run(command, env):
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (Debian: apt-get install postgresql-client).")
    result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(result.stderr.strip() or f"{command[0]} failed")


def _sqlite(name):
    name = str(name)
    return sqlite3.connect(name, uri=name.startswith("file:"))


def _create_private(path):
    """An empty file only the owner can read: a backup holds every donor's name and address.

    pg_dump and SQLite write into it and keep its mode (SQLite's journal takes the same mode); the
    chmod covers an older backup of the same name created before, with a looser mode.
    """
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    path.chmod(0o600)


def backup(db, path):
    """Write a consistent copy of the database to path; safe while the site is serving."""
    path = Path(path)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    _create_private(path)
    if _is_postgres(db):
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(path), *_pg_args(db)], _pg_env(db))
    else:
        with _sqlite(db["NAME"]) as source, sqlite3.connect(path) as target:
            source.backup(target)
    return path


def restore(path, db):
    """Replace the database's contents with the backup at path."""
    path = Path(path)
    if not path.exists():
        raise BackupError(f"No backup at {path}.")
    if _is_postgres(db):
        command = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", *_pg_args(db)]
        _run([*command, str(path)], _pg_env(db))
    else:
        with sqlite3.connect(path) as source, _sqlite(db["NAME"]) as target:
            source.backup(target)
