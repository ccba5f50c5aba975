"""The documents customers send their teller during a video call (document photos, signed forms),
kept in memory by the back-office simulator: at most `MAX_DOCUMENT_BYTES` each and the latest
`MAX_DOCUMENTS` (the oldest goes first), stored once per Idempotency-Key.

The simulator does not authenticate tellers: anyone on loopback who knows a document id can read
it. A real back office puts these behind the teller's login.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from kiosk.backoffice.vtm_models import VtmDocumentAck, VtmDocumentUpload

MAX_DOCUMENT_BYTES = 2 * 1024 * 1024
MAX_DOCUMENTS = 200
_MAGIC = {"image/jpeg": b"\xff\xd8\xff", "image/png": b"\x89PNG\r\n\x1a\n"}


class DocumentRefused(ValueError):
    """The upload cannot be stored: `code` is the API error code, `status` the HTTP status."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code


@dataclass(frozen=True)
class StoredDocument:
    """One document and what the teller's console lists about it."""

    document_id: str
    call_id: str
    kind: str
    name: str
    content_type: str
    data: bytes = field(repr=False)
    sha256: str
    fields: dict[str, str]
    key: str

    def meta(self) -> dict[str, Any]:
        """GET /api/v1/vtm/documents/{document_id}/meta."""
        return {
            "document_id": self.document_id,
            "call_id": self.call_id,
            "kind": self.kind,
            "name": self.name,
            "content_type": self.content_type,
            "bytes": len(self.data),
            "sha256": self.sha256,
            "fields": dict(self.fields),
        }

    def ack(self) -> VtmDocumentAck:
        """The answer to the upload (the same for a repeat under the same key)."""
        return VtmDocumentAck(
            document_id=self.document_id, sha256=self.sha256, bytes=len(self.data)
        )


class VtmDocumentStore:
    """Documents by id, oldest first; idempotent by upload key."""

    def __init__(
        self, max_documents: int = MAX_DOCUMENTS, max_bytes: int = MAX_DOCUMENT_BYTES
    ) -> None:
        self.max_documents = max_documents
        self.max_bytes = max_bytes
        self._documents: OrderedDict[str, StoredDocument] = OrderedDict()
        self._by_key: dict[str, str] = {}

    def put(self, call_id: str, upload: VtmDocumentUpload, key: str) -> VtmDocumentAck:
        """Store the upload once per key. The same key with other content is a conflict."""
        data = self._decode(upload)
        digest = hashlib.sha256(data).hexdigest()
        known = self._by_key.get(key)
        if known is not None and known in self._documents:
            first = self._documents[known]
            if (first.sha256, first.call_id, first.name, first.fields) != (
                digest,
                call_id,
                upload.name,
                upload.fields,
            ):
                raise DocumentRefused(
                    409, "IDEMPOTENCY_CONFLICT", "this key was used for another document"
                )
            return first.ack()
        document = StoredDocument(
            document_id=uuid.uuid4().hex,  # unguessable: the simulator has no teller login
            call_id=call_id,
            kind=upload.kind,
            name=upload.name,
            content_type=upload.content_type,
            data=data,
            sha256=digest,
            fields=dict(upload.fields),
            key=key,
        )
        self._documents[document.document_id] = document
        self._by_key[key] = document.document_id
        while len(self._documents) > self.max_documents:
            _, oldest = self._documents.popitem(last=False)
            self._by_key.pop(oldest.key, None)
        return document.ack()

    def get(self, document_id: str) -> StoredDocument | None:
        """The document, or None if unknown (or already dropped for newer ones)."""
        return self._documents.get(document_id)

    def metas(self) -> list[dict[str, Any]]:
        """Every document's meta, oldest first."""
        return [document.meta() for document in self._documents.values()]

    def _decode(self, upload: VtmDocumentUpload) -> bytes:
        # A base64 text over 4/3 of the limit cannot fit: refuse it before decoding it.
        if len(upload.data_b64) > (self.max_bytes + 2) // 3 * 4 + 4:
            raise DocumentRefused(413, "DOCUMENT_TOO_LARGE", f"over {self.max_bytes} bytes")
        try:
            data = base64.b64decode(upload.data_b64, validate=True)
        except (binascii.Error, ValueError):
            raise DocumentRefused(422, "DOCUMENT_MALFORMED", "data_b64 is not base64") from None
        if len(data) > self.max_bytes:
            raise DocumentRefused(413, "DOCUMENT_TOO_LARGE", f"over {self.max_bytes} bytes")
        if not data.startswith(_MAGIC[upload.content_type]):
            raise DocumentRefused(
                422, "DOCUMENT_MALFORMED", f"the data is not {upload.content_type}"
            )
        return data
