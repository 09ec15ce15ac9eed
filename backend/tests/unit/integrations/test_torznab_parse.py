"""Contract tests: every recorded Torznab sample parses, and each known quirk is handled."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest

from app.appliance.simulators.torznab import BILLION_LAUGHS_FEED, XXE_FEED
from app.integrations.errors import AuthError, PermanentError, TransientError
from app.integrations.torznab_parse import (
    normalise_imdb_id,
    normalise_info_hash,
    parse_caps,
    parse_feed,
)
from tests.fixture_files import fixtures_dir

TORZNAB = fixtures_dir() / "torznab"


def _feed(items_xml: str, *, version: str = "2.0", prefix: bytes = b"") -> bytes:
    return (
        prefix
        + (
            f'<?xml version="1.0" encoding="UTF-8"?><rss version="{version}" '
            'xmlns:torznab="http://torznab.com/schemas/2015/feed"><channel><title>t</title>'
            f"{items_xml}</channel></rss>"
        ).encode()
    )


def test_every_search_sample_parses() -> None:
    samples = [p for p in TORZNAB.glob("*.xml") if "caps" not in p.name and "indexers" not in p.name]
    assert len(samples) >= 2
    for sample in samples:
        feed = parse_feed(sample.read_bytes(), "configured")
        assert feed.items, sample.name
        assert all(item.title and item.guid for item in feed.items)


def test_every_caps_sample_parses() -> None:
    for sample in TORZNAB.glob("*caps*.xml"):
        caps = parse_caps(sample.read_bytes())
        assert caps.available("search"), sample.name
        assert caps.categories, sample.name


def test_prowlarr_sample_reads_the_tracker_name_size_and_imdb_without_tt() -> None:
    feed = parse_feed((TORZNAB / "autobrr_prowlarr_search_response.xml").read_bytes(), "my-prowlarr")
    first = feed.items[0]
    assert first.title == "TRON Legacy Extras 720p BluRay x264-CtrlHD"
    assert first.indexer == "Mock"
    assert first.size_bytes == 2139365375
    assert (first.seeders, first.peers) == (7, 7)
    assert first.imdb_id == "tt1104001"
    assert first.magnet_url is None  # Prowlarr never sends magneturl
    assert first.torrent_url is not None and "/2/download" in first.torrent_url
    assert first.details_url == "https://mock.local/torrents.php?id=33981&torrentid=74709"
    assert first.categories == (2000,)
    assert first.publish_date == datetime(2011, 3, 30, 23, 11, 8, tzinfo=UTC)


def test_jackett_aggregate_sample_normalises_upper_case_hash_and_ignores_redacted_links() -> None:
    item = parse_feed(
        (TORZNAB / "torznabclient_jackett_aggregate_redacted.xml").read_bytes(), "jackett"
    ).items[0]
    assert item.indexer == "BitSearch"
    assert item.info_hash == "38c747c92231b893c6c00cdd8c1e32f6547e21b0"
    assert item.magnet_url is None and item.torrent_url is None  # the sample's URLs are '...'
    assert (item.seeders, item.peers, item.size_bytes) == (84, 165, 1610612736)


def test_jackett_caps_sample_lists_supported_ids() -> None:
    caps = parse_caps((TORZNAB / "jackett_caps_blutopia-api_pr15036.xml").read_bytes())
    assert caps.server_title == "Jackett"
    assert caps.limit_max == 100
    assert caps.supports("movie-search", "imdbid") and caps.supports("movie-search", "tmdbid")
    assert caps.supports("tv-search", "tvdbid") and not caps.supports("tv-search", "imdbid")
    assert (100001, "Movie") in caps.categories


def test_newznab_caps_without_supported_params_falls_back_to_spec_defaults() -> None:
    caps = parse_caps((TORZNAB / "arr_newznab_caps.xml").read_bytes())
    assert caps.supports("tv-search", "season") and caps.supports("movie-search", "imdbid")
    assert not caps.supports("tv-search", "tvdbid")
    assert caps.server_version == "0.1"


def test_size_attr_wins_over_enclosure_length_and_zero_length_is_unknown() -> None:
    items = parse_feed(
        _feed(
            '<item><title>A</title><guid>a</guid><enclosure url="http://x/a.torrent" length="31337"/>'
            '<torznab:attr name="size" value="4000000000"/></item>'
            '<item><title>B</title><guid>b</guid><enclosure url="http://x/b.torrent" length="0"/></item>'
        ),
        "ix",
    ).items
    assert items[0].size_bytes == 4_000_000_000
    assert items[1].size_bytes is None


def test_missing_seeders_and_leechers_instead_of_peers() -> None:
    items = parse_feed(
        _feed(
            "<item><title>A</title><guid>a</guid></item>"
            '<item><title>B</title><guid>b</guid><torznab:attr name="seeders" value="4"/>'
            '<torznab:attr name="leechers" value="3"/></item>'
        ),
        "ix",
    ).items
    assert (items[0].seeders, items[0].peers) == (None, None)
    assert (items[1].seeders, items[1].peers) == (4, 7)


def test_link_kinds_magnet_torrent_and_web_page() -> None:
    items = parse_feed(
        _feed(
            "<item><title>Magnet</title><guid>1</guid>"
            "<link>magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567&amp;dn=x</link></item>"
            "<item><title>Torrent</title><guid>2</guid><link>https://t.example/files/x.torrent</link></item>"
            "<item><title>Page</title><guid>3</guid><link>https://t.example/torrents/42</link></item>"
        ),
        "ix",
    ).items
    assert items[0].magnet_url is not None and items[0].torrent_url is None
    assert items[0].info_hash == "0123456789abcdef0123456789abcdef01234567"
    assert items[1].torrent_url == "https://t.example/files/x.torrent" and items[1].details_url is None
    assert items[2].details_url == "https://t.example/torrents/42" and items[2].torrent_url is None


def test_base32_magnet_hash_becomes_hex_and_agrees_with_hex_attr() -> None:
    hex_hash = "38c747c92231b893c6c00cdd8c1e32f6547e21b0"
    b32 = "HDDUPSJCGG4JHRWABTOYYHRS6ZKH4INQ"
    assert normalise_info_hash(b32) == hex_hash
    item = parse_feed(
        _feed(f"<item><title>X</title><guid>x</guid><link>magnet:?xt=urn:btih:{b32}</link></item>"), "ix"
    ).items[0]
    assert item.info_hash == hex_hash
    assert normalise_info_hash("not-a-hash") is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("tt0137523", "tt0137523"),
        ("0137523", "tt0137523"),
        ("137523", "tt0137523"),
        ("tt12345678", "tt12345678"),
    ],
)
def test_imdb_ids_with_or_without_tt(raw: str, expected: str) -> None:
    assert normalise_imdb_id(raw) == expected


def test_text_categories_and_items_without_category() -> None:
    items = parse_feed(
        _feed(
            "<item><title>A</title><guid>a</guid><category>Movies/HD</category><category>TV</category></item>"
            "<item><title>B</title><guid>b</guid><category>Something odd</category></item>"
            "<item><title>C</title><guid>c</guid></item>"
        ),
        "ix",
    ).items
    assert items[0].categories == (2040, 5000)
    assert items[1].categories == ()
    assert items[2].categories == ()


def test_bom_rss_1_0_and_doubly_encoded_title() -> None:
    feed = parse_feed(
        _feed(
            "<item><title>Fast &amp;amp; Furious &amp;#233;t&amp;#233; 2009</title><guid>a</guid></item>",
            version="1.0",
            prefix=b"\xef\xbb\xbf",
        ),
        "ix",
    )
    assert feed.items[0].title == "Fast & Furious été 2009"


def test_rdf_rss_1_0_items_outside_channel() -> None:
    rdf = (
        b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        b'xmlns="http://purl.org/rss/1.0/"><channel><title>x</title></channel>'
        b"<item><title>Film 2020 1080p</title><link>https://t.example/dl/1.torrent</link></item></rdf:RDF>"
    )
    item = parse_feed(rdf, "native").items[0]
    assert item.title == "Film 2020 1080p"
    assert item.guid == "https://t.example/dl/1.torrent"
    assert item.indexer == "native"


@pytest.mark.parametrize(
    ("code", "kind"), [(100, AuthError), (101, AuthError), (102, AuthError), (201, PermanentError)]
)
def test_error_element_inside_http_200(code: int, kind: type[Exception]) -> None:
    body = f'<?xml version="1.0" encoding="UTF-8"?><error code="{code}" description="Nope"/>'.encode()
    with pytest.raises(kind, match="Nope"):
        parse_feed(body, "ix")


def test_quota_error_is_transient() -> None:
    with pytest.raises(TransientError):
        parse_feed(b'<error code="500" description="Request limit reached"/>', "ix")


@pytest.mark.parametrize("hostile", [XXE_FEED, BILLION_LAUGHS_FEED])
def test_xxe_and_entity_expansion_are_rejected(hostile: str) -> None:
    with pytest.raises(PermanentError, match="entities"):
        parse_feed(hostile.encode(), "ix")


def test_malformed_xml_is_a_permanent_error() -> None:
    with pytest.raises(PermanentError, match="malformed"):
        parse_feed(b"<rss><channel><item>", "ix")


def test_item_cap_keeps_the_first_items_and_counts_the_rest() -> None:
    body = _feed("".join(f"<item><title>T{i}</title><guid>{i}</guid></item>" for i in range(50)))
    feed = parse_feed(body, "ix", max_items=10)
    assert [i.title for i in feed.items] == [f"T{i}" for i in range(10)]
    assert feed.raw_item_count == 50


# A Prowlarr answer for an indexer that offers each release both as a torrent and as a usenet NZB. Modelled on
# the recorded Prowlarr item in autobrr_prowlarr_search_response.xml (same elements: <prowlarrindexer>,
# <comments>, a /{id}/download proxy <link>, torznab attrs), with what such an indexer adds: a second
# <enclosure> of type application/x-nzb, and (as Newznab feeds do) the NZB's download address in <link>. The
# Torznab spec lets a service send several enclosures and asks the client to pick one.
_HYBRID_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="1.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:torznab="http://torznab.com/schemas/2015/feed">
    <channel>
        <atom:link rel="self" type="application/rss+xml"/>
        <title>Prowlarr</title>
        <item>
            <title>Severance.S02E01.1080p.WEB.H264-SuccessfulCrab</title>
            <description/>
            <guid>Hybrid-90211</guid>
            <prowlarrindexer id="5" type="private">Hybrid</prowlarrindexer>
            <comments>https://hybrid.local/details.php?id=90211</comments>
            <pubDate>Fri, 17 Jan 2025 08:12:44 +0000</pubDate>
            <size>4294967296</size>
            <link>http://localhost:9696/5/download?apikey=redacted&amp;link=nzb90211&amp;file=Severance.S02E01.nzb</link>
            <category>5040</category>
            <enclosure url="https://hybrid.local/torrents/90211/Severance.S02E01.1080p.WEB.H264-SuccessfulCrab.torrent"
                    length="48213" type="application/x-bittorrent"/>
            <enclosure url="http://localhost:9696/5/download?apikey=redacted&amp;link=nzb90211&amp;file=Severance.S02E01.nzb"
                    length="4294967296" type="application/x-nzb"/>
            <torznab:attr name="category" value="5040"/>
            <torznab:attr name="seeders" value="31"/>
            <torznab:attr name="peers" value="35"/>
        </item>
        <item>
            <title>Severance.S02E02.1080p.WEB.H264-SuccessfulCrab</title>
            <description/>
            <guid>Hybrid-90388</guid>
            <prowlarrindexer id="5" type="private">Hybrid</prowlarrindexer>
            <comments>https://hybrid.local/details.php?id=90388</comments>
            <size>4187593113</size>
            <link>http://localhost:9696/5/download?apikey=redacted&amp;link=nzb90388&amp;file=Severance.S02E02.nzb</link>
            <enclosure url="http://localhost:9696/5/download?apikey=redacted&amp;link=nzb90388&amp;file=Severance.S02E02.nzb"
                    length="4187593113" type="application/x-nzb"/>
            <enclosure url="https://hybrid.local/torrents/90388/Severance.S02E02.1080p.WEB.H264-SuccessfulCrab.torrent"
                    length="47102" type="application/x-bittorrent"/>
            <torznab:attr name="seeders" value="12"/>
        </item>
    </channel>
</rss>
"""


