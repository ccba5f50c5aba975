"""Routes of the video-teller documents: the terminal uploads under /api/v1/vtm/calls/{call_id}/
documents (the contract); tellers read them under /api/v1/vtm/documents (teller side, not in the
terminal's OpenAPI contract, no teller login in the simulator); /_sim/vtm/documents lists them."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Path, Request
from fastapi.responses import Response

from kiosk.backoffice.vtm_models import VtmDocumentAck, VtmDocumentUpload
from simulators.backoffice.app import ERRORS, IdempotencyKey, api_gate
from simulators.backoffice.errors import ApiProblem
from simulators.backoffice.vtm_documents import DocumentRefused, VtmDocumentStore

document_api = APIRouter(prefix="/api/v1", dependencies=[Depends(api_gate)], responses=ERRORS)
teller_api = APIRouter(prefix="/api/v1", include_in_schema=False)
document_sim = APIRouter(prefix="/_sim", include_in_schema=False)

CallId = Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{1,64}$")]
DocumentId = Annotated[str, Path(pattern=r"^[0-9a-f]{32}$")]


def document_store(app: FastAPI) -> VtmDocumentStore:
    """The app's document store, made on first use."""
    store: VtmDocumentStore | None = getattr(app.state, "vtm_documents", None)
    if store is None:
        store = VtmDocumentStore()
        app.state.vtm_documents = store
    return store


@document_api.post("/vtm/calls/{call_id}/documents", tags=["vtm"])
async def upload_document(
    call_id: CallId,
    body: VtmDocumentUpload,
    request: Request,
    idempotency_key: IdempotencyKey = None,
) -> VtmDocumentAck:
    """A photo or signed form for the call's teller (Idempotency-Key required; 2 MB at most)."""
    if not idempotency_key:
        raise ApiProblem(400, "IDEMPOTENCY_KEY_MISSING", "an Idempotency-Key header is required")
    try:
        return document_store(request.app).put(call_id, body, idempotency_key)
    except DocumentRefused as exc:
        raise ApiProblem(exc.status, exc.code, str(exc)) from None


@teller_api.get("/vtm/documents/{document_id}")
async def document_bytes(document_id: DocumentId, request: Request) -> Response:
    """The document's bytes with their content type."""
    document = document_store(request.app).get(document_id)
    if document is None:
        raise ApiProblem(404, "DOCUMENT_NOT_FOUND", "no such document")
    return Response(document.data, media_type=document.content_type)


@teller_api.get("/vtm/documents/{document_id}/meta")
async def document_meta(document_id: DocumentId, request: Request) -> dict[str, Any]:
    """What the document is: call, kind, name, size, digest and a signed form's values."""
    document = document_store(request.app).get(document_id)
    if document is None:
        raise ApiProblem(404, "DOCUMENT_NOT_FOUND", "no such document")
    return document.meta()


@document_sim.get("/vtm/documents")
async def list_documents(request: Request) -> list[dict[str, Any]]:
    """Every stored document's meta, oldest first."""
    return document_store(request.app).metas()


document_routes = APIRouter()
document_routes.include_router(document_api)
document_routes.include_router(teller_api)
document_routes.include_router(document_sim)
