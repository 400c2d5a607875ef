"""Content negotiation by ``Accept`` with q-values (RFC 9110, section 12.5.1).

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


def parse_accept(header: str | None) -> list[MediaRange]:
    """The media ranges of an ``Accept`` header; malformed parts are ignored."""
    ranges = []
    for part in (header or "").split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if "/" not in media:
            continue
        main, _, sub = media.partition("/")
        if not main or not sub or (main == "*" and sub != "*"):
            continue
        quality = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = min(max(float(value.strip()), 0.0), 1.0)
                except ValueError:
                    quality = 0.0
        ranges.append(MediaRange(main, sub, quality))
    return ranges


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
