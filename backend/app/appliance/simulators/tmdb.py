"""A TMDB API v3 simulator driven by a scenario (titles, translations, failures, rate limits).

Shapes follow ../shared/fixtures/tmdb: search pages of 20, details with `genres` and `seasons`,
`append_to_response`, `/find/{id}` with its five result lists, a film's `release_dates` per country
(`release_dates_entry`), and TMDB's error bodies. Season details
(`/tv/{id}/season/{n}`) and episode groups (`/tv/{id}/episode_groups`, `/tv/episode_group/{id}`) follow
TMDB's v3 reference and jdrouet/tmdb-api's recorded `tv-season-details.json`; a season the scenario does
not spell out is built from the show's `episode_count`, its episodes titled "Episode N" as TMDB titles
episodes nobody named. Titles are
localised from the scenario's translations when the request's `language` has one, as TMDB does.

Run as a process from backend/: `python -m app.appliance.simulators.tmdb --port 8765 [--scenario s.json]`
(without a scenario file it serves the recorded fixtures).
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import json
import struct
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

PAGE_SIZE = 20
_INVALID_KEY = {
    "status_message": "Invalid API key: You must be granted a valid key.",
    "success": False,
    "status_code": 7,
}
_NOT_FOUND = {"status_message": "The resource you requested could not be found.", "status_code": 34}
_RATE_LIMITED = {
    "success": False,
    "status_code": 25,
    "status_message": "Your request count (41) is over the allowed limit of (40).",
}
_MOVIE_SUMMARY_KEYS = [
    "adult",
    "backdrop_path",
    "genre_ids",
    "id",
    "original_language",
    "original_title",
    "overview",
    "popularity",
    "poster_path",
    "release_date",
    "title",
    "video",
    "vote_average",
    "vote_count",
]
_SHOW_SUMMARY_KEYS = [
    "adult",
    "backdrop_path",
    "genre_ids",
    "id",
    "origin_country",
    "original_language",
    "original_name",
    "overview",
    "popularity",
    "poster_path",
    "first_air_date",
    "name",
    "vote_average",
    "vote_count",
]


class TmdbScenario(BaseModel):
    """What the simulated TMDB knows and how it misbehaves; mutate it between requests."""

    api_key: str = "simkey"
    access_token: str = "simtoken"
    movies: dict[int, dict[str, Any]] = Field(default_factory=dict)  # TMDB details JSON, in English
    shows: dict[int, dict[str, Any]] = Field(default_factory=dict)
    external_ids: dict[str, dict[str, Any]] = Field(default_factory=dict)  # "movie/550" -> external_ids JSON
    release_dates: dict[int, list[dict[str, Any]]] = Field(default_factory=dict)
    content_ratings: dict[int, list[dict[str, Any]]] = Field(default_factory=dict)  # show id -> per country
    alternative_titles: dict[str, list[dict[str, Any]]] = Field(default_factory=dict)  # "tv/1399" -> entries
    translations: dict[str, list[dict[str, Any]]] = Field(default_factory=dict)  # "movie/550" -> entries
    seasons: dict[str, dict[str, Any]] = Field(default_factory=dict)  # "1399/1" -> season details JSON
    # Show id -> its episode groups in full (`/tv/episode_group/{id}` JSON, with `groups`).
    episode_groups: dict[int, list[dict[str, Any]]] = Field(default_factory=dict)
    # The image host (/t/p/{size}/{file}): every poster or backdrop path a title names, drawn as a PNG.
    images_down: bool = False  # the image host answers 503, as a CDN outage
    rate_limit_next: int = 0  # answer this many next requests with 429
    retry_after: int = 1
    fail_next: int = 0  # answer this many next requests with 500
    delay_s: float = 0.0

    @classmethod
    def from_fixtures(cls, directory: Path) -> TmdbScenario:
        """A scenario holding every title found in the recorded TMDB samples."""
        scenario = cls()

        def load(name: str) -> Any:
            return json.loads((directory / f"jdrouet_{name}.json").read_text())

        for name in ("movie-details",):
            movie = load(name)
            scenario.movies[movie["id"]] = movie
        for name in ("tv-details", "tv-details-complex"):
            show = load(name)
            scenario.shows[show["id"]] = show
        for name in ("search-movie", "tv-search-decoding-error"):
            for summary in load(name)["results"]:
                scenario.movies.setdefault(summary["id"], summary)
        for name in ("search-tv", "search-tv-rick-and-morty"):
            for summary in load(name)["results"]:
                scenario.shows.setdefault(summary["id"], summary)
        scenario.movies.setdefault(1233413, load("find-by-id-movie")["movie_results"][0])
        for show in load("find-by-id-show")["tv_results"]:
            scenario.shows.setdefault(show["id"], show)
        movie_ids, show_ids = load("movie-external-ids"), load("tv-external-ids")
        scenario.external_ids[f"movie/{movie_ids['id']}"] = movie_ids
        scenario.external_ids[f"tv/{show_ids['id']}"] = show_ids
        return scenario


def _localise(
    scenario: TmdbScenario, kind: str, data: dict[str, Any], language: str | None
) -> dict[str, Any]:
    """Overlay the requested language's title and overview, falling back to English like TMDB."""
    out = copy.deepcopy(data)
    if not language or "-" not in language:
        return out
    lang, country = language.split("-", 1)
    field = "title" if kind == "movie" else "name"
    for entry in scenario.translations.get(f"{kind}/{data['id']}", []):
        if entry.get("iso_639_1") == lang and entry.get("iso_3166_1") == country:
            body = entry.get("data") or {}
            if body.get(field):
                out[field] = body[field]
            if body.get("overview"):
                out["overview"] = body["overview"]
    return out


