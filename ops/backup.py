"""Backups that restore: the database and the media files, with a manifest that proves both.

A backup is a folder ``portal-YYYYmmdd-HHMMSS`` holding
- ``database.dump``: ``pg_dump --format=custom`` on PostgreSQL (a copy made with SQLite's backup API
  on the embedded default, ``database.sqlite3``);
- ``media.tar``: every file of the media storage (local folder or object storage alike);
- ``manifest.json``: the row count of every table, taken in the very snapshot pg_dump reads, and the
  SHA-256 of the dump and of every media file.
It is written under a temporary name and renamed when complete, so a half-written backup is never
mistaken for one. ``restore`` checks every checksum first, refuses a database or media storage that is
not empty, restores, then counts again and compares with the manifest.
"""

import hashlib
import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import django
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone

PREFIX = "portal-"
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024


class BackupError(Exception):
    pass


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _storage_files(storage, folder=""):
    """Every file name in a storage, walked with listdir (works for FileSystemStorage and S3)."""
    try:
        dirs, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for name in sorted(dirs):
        if not folder and name.startswith("."):
            continue  # readiness probes' scratch files (.readyz)
        yield from _storage_files(storage, f"{folder}/{name}" if folder else name)


def _tables(cursor=None) -> list[str]:
    return sorted(connection.introspection.table_names(cursor))


def _count_rows(cursor) -> dict[str, int]:
    quote = connection.ops.quote_name
    counts = {}
    for table in _tables(cursor):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def _pg_env_and_args(db: dict) -> tuple[dict, list[str]]:
    env = dict(os.environ)
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env, args


def _dump_postgresql(target: Path) -> dict[str, int]:
    """pg_dump in the snapshot the row counts are taken from, so the two agree exactly."""
    db = connection.settings_dict
    env, args = _pg_env_and_args(db)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = _count_rows(cursor)
        result = subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
             "--file", str(target), *args, db["NAME"]],
            env=env, capture_output=True, text=True,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_dump: {result.stderr.strip()}")
    return counts


def _dump_sqlite(target: Path) -> dict[str, int]:
    import sqlite3

    connection.ensure_connection()
    with transaction.atomic(), connection.cursor() as cursor:
        counts = _count_rows(cursor)
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
        finally:
            copy.close()
    return counts


def create_backup(output_dir: Path, log=lambda message: None) -> Path:
    output_dir.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    final = output_dir / f"{PREFIX}{stamp}"
    if final.exists():
        raise BackupError(f"{final} already exists")
    work = Path(tempfile.mkdtemp(prefix=".partial-", dir=output_dir))
    try:
        vendor = connection.vendor
        if vendor == "postgresql":
            dump_name = "database.dump"
            counts = _dump_postgresql(work / dump_name)
        elif vendor == "sqlite":
            dump_name = "database.sqlite3"
            counts = _dump_sqlite(work / dump_name)
        else:
            raise BackupError(f"no backup method for {vendor}")
        log(f"database: {len(counts)} tables, {sum(counts.values())} rows")

        media = {}
        total = 0
        with tarfile.open(work / "media.tar", "w") as archive:
            for name in _storage_files(default_storage):
                digest = hashlib.sha256()
                with default_storage.open(name, "rb") as handle:
                    data = handle.read()
                digest.update(data)
                info = tarfile.TarInfo(name)
                info.size = len(data)
                info.mtime = int(datetime.now().timestamp())
                archive.addfile(info, io.BytesIO(data))
                media[name] = digest.hexdigest()
                total += len(data)
        log(f"media: {len(media)} files, {total} bytes")

        manifest = {
            "format": 1,
            "created_at": timezone.now().isoformat(),
            "django": django.get_version(),
            "database": {"vendor": vendor, "file": dump_name, "sha256": sha256_file(work / dump_name),
                         "bytes": (work / dump_name).stat().st_size, "tables": counts},
            "media": {"file": "media.tar", "sha256": sha256_file(work / "media.tar"), "count": len(media),
                      "bytes": total, "files": media},
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False, sort_keys=True))
        os.chmod(work, 0o750)
        work.rename(final)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return final


def prune(output_dir: Path, keep: int) -> list[Path]:
    """Remove all but the newest ``keep`` complete backups (and partial ones left by a crash)."""
    complete = sorted(p for p in output_dir.glob(f"{PREFIX}*") if (p / MANIFEST).is_file())
    removed = complete[:-keep] if keep > 0 else []
    removed += [p for p in output_dir.glob(".partial-*") if p.is_dir()]
    for path in removed:
        shutil.rmtree(path)
    return removed


def read_manifest(folder: Path) -> dict:
    try:
        return json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{folder}: no readable {MANIFEST} ({error})") from None


def verify_files(folder: Path, manifest: dict) -> None:
    """Every checksum in the manifest matches the files (before anything is restored)."""
    for part in ("database", "media"):
        path = folder / manifest[part]["file"]
        if not path.is_file() or sha256_file(path) != manifest[part]["sha256"]:
            raise BackupError(f"{path.name}: checksum does not match the manifest")
    with tarfile.open(folder / "media.tar") as archive:
        seen = {}
        for member in archive:
            if not member.isfile():
                raise BackupError(f"media.tar: {member.name} is not a regular file")
            seen[member.name] = hashlib.sha256(archive.extractfile(member).read()).hexdigest()
    if seen != manifest["media"]["files"]:
        raise BackupError("media.tar: files differ from the manifest")


@dataclass
class RestoreReport:
    tables: int
    rows: int
    media_files: int


def _database_is_empty() -> bool:
    return not _tables()


def _media_is_empty() -> bool:
    return next(iter(_storage_files(default_storage)), None) is None


def restore_backup(folder: Path, log=lambda message: None) -> RestoreReport:
    manifest = read_manifest(folder)
    verify_files(folder, manifest)
    log("checksums match the manifest")
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupError(f"the backup is of {vendor}, the configured database is {connection.vendor}")
    if not _database_is_empty():
        raise BackupError("the database is not empty: restore only into a new, empty database")
    if not _media_is_empty():
        raise BackupError("the media storage is not empty: restore only into an empty folder or bucket")

    dump = folder / manifest["database"]["file"]
    if vendor == "postgresql":
        db = connection.settings_dict
        env, args = _pg_env_and_args(db)
        connection.close()
        result = subprocess.run(
            ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
             "--dbname", db["NAME"], *args, str(dump)],
            env=env, capture_output=True, text=True,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_restore: {result.stderr.strip()}")
    else:
        import sqlite3

        connection.ensure_connection()
        source = sqlite3.connect(dump)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        connection.close()
    log("database restored")

    with tarfile.open(folder / "media.tar") as archive:
        for member in archive:
            saved = default_storage.save(member.name, File(archive.extractfile(member), name=member.name))
            if saved != member.name:
                raise BackupError(f"media: {member.name} was stored as {saved}")
    log(f"media restored: {manifest['media']['count']} files")

    with connection.cursor() as cursor:
        counts = _count_rows(cursor)
    expected = manifest["database"]["tables"]
    if counts != expected:
        differ = sorted(t for t in set(counts) | set(expected) if counts.get(t) != expected.get(t))
        raise BackupError(f"row counts differ from the manifest in: {', '.join(differ[:20])}")
    restored = {}
    for name in _storage_files(default_storage):
        with default_storage.open(name, "rb") as handle:
            restored[name] = hashlib.sha256(handle.read()).hexdigest()
    if restored != manifest["media"]["files"]:
        raise BackupError("restored media files differ from the manifest")
    return RestoreReport(tables=len(counts), rows=sum(counts.values()), media_files=len(restored))
