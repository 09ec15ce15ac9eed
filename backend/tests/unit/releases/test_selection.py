"""Rejections and ranking as a person asking for a film or a show would notice them."""

from __future__ import annotations

from dataclasses import replace

from app.releases import AudioPolicy, Candidate, MediaTarget, ReasonCode, select_release
from app.releases.parsing import ParsedRelease, parse_release
from app.releases.quality import Quality
from app.releases.quality_profiles import ANY, HD_1080P, ULTRA_HD_4K, QualityProfile

GB = 1024**3
FILM = MediaTarget(
    media_type="movie",
    title="Spirited Away",
    original_title="Sen to Chihiro no Kamikakushi",
    alternative_titles=("Le Voyage de Chihiro",),
    year=2001,
    runtime_minutes=125,
    original_language="ja",
)
SHOW = MediaTarget(media_type="tv", title="Kaamelott", year=2005, runtime_minutes=7, seasons=(1,))


def offer(title: str, size_gb: float = 8.0, seeders: int | None = 100, **extra: object) -> Candidate:
    """A candidate as an indexer would return it."""
    info_hash = extra.pop("info_hash", f"{abs(hash(title)):040x}"[:40])
    return Candidate(title=title, size_bytes=int(size_gb * GB), seeders=seeders, info_hash=info_hash, **extra)  # type: ignore[arg-type]


def codes(selection) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {rejection.candidate.title: rejection.code.value for rejection in selection.rejected}


def test_picks_the_preferred_quality_in_french_and_explains_every_rejection() -> None:
    candidates = [
        offer("Spirited.Away.2001.MULTi.VFF.1080p.BluRay.x264-QTZ", 8.2, 153),
        offer("Spirited.Away.2001.1080p.WEB-DL.DDP5.1.x264-NTG", 6.0, 900),
        offer("Spirited.Away.2001.MULTi.CAM.x264-BAD", 1.4, 500),
        offer("Spirited.Away.2021.MULTi.1080p.BluRay.x264-QTZ", 8.0, 50),
        offer("Spirited.Away.2001.MULTi.1080p.BluRay.x264-TINY", 0.3, 50),
        offer("Spirited.Away.Making.Of.2001.MULTi.1080p.BluRay.x264-QTZ", 8.0, 50),
    ]
    selection = select_release(candidates, FILM, HD_1080P)
    assert selection.chosen is not None
    assert selection.chosen.candidate.title == "Spirited.Away.2001.MULTi.VFF.1080p.BluRay.x264-QTZ"
    assert codes(selection) == {
        "Spirited.Away.2001.MULTi.CAM.x264-BAD": "pre_release",
        "Spirited.Away.2021.MULTi.1080p.BluRay.x264-QTZ": "wrong_year",
        "Spirited.Away.2001.MULTi.1080p.BluRay.x264-TINY": "too_small",
        "Spirited.Away.Making.Of.2001.MULTi.1080p.BluRay.x264-QTZ": "wrong_title",
    }
    assert selection.summary() == (
        "Picked 1080p Bluray x264 MULTI VFF, 8.2 GB, 153 seeders; "
        "rejected 4: 1 CAM, 1 wrong year, 1 too small, 1 wrong title"
    )
    assert [ranked.candidate.title for ranked in selection.accepted][1] == (
        "Spirited.Away.2001.1080p.WEB-DL.DDP5.1.x264-NTG"
    )


def test_french_title_and_a_year_off_by_one_are_accepted() -> None:
    selection = select_release(
        [offer("Le.Voyage.de.Chihiro.2002.TRUEFRENCH.1080p.BluRay.x264-GHT")], FILM, HD_1080P
    )
    assert selection.chosen is not None and not selection.rejected


def test_the_same_torrent_from_two_indexers_is_one_candidate() -> None:
    name = "Spirited.Away.2001.MULTi.1080p.BluRay.x264-QTZ"
    first = offer(name, seeders=10, info_hash="a" * 40, indexer="one")
    second = offer(name, seeders=80, info_hash="a" * 40, indexer="two")
    selection = select_release([first, second], FILM, HD_1080P)
    assert len(selection.accepted) == 1 and selection.duplicates == 1
    assert selection.chosen is not None and selection.chosen.candidate.indexer == "two"


def test_require_french_rejects_vostfr_and_original_audio() -> None:
    profile = replace(HD_1080P, audio_policy=AudioPolicy.REQUIRE_FRENCH)
    selection = select_release(
        [
            offer("Spirited.Away.2001.VOSTFR.1080p.BluRay.x264-A"),
            offer("Spirited.Away.2001.1080p.BluRay.x264-B"),
        ],
        FILM,
        profile,
    )
    assert selection.chosen is None
    assert set(codes(selection).values()) == {"no_french_audio"}


