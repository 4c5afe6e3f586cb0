# FastAPI handlers: analytics statements inside async with / async for / try-except-else / one-line with
"""Webhook and streaming endpoints."""
import asyncio

import analytics
from fastapi import APIRouter, Depends, Request
from fastapi.responses import StreamingResponse

from app.db import Session, get_session
from app.models import Export

router = APIRouter()
lock = asyncio.Lock()


@router.post("/exports/{export_id}/run")
async def run_export(export_id: int, request: Request,
                     session: Session = Depends(get_session)):
    async with session.begin():
        export = await session.get(Export, export_id)
        export.status = "running"
        analytics.track(request.state.user_id, "Started Export", {"kind": export.kind})
    return {"status": export.status}


@router.get("/exports/{export_id}/rows")
async def stream_rows(export_id: int, request: Request,
                      session: Session = Depends(get_session)):
    export = await session.get(Export, export_id)

    async def rows():
        count = 0
        async for row in export.rows(session):
            count += 1
            yield row.as_csv()
        else:
            analytics.track(request.state.user_id, "Downloaded Export", {"rows": count})

    return StreamingResponse(rows(), media_type="text/csv")


@router.delete("/exports/{export_id}")
async def delete_export(export_id: int, request: Request,
                        session: Session = Depends(get_session)):
    try:
        export = await session.get(Export, export_id)
        await session.delete(export)
    except LookupError:
        return {"deleted": False}
    else:
        analytics.track(request.state.user_id, "Deleted Export")
    finally:
        await session.close()
    return {"deleted": True}


@router.post("/exports/{export_id}/pin")
async def pin_export(export_id: int, request: Request):
    async with lock: analytics.track(request.state.user_id, "Pinned Export")
    return {"pinned": True}
