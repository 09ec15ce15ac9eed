"""All /api/v1 routes."""

from fastapi import APIRouter

from app.api.v1 import auth, health, library, profiles, requests, search, settings, tasks

api_router = APIRouter(prefix="/api/v1")
api_router.include_router(health.router)
api_router.include_router(requests.router)
api_router.include_router(search.router)
api_router.include_router(tasks.router)
api_router.include_router(settings.router)
api_router.include_router(auth.router)
api_router.include_router(profiles.router)
api_router.include_router(library.router)
