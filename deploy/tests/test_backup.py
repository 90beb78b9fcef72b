"""manage.py backup and restore on PostgreSQL: the demo backed up, restored into a fresh database and
an empty media folder, compared table by table and file by file with the original."""

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from conftest import DB_PREFIX, base_env, fresh_database, manage, psql


def row_counts(url: str) -> dict[str, int]:
    tables = psql("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1", url).split()
    sql = " UNION ALL ".join(f"SELECT '{t}', COUNT(*) FROM \"{t}\"" for t in tables)
    return {line.split("|")[0]: int(line.split("|")[1]) for line in psql(sql, url).splitlines()}


def checksums(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def backup(demo, tmp_path_factory):
    out = tmp_path_factory.mktemp("backups")
    result = manage("backup", "--output-dir", str(out), "--keep", "3", env=demo["env"])
    [folder] = list(out.glob("portal-*"))
    assert f"Đã sao lưu: {folder}" in result.stdout
    return folder


def test_backup_then_restore_gives_the_same_rows_and_files(demo, backup, tmp_path):
    manifest = json.loads((backup / "manifest.json").read_text())
    source_counts = row_counts(demo["url"])
    assert manifest["database"]["tables"] == source_counts
    assert sum(source_counts.values()) > 1000 and manifest["media"]["count"] > 50
    assert manifest["media"]["files"] == checksums(demo["media"])

    url = fresh_database(f"{DB_PREFIX}_restored")
    media = tmp_path / "restored-media"
    try:
        result = manage("restore", str(backup), env=base_env(DATABASE_URL=url, MEDIA_ROOT=media))
        assert "số dòng và mã kiểm tra khớp" in result.stdout
        assert row_counts(url) == source_counts
        assert checksums(media) == checksums(demo["media"])
        # The restored portal works: migrations are all there and a page's data is readable.
        check = manage("migrate", "--check", env=base_env(DATABASE_URL=url, MEDIA_ROOT=media), check=False)
        assert check.returncode == 0, check.stdout + check.stderr
        # Restoring again over it is refused, and nothing changes.
        again = manage("restore", str(backup), env=base_env(DATABASE_URL=url, MEDIA_ROOT=tmp_path / "empty"),
                       check=False)
        assert again.returncode != 0 and "not empty" in again.stderr
        assert row_counts(url) == source_counts
    finally:
        psql(f'DROP DATABASE IF EXISTS "{DB_PREFIX}_restored" WITH (FORCE)')


def test_a_damaged_backup_is_refused_before_anything_is_written(backup, tmp_path):
    damaged = tmp_path / backup.name
    shutil.copytree(backup, damaged)
    data = bytearray((damaged / "media.tar").read_bytes())
    data[len(data) // 2] ^= 0xFF
    (damaged / "media.tar").write_bytes(bytes(data))
    url = fresh_database(f"{DB_PREFIX}_damaged")
    try:
        result = manage("restore", str(damaged), env=base_env(DATABASE_URL=url, MEDIA_ROOT=tmp_path / "m"),
                        check=False)
        assert result.returncode != 0 and "checksum" in result.stderr
        assert psql("SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'", url) == "0"
        assert not (tmp_path / "m").exists() or not any((tmp_path / "m").rglob("*"))
    finally:
        psql(f'DROP DATABASE IF EXISTS "{DB_PREFIX}_damaged" WITH (FORCE)')


def test_retention_keeps_the_newest(demo, backup):
    out = backup.parent
    for stamp in ("20200101-000000", "20200102-000000", "20200103-000000"):
        shutil.copytree(backup, out / f"portal-{stamp}")
    (out / ".partial-crashed").mkdir()
    manage("backup", "--output-dir", str(out), "--keep", "2", env=demo["env"])
    left = sorted(p.name for p in out.iterdir())
    assert len(left) == 2 and "portal-20200103-000000" not in left and backup.name in left