def test_vostfr_policy_accepts_subtitles_but_prefers_french_audio() -> None:
    profile = replace(HD_1080P, audio_policy=AudioPolicy.FRENCH_OR_SUBTITLED)
    vostfr = offer("Spirited.Away.2001.VOSTFR.1080p.BluRay.x264-A", seeders=2000)
    french = offer("Spirited.Away.2001.FRENCH.1080p.BluRay.x264-B", seeders=20)
    original = offer("Spirited.Away.2001.1080p.BluRay.x264-C", seeders=2000)
    selection = select_release([vostfr, french, original], FILM, profile)
    assert [ranked.candidate for ranked in selection.accepted] == [french, vostfr]
    assert codes(selection) == {original.title: "no_french_audio_or_subtitles"}


def test_a_french_film_needs_no_french_tag() -> None:
    amelie = MediaTarget(
        media_type="movie", title="Amélie", year=2001, runtime_minutes=122, original_language="fr"
    )
    profile = replace(HD_1080P, audio_policy=AudioPolicy.REQUIRE_FRENCH)
    selection = select_release([offer("Amelie.2001.1080p.BluRay.x264-GRP")], amelie, profile)
    assert selection.chosen is not None


def test_size_bounds_follow_the_runtime() -> None:
    short_film = replace(FILM, runtime_minutes=30)
    big = offer("Spirited.Away.2001.1080p.BluRay.x264-BIG", size_gb=8.0)
    assert codes(select_release([big], short_film, HD_1080P)) == {big.title: "too_big"}
    assert select_release([big], FILM, HD_1080P).chosen is not None


def test_quality_outside_the_profile_and_no_seeders_are_rejected() -> None:
    uhd = offer("Spirited.Away.2001.2160p.BluRay.x265-UHD", size_gb=20)
    dead = offer("Spirited.Away.2001.1080p.BluRay.x264-DEAD", seeders=0)
    selection = select_release([uhd, dead], FILM, HD_1080P)
    assert codes(selection) == {uhd.title: "quality_not_allowed", dead.title: "no_seeders"}
    assert select_release([uhd], FILM, ULTRA_HD_4K).chosen is not None


def test_a_dead_copy_of_the_requested_film_is_turned_down_without_reading_its_name() -> None:
    read: list[str] = []

    def parse(name: str) -> ParsedRelease:
        read.append(name)
        return parse_release(name)

    # Dead and a CAM at once: the seeders, which need no parse, are the reason given.
    dead_cam = offer("Spirited.Away.2001.MULTi.CAM.x264-DEAD", seeders=0)
    alive = offer("Spirited.Away.2001.1080p.BluRay.x264-ALIVE", seeders=40)
    other_film = offer("Ponyo.2008.1080p.BluRay.x264-DEAD", seeders=0)
    selection = select_release([dead_cam, alive, other_film], FILM, HD_1080P, parse=parse)
    assert codes(selection) == {dead_cam.title: "no_seeders", other_film.title: "wrong_title"}
    assert read == [alive.title]
    every_name_parsed = select_release([dead_cam, alive, other_film], FILM, HD_1080P, screen_titles=False)
    assert codes(every_name_parsed) == codes(selection)


def test_programs_and_archive_only_torrents_are_rejected_when_files_are_known() -> None:
    malware = offer("Spirited.Away.2001.1080p.BluRay.x264-X", file_names=("movie.mkv.exe", "readme.txt"))
    archive = offer(
        "Spirited.Away.2001.1080p.BluRay.x264-Y", file_names=("movie.rar", "movie.r00", "password.txt")
    )
    fine = offer("Spirited.Away.2001.1080p.BluRay.x264-Z", file_names=("Spirited.Away.mkv", "subs/fr.srt"))
    selection = select_release([malware, archive, fine], FILM, ANY)
    assert codes(selection) == {malware.title: "dangerous_files", archive.title: "archives_only"}
    assert selection.chosen is not None and selection.chosen.candidate == fine


def test_blocklist_and_forbidden_words() -> None:
    blocked = offer("Spirited.Away.2001.1080p.BluRay.x264-A", info_hash="b" * 40)
    three_d = offer("Spirited.Away.2001.3D.HSBS.1080p.BluRay.x264-B")
    target = replace(FILM, blocklisted_hashes=frozenset({"b" * 40}))
    assert codes(select_release([blocked, three_d], target, HD_1080P)) == {
        blocked.title: "blocklisted",
        three_d.title: "forbidden_word",
    }