def test_torrent_enclosure_is_chosen_over_an_nzb_enclosure_in_either_order() -> None:
    first, second = parse_feed(_HYBRID_FEED.encode(), "my-prowlarr").items
    assert first.torrent_url == (
        "https://hybrid.local/torrents/90211/Severance.S02E01.1080p.WEB.H264-SuccessfulCrab.torrent"
    )
    assert second.torrent_url == (
        "https://hybrid.local/torrents/90388/Severance.S02E02.1080p.WEB.H264-SuccessfulCrab.torrent"
    )
    for item in (first, second):
        assert item.magnet_url is None
        assert item.details_url == f"https://hybrid.local/details.php?id={item.guid.removeprefix('Hybrid-')}"
    # The size attr (the media) still wins over either enclosure's length.
    assert (first.size_bytes, second.size_bytes) == (4294967296, 4187593113)


# A usenet indexer behind Prowlarr answering a torrent client's search: the same recorded Prowlarr item shape,
# but the only enclosure is the NZB, and <link> is Prowlarr's /{id}/download proxy for that NZB. Beside it a
# torrent release from another indexer, and a usenet item that also gives a magnet (torznab `magneturl` attr).
_USENET_AND_TORRENT_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="1.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:torznab="http://torznab.com/schemas/2015/feed">
    <channel>
        <atom:link rel="self" type="application/rss+xml"/>
        <title>Prowlarr</title>
        <item>
            <title>Andor.S02E04.2160p.DSNP.WEB-DL.DDP5.1.DV.HDR.H.265-FLUX</title>
            <description/>
            <guid>https://nzb.local/details/7f3e0c2a</guid>
            <prowlarrindexer id="3" type="private">UsenetIdx</prowlarrindexer>
            <comments>https://nzb.local/details/7f3e0c2a</comments>
            <size>9663676416</size>
            <link>http://localhost:9696/3/download?apikey=redacted&amp;link=7f3e0c2a&amp;file=Andor.S02E04</link>
            <enclosure url="http://localhost:9696/3/download?apikey=redacted&amp;link=7f3e0c2a&amp;file=Andor.S02E04"
                    length="9663676416" type="application/x-nzb"/>
            <torznab:attr name="category" value="5045"/>
        </item>
        <item>
            <title>Andor.S02E04.2160p.DSNP.WEB-DL.DDP5.1.DV.HDR.H.265-NTb</title>
            <description/>
            <guid>Mock-81234</guid>
            <prowlarrindexer id="2" type="private">Mock</prowlarrindexer>
            <size>9448928051</size>
            <link>http://localhost:9696/2/download?apikey=redacted&amp;link=xxx&amp;file=Andor.S02E04-NTb</link>
            <enclosure url="http://localhost:9696/2/download?apikey=redacted&amp;link=xxx&amp;file=Andor.S02E04-NTb"
                    length="9448928051" type="application/x-bittorrent"/>
            <torznab:attr name="seeders" value="40"/>
        </item>
        <item>
            <title>Andor.S02E04.1080p.DSNP.WEB-DL.DDP5.1.H.264-FLUX</title>
            <description/>
            <guid>https://nzb.local/details/9b1d44e0</guid>
            <prowlarrindexer id="3" type="private">UsenetIdx</prowlarrindexer>
            <size>3221225472</size>
            <link>http://localhost:9696/3/download?apikey=redacted&amp;link=9b1d44e0&amp;file=Andor.S02E04-1080p</link>
            <enclosure url="http://localhost:9696/3/download?apikey=redacted&amp;link=9b1d44e0&amp;file=Andor.S02E04-1080p"
                    length="3221225472" type="application/x-nzb"/>
            <torznab:attr name="magneturl"
                    value="magnet:?xt=urn:btih:5d41402abc4b2a76b9719d911017c592aa7f3e0c&amp;dn=Andor.S02E04.1080p"/>
        </item>
    </channel>
