"""Video-teller documents in the back-office simulator: the terminal's upload through the real
client (idempotent by key), the teller's reads (bytes, meta), the limits and refusals."""

from __future__ import annotations

import base64
import hashlib

import httpx
import pytest

from kiosk.backoffice import IdempotencyConflict, RequestRejected
from kiosk.backoffice.client import BackOfficeClient
from kiosk.backoffice.vtm_models import VtmDocumentUpload
from simulators.backoffice.vtm_documents import DocumentRefused, VtmDocumentStore

JPEG = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 8 + b"\xff\xd9"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 300
CALL_ID = "9f8e7d6c5b4a39281706f5e4d3c2b1a0"


def photo(data: bytes = JPEG, **changes: object) -> VtmDocumentUpload:
    fields: dict[str, object] = {
        "terminal_id": "SZ-FT-0001-SP01",
        "kind": "photo",
        "name": "id_card",
        "content_type": "image/jpeg",
        "data_b64": base64.b64encode(data).decode(),
    }
    fields.update(changes)
    return VtmDocumentUpload.model_validate(fields)


async def test_a_photo_goes_up_and_the_teller_reads_it(
    client: BackOfficeClient, sim: httpx.AsyncClient
) -> None:
    ack = await client.upload_vtm_document(CALL_ID, photo(), f"{CALL_ID}:c-1")
    assert ack.sha256 == hashlib.sha256(JPEG).hexdigest() and ack.bytes == len(JPEG)
    got = await sim.get(f"/api/v1/vtm/documents/{ack.document_id}")
    assert got.status_code == 200 and got.content == JPEG
    assert got.headers["content-type"] == "image/jpeg"
    meta = (await sim.get(f"/api/v1/vtm/documents/{ack.document_id}/meta")).json()
    assert meta == {
        "document_id": ack.document_id,
        "call_id": CALL_ID,
        "kind": "photo",
        "name": "id_card",
        "content_type": "image/jpeg",
        "bytes": len(JPEG),
        "sha256": ack.sha256,
        "fields": {},
    }
    assert (await sim.get("/_sim/vtm/documents")).json() == [meta]


async def test_a_signed_form_keeps_its_values(
    client: BackOfficeClient, sim: httpx.AsyncClient
) -> None:
    values = {"account_no": "1234567897", "contact_name": "李四", "new_phone": "13687654321"}
    upload = photo(
        PNG,
        kind="signed_form",
        name="change_contact_phone",
        content_type="image/png",
        fields=values,
    )
    ack = await client.upload_vtm_document(CALL_ID, upload, f"{CALL_ID}:c-2")
    meta = (await sim.get(f"/api/v1/vtm/documents/{ack.document_id}/meta")).json()
    assert meta["fields"] == values and meta["content_type"] == "image/png"
    assert (await sim.get(f"/api/v1/vtm/documents/{ack.document_id}")).content == PNG


async def test_the_same_key_stores_once_and_other_content_under_it_conflicts(
    client: BackOfficeClient, sim: httpx.AsyncClient
) -> None:
    first = await client.upload_vtm_document(CALL_ID, photo(), "k-1")
    again = await client.upload_vtm_document(CALL_ID, photo(), "k-1")
    assert again == first
    with pytest.raises(IdempotencyConflict):
        await client.upload_vtm_document(CALL_ID, photo(JPEG + b"\x00"), "k-1")
    assert len((await sim.get("/_sim/vtm/documents")).json()) == 1


@pytest.mark.parametrize(
    ("data_b64", "content_type", "status", "code"),
    [
        ("not base64!", "image/jpeg", 422, "DOCUMENT_MALFORMED"),
        (base64.b64encode(PNG).decode(), "image/jpeg", 422, "DOCUMENT_MALFORMED"),
        (
            base64.b64encode(b"\xff\xd8\xff" + b"\x00" * (2 * 1024 * 1024)).decode(),
            "image/jpeg",
            413,
            "DOCUMENT_TOO_LARGE",
        ),
    ],
    ids=["not base64", "not what it says", "over 2 MB"],
)
async def test_bad_uploads_are_refused(
    sim: httpx.AsyncClient, data_b64: str, content_type: str, status: int, code: str
) -> None:
    body = photo().model_dump() | {"data_b64": data_b64, "content_type": content_type}
    response = await sim.post(
        f"/api/v1/vtm/calls/{CALL_ID}/documents", json=body, headers={"Idempotency-Key": "k"}
    )
    assert response.status_code == status and response.json()["code"] == code
    assert (await sim.get("/_sim/vtm/documents")).json() == []


async def test_an_upload_needs_a_key_and_the_client_reports_refusals(
    client: BackOfficeClient, sim: httpx.AsyncClient
) -> None:
    response = await sim.post(f"/api/v1/vtm/calls/{CALL_ID}/documents", json=photo().model_dump())
    assert response.status_code == 400
    with pytest.raises(RequestRejected) as refused:
        await client.upload_vtm_document(CALL_ID, photo(PNG), "k-2")
    assert refused.value.code == "DOCUMENT_MALFORMED"


async def test_unknown_documents_are_not_found(sim: httpx.AsyncClient) -> None:
    assert (await sim.get(f"/api/v1/vtm/documents/{'0' * 32}")).status_code == 404
    assert (await sim.get(f"/api/v1/vtm/documents/{'0' * 32}/meta")).status_code == 404
    assert (await sim.get("/api/v1/vtm/documents/..%2Fetc")).status_code in (404, 422)


def test_the_store_keeps_the_latest_documents() -> None:
    store = VtmDocumentStore(max_documents=3, max_bytes=4096)
    acks = [store.put(CALL_ID, photo(JPEG[:100] + bytes([n])), f"k-{n}") for n in range(5)]
    assert [m["document_id"] for m in store.metas()] == [a.document_id for a in acks[2:]]
    assert store.get(acks[0].document_id) is None
    # the dropped document's key is free again: a new document, not the old answer
    assert store.put(CALL_ID, photo(JPEG[:100] + b"\x00"), "k-0") != acks[0]
    with pytest.raises(DocumentRefused):
        store.put(CALL_ID, photo(JPEG * 3), "k-big")
