"""Resolve English date expressions against an anchor date, keeping exactly the precision the text gives.

"In May" is a month (`2023-05`), never `2023-05-01`; "last year" is a year; "on Thursday" is the latest Thursday on
or before publication for a past event and the next one for a planned event; "since 1993" is an open interval;
"two-day" and "30 years" are no dates. Nothing ever falls back silently to the publication date: what cannot be
resolved comes back with precision "unresolved".
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Literal

from ..models import TimeValue

Tense = Literal["past", "present", "future"]

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS |= {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
MONTHS |= {"sept": 9}
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
           "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": None, "few": None, "a few": None}
UNITS = {"day": "day", "days": "day", "week": "week", "weeks": "week", "month": "month", "months": "month",
         "year": "year", "years": "year", "decade": "decade", "decades": "decade"}

MONTH = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
WEEKDAY = r"(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
NUM = r"(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|a few|few)"
UNIT = r"(?P<unit>days?|weeks?|months?|years?|decades?)"
ANY_NUM = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|a few|few)"
ANY_UNIT = r"(?:days?|weeks?|months?|years?|decades?)"

# Order matters: the first pattern that matches the whole expression wins.
PATTERNS: list[tuple[str, re.Pattern[str]]] = [(name, re.compile(rf"^(?:{p})$")) for name, p in [
    ("not_a_date", rf"(?:the\s+)?\d+(?:st|nd|rd|th)\s+anniversary|{ANY_NUM}[- ]{ANY_UNIT}(?:[- ]long|[- ]old)?|(?:for|over|in|within)\s+(?:the\s+)?(?:past\s+|last\s+|next\s+)?{ANY_NUM}\s+{ANY_UNIT}|(?:\d+|two|three|four|five|six|seven|eight|nine|ten)[- ](?:hour|minute|second)s?(?:[- ]long)?|\d+\s+(?:hours?|minutes?)"),
    ("interval_years", r"(?:between|from)?\s*(?P<y1>(?:1[89]|20)\d\d)\s*(?:-|–|—|to|and|until|through)\s*(?P<y2>(?:1[89]|20)\d\d|\d\d)"),
    ("since_year", rf"(?:ever\s+)?since\s+{YEAR}"),
    ("decade", r"(?:in\s+|during\s+)?(?:the\s+)?(?:early\s+|late\s+|mid-?\s*)?(?P<decade>(?:1[89]|20)\d0)'?s"),
    ("since_month_year", rf"(?:ever\s+)?since\s+{MONTH}\s+{YEAR}"),
    ("full_dmy", rf"(?:(?:on\s+)?{WEEKDAY},?\s+)?(?:on\s+)?(?:the\s+)?{DAY}\s+(?:of\s+)?{MONTH},?\s+{YEAR}"),
    ("full_mdy", rf"(?:(?:on\s+)?{WEEKDAY},?\s+)?(?:on\s+)?{MONTH}\s*{DAY},?\s+{YEAR}"),
    ("iso", r"(?P<year>\d{4})-(?P<month>\d\d)-(?P<day>\d\d)"),
    ("day_month", rf"(?:(?:on\s+)?{WEEKDAY},?\s+)?(?:on\s+)?(?:the\s+)?{DAY}\s+(?:of\s+)?{MONTH}"),
    ("month_day", rf"(?:(?:on\s+)?{WEEKDAY},?\s+)?(?:on\s+)?{MONTH}\s*{DAY}"),
    ("month_year", rf"(?:in\s+|since\s+|by\s+)?(?:early\s+|mid-?\s*|late\s+)?{MONTH},?\s+(?:of\s+)?{YEAR}"),
    ("ordinal_day", r"(?:on\s+)?the\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)(?:\s+of\s+the\s+month)?"),
    ("last_month_name", rf"(?:in\s+)?last\s+{MONTH}"),
    ("this_month_name", rf"(?:in\s+|earlier\s+|later\s+)?this\s+{MONTH}"),
    ("next_month_name", rf"(?:in\s+)?next\s+{MONTH}"),
    ("month", rf"(?:in\s+|by\s+|since\s+|during\s+|until\s+)?(?:early\s+|mid-?\s*|late\s+)?{MONTH}"),
    ("year", rf"(?:in\s+|by\s+|during\s+|the\s+year\s+|early\s+|late\s+|mid-?\s*)?{YEAR}(?:'s)?"),
    ("weekday", rf"(?:on\s+|last\s+|this\s+|next\s+|early\s+|late\s+)?{WEEKDAY}(?:\s+(?:morning|afternoon|evening|night))?"),
    ("yesterday", r"yesterday|last\s+night"),
    ("today", r"today|tonight|this\s+(?:morning|afternoon|evening)"),
    ("tomorrow", r"tomorrow"),
    ("last_week", r"(?:last|past)\s+week|(?:earlier|late[r]?)\s+last\s+week"),
    ("this_week", r"this\s+week|(?:earlier|later)\s+this\s+week"),
    ("next_week", r"next\s+week"),
    ("last_month", r"last\s+month|(?:earlier|late)\s+last\s+month"),
    ("this_month", r"this\s+month|(?:earlier|later)\s+this\s+month"),
    ("next_month", r"next\s+month"),
    ("last_year", r"(?:in\s+)?last\s+year|(?:earlier|late)\s+last\s+year|a\s+year\s+ago"),
    ("this_year", r"(?:earlier|later)?\s*this\s+year|(?:in\s+)?the\s+current\s+year|this\s+year's"),
    ("next_year", r"next\s+year"),
    ("ago", rf"{NUM}\s+{UNIT}\s+ago"),
    ("later", rf"{NUM}\s+{UNIT}\s+(?:later|after(?:wards)?)"),
    ("earlier", rf"{NUM}\s+{UNIT}\s+(?:earlier|before)"),
    ("soon_after", r"soon\s+after(?:wards)?|shortly\s+after(?:wards)?|(?:the\s+)?(?:next|following)\s+day|days\s+later|later\s+that\s+(?:day|week|month|year)"),
    ("vague", r"(?:in\s+)?recent\s+(?:years|months|weeks|days)|recently|lately|in\s+the\s+past|(?:in\s+)?the\s+(?:coming|past)\s+(?:days|weeks|months|years)|soon|now|currently|at\s+the\s+time|(?:every|each)\s+\w+|annual(?:ly)?|daily|weekly|monthly|yearly|the\s+(?:day|week|month|year)"),
]]

CLEAN = re.compile(r"[\s\u00a0]+")


def _clean(text: str) -> str:
    text = CLEAN.sub(" ", text.strip().lower()).strip(" ,.;:")
    return re.sub(r"^(?:on|in|at|during|from|by)\s+(?=the\s+\d)", "", text).replace("’", "'")


def _month_number(name: str) -> int:
    name = name.rstrip(".")
    return MONTHS.get(name) or MONTHS[name[:3]]


def _iso(year: int, month: int | None = None, day: int | None = None) -> str:
    if day is not None:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return f"{year:04d}-{month:02d}" if month is not None else f"{year:04d}"


def _shift_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _count(text: str | None) -> int | None:
    if text is None:
        return None
    return int(text) if text.isdigit() else NUMBERS.get(text)


def _valid_day(year: int, month: int, day: int) -> bool:
    return 1 <= day <= calendar.monthrange(year, month)[1]


def _value(text: str, value: str | None, precision: str, method: str, anchor: dt.date | None) -> TimeValue:
    if value is None:
        precision, method = "unresolved", "unresolved"
    return TimeValue(text=text, value=value, precision=precision, method=method,
                     anchor=anchor.isoformat() if anchor and value else None)


def is_date_expression(text: str) -> bool:
    """False for durations and other look-alikes that are not points in time ("two-day", "30 years")."""
    cleaned = _clean(text)
    for name, pattern in PATTERNS:
        if pattern.match(cleaned):
            return name != "not_a_date"
    return bool(re.search(r"(?:1[89]|20)\d\d", cleaned))


def resolve(text: str, published: dt.date | None, tense: Tense = "past", reference: TimeValue | None = None) -> TimeValue:
    """Resolve `text` against the publication date, or against `reference` (another date in the text) for
    "a month after", "two years later" and "soon after". Never raises; unresolvable text is "unresolved"."""
    try:
        return _resolve(text, published, tense, reference)
    except (ValueError, KeyError, OverflowError):
        return _value(text, None, "unresolved", "unresolved", None)


def _resolve(text: str, pub: dt.date | None, tense: Tense, reference: TimeValue | None) -> TimeValue:
    cleaned = _clean(text)
    for name, pattern in PATTERNS:
        match = pattern.match(cleaned)
        if match:
            break
    else:
        return _loose(text, cleaned)
    g = match.groupdict()
    if name in ("not_a_date", "vague"):
        return _value(text, None, "unresolved", "unresolved", None)
    if name == "interval_years":
        y1, y2 = int(g["y1"]), g["y2"]
        end = int(y2) if len(y2) == 4 else (y1 // 100) * 100 + int(y2)
        return _value(text, f"{y1:04d}/{end:04d}", "interval", "explicit", None) if end >= y1 else _loose(text, cleaned)
    if name == "decade":
        start = int(g["decade"])
        return _value(text, f"{start:04d}/{start + 9:04d}", "interval", "explicit", None)
    if name == "since_year":
        return _value(text, f"{g['year']}/..", "interval", "explicit", None)
    if name == "since_month_year":
        return _value(text, f"{_iso(int(g['year']), _month_number(g['month']))}/..", "interval", "explicit", None)
    if name in ("full_dmy", "full_mdy", "iso"):
        year, day = int(g["year"]), int(g["day"])
        month = int(g["month"]) if name == "iso" else _month_number(g["month"])
        if not _valid_day(year, month, day):
            return _value(text, None, "unresolved", "unresolved", None)
        return _value(text, _iso(year, month, day), "day", "explicit", None)
    if name == "month_year":
        return _value(text, _iso(int(g["year"]), _month_number(g["month"])), "month", "explicit", None)
    if name == "year":
        return _value(text, g["year"], "year", "explicit", None)
    if reference is not None and reference.value and name in ("later", "earlier", "soon_after"):
        return _relative_to(text, reference, name, g)
    if pub is None:
        return _value(text, None, "unresolved", "unresolved", None)
    return _relative_to_publication(text, name, g, pub, tense)


def _nearest_year(pub: dt.date, month: int, day: int | None, tense: Tense) -> int:
    """The year that puts month (and day) on the right side of publication for the tense."""
    year = pub.year
    candidate = (month, day or 1)
    if tense == "future":
        return year + 1 if candidate < (pub.month, pub.day if day else 1) else year
    return year - 1 if candidate > (pub.month, pub.day if day else 31) else year


def _relative_to_publication(text: str, name: str, g: dict, pub: dt.date, tense: Tense) -> TimeValue:
    rel = "publication"
    if name in ("day_month", "month_day"):
        month, day = _month_number(g["month"]), int(g["day"])
        year = _nearest_year(pub, month, day, tense)
        if not _valid_day(year, month, day):
            return _value(text, None, "unresolved", "unresolved", None)
        return _value(text, _iso(year, month, day), "day", rel, pub)
    if name == "ordinal_day":
        day = int(g["day"])
        year, month = pub.year, pub.month
        if tense != "future" and day > pub.day:
            year, month = _shift_months(year, month, -1)
        elif tense == "future" and day < pub.day:
            year, month = _shift_months(year, month, 1)
        if not _valid_day(year, month, day):
            return _value(text, None, "unresolved", "unresolved", None)
        return _value(text, _iso(year, month, day), "day", rel, pub)
    if name == "month":
        month = _month_number(g["month"])
        return _value(text, _iso(_nearest_year(pub, month, None, tense), month), "month", rel, pub)
    if name == "last_month_name":
        month = _month_number(g["month"])
        return _value(text, _iso(pub.year if month < pub.month else pub.year - 1, month), "month", rel, pub)
    if name == "this_month_name":
        return _value(text, _iso(pub.year, _month_number(g["month"])), "month", rel, pub)
    if name == "next_month_name":
        month = _month_number(g["month"])
        return _value(text, _iso(pub.year if month > pub.month else pub.year + 1, month), "month", rel, pub)
    if name == "weekday":
        target = WEEKDAYS[g["weekday"]]
        lead = cleaned_lead(text)
        if lead == "next" or (tense == "future" and lead != "last"):
            delta = (target - pub.weekday()) % 7 or (7 if lead == "next" else 0)
            day = pub + dt.timedelta(days=delta)
        else:
            delta = (pub.weekday() - target) % 7 or (7 if lead == "last" else 0)
            day = pub - dt.timedelta(days=delta)
        return _value(text, day.isoformat(), "day", rel, pub)
    days = {"yesterday": -1, "today": 0, "tomorrow": 1}
    if name in days:
        return _value(text, (pub + dt.timedelta(days=days[name])).isoformat(), "day", rel, pub)
    if name in ("last_week", "this_week", "next_week"):
        monday = pub - dt.timedelta(days=pub.weekday()) + dt.timedelta(weeks={"last_week": -1, "this_week": 0, "next_week": 1}[name])
        return _value(text, f"{monday.isoformat()}/{(monday + dt.timedelta(days=6)).isoformat()}", "interval", rel, pub)
    if name in ("last_month", "this_month", "next_month"):
        year, month = _shift_months(pub.year, pub.month, {"last_month": -1, "this_month": 0, "next_month": 1}[name])
        return _value(text, _iso(year, month), "month", rel, pub)
    if name in ("last_year", "this_year", "next_year"):
        return _value(text, _iso(pub.year + {"last_year": -1, "this_year": 0, "next_year": 1}[name]), "year", rel, pub)
    if name == "ago":
        return _shifted(text, pub, -1, g, rel, pub)
    return _value(text, None, "unresolved", "unresolved", None)


def cleaned_lead(text: str) -> str:
    words = _clean(text).split()
    return words[0] if words else ""


def _shifted(text: str, base: dt.date, sign: int, g: dict, method: str, anchor: dt.date) -> TimeValue:
    """base +/- n units, at the precision of the unit: "two years ago" is a year, "three days ago" a day."""
    n, unit = _count(g.get("n")), UNITS[g["unit"]]
    if n is None:
        return _value(text, None, "unresolved", "unresolved", None)
    if unit == "day":
        return _value(text, (base + dt.timedelta(days=sign * n)).isoformat(), "day", method, anchor)
    if unit == "week":
        return _value(text, (base + dt.timedelta(weeks=sign * n)).isoformat(), "day", method, anchor)
    if unit == "month":
        year, month = _shift_months(base.year, base.month, sign * n)
        return _value(text, _iso(year, month), "month", method, anchor)
    years = n * (10 if unit == "decade" else 1)
    return _value(text, _iso(base.year + sign * years), "year", method, anchor)


def _reference_date(reference: TimeValue) -> tuple[dt.date, str]:
    value = reference.value.split("/")[0]
    parts = [int(p) for p in value.split("-")]
    precision = ("year", "month", "day")[len(parts) - 1]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1), precision


def _relative_to(text: str, reference: TimeValue, name: str, g: dict) -> TimeValue:
    base, precision = _reference_date(reference)
    if name == "soon_after":
        value = reference.value.split("/")[0]
        return _value(text, value, precision, "relative", base)
    shifted = _shifted(text, base, 1 if name == "later" else -1, g, "relative", base)
    if shifted.value and shifted.precision in ("day", "month") and precision != "day":
        # Never more precise than the reference: "a month after May 2023" is a month; after "2022" it is a year.
        keep = {"year": 4, "month": 7}[precision]
        return shifted.model_copy(update={"value": shifted.value[:keep], "precision": precision})
    return shifted


def _loose(text: str, cleaned: str) -> TimeValue:
    """A year inside a longer phrase ("the 2020 war") is that year; anything else is unresolved."""
    years = re.findall(r"(?<!\d)((?:1[89]|20)\d\d)(?!\d)", cleaned)
    if len(set(years)) == 1:
        return _value(text, years[0], "year", "explicit", None)
    return _value(text, None, "unresolved", "unresolved", None)
