"""Media on S3-compatible object storage (django-storages), when PORTAL_S3_BUCKET is set.

The bucket stays private. Images in the "…-anh" folders (portal/uploads.py names them so) are stored
world-readable and linked without a signature, so pages and caches keep one stable address; every
other file (documents) is private and linked by a short-lived signed URL that makes the browser
download it as an attachment — the same rule nginx applies to /media/ on a local disk.
"""

import re
from pathlib import PurePosixPath

from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage
from storages.utils import clean_name

PUBLIC_IMAGE = re.compile(r"^[^/]+/[a-z0-9_-]+-anh/.+\.(jpg|jpeg|png|webp)$", re.IGNORECASE)


def is_public(name: str) -> bool:
    return bool(PUBLIC_IMAGE.match(clean_name(name)))


class PortalS3Storage(S3Storage):
    default_acl = "private"
    querystring_auth = True
    file_overwrite = False

    def get_object_parameters(self, name):
        params = super().get_object_parameters(name)
        if is_public(name):
            params["ACL"] = "public-read"
            params.setdefault("CacheControl", "public, max-age=2592000")
        else:
            params["ACL"] = "private"
            params["ContentDisposition"] = f'attachment; filename="{PurePosixPath(name).name}"'
        return params

    def url(self, name, parameters=None, expire=None, http_method=None):
        if is_public(name):
            key = self._normalize_name(clean_name(name))
            if self.custom_domain:
                return f"{self.url_protocol}//{self.custom_domain}/{filepath_to_uri(key)}"
            client = self.unsigned_connection.meta.client
            return client.generate_presigned_url("get_object", Params={"Bucket": self.bucket_name, "Key": key})
        params = dict(parameters or {})
        params.setdefault("ResponseContentDisposition", f'attachment; filename="{PurePosixPath(name).name}"')
        return super().url(name, parameters=params, expire=expire, http_method=http_method)
