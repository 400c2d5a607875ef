"""Content negotiation with q-values (RFC 9110, section 12.5): media types by ``Accept``, the page language by
``Accept-Language``. The one place of the app that reads q-values.

Each offered media type takes the quality of the *most specific* range
that matches it (``text/csv`` over ``text/*`` over ``*/*``); a quality of 0
refuses it. The offer with the highest quality wins; ties go to the
server's order of preference. No ``Accept`` header accepts everything.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MediaRange:
    type: str
    subtype: str
    quality: float

    def specificity(self, media_type: str) -> int:
        """How specifically this range matches ``media_type``: 2 exact, 1 ``type/*``, 0 ``*/*``, -1 not at all."""
        main, _, sub = media_type.partition("/")
        if self.type == "*":
            return 0
        if self.type != main:
            return -1
        if self.subtype == "*":
            return 1
        return 2 if self.subtype == sub else -1


def parse_qualities(header: str | None) -> list[tuple[str, float]]:
    """The values of a header with q-values, lower-cased, in the header's order, each with its quality.

    A quality is clamped to 0..1; one that is not a number counts as 0 (refused).
    """
    found = []
    for part in (header or "").split(","):
        fields = [f.strip() for f in part.split(";")]
        value = fields[0].lower()
        if not value:
            continue
        quality = 1.0
        for param in fields[1:]:
            name, _, raw = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = min(max(float(raw.strip()), 0.0), 1.0)
                except ValueError:
                    quality = 0.0
        found.append((value, quality))
    return found


def parse_accept(header: str | None) -> list[MediaRange]:
    """The media ranges of an ``Accept`` header; malformed parts are ignored."""
    ranges = []
    for media, quality in parse_qualities(header):
        main, slash, sub = media.partition("/")
        if not slash or not main or not sub or (main == "*" and sub != "*"):
            continue
        ranges.append(MediaRange(main, sub, quality))
    return ranges


def language(
    header: str | None, offers, default: str, *, explicit: str | None = None, remembered: str | None = None
) -> str:
    """The page language: an explicit choice, then a remembered one, then the best ``Accept-Language`` match.

    A language range matches an offer by its primary subtag (``sv-FI`` → ``sv``); ties go to the header's order.
    """
    for choice in (explicit, remembered):
        if choice is not None and choice in offers:
            return choice
    ranked = sorted(((q, -i, tag) for i, (tag, q) in enumerate(parse_qualities(header)) if q > 0), reverse=True)
    for _q, _i, tag in ranked:
        primary = tag.split("-")[0]
        if primary in offers:
            return primary
    return default


def quality(ranges: list[MediaRange], media_type: str) -> float:
    """The quality the client gives ``media_type`` (0 when no range matches)."""
    best, quality_of_best = -1, 0.0
    for media_range in ranges:
        level = media_range.specificity(media_type)
        if level > best or (level == best and media_range.quality > quality_of_best):
            best, quality_of_best = level, media_range.quality
    return quality_of_best if best >= 0 else 0.0


def choose(header: str | None, offers: list[str]) -> tuple[str, float] | None:
    """The best of ``offers`` (in the server's order of preference) for ``header``, with its quality.

    None when the client accepts none of them (answer 406).
    """
    if not offers:
        return None
    if header is None or not header.strip():
        return offers[0], 1.0
    ranges = parse_accept(header)
    if not ranges:
        return offers[0], 1.0
    scored = [(quality(ranges, offer), -i, offer) for i, offer in enumerate(offers)]
    best_quality, _, best = max(scored)
    return (best, best_quality) if best_quality > 0 else None


def explicitly_accepts(header: str | None, media_type: str) -> float:
    """The quality of ``media_type`` when a range names its type (not only ``*/*``), else 0."""
    ranges = [r for r in parse_accept(header) if r.type != "*"]
    return quality(ranges, media_type)
