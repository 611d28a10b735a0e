"""Files in an S3-compatible bucket (MinIO, Ceph, a cloud's S3 API) through boto3.

    PORTAL_STORAGE_URL=s3://portal-uploads/prod?endpoint=https://minio.internal:9000&region=cn-north-1

Several app hosts share the bucket, so none depends on its own disk. Credentials come from the
URL (``s3://KEY:SECRET@bucket``) or boto3's usual sources (``AWS_ACCESS_KEY_ID`` and
``AWS_SECRET_ACCESS_KEY``, a profile, an instance role). The bucket must exist: the portal
never creates or empties one.
"""
import secrets
from urllib.parse import parse_qs, unquote, urlsplit

from portal.storage import FileMissing, StorageUnavailable, valid_key

MISSING_CODES = {"NoSuchKey", "404", "NotFound"}


def _client_errors():
    from botocore.exceptions import BotoCoreError, ClientError

    return BotoCoreError, ClientError


class S3Store:
    def __init__(self, bucket, prefix="", *, endpoint=None, region=None, access_key=None, secret_key=None,
                 addressing_style=None):
        import boto3
        from botocore.config import Config

        self.bucket = bucket
        self.prefix = prefix.strip("/")
        self.endpoint = endpoint
        config = Config(
            connect_timeout=3, read_timeout=20, retries={"max_attempts": 2, "mode": "standard"},
            # Self-hosted servers (MinIO, Ceph) answer on one host name: bucket in the path.
            s3={"addressing_style": addressing_style or ("path" if endpoint else "auto")},
            signature_version="s3v4",
        )
        session = boto3.session.Session()
        self.client = session.client(
            "s3", endpoint_url=endpoint, region_name=region or "us-east-1", config=config,
            aws_access_key_id=access_key, aws_secret_access_key=secret_key,
        )

    @classmethod
    def from_url(cls, url):
        parts = urlsplit(url)
        _userinfo, _at, bucket = parts.netloc.rpartition("@")
        if not bucket:
            raise ValueError("PORTAL_STORAGE_URL names no bucket: s3://BUCKET[/prefix]")
        query = {name: values[-1] for name, values in parse_qs(parts.query).items()}
        return cls(
            bucket, unquote(parts.path), endpoint=query.get("endpoint"), region=query.get("region"),
            access_key=unquote(parts.username) if parts.username else None,
            secret_key=unquote(parts.password) if parts.password else None,
            addressing_style=query.get("addressing"),
        )

    def describe(self):
        where = f" at {self.endpoint}" if self.endpoint else ""
        return f"bucket {self.bucket}/{self.prefix}{where}" if self.prefix else f"bucket {self.bucket}{where}"

    def _name(self, key):
        if not valid_key(key):
            raise FileMissing(key)
        return f"{self.prefix}/{key}" if self.prefix else key

    def _call(self, method, **params):
        boto_error, client_error = _client_errors()
        try:
            return getattr(self.client, method)(Bucket=self.bucket, **params)
        except client_error as error:
            code = str(error.response.get("Error", {}).get("Code", ""))
            if code in MISSING_CODES:
                raise FileMissing(params.get("Key", "")) from None
            raise StorageUnavailable(f"{method}: {code}") from error
        except boto_error as error:
            raise StorageUnavailable(f"{method}: {type(error).__name__}") from error

    def put(self, key, data):
        self._call("put_object", Key=self._name(key), Body=data)

    def read(self, key):
        answer = self._call("get_object", Key=self._name(key))
        boto_error, _client_error = _client_errors()
        try:
            return answer["Body"].read()
        except (boto_error, OSError) as error:
            raise StorageUnavailable(f"read: {type(error).__name__}") from error

    def exists(self, key):
        try:
            self._call("head_object", Key=self._name(key))
        except FileMissing:
            return False
        return True

    def delete(self, key):
        self._call("delete_object", Key=self._name(key))

    def keys(self, prefix=""):
        boto_error, client_error = _client_errors()
        start = self._name(prefix.rstrip("/")) + "/" if prefix else (self.prefix + "/" if self.prefix else "")
        try:
            for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=start):
                for item in page.get("Contents", ()):
                    name = item["Key"][len(self.prefix) + 1:] if self.prefix else item["Key"]
                    if valid_key(name):
                        yield name
        except (boto_error, client_error) as error:
            raise StorageUnavailable(f"list: {type(error).__name__}") from error

    def probe(self):
        """Write, read back and remove a small object; raises StorageUnavailable if any step fails."""
        token = secrets.token_bytes(16)
        name = f"{self.prefix}/.health/{secrets.token_hex(8)}" if self.prefix else f".health/{secrets.token_hex(8)}"
        boto_error, client_error = _client_errors()
        try:
            self.client.put_object(Bucket=self.bucket, Key=name, Body=token)
            try:
                if self.client.get_object(Bucket=self.bucket, Key=name)["Body"].read() != token:
                    raise StorageUnavailable("read back differs")
            finally:
                self.client.delete_object(Bucket=self.bucket, Key=name)
        except (boto_error, client_error) as error:
            raise StorageUnavailable(f"probe: {type(error).__name__}") from error
