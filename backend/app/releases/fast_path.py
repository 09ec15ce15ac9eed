"""A strict reader for scene-style names (Title.Year.Tags-GROUP), about fifty times cheaper than guessit.

It accepts a name only when every word after the title is one it knows, and otherwise answers None so the
caller asks guessit. Its answers are checked against guessit's over the fixtures and the benchmark names
(tests/unit/releases/test_fast_path.py); a word it is not sure of belongs out of the vocabulary, not in it.
"""

from __future__ import annotations

import itertools
import re

from app.releases.fields import NameFields
from app.releases.name_hints import fold_resolution

# Latin letters with accents are title letters ("La guerre est déclarée"); other scripts go to guessit.
_LETTERS = "A-Za-zÀ-ÖØ-öø-ÿ"
_ALLOWED_NAME_RE = re.compile(rf"^[{_LETTERS}0-9 ._'&!,+-]+$")
# "(2011)" or "[2011]": the year alone in brackets is a year word like any other.
_YEAR_PAREN_RE = re.compile(r"\((\d{4})\)|\[(\d{4})\]")
_SPLIT_RE = re.compile(r"[ ._]+")
_YEAR_RE = re.compile(r"^(19[2-9]\d|20[0-4]\d)$")
# S01, S01E02, S01E02E03 (those two), S01E02-E04 and S01E02-04 (a range).
_EPISODE_RE = re.compile(r"^S(\d{1,2})(?:E(\d{1,3})(?:(-?)E(\d{1,3})|-(\d{1,3}))?)?$", re.IGNORECASE)
_CROSS_EPISODE_RE = re.compile(r"^(\d{1,2})x(\d{2,3})$", re.IGNORECASE)
# A season written in words ("Season.2", "Saison 02"), as French trackers name a season's pack.
_SEASON_WORD_RE = re.compile(r"^(?:Season|Saison)$", re.IGNORECASE)
_SEASON_NUMBER_RE = re.compile(r"^\d{1,2}$")
# A title word; hyphenated words ("Spider-Man", "X-Ray") are checked part by part in _plain_title.
_TITLE_WORD_RE = re.compile(rf"[{_LETTERS}]+(?:'[{_LETTERS}]+)?(?:-[{_LETTERS}]+)*[!,]?|&")
_GROUP_RE = re.compile(r"-([A-Za-z0-9]{2,20})$")


def _words(*lines: str) -> frozenset[str]:
    return frozenset(" ".join(lines).split())