def _summary(data: dict[str, Any], kind: str) -> dict[str, Any]:
    keys = _MOVIE_SUMMARY_KEYS if kind == "movie" else _SHOW_SUMMARY_KEYS
    out = {k: data[k] for k in keys if k in data}
    if "genre_ids" not in out:
        out["genre_ids"] = [g["id"] for g in data.get("genres", [])]
    return out


def _external_ids(scenario: TmdbScenario, kind: str, data: dict[str, Any]) -> dict[str, Any]:
    known = scenario.external_ids.get(f"{kind}/{data['id']}")
    if known is not None:
        return known
    return {"id": data["id"], "imdb_id": data.get("imdb_id"), "tvdb_id": None}


def _group_summary(group: dict[str, Any]) -> dict[str, Any]:
    """An episode group as `/tv/{id}/episode_groups` lists it: no `groups`, counts instead."""
    parts = group.get("groups") or []
    return {
        "description": group.get("description", ""),
        "episode_count": sum(len(part.get("episodes") or []) for part in parts),
        "group_count": len(parts),
        "id": group["id"],
        "name": group.get("name", ""),
        "network": group.get("network"),
        "type": group.get("type", 1),
    }


def _png(name: str, width: int = 40, height: int = 60) -> bytes:
    """A small real PNG of one colour chosen by `name` (a poster's shape; no imaging library needed)."""
    red, green, blue = (zlib.crc32(name.encode()) >> shift & 0xFF for shift in (0, 8, 16))
    row = b"\x00" + bytes((red, green, blue)) * width  # filter byte "none", then RGB pixels

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


def release_dates_entry(country: str, *dates: tuple[int, str], certification: str = "") -> dict[str, Any]:
    """One country's entry in `/movie/{id}/release_dates` as TMDB writes it; each date is (type, "YYYY-MM-DD")
    with TMDB's types: 1 premiere, 2 limited and 3 theatrical, 4 digital, 5 physical, 6 TV. Put the entries
    in `scenario.release_dates[movie_id]`; the details' `append_to_response=release_dates` serves them too."""
    return {
        "iso_3166_1": country,
        "release_dates": [
            {"certification": certification, "descriptors": [], "iso_639_1": "", "note": "",
             "release_date": f"{day}T00:00:00.000Z", "type": kind}
            for kind, day in dates
        ],
    }  # fmt: skip