</rss>
"""


def test_nzb_only_item_is_skipped_with_a_note_and_nzbs_are_never_the_torrent(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.INFO, logger="app.integrations.torznab_parse"):
        feed = parse_feed(_USENET_AND_TORRENT_FEED.encode(), "my-prowlarr")
    assert feed.raw_item_count == 3
    torrent, with_magnet = feed.items
    assert torrent.title == "Andor.S02E04.2160p.DSNP.WEB-DL.DDP5.1.DV.HDR.H.265-NTb"
    assert torrent.torrent_url is not None and "/2/download" in torrent.torrent_url
    # The magnet attr is the way in; the NZB enclosure and the <link> to it are not taken for a .torrent.
    assert with_magnet.magnet_url is not None
    assert with_magnet.magnet_url.startswith("magnet:?xt=urn:btih:5d41402abc4b2a76b9719d911017c592aa7f3e0c")
    assert with_magnet.info_hash == "5d41402abc4b2a76b9719d911017c592aa7f3e0c"
    assert with_magnet.torrent_url is None
    notes = [r.getMessage() for r in caplog.records if r.name == "app.integrations.torznab_parse"]
    skipped = "Andor.S02E04.2160p.DSNP.WEB-DL.DDP5.1.DV.HDR.H.265-FLUX"
    assert any(skipped in note and "only an NZB" in note for note in notes), notes