def test_season_pack_wins_when_the_whole_season_is_wanted() -> None:
    pack = offer("Kaamelott.S01.FRENCH.1080p.WEB.H264-ZT", size_gb=4, seeders=5)
    episode = offer("Kaamelott.S01E05.FRENCH.1080p.WEB.H264-ZT", size_gb=0.1, seeders=500)
    other_season = offer("Kaamelott.S02.FRENCH.1080p.WEB.H264-ZT", size_gb=4)
    film = offer("Kaamelott.Premier.Volet.2021.FRENCH.1080p.WEB.H264-ZT", size_gb=4)
    selection = select_release([episode, pack, other_season, film], SHOW, ANY)
    assert selection.chosen is not None and selection.chosen.candidate == pack
    assert codes(selection)[other_season.title] == "wrong_season"


def test_wanted_episodes_beat_the_pack_and_other_episodes_are_rejected() -> None:
    target = replace(SHOW, episodes={1: (5,)})
    pack = offer("Kaamelott.S01.FRENCH.1080p.WEB.H264-ZT", size_gb=4)
    wanted = offer("Kaamelott.S01E05.FRENCH.1080p.WEB.H264-ZT", size_gb=0.1)
    other = offer("Kaamelott.S01E06.FRENCH.1080p.WEB.H264-ZT", size_gb=0.1)
    selection = select_release([pack, wanted, other], target, ANY)
    assert [ranked.candidate for ranked in selection.accepted] == [wanted, pack]
    assert codes(selection) == {other.title: "wrong_episode"}


def test_seeders_count_on_a_log_scale_then_size_closest_to_the_ideal() -> None:
    near_ideal = offer("Spirited.Away.2001.1080p.BluRay.x264-A", size_gb=8.5, seeders=150)
    bigger_crowd = offer("Spirited.Away.2001.1080p.BluRay.x264-B", size_gb=14, seeders=160)
    tiny_crowd = offer("Spirited.Away.2001.1080p.BluRay.x264-C", size_gb=8.5, seeders=3)
    selection = select_release([tiny_crowd, bigger_crowd, near_ideal], FILM, HD_1080P)
    assert [ranked.candidate for ranked in selection.accepted] == [near_ideal, bigger_crowd, tiny_crowd]


def test_rejections_carry_a_stable_code_and_a_sentence() -> None:
    selection = select_release([offer("Spirited.Away.2001.TELESYNC.x264-A", 1.5)], FILM, HD_1080P)
    rejection = selection.rejected[0]
    assert rejection.code is ReasonCode.PRE_RELEASE and rejection.short_label == "TELESYNC"
    stored = selection.to_dict()
    assert stored["rejected"][0]["code"] == "pre_release" and stored["rejected"][0]["message"].endswith(".")
    assert stored["chosen"] is None and stored["summary"].startswith("Nothing suitable found; rejected 1")


def test_the_stored_decision_holds_the_words_the_kiosk_translates() -> None:
    """The kiosk says « 1080p Blu-ray, français + VO, 8,2 Go, 153 sources » from fields, not English."""
    candidates = [
        offer("Spirited.Away.2001.MULTi.VFF.1080p.BluRay.x264-QTZ", 8.2, 153, indexer="YggTorrent"),
        offer("Spirited.Away.2001.MULTi.CAM.x264-BAD", 1.4, 500),
        offer("Spirited.Away.2001.TELESYNC.x264-A", 1.5),
        offer("Spirited.Away.2021.MULTi.1080p.BluRay.x264-QTZ", 8.0, 50),
    ]
    stored = select_release(candidates, FILM, HD_1080P).to_dict()
    chosen = stored["chosen"]
    assert chosen["resolution"] == "1080p" and chosen["source"] == "bluray"
    assert "multi" in chosen["languages"] and chosen["language_tags"] == ["MULTI", "VFF"]
    assert chosen["size_bytes"] == int(8.2 * GB) and chosen["seeders"] == 153
    assert chosen["indexer"] == "YggTorrent"
    assert stored["rejected_by_reason"] == [
        {"code": "pre_release", "count": 2},
        {"code": "wrong_year", "count": 1},
    ]
    # Rows stored before these fields keep what the page showed then.
    assert stored["summary"].startswith("Picked 1080p Bluray x264 MULTI VFF")
    assert chosen["description"] == "1080p Bluray x264 MULTI VFF, 8.2 GB, 153 seeders"


def test_profiles_round_trip_through_json_dicts() -> None:
    for profile in (HD_1080P, ULTRA_HD_4K, ANY):
        assert QualityProfile.from_dict(profile.to_dict()) == profile
    assert HD_1080P.to_dict()["preferred"] == "Bluray-1080p"
    assert HD_1080P.rank_of(Quality.BLURAY_1080P) > (HD_1080P.rank_of(Quality.WEBDL_1080P) or 0)
    assert HD_1080P.rank_of(Quality.CAM) is None
