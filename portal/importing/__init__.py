"""The one import framework (every file import, the push API and the syncs share it).

- ``cells``: reading one cell — text, dates (dd/mm/yyyy, ISO, Excel serials), numbers ("1.234,5"),
  yes/no, CSV decoding (UTF-8 with or without BOM, Windows-1258), header-row detection;
- ``files``: the size cap checked before parsing, CSV/XLSX formats for django-import-export;
- ``columns``: unknown and duplicate columns refused, naming them;
- ``resources``: ``ImportResource``, the Resource base (columns checked, the classified check on
  every row, row- and column-numbered Vietnamese errors, the published-row guard); the tenancy layer
  binds it in ``agencies.importing`` together with the admin mixin (agency choice, preview,
  all-or-nothing confirm, one template ``admin/portal/import.html``);
- ``storage``: where an upload waits between preview and confirm, and its removal;
- ``report``: ``ImportReport``, what an import did (created, updated, unchanged, or its errors).

Every row of every door also passes ``portal.classified``.
"""