# Words that make guessit cut or reshape a title (parts, countries, episode words, dotted acronyms…):
# a title holding one of them goes to guessit.
_TITLE_STOP_WORDS = frozenset(
    [
        "part",
        "pt",
        "vol",
        "volume",
        "cd",
        "episode",
        "ep",
        "season",
        "saison",
        "integrale",
        "complete",
        "us",
        "uk",
        "au",
        "nz",
        "web",
        "tv",
        "dvd",
        "hd",
        "sd",
        "bd",
        "rip",
        "dl",
        "vo",
        "vf",
        "en",
        "german",
        "french",
        "english",
        "italian",
        "spanish",
        "dutch",
        "russian",
        "japanese",
        "korean",
        "chinese",
        "hindi",
        "nordic",
        "swedish",
        "danish",
        "polish",
        # Words guessit reads as an edition, subtitles or another language's season/episode word.
        "se",
        "subbed",
        "dubbed",
        "sub",
        "subs",
        "sezon",
        "bolum",
        "stagione",
        "temporada",
        "episodio",
        "capitulo",
        "staffel",
        "folge",
        "aflevering",
        "seizoen",
        # A month name opens a date ("July.30.2021"), which guessit reads as one.
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)

# Every spelling in which guessit reads one of its allowed languages (its options.json: allowed_languages, the
# codes, English names and synonyms babelfish gives them, printed once from guessit 3.8): such a word may turn
# into a language wherever it stands, so a title or an episode title holding one goes to guessit.
_GUESSIT_LANGUAGE_WORDS = _words(
    "br brazilian ca castellano cat catalan català cs cz cze czech de dl dut dutch en eng english",
    "es esp espanol español flemish fr français fre french ger german he heb hebrew hi hin hindi",
    "hu hun hungarian it ita italian ja japanese jp jpn ko kor korean mul multi multiple nl no",
    "nor norwegian pb pl po pob pol polish por portuguese pt ptbr ro romanian ron ru rum rus",
    "russian se spa spanish sv swe swedish swissgerman te tel telugu ua uk ukr ukrainian und",
    "undetermined vf vff vfi vfq",
)
# Words guessit reads as a property wherever they stand (a language, a source, a rip, subtitles, an episode's
# mark: its language/source/other/episode patterns): never an episode title's words nor a bare group here.
_PROPERTY_WORDS = (
    _TITLE_STOP_WORDS
    | _GUESSIT_LANGUAGE_WORDS
    | _words(
        "cam camrip ts tc telecine telesync workprint wp ppv sat dvb tv web rip mux screener scr dvd",
        "vhs pal ntsc secam bd br hd sd uhd hq complete final special pilot unaired preair sample",
        "proof fix real proper repack internal dub dubbed sub subs subbed vost vostfr dual audio ws",
        "remux hdr extended uncut unrated limited retail festival mic line converted hybrid 3d x",
        "subtitle subtitles esub esubs custom soft st hardsub fansub subforced legenda legendas",
        "legendado subtitulado dublado true",
    )
)

_VOCAB: tuple[tuple[str, str], ...] = (
    ("resolution", r"\d{3,4}[pi]"),
    (
        "audio",
        r"DTS-HD[ ._]?MA|DTS-HD[ ._]HRA|DTS-HD|DTSHD|DTS-?ES|DTS-X|DTS|TrueHD|Atmos|E-?AC-?3|AC-?3D?|DDP"
        + r"|DD\+|DD|AAC|FLAC|Opus|MP3|LPCM",
    ),
    ("channels", r"[1257][ ._][01]"),
    (
        "source",
        r"Blu-?Ray|BDRip|BRRip|WEB[ ._-]?DL|WEB-?Rip|WEB|HDTV|PDTV|DVDRip|REMUX|BDREMUX|CAM|HDCAM|TELESYNC"
        + r"|HDTS|DSR|TVRip|WebHD|AmazonHD|NetflixHD|UHDBDRip|MBluRay|BDMux|WEBMux|HDTVRip|DVDScr",
    ),
    ("codec", r"[xh][ ._]?26[45]|HEVC(?:10)?|AVC|XviD|AV1|MPEG-?2"),
    ("depth", r"1[02]-?bits?|8-?bits?|Hi10P"),
    ("hdr", r"HDR10\+|HDR10|HDR|DoVi|DV"),  # not HDR10Plus, which guessit does not know
    ("language", r"MULTi|TRUEFRENCH|FRENCH|VFF|VFQ|VFI|VF2|VOSTFR|SUBFRENCH"),
    # Languages guessit names with a code of its own (German DL is its "dual language": multi).
    (
        "spoken",
        r"GERMAN|FR|ENG|EN|iTALiAN|ITALIAN|ITA|DL|NL|DUTCH|SPANISH|ENGLISH|HINDI|JAPANESE|KOREAN|RUSSIAN|RUS"
        + r"|POLISH|SWEDISH",
    ),
    # Words guessit reads into fields the selection does not use (other, container, channels…).
    (
        "ignored",
        r"READNFO|FASTSUB|DUAL|WS|3D|HDLight|mHD|4K|UHD|6CH|CUSTOM|NORDiC|Hybrid|SDR|VOF|VO|REAL|LD|NTSC|PAL|HQ"
        + r"|nSD|VOA|2in1|Open[ ._]Matte",
    ),
    # Words guessit reads as a rip without a source of its own: a WEB-DL beside one is a WEBRip to it.
    ("rip", r"HDRip"),
    # Words guessit reads only beside another one (see _read_tags): a name where they stand alone goes to it.
    ("forced", r"SUBFORCED"),
    ("dubbed", r"DUBBED"),
    # Max is a service to guessit only in capitals (the title "Max" is common).
    (
        "service",
        r"AMZN|NF|DSNP|DSNY|HMAX|(?-i:MAX)|ATVP|APTV|HULU|PCOK|PMTP|CRAV|STAN|iP|ALL4|CR|ADN|ROKU|VIKI",
    ),
    ("flag", r"PROPER|REPACK\d?|RERIP|iNTERNAL"),
    ("edition", r"EXTENDED|UNRATED|REMASTERED|THEATRICAL|UNCUT|IMAX|LIMITED|DC"),
)
# Each vocabulary word with its audio channels glued on (DD5.1, AAC2.0, DDP5.1) is one token.
_TOKEN_RE = re.compile(
    "(?:"
    + "|".join(
        f"(?P<{kind}>(?:{pattern}){'(?:[1257][ ._]?[01])?' if kind == 'audio' else ''})"
        for kind, pattern in _VOCAB
    )
    + r")(?=[ ._-]|$)",  # every word whole: "UHDBDRip" is not "UHD" + "BDRip"
    re.IGNORECASE,
)
_SEPARATOR_RE = re.compile(r"[ ._-]*")
# Pieces of guessit's subtitle, dubbing and source words, which it also finds glued to others ("NLsubs",
# "EngSub", "HebSubs", "2xDVD9", "WEBCap"): a last word holding one is never taken for a group written without
# its dash.
_GLUED_PROPERTY_RE = re.compile(r"sub|dub|rip|dvd|web|blu|mux|scr|cam|tv|vost", re.IGNORECASE)
# Words guessit reads as the episode's details (Pilot, Final…), nothing the selection uses; in an episode's
# tags only: beside a year alone they may make guessit read the name another way.
_EPISODE_DETAILS_RE = re.compile(r"(?:Pilot|Final|Special|Unaired)(?=[ ._-]|$)", re.IGNORECASE)
# An alternative title in parentheses right after the year ("Le prestige (2006) (The Prestige) 720p"), which
# guessit leaves out of the title.
_ALTERNATIVE_TITLE_RE = re.compile(r"(?<=(?:19|20)\d\d) \((?P<title>[A-Za-z' ]+)\)(?= )")

_SOURCES = {"bluray": "bluray", "bdrip": "bluray", "brrip": "bluray", "webdl": "webdl", "web": "webdl"}
_SOURCES |= {"webrip": "webrip", "hdtv": "tv", "pdtv": "tv", "dvdrip": "dvd", "cam": "cam", "hdcam": "cam"}
_SOURCES |= {"telesync": "telesync", "hdts": "telesync", "dsr": "tv", "tvrip": "tv"}
_SOURCES |= {"webhd": "webdl", "amazonhd": "webdl", "netflixhd": "webdl"}
_SOURCES |= {
    "uhdbdrip": "bluray",
    "mbluray": "bluray",
    "bdmux": "bluray",
    "webmux": "webrip",
    "hdtvrip": "tv",
}
_SOURCES |= {"dvdscr": "screener"}
_AUDIO = {
    "dtshdma": "DTS-HD",
    "dtshdhra": "DTS-HD",
    "dtses": "DTS",
    "dtshd": "DTS-HD",
    "dtsx": "DTS-X",
    "dts": "DTS",
    "truehd": "TrueHD",
}
_AUDIO |= {
    "atmos": "Atmos",
    "eac3": "EAC3",
    "ddp": "EAC3",
    "dd+": "EAC3",
    "ac3": "AC3",
    "ac3d": "AC3",
    "dd": "AC3",
}
_AUDIO |= {"aac": "AAC", "flac": "FLAC", "opus": "Opus", "mp3": "MP3", "lpcm": "LPCM"}
_HDR = {"hdr10+": "HDR10+", "hdr10": "HDR10", "hdr": "HDR10", "dovi": "DV", "dv": "DV"}
_EDITIONS = {"extended": "Extended", "unrated": "Unrated", "remastered": "Remastered"}
_EDITIONS |= {"theatrical": "Theatrical", "uncut": "Uncut", "imax": "IMAX", "limited": "Limited"}
_EDITIONS |= {"dc": "Director's Cut"}
_UNANCHORED_STOP = frozenset({"vr", "sbs", "ou", "lr", "hou", "hsbs", "l'integrale", "chapter"})
_ANCHOR_KINDS = frozenset({"resolution", "source", "codec", "language", "spoken"})
# A group written without its dash; never a file extension or a word guessit reads as something else, nor a
# number with a short prefix or a crossed one (a year, "E05", "Part2", "CD1", "1x02": an episode, a part…).
_BARE_GROUP_RE = re.compile(
    r"(?!(?:ts|iso|nfo|srt|rar|zip|r\d\d|dubbed|subbed)$)(?![a-z]{0,4}\d+$)(?!\d+x\d+$)[A-Za-z0-9]{2,20}",
    re.IGNORECASE,
)
_PART_NUMBERS = {str(number): number for number in range(1, 10)}
_PART_NUMBERS |= {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
_PART_NUMBERS |= {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7}
_TAG_LIKE_GROUPS = frozenset({"AVCHD", "HDR", "HEVC", "DTS", "AAC", "AC3", "DL", "DUAL", "MULTI"})
_FRENCH_AUDIO_WORDS = frozenset({"french", "truefrench"})
_SPOKEN = {"german": "de", "fr": "fr", "eng": "en", "en": "en", "italian": "it", "dl": "multi"}
_SPOKEN |= {"ita": "it", "nl": "nl", "dutch": "nl", "spanish": "es", "english": "en", "hindi": "hi"}
_SPOKEN |= {"japanese": "ja", "korean": "ko", "russian": "ru", "rus": "ru", "polish": "pl", "swedish": "sv"}
_EXTENSION_RE = re.compile(r"\.(?:mkv|avi|mp4|m4v)$", re.IGNORECASE)
# A site's tag glued to the group ("-SPARKS[rarbg]"); guessit reads a short group another way ("-SC[rartv]":
# "rartv"), which matters to nothing the selection reads.
_TRACKER_SUFFIX_RE = re.compile(r"-[A-Za-z0-9]{2,20}(\[[A-Za-z0-9]{2,12}\])$")
# A site's address before the name ("www.Torrenting.com - Movie.2008…", "[www.site.org] Movie…"), which
# guessit reads apart as the website.
_SITE_PREFIX_RE = re.compile(
    r"^(?:www\.[A-Za-z0-9-]+\.[A-Za-z]{2,6} - |\[ ?www\.[A-Za-z0-9-]+\.[A-Za-z]{2,6} ?\] ?)"
)
# A fansub episode: the group in brackets, a title of plain words, the episode number counted from the first
# (2 or 3 digits: 4 may be a resolution; a "v2" after it is the fansub's version), after " - " or a lone
# separator, written with spaces, underscores or dots throughout; then only tags in brackets or parentheses.
_FANSUB_RE = re.compile(
    r"^\[(?P<group>[A-Za-z0-9][A-Za-z0-9!.+&-]{0,30})\](?P<sep>[ _.])?(?P<title>[A-Za-z][A-Za-z'!, ._]*?)"
    + r"(?:(?P=sep)-)?(?P=sep)(?P<episode>\d{2,3})(?:v\d)?"
    + r"(?P<tags>(?:(?P=sep)?(?:\[[^][()]*\]|\([^][()]*\)))*)$"
)
_FANSUB_BRACKETS_RE = re.compile(r"[\[(]([^][()]*)[\])]")
_CRC32_RE = re.compile(r"[0-9A-F]{8}")
# "1920x1080" in a fansub's tags: guessit's screen size is the height.
_FRAME_SIZE_RE = re.compile(r"(?<![A-Za-z0-9])\d{3,4}x(\d{3,4})(?![A-Za-z0-9])")
# Disc words fansubs write alone ("[BD]", "[DVD]"), which guessit reads as the source.
_FANSUB_DISCS = {"bd": "bluray", "dvd": "dvd"}
# Words of an episode title ("S01E01.The.Pilot", "S06E08.Jell-O.Shots.and.the.Truth"): capitalised or lower
# case words, hyphenated or with an apostrophe, that guessit keeps as episode_title. Digits (an episode, a
# year) and all-capital words (a tag, a group) are not among them.
_EPISODE_TITLE_WORD_RE = re.compile(r"[A-Z]?[a-z]+(?:'[a-z]+)?(?:-[A-Z]?[a-z]+)*")


def _squash(text: str) -> str:
    return re.sub(r"[ ._-]", "", text).casefold()


def _split_group(name: str) -> tuple[str, str | None]:
    match = _GROUP_RE.search(name)
    if not match:
        return name, None
    whole_last_word = _SPLIT_RE.split(name)[-1]
    if _TOKEN_RE.fullmatch(whole_last_word):
        return name, None  # "WEB-DL" or "DTS-HD" at the end is a tag, not a group
    return name[: match.start()], match.group(1)


def parse_fast(name: str) -> NameFields | None:
    """Parse a scene-style name without guessit, or None when the name is not plainly scene-style."""
    name = _SITE_PREFIX_RE.sub("", _EXTENSION_RE.sub("", name))
    if name.startswith("["):
        return _parse_fansub(name)
    tracker = _TRACKER_SUFFIX_RE.search(name)
    if tracker:
        # "…x264-SPARKS[rarbg]": the site's tag glued to the group, which guessit keeps as part of the group.
        fields = _parse_scene(name[: tracker.start(1)])
        if fields is None or fields.group is None:
            return None
        fields.group += tracker.group(1)
        return fields
    return _parse_scene(name)


def _parse_fansub(name: str) -> NameFields | None:
    """Read "[Group] Show Title - 07 [BD][1080p][A1B2C3D4]" (an episode counted from the first), or None."""
    match = _FANSUB_RE.match(name)
    if not match or match["sep"] is None:
        return None
    title_words = match["title"].split(match["sep"])
    if not _plain_title(title_words):
        return None
    fields = NameFields(group=match["group"], via_guessit=False)
    fields.title = " ".join(title_words)
    fields.episodes = [int(match["episode"])]
    for tag in _FANSUB_BRACKETS_RE.findall(match["tags"]):
        if not _read_fansub_tag(tag, fields):
            return None
    return fields


def _read_fansub_tag(tag: str, fields: NameFields) -> bool:
    """Read one bracket of a fansub's tags (a checksum, a frame size, a disc, vocabulary words); False when a
    word is not known."""
    if _CRC32_RE.fullmatch(tag):
        return True
    frame = _FRAME_SIZE_RE.search(tag)
    if frame:
        fields.resolution = fields.resolution or fold_resolution(int(frame.group(1)))
        tag = tag[: frame.start()] + " " + tag[frame.end() :]
    words = []
    for word in _SPLIT_RE.split(tag):
        disc = _FANSUB_DISCS.get(word.casefold())
        if disc:
            fields.source = fields.source or disc
        elif word:
            words.append(word)
    return _read_tags(" ".join(words), fields)


def _parse_scene(name: str) -> NameFields | None:
    name = _YEAR_PAREN_RE.sub(lambda year: year.group(1) or year.group(2), name)
    alternative = _ALTERNATIVE_TITLE_RE.search(name)
    if alternative and _plain_title(alternative["title"].split()):
        name = name[: alternative.start()] + name[alternative.end() :]
    if any(bracket in name for bracket in "[]()"):
        # Tags in brackets after the title and year or episode ("Title (2014) MULTi (VFF-VO) [1080p] BluRay",
        # "Show - S01E01 - Title [HDTV-720p]"): the brackets are separators. Brackets before them (a site, a
        # fansub group) are left to guessit.
        head = re.split(r"[\[(]", name, maxsplit=1)[0]
        if not any(_YEAR_RE.match(word) or _EPISODE_RE.match(word) for word in _SPLIT_RE.split(head)[1:]):
            return None
        name = " ".join(re.sub(r"[\[\]()]", " ", name).split())
    if not _ALLOWED_NAME_RE.match(name) or name[-1] in " ._-":
        return None
    body, group = _split_group(name)
    if group and group.upper() in _TAG_LIKE_GROUPS:
        return None  # guessit reads it as a tag, not a group
    words = [word for word in _SPLIT_RE.split(body) if word]
    fields = NameFields(group=group, via_guessit=False)
    anchor = _read_anchor(words, fields)
    if anchor is None:
        return None
    title_words = words[: anchor[0]]
    if fields.episodes and len(title_words) > 1 and title_words[-1] == "-":
        title_words = title_words[:-1]  # "Show Name - S01E02 - Episode Title"
    part = _trailing_part(title_words) if not (fields.seasons or fields.episodes) else None
    if part is not None:
        title_words = title_words[:-2]
    if not _plain_title(title_words):
        return None
    fields.title = " ".join(title_words) + (f" Part {part}" if part is not None else "")
    tags_start = anchor[1]
    whole_season = words[tags_start : tags_start + 1] in (["COMPLETE"], ["Complete"])
    if fields.seasons and not fields.episodes and whole_season:
        fields.complete = True  # "S02.COMPLETE": the whole season, as guessit reads it
        tags_start += 1
    if fields.episodes:
        episode_title_end = _skip_episode_title(words, tags_start)
        after_title = words[episode_title_end] if tags_start < episode_title_end < len(words) else ""
        if after_title and _is_language(after_title):
            return None  # "Family.Matters.ITA.TRUEFRENCH": guessit may take it into the episode title
        tags_start = episode_title_end
    tags = words[tags_start:]
    if (
        group is None
        and len(tags) > 1
        and _BARE_GROUP_RE.fullmatch(tags[-1])
        and not _TOKEN_RE.fullmatch(tags[-1])
        and not _EPISODE_RE.match(tags[-1])
        and tags[-1].casefold() not in _PROPERTY_WORDS
        and not _GLUED_PROPERTY_RE.search(tags[-1])
    ):
        group, tags = tags[-1], tags[:-1]  # "HDTV XviD 2HD": the last word after the tags is the group
        fields.group = group
    if fields.seasons and not fields.episodes and tags[:1] and tags[0].casefold() == "av1":
        return None  # "Show.S02.AV1.1080p": guessit takes the AV1 after a season for an episode title
    if group and tags and tags[-1].casefold() == "av1":
        return None  # guessit takes "AV1-GROUP" for the group
    if group and len(group) == 2 and tags and _is_language(tags[-1]):
        return None  # "ENG-SC": guessit reads a language and its country (en-SC), not a group
    rest = " ".join(tags)
    if not _read_tags(rest, fields):
        return None
    if _opens_with_language(words, anchor[0]) and not (fields.year or fields.resolution or fields.source):
        return None  # "The_Italian_Job": a language word alone after the title may be the title's own
    return fields


def _opens_with_language(words: list[str], title_end: int) -> bool:
    token = _TOKEN_RE.fullmatch(words[title_end]) if title_end < len(words) else None
    return bool(token and token.lastgroup == "spoken")


def _is_language(word: str) -> bool:
    token = _TOKEN_RE.fullmatch(word)
    return bool(token and token.lastgroup in ("spoken", "language"))


def _read_anchor(words: list[str], fields: NameFields) -> tuple[int, int] | None:
    """Find the year and/or SxxEyy that ends the title; (title end, tags start) or None."""
    for index in range(1, len(words)):
        word = words[index]
        if _YEAR_RE.match(word):
            fields.year = int(word)
            following = words[index + 1] if index + 1 < len(words) else ""
            if _YEAR_RE.match(following):
                return None  # "Movie.2016.2018" or a year-like title: guessit decides
            marked = _read_episode_mark(words, index + 1, fields)
            return index, index + 1 + marked
        marked = _read_episode_mark(words, index, fields)
        if marked:
            return index, index + marked
        crossed = _CROSS_EPISODE_RE.match(word)
        if crossed:
            fields.seasons, fields.episodes = [int(crossed.group(1))], [int(crossed.group(2))]
            return index, index + 1
        if _SEASON_WORD_RE.match(word) and _season_number(words, index + 1):
            fields.seasons = [int(words[index + 1])]
            return index, index + 2
    # No year and no episode: the title ends at the first word that can only be a tag (a resolution, a source,
    # a codec, a French tracker tag, or a language when a resolution or source follows), as guessit ends it.
    for index in range(1, len(words)):
        token = _TOKEN_RE.fullmatch(words[index])
        if token and token.lastgroup in _ANCHOR_KINDS:
            title = words[:index]
            # Without a year, a number in the title is read as an episode ("Show.Name.101.HDTV"): guessit.
            if any(any(c.isdigit() for c in word) or word.casefold() in _UNANCHORED_STOP for word in title):
                return None
            # Scene words before the first tag (CONVERT, STV, NFOFiX, BDMux) are tags guessit knows: only
            # plainly written title words (Title-case or lower case) end here.
            if not all(word in (word.capitalize(), word.lower()) for word in title):
                return None
            return index, index
    return None


def _season_number(words: list[str], index: int) -> bool:
    """True when words[index] is a season's number standing alone (not "Season.1.2", "Saison.2.Episode.3")."""
    if index >= len(words) or not _SEASON_NUMBER_RE.match(words[index]):
        return False
    following = words[index + 1].casefold() if index + 1 < len(words) else ""
    return not (following.isdigit() or following in ("episode", "to", "a", "-", "&"))


def _trailing_part(title_words: list[str]) -> int | None:
    """The number of a film's closing "Part Two" / "Part 2" / "Part II", read as guessit reads it."""
    if len(title_words) < 3 or title_words[-2].casefold() != "part":
        return None
    return _PART_NUMBERS.get(title_words[-1].casefold())


def _skip_episode_title(words: list[str], start: int) -> int:
    """Past the episode title that follows SxxEyy: plain capitalised words up to the first tag."""
    index = start + 1 if start < len(words) - 1 and words[start] == "-" else start
    while index < len(words) and not _TOKEN_RE.fullmatch(words[index]):
        word = words[index]
        if not _EPISODE_TITLE_WORD_RE.fullmatch(word) or any(
            part in _PROPERTY_WORDS for part in word.casefold().split("-")
        ):
            return start  # a word guessit may read as something else: no episode title
        index += 1
    return index


def _read_episode_mark(words: list[str], index: int, fields: NameFields) -> int:
    """Read the SxxEyy at words[index], also written as two words ("S02.E03"); how many words it took."""
    mark = _EPISODE_RE.match(words[index]) if index < len(words) else None
    if mark is None:
        return 0
    season_only = mark.group(2) is None
    if season_only and index + 1 < len(words) and _EPISODE_RE.match(words[index] + words[index + 1]):
        _read_episode(words[index] + words[index + 1], fields)
        return 2
    _read_episode(words[index], fields)
    return 1


def _read_episode(word: str, fields: NameFields) -> None:
    season, first, dash, last, range_end = _EPISODE_RE.match(word).groups()  # type: ignore[union-attr]
    fields.seasons = [int(season)]
    last = last or range_end
    dash = dash or range_end
    if first and last and not dash:
        fields.episodes = sorted({int(first), int(last)})  # S01E05E09: those two, as guessit reads it
    elif first:
        end = int(last) if last else int(first)
        fields.episodes = list(range(int(first), end + 1))


def _plain_title(words: list[str]) -> bool:
    """True when guessit would keep these words as the title unchanged."""
    if not words:
        return False
    for index, word in enumerate(words):
        if word.casefold() in _TITLE_STOP_WORDS or _TOKEN_RE.fullmatch(word):
            return False
        if len(word) == 1 and index + 1 < len(words) and len(words[index + 1]) == 1:
            return False  # dotted acronyms (R.I.P.D., U.N.C.L.E.)
        if not (word.isdigit() or _TITLE_WORD_RE.fullmatch(word)):
            return False  # mixed letters and digits (BD25, 5of9) are often tags guessit strips
        parts = word.split("-")
        if len(parts) > 1 and any(p.casefold() in _TITLE_STOP_WORDS or _TOKEN_RE.fullmatch(p) for p in parts):
            return False  # "Movie-HD", "Web-DL": a tag glued to a title word
        if len(parts) > 1 and index == 0 and not all(p[0].isupper() and p[1:].islower() for p in parts):
            return False  # "FoV-Show", "blow-how.to…": a group written before the title, as guessit reads it
    return True


def _read_tags(rest: str, fields: NameFields) -> bool:
    """Read every tag after the anchor; False as soon as one word is not in the vocabulary."""
    # A lone dash may open the tags ("Ed Wood (1994) - 1080p FR EN x264").
    position = _SEPARATOR_RE.match(rest).end()  # type: ignore[union-attr]
    words: list[str] = []
    kinds: list[str] = []
    while position < len(rest):
        match = _TOKEN_RE.match(rest, position)
        if not match and fields.episodes:
            match = _EPISODE_DETAILS_RE.match(rest, position)
        if not match:
            return False
        words.append(_squash(match.group()))
        kinds.append(match.lastgroup or "")
        _apply(match.lastgroup or "", words[-1], fields)
        position = _SEPARATOR_RE.match(rest, match.end()).end()  # type: ignore[union-attr]
    if "service" in kinds and fields.source is None:
        return False  # a streaming service without a source: guessit may read the words beside it otherwise
    if any(first == "spoken" and second == "service" for first, second in itertools.pairwise(kinds)):
        return False  # "iTALiAN.NF": guessit may lose the language beside the service
    if len({_SOURCES[word] for word in words if word in _SOURCES}) > 1 or kinds.count("resolution") > 1:
        return False  # two sources ("WEB-DL … BDRip") or resolutions: guessit keeps one by rules of its own
    if len({_codec_of(word) for word, kind in zip(words, kinds, strict=True) if kind == "codec"}) > 1:
        return False  # two codecs ("AVC.10bit.x265"): guessit keeps one by rules of its own
    if any(first == "dl" and second.startswith("web") for first, second in itertools.pairwise(words)):
        return False  # "German.DL.WEB-DL": guessit loses the dual language into the source
    if "spoken" in kinds and kinds.count("spoken") + kinds.count("language") > 2:
        return False  # "ITA.ENG.NORDiC.FRENCH": guessit keeps only some of many languages
    if any(word == "avc" and kind == "resolution" for word, kind in zip(words, kinds[1:], strict=False)):
        return False  # "AVC.1080p": guessit reads no codec there
    if "hdrip" in words and fields.source == "webdl":
        fields.source = "webrip"  # guessit's rip beside its Web source
    if "subforced" in words:
        # "FRENCH.SUBFORCED" (either order): guessit reads French subtitles forced over the original audio.
        at = words.index("subforced")
        if not _FRENCH_AUDIO_WORDS & set(words[max(at - 1, 0) : at + 2]):
            return False
        if {"spoken", "language"} & set(kinds[at + 1 : at + 2]):
            return False  # "SUBFORCED.SPANISH": guessit reads the language after it as subtitles
        fields.subtitle_languages = ["fr"]
    # "German.DL.Dubbed": a dubbed language guessit names; "Dubbed" alone is guessit's undetermined language.
    return "dubbed" not in words or bool(fields.languages)


def _apply(kind: str, word: str, fields: NameFields) -> None:
    if kind == "resolution":
        fields.resolution = fields.resolution or fold_resolution(int(word[:-1]))
    elif kind == "source":
        if word in ("remux", "bdremux"):
            fields.remux = True
        else:
            fields.source = fields.source or _SOURCES[word]
            fields.rip = fields.rip or word in ("bdrip", "brrip", "dvdrip", "uhdbdrip", "hdtvrip")
    elif kind == "rip":
        fields.rip = True
    elif kind == "audio":
        fields.audio.append(_AUDIO[re.sub(r"[1257][01]$", "", word)])
    elif kind == "codec":
        fields.codec = fields.codec or _codec_of(word)
    elif kind == "hdr":
        fields.hdr.append(_HDR[word])
    elif kind == "edition":
        fields.edition = _EDITIONS[word]
    elif kind == "spoken" and _SPOKEN[word] not in fields.languages:
        fields.languages.append(_SPOKEN[word])


def _codec_of(word: str) -> str:
    if word[-1] == "5" or word.startswith("hevc"):
        return "x265"
    return {"xvid": "XviD", "av1": "AV1", "mpeg2": "MPEG-2"}.get(word, "x264")
