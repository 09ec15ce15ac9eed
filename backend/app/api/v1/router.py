"""All /api/v1 routes."""

from fastapi import APIRouter

from app.api.v1 import health, requests, search, tasks

api_router = APIRouter(prefix="/api/v1")
api_router.include_router(health.router)
api_router.include_router(requests.router)
api_router.include_router(search.router)
api_router.include_router(tasks.router)