def create_app(scenario: TmdbScenario) -> Starlette:
    """Build the simulator; `app.state.requests` logs each request's path and query (without the key)."""

    def items(kind: str) -> dict[int, dict[str, Any]]:
        return scenario.movies if kind == "movie" else scenario.shows

    async def endpoint(request: Request) -> Response:
        params = dict(request.query_params)
        key = params.pop("api_key", None)
        request.app.state.requests.append({"path": request.url.path, **params})
        if scenario.delay_s:
            await asyncio.sleep(scenario.delay_s)
        bearer = request.headers.get("authorization", "")
        if key != scenario.api_key and bearer != f"Bearer {scenario.access_token}":
            return JSONResponse(_INVALID_KEY, status_code=401)
        if scenario.rate_limit_next > 0:
            scenario.rate_limit_next -= 1
            return JSONResponse(
                _RATE_LIMITED, status_code=429, headers={"Retry-After": str(scenario.retry_after)}
            )
        if scenario.fail_next > 0:
            scenario.fail_next -= 1
            return JSONResponse({"status_code": 11, "status_message": "Internal error."}, status_code=500)
        parts = request.url.path.strip("/").split("/")[1:]  # drop the "3" version prefix
        image_base = f"{str(request.base_url).rstrip('/')}/t/p/"
        answer = route(parts, params, image_base)
        if answer is None:
            return JSONResponse(_NOT_FOUND, status_code=404)
        if isinstance(answer, Response):
            return answer
        return JSONResponse(answer)

    def route(parts: list[str], params: dict[str, str], image_base: str) -> dict[str, Any] | Response | None:
        language = params.get("language")
        match parts:
            case ["configuration"]:
                # TMDB names its image host here; the simulator names itself, so images stay local.
                return {"images": {"base_url": image_base, "secure_base_url": image_base}}
            case ["search", ("movie" | "tv") as kind]:
                return search(kind, params)
            case ["find", external_id]:
                return find(external_id, params.get("external_source", ""), language)
            case [("movie" | "tv") as kind, tmdb_id] if tmdb_id.isdigit():
                data = items(kind).get(int(tmdb_id))
                return details(kind, data, params) if data else None
            case ["tv", "episode_group", group_id]:
                return episode_group(group_id)
            case ["tv", tmdb_id, "season", number] if tmdb_id.isdigit() and number.isdigit():
                data = scenario.shows.get(int(tmdb_id))
                return season(data, int(number), language) if data else None
            case [("movie" | "tv") as kind, tmdb_id, sub] if tmdb_id.isdigit():
                data = items(kind).get(int(tmdb_id))
                return sub_resource(kind, data, sub) if data else None
        return None

    def search(kind: str, params: dict[str, str]) -> dict[str, Any] | Response:
        query = params.get("query", "").strip().lower()
        if not query:
            return JSONResponse({"errors": ["query must be provided"]}, status_code=422)
        field, original = ("title", "original_title") if kind == "movie" else ("name", "original_name")
        found = []
        for data in items(kind).values():
            names = [data.get(field, ""), data.get(original, "")]
            names += [
                (t.get("data") or {}).get(field, "")
                for t in scenario.translations.get(f"{kind}/{data['id']}", [])
            ]
            if any(query in (n or "").lower() for n in names):
                found.append(_summary(_localise(scenario, kind, data, params.get("language")), kind))
        page = max(1, int(params.get("page") or 1))
        total_pages = (len(found) + PAGE_SIZE - 1) // PAGE_SIZE
        chunk = found[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        return {"page": page, "results": chunk, "total_pages": total_pages, "total_results": len(found)}

    def details(kind: str, data: dict[str, Any], params: dict[str, str]) -> dict[str, Any]:
        out = _localise(scenario, kind, data, params.get("language"))
        for extra in filter(None, params.get("append_to_response", "").split(",")):
            sub = sub_resource(kind, data, extra)
            if sub is not None:
                sub.pop("id", None)
                out[extra] = sub
        return out

    def sub_resource(kind: str, data: dict[str, Any], sub: str) -> dict[str, Any] | None:
        key = f"{kind}/{data['id']}"
        if sub == "external_ids":
            return dict(_external_ids(scenario, kind, data))
        if sub == "content_ratings" and kind == "tv":
            return {"id": data["id"], "results": scenario.content_ratings.get(data["id"], [])}
        if sub == "release_dates" and kind == "movie":
            return {"id": data["id"], "results": scenario.release_dates.get(data["id"], [])}
        if sub == "alternative_titles":
            entries = scenario.alternative_titles.get(key, [])
            return {"id": data["id"], ("titles" if kind == "movie" else "results"): entries}
        if sub == "translations":
            return {"id": data["id"], "translations": scenario.translations.get(key, [])}
        if sub.startswith("season/") and sub[7:].isdigit() and kind == "tv":
            # TMDB answers appended seasons under their "season/N" key; one it has not is left out.
            return season(data, int(sub[7:]), None)
        if sub == "episode_groups" and kind == "tv":
            groups = scenario.episode_groups.get(data["id"], [])
            return {"id": data["id"], "results": [_group_summary(group) for group in groups]}
        return None

    def season(data: dict[str, Any], number: int, language: str | None) -> dict[str, Any] | None:
        stored = scenario.seasons.get(f"{data['id']}/{number}")
        if stored is not None:
            return copy.deepcopy(stored)
        listed = next((s for s in data.get("seasons") or [] if s.get("season_number") == number), None)
        if listed is None:
            return None
        word = "Épisode" if (language or "").startswith("fr") else "Episode"
        episodes = [
            {"air_date": listed.get("air_date"), "episode_number": n, "episode_type": "standard",
             "id": data["id"] * 100_000 + number * 1000 + n, "name": f"{word} {n}", "overview": "",
             "production_code": "", "runtime": None, "season_number": number, "show_id": data["id"],
             "still_path": None, "vote_average": 0.0, "vote_count": 0, "crew": [], "guest_stars": []}
            for n in range(1, int(listed.get("episode_count") or 0) + 1)
        ]  # fmt: skip
        return {"_id": f"{data['id']}-{number}", "air_date": listed.get("air_date"), "episodes": episodes,
                "name": listed.get("name", f"Season {number}"), "overview": "",
                "id": data["id"] * 100 + number, "poster_path": None, "season_number": number,
                "vote_average": 0.0}  # fmt: skip

    def episode_group(group_id: str) -> dict[str, Any] | None:
        for groups in scenario.episode_groups.values():
            for group in groups:
                if group.get("id") == group_id:
                    return copy.deepcopy(group)
        return None

    def find(external_id: str, source: str, language: str | None) -> dict[str, Any]:
        answer: dict[str, Any] = {
            "movie_results": [],
            "person_results": [],
            "tv_results": [],
            "tv_episode_results": [],
            "tv_season_results": [],
        }
        for kind, bucket in (("movie", "movie_results"), ("tv", "tv_results")):
            for data in items(kind).values():
                ids = _external_ids(scenario, kind, data)
                if source in ("imdb_id", "tvdb_id") and str(ids.get(source)) == external_id:
                    summary = _summary(_localise(scenario, kind, data, language), kind)
                    answer[bucket].append({**summary, "media_type": kind})
        return answer

    async def image(request: Request) -> Response:
        """TMDB's image host: no key; a file some title names, at any size, else 404."""
        request.app.state.requests.append({"path": request.url.path})
        if scenario.images_down:
            return Response("Service Unavailable", status_code=503, media_type="text/plain")
        name = "/" + request.path_params["name"]
        named = [
            data.get(field)
            for data in (*scenario.movies.values(), *scenario.shows.values())
            for field in ("poster_path", "backdrop_path")
        ]
        if name not in named:
            return Response("Not Found", status_code=404, media_type="text/plain")
        return Response(_png(name), media_type="image/png", headers={"Cache-Control": "max-age=31536000"})

    app = Starlette(routes=[Route("/3/{path:path}", endpoint), Route("/t/p/{size}/{name}", image)])
    app.state.requests = []
    app.state.scenario = scenario
    return app


def main(argv: Sequence[str] | None = None) -> None:
    """Serve a scenario (or the recorded fixtures) on 127.0.0.1 until interrupted."""
    import uvicorn

    from app.appliance.simulators import shared_fixtures

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--scenario", type=Path, help="JSON file of a TmdbScenario (default: the fixtures)")
    args = parser.parse_args(argv)
    if args.scenario:
        scenario = TmdbScenario.model_validate_json(args.scenario.read_text())
    else:
        scenario = TmdbScenario.from_fixtures(shared_fixtures() / "tmdb")
    print(f"TMDB simulator on http://{args.host}:{args.port}/3 (API key: {scenario.api_key})")
    uvicorn.run(create_app(scenario), host=args.host, port=args.port, log_level="info")


if __name__ == "__main__":
    main()
