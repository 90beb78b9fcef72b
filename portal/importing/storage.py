"""Where an uploaded import waits between its preview and the confirm: one private folder.

django-import-export keeps the file between the two steps. Here the file lives in
``<temp dir>/portal-imports/`` and is removed when the import is confirmed (whatever the outcome),
cancelled, refused at the preview, or — for a preview nobody confirmed nor cancelled — by the
sweep that every new import runs (``sweep()``: files older than ``MAX_AGE``), so no cron is needed;
``manage.py clear_import_files`` runs the same sweep by hand or from a timer.
"""

import os
import tempfile
import time
import uuid

from import_export.tmp_storages import TempFolderStorage

MAX_AGE = 24 * 3600  # seconds a waiting import file is kept


def folder() -> str:
    path = os.path.join(tempfile.gettempdir(), "portal-imports")
    os.makedirs(path, mode=0o700, exist_ok=True)
    return path


class ImportFileStorage(TempFolderStorage):
    """Import files under ``folder()``, named by a random id; names from forms are reduced to that."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        if self.name:
            self.name = os.path.basename(str(self.name))

    def get_full_path(self):
        return os.path.join(folder(), self.name)

    def _open(self, mode="r"):
        if not self.name:
            self.name = f"import-{uuid.uuid4().hex}"
        return open(self.get_full_path(), mode, encoding=None if "b" in mode else self.encoding)

    def save(self, data):
        with self._open(mode="wb" if isinstance(data, bytes) else "w") as file:
            file.write(data)

    def remove(self):
        try:
            os.remove(self.get_full_path())
        except FileNotFoundError:
            pass


def remove(name) -> None:
    if name:
        ImportFileStorage(name=name).remove()


def sweep(max_age: int = MAX_AGE, now: float | None = None) -> int:
    """Remove waiting import files older than ``max_age`` seconds; returns how many."""
    now = time.time() if now is None else now
    removed = 0
    with os.scandir(folder()) as entries:
        for entry in entries:
            try:
                if entry.is_file() and now - entry.stat().st_mtime > max_age:
                    os.remove(entry.path)
                    removed += 1
            except FileNotFoundError:
                continue
    return removed
