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

DAY2 = DAY.replace("?P<day>", "?P<day2>")
WEEKDAY2 = WEEKDAY.replace("?P<weekday>", "?P<weekday2>")
MONTH2 = MONTH.replace("?P<month>", "?P<month2>")
TO = r"\s*(?:-|–|—|to|and|until|till|through)\s*"
APPROX = r"(?:about|around|almost|nearly|roughly|some|more\s+than|less\s+than|over|under|at\s+least|close\s+to)\s+"
REFERENCE_NAMES = {"ref_year", "ref_month", "ref_day", "ref_week", "ref_month_name", "soon_after", "later", "earlier"}

# Order matters: the first pattern that matches the whole expression wins.
PATTERNS: list[tuple[str, re.Pattern[str]]] = [(name, re.compile(rf"^(?:{p})$")) for name, p in [
    ("not_a_date", rf"(?:the\s+)?\d+(?:st|nd|rd|th)\s+anniversary|{ANY_NUM}[- ]{ANY_UNIT}(?:[- ]long|[- ]old)?|(?:for|over|in|within)\s+(?:the\s+)?(?:past\s+|last\s+|next\s+)?(?!few\s+days){ANY_NUM}\s+{ANY_UNIT}|(?:\d+|two|three|four|five|six|seven|eight|nine|ten)[- ](?:hour|minute|second)s?(?:[- ]long)?|\d+\s+(?:hours?|minutes?)|{APPROX}{ANY_NUM}\b.*"),
    ("interval_years", r"(?:between|from)?\s*(?P<y1>(?:1[89]|20)\d\d)\s*(?:-|–|—|to|and|until|through)\s*(?P<y2>(?:1[89]|20)\d\d|\d\d)"),
    ("since_year", rf"(?:ever\s+)?since\s+{YEAR}"),
    ("decade", r"(?:in\s+|during\s+)?(?:the\s+)?(?:early\s+|late\s+|mid-?\s*)?(?P<decade>(?:1[89]|20)\d0)'?s"),
    ("since_month_year", rf"(?:ever\s+)?since\s+{MONTH}\s+{YEAR}"),
    # ranges of days: "May 31 to June 6", "June 7-8", "July 8-9, 2024", "3-5 May", "31 May to 6 June 2013"
    ("range_mdmd", rf"(?:from\s+|between\s+)?{MONTH}\s*{DAY}{TO}{MONTH2}\s*{DAY2},?(?:\s+{YEAR})?"),
    ("range_mdd", rf"(?:from\s+|between\s+)?{MONTH}\s*{DAY}{TO}{DAY2}(?:,?\s+{YEAR})?"),
    ("range_dmdm", rf"(?:from\s+|between\s+)?(?:the\s+)?{DAY}\s+(?:of\s+)?{MONTH}{TO}(?:the\s+)?{DAY2}\s+(?:of\s+)?{MONTH2},?(?:\s+{YEAR})?"),
    ("range_ddm", rf"(?:from\s+|between\s+)?(?:the\s+)?{DAY}{TO}(?:the\s+)?{DAY2}\s+(?:of\s+)?{MONTH},?(?:\s+{YEAR})?"),
    ("range_months", rf"(?:from\s+|between\s+)?{MONTH}{TO}{MONTH2},?(?:\s+{YEAR})?"),
    ("full_dmy", rf"(?:(?:on\s+)?{WEEKDAY},?\s+)?(?:on\s+)?(?:the\s+)?{DAY}\s+(?:of\s+)?{MONTH},?\s+{YEAR}"),
    ("full_mdy", rf"(?:(?:on\s+)?{WEEKDAY},?\s+)?(?:on\s+)?{MONTH}\s*{DAY},?\s+{YEAR}"),
    ("iso", r"(?P<year>\d{4})-(?P<month>\d\d)-(?P<day>\d\d)"),
    # "April 18 last year", "in May of last year", "June this year"
    ("month_rel_year", rf"(?:in\s+|on\s+|since\s+|by\s+)?(?:early\s+|mid-?\s*|late\s+)?(?:(?:the\s+)?{DAY2}\s+(?:of\s+)?)?{MONTH}(?:\s*{DAY})?,?\s+(?:of\s+)?(?P<rel>last|this|next)\s+year"),
    # "June 4 of the same year", "in May that year": the year of the date told before
    ("ref_month_name", rf"(?:in\s+|on\s+|by\s+)?(?:early\s+|mid-?\s*|late\s+)?(?:(?:the\s+)?{DAY2}\s+(?:of\s+)?)?{MONTH}(?:\s*{DAY})?,?\s+(?:of\s+)?(?:that|the\s+same)\s+year"),
    ("day_month", rf"(?:(?:on\s+)?{WEEKDAY},?\s+)?(?:on\s+)?(?:the\s+)?{DAY}\s+(?:of\s+)?{MONTH}"),
    ("month_day", rf"(?:(?:on\s+)?{WEEKDAY},?\s+)?(?:on\s+)?{MONTH}\s*{DAY}"),
    ("month_year", rf"(?:in\s+|since\s+|by\s+)?(?:early\s+|mid-?\s*|late\s+|the\s+end\s+of\s+|the\s+beginning\s+of\s+)?{MONTH},?\s+(?:of\s+)?{YEAR}"),
    ("ordinal_day", r"(?:on\s+)?the\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)(?:\s+of\s+(?:the|this)\s+month)?"),
    ("last_month_name", rf"(?:in\s+|since\s+)?(?:the\s+)?last\s+{MONTH}"),
    ("this_month_name", rf"(?:in\s+|earlier\s+|later\s+)?this\s+{MONTH}"),
    ("next_month_name", rf"(?:in\s+)?next\s+{MONTH}"),
    ("month", rf"(?:in\s+|by\s+|since\s+|during\s+|until\s+)?(?:early\s+|mid-?\s*|late\s+|the\s+end\s+of\s+|the\s+beginning\s+of\s+)?{MONTH}"),
    ("year", rf"(?:in\s+|by\s+|during\s+|the\s+year\s+(?:of\s+)?|early\s+|late\s+|mid-?\s*|(?:the\s+)?(?:end|beginning|start)\s+of\s+)?{YEAR}(?:'s)?"),
    ("weekdays", rf"(?:from\s+|between\s+)?{WEEKDAY}{TO}{WEEKDAY2}"),
    ("weekday", rf"(?:(?:on\s+)?(?:last|this|next|early|late|earlier|later)\s+(?:on\s+)?|on\s+)?{WEEKDAY}(?:\s+(?:morning|afternoon|evening|night))?"),
    ("yesterday", r"(?:early\s+|late\s+)?yesterday(?:\s+(?:morning|afternoon|evening))?|last\s+night"),
    ("today", r"(?:earlier\s+|later\s+|(?:as\s+)?early\s+as\s+)?(?:today|tonight)|this\s+(?:morning|afternoon|evening)"),
    ("tomorrow", r"tomorrow(?:\s+(?:morning|afternoon|evening|night))?"),
    ("weekend", r"(?:over|at|on|during)?\s*(?:the|this|last|next|past)\s+weekend"),
    ("recent_days", r"(?:in|over|during)\s+(?:recent\s+days|the\s+(?:past|last)\s+few\s+days)"),
    ("last_week", r"(?:last|past)\s+week|(?:earlier|late[r]?)\s+last\s+week"),
    ("this_week", r"this\s+week|(?:earlier|later)\s+this\s+week"),
    ("next_week", r"next\s+week|(?:early|later?)\s+next\s+week"),
    ("last_month", r"last\s+month|(?:earlier|late)\s+last\s+month|(?:the\s+)?end\s+of\s+last\s+month"),
    ("this_month", r"this\s+month|(?:earlier|later)\s+this\s+month|(?:the\s+)?(?:end|beginning|start)\s+of\s+(?:the|this)\s+month"),
    ("next_month", r"next\s+month|(?:early|later?)\s+next\s+month|(?:the\s+)?end\s+of\s+next\s+month"),
    ("last_year", r"(?:in\s+)?last\s+year|(?:earlier|late)\s+last\s+year|a\s+year\s+ago|(?:the\s+)?(?:end|beginning|start)\s+of\s+last\s+year"),
    ("this_year", r"(?:earlier|later)?\s*this\s+year|(?:in\s+)?the\s+current\s+year|this\s+year's|(?:the\s+)?(?:end|beginning|start)\s+of\s+(?:the|this)\s+year|year-end"),
    ("next_year", r"next\s+year|(?:early|later?)\s+next\s+year|(?:the\s+)?(?:end|beginning|start)\s+of\s+next\s+year"),
    ("ago", rf"(?:just\s+|only\s+)?{NUM}\s+{UNIT}\s+ago"),
    ("later", rf"(?:just\s+|only\s+)?{NUM}\s+{UNIT}\s+(?:later|after(?:wards)?)"),
    ("earlier", rf"(?:just\s+|only\s+)?{NUM}\s+{UNIT}\s+(?:earlier|before)"),
    # relative to the date told before ("the following year", "later that month", "the same day")
    ("ref_day", r"(?:in\s+|during\s+|on\s+)?(?:the\s+(?P<next>next|following)|the\s+(?P<prev>previous|preceding))\s+day|the\s+day\s+(?:(?P<before>before)|(?P<after>after))|(?:(?:later|earlier)\s+)?(?:in\s+|on\s+)?(?:that|the\s+same|that\s+same)\s+day|(?:hours|minutes|moments)\s+(?:later|afterwards)|later\s+in\s+the\s+day"),
    ("ref_week", r"(?:in\s+|during\s+|on\s+)?(?:the\s+(?P<next>next|following)|the\s+(?P<prev>previous|preceding))\s+week|the\s+week\s+(?:(?P<before>before)|(?P<after>after))|(?:(?:later|earlier)\s+)?(?:in\s+|on\s+)?(?:that|the\s+same|that\s+same)\s+week"),
    ("ref_month", r"(?:in\s+|during\s+|on\s+)?(?:the\s+(?P<next>next|following)|the\s+(?P<prev>previous|preceding))\s+month|the\s+month\s+(?:(?P<before>before)|(?P<after>after))|(?:(?:later|earlier)\s+)?(?:in\s+|on\s+)?(?:that|the\s+same|that\s+same)\s+month"),
    ("ref_year", r"(?:in\s+|during\s+|on\s+)?(?:the\s+(?P<next>next|following)|the\s+(?P<prev>previous|preceding))\s+year|the\s+year\s+(?:(?P<before>before)|(?P<after>after))|(?:(?:later|earlier)\s+)?(?:in\s+|on\s+)?(?:that|the\s+same|that\s+same)\s+year"),
    ("soon_after", r"soon\s+after(?:wards)?|shortly\s+after(?:wards)?|days\s+later"),
    ("vague", r"(?:in\s+)?recent\s+(?:years|months|weeks|days)|recently|lately|in\s+the\s+past|(?:in\s+)?the\s+(?:coming|past)\s+(?:days|weeks|months|years)|soon|now|currently|at\s+the\s+time|(?:every|each)\s+\w+|annual(?:ly)?|daily|weekly|monthly|yearly|the\s+(?:week|month|year)"),
]]
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
            "ninth": 9, "tenth": 10, "fifteenth": 15, "twentieth": 20, "twenty-fifth": 25, "thirtieth": 30,
            "fortieth": 40, "fiftieth": 50, "sixtieth": 60, "seventieth": 70, "seventy-fifth": 75, "eightieth": 80,
            "hundredth": 100}
ANNIVERSARY = re.compile(r"\b(?P<n>\d{1,3})(?:st|nd|rd|th)\s+anniversary\b|\b(?P<word>" + "|".join(ORDINALS) + r")\s+anniversary\b", re.I)

CLEAN = re.compile(r"[\s\u00a0]+")


def _clean(text: str) -> str:
    text = CLEAN.sub(" ", text.strip().lower()).replace("’", "'").strip(" ,.;:-–—")
    text = re.sub(r"'s$", "", text)  # "Monday's talks", "last April's visit"
    text = re.sub(r"^(?:(?:on|in|at|during)\s+)?the\s+(?:night|morning|evening|afternoon)\s+of\s+", "", text)
    text = re.sub(r"^(?:by|at|until|before|towards?)\s+(?=(?:the\s+)?(?:end|beginning|start)\s+of)", "", text)
    return re.sub(r"^(?:on|in|at|during|from|by)\s+(?=the\s+\d)", "", text)


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
    name, match = _pattern(cleaned)
    since = re.match(r"^(?:ever\s+)?since\s+(?P<rest>.+)$", cleaned)
    if since and name not in ("since_year", "since_month_year"):
        # "since May", "since last year": an open interval from that point
        start = _resolve(since.group("rest"), pub, "past", reference)
        if start.value and not start.value.endswith(".."):
            return start.model_copy(update={"text": text, "value": f"{start.value.split('/')[0]}/..", "precision": "interval"})
        return _value(text, None, "unresolved", "unresolved", None)
    if match is None:
        return _composite(text, cleaned, pub, tense, reference)
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
    if name.startswith("range_"):
        return _range(text, name, g, pub, tense)
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
    if name in REFERENCE_NAMES:
        if reference is not None and reference.value:
            return _relative_to(text, reference, name, g)
        if name.startswith("ref_"):
            return _value(text, None, "unresolved", "unresolved", None)
    if pub is None:
        return _value(text, None, "unresolved", "unresolved", None)
    return _relative_to_publication(text, name, g, pub, tense)


def _pattern(cleaned: str) -> tuple[str | None, re.Match[str] | None]:
    for name, pattern in PATTERNS:
        match = pattern.match(cleaned)
        if match:
            return name, match
    return None, None


def pattern_name(text: str) -> str | None:
    """The name of the resolver rule that reads `text` whole ("weekday", "month_year", "not_a_date"...), or None."""
    return _pattern(_clean(text))[0]


def _composite(text: str, cleaned: str, pub: dt.date | None, tense: Tense, reference: TimeValue | None) -> TimeValue:
    """Appositions: "today, Friday, March 3", "Saturday (January 7)": the parts that are dates must agree; the most
    precise one is the value. Anything else: a year inside a longer phrase, or unresolved."""
    parts = [p.strip() for p in re.split(r"[,()\[\]]", cleaned) if p.strip()]
    if len(parts) > 1:
        values = [v for v in (_resolve(p, pub, tense, reference) for p in parts) if v.value and "/" not in v.value]
        if values and all(a.value.startswith(b.value) or b.value.startswith(a.value) for a in values for b in values):
            best = max(values, key=lambda v: (len(v.value), v.method == "explicit"))
            return best.model_copy(update={"text": text})
        if values:
            return _value(text, None, "unresolved", "unresolved", None)
    return _loose(text, cleaned)


def _range(text: str, name: str, g: dict, pub: dt.date | None, tense: Tense) -> TimeValue:
    """"May 31 to June 6", "June 7-8, 2024", "3-5 May", "from March to May 2023": an interval, at day or month
    precision; without a year, the year that puts the start on the right side of publication."""
    month = _month_number(g["month"])
    month2 = _month_number(g["month2"]) if g.get("month2") else month
    days = (int(g["day"]), int(g["day2"])) if g.get("day") else None
    if g.get("year"):
        end_year = int(g["year"])
        year = end_year - 1 if (month2, days[1] if days else 0) < (month, days[0] if days else 0) else end_year
        method, anchor = "explicit", None
    elif pub is not None:
        year = _nearest_year(pub, month, days[0] if days else None, tense)
        end_year = year + 1 if (month2, days[1] if days else 0) < (month, days[0] if days else 0) else year
        method, anchor = "publication", pub
    else:
        return _value(text, None, "unresolved", "unresolved", None)
    if days is None:
        if (end_year, month2) <= (year, month):
            return _value(text, None, "unresolved", "unresolved", None)
        return _value(text, f"{_iso(year, month)}/{_iso(end_year, month2)}", "interval", method, anchor)
    if not (_valid_day(year, month, days[0]) and _valid_day(end_year, month2, days[1])):
        return _value(text, None, "unresolved", "unresolved", None)
    start, end = dt.date(year, month, days[0]), dt.date(end_year, month2, days[1])
    if end <= start or (end - start).days > 62:
        return _value(text, None, "unresolved", "unresolved", None)
    return _value(text, f"{start.isoformat()}/{end.isoformat()}", "interval", method, anchor)


def anniversary_years(text: str) -> int | None:
    """"the 30th anniversary", "the fiftieth anniversary": how many years back the commemorated event lies."""
    match = ANNIVERSARY.search(text)
    if not match:
        return None
    return int(match.group("n")) if match.group("n") else ORDINALS[match.group("word").lower()]


def _nearest_year(pub: dt.date, month: int, day: int | None, tense: Tense) -> int:
    """The year that puts month (and day) on the right side of publication for the tense."""
    year = pub.year
    candidate = (month, day or 1)
    if tense == "future":
        return year + 1 if candidate < (pub.month, pub.day if day else 1) else year
    return year - 1 if candidate > (pub.month, pub.day if day else 31) else year


def _relative_to_publication(text: str, name: str, g: dict, pub: dt.date, tense: Tense) -> TimeValue:
    rel = "publication"
    if name == "month_rel_year":
        year = pub.year + {"last": -1, "this": 0, "next": 1}[g["rel"]]
        month, day = _month_number(g["month"]), g.get("day") or g.get("day2")
        if day is None:
            return _value(text, _iso(year, month), "month", rel, pub)
        if not _valid_day(year, month, int(day)):
            return _value(text, None, "unresolved", "unresolved", None)
        return _value(text, _iso(year, month, int(day)), "day", rel, pub)
    if name == "weekend":
        # the weekend of publication when it falls on one, else the one before (the next one for a planned event)
        words = _clean(text).split()
        lead = words[words.index("weekend") - 1]
        saturday = pub - dt.timedelta(days=(pub.weekday() - 5) % 7)  # this weekend, or the one just gone
        if lead == "last" and pub.weekday() >= 5:
            saturday -= dt.timedelta(days=7)
        elif lead == "next" or (tense == "future" and lead in ("the", "this") and pub.weekday() < 5):
            saturday += dt.timedelta(days=7)
        if lead == "next" and pub.weekday() < 5:
            saturday += dt.timedelta(days=7)
        return _value(text, f"{saturday.isoformat()}/{(saturday + dt.timedelta(days=1)).isoformat()}", "interval", rel, pub)
    if name == "recent_days":
        return _value(text, f"{(pub - dt.timedelta(days=7)).isoformat()}/{pub.isoformat()}", "interval", rel, pub)
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
    if name == "weekdays":
        # "from Monday through Saturday": ahead, the first day as a weekday alone and the last on or after it; past,
        # the last day as a weekday alone and the first on or before it
        future = tense == "future"
        end = _relative_to_publication(text, "weekday", {"weekday": g["weekday" if future else "weekday2"]}, pub, tense)
        known = dt.date.fromisoformat(end.value)
        gap = dt.timedelta(days=(WEEKDAYS[g["weekday2"]] - WEEKDAYS[g["weekday"]]) % 7)
        first, last = (known, known + gap) if future else (known - gap, known)
        return _value(text, f"{first.isoformat()}/{last.isoformat()}", "interval", rel, pub)
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


def _window(text: str, first: dt.date, last: dt.date, anchor: dt.date) -> TimeValue:
    """A date known only to lie between first and last: the finest precision that holds both ends."""
    if first == last:
        return _value(text, first.isoformat(), "day", "relative", anchor)
    if (first.year, first.month) == (last.year, last.month):
        return _value(text, _iso(first.year, first.month), "month", "relative", anchor)
    if first.year == last.year:
        return _value(text, _iso(first.year), "year", "relative", anchor)
    return _value(text, None, "unresolved", "unresolved", None)


UNIT_DELTAS = {"day": 1, "week": 7}


def _relative_to(text: str, reference: TimeValue, name: str, g: dict) -> TimeValue:
    base, precision = _reference_date(reference)
    keep = {"year": 4, "month": 7, "day": 10}[precision]
    if name == "soon_after":
        if _clean(text).startswith("days"):  # "days later": within two weeks of the reference
            return _window(text, base + dt.timedelta(days=1), base + dt.timedelta(days=14), base) if precision == "day" \
                else _value(text, reference.value.split("/")[0], precision, "relative", base)
        value = reference.value.split("/")[0]
        return _value(text, value, precision, "relative", base)
    if name == "ref_month_name":  # "in May that year", "June 4 of the same year"
        month, day = _month_number(g["month"]), g.get("day") or g.get("day2")
        if day is None:
            return _value(text, _iso(base.year, month), "month", "relative", base)
        if not _valid_day(base.year, month, int(day)):
            return _value(text, None, "unresolved", "unresolved", None)
        return _value(text, _iso(base.year, month, int(day)), "day", "relative", base)
    if name.startswith("ref_"):
        unit = name[4:]
        sign = 1 if (g.get("next") or g.get("after")) else -1 if (g.get("prev") or g.get("before")) else 0
        if unit == "week":
            if precision != "day":
                return _value(text, reference.value[:keep], precision, "relative", base) if sign == 0 else \
                    _value(text, None, "unresolved", "unresolved", None)
            monday = base - dt.timedelta(days=base.weekday()) + dt.timedelta(weeks=sign)
            return _value(text, f"{monday.isoformat()}/{(monday + dt.timedelta(days=6)).isoformat()}", "interval",
                          "relative", base)
        shifted = _shifted(text, base, sign, {"n": "1", "unit": unit}, "relative", base) if sign else \
            _value(text, reference.value.split("/")[0][: {"day": 10, "month": 7, "year": 4}[unit]], unit, "relative", base)
        if shifted.value is None:
            return shifted
        if len(shifted.value) > keep:  # never more precise than the reference
            if sign and unit != "year":
                return _value(text, None, "unresolved", "unresolved", None) if precision == "year" and unit == "month" \
                    and base.month in (1, 12) else shifted.model_copy(update={"value": shifted.value[:keep], "precision": precision})
            return shifted.model_copy(update={"value": shifted.value[:keep], "precision": precision})
        return shifted
    shifted = _shifted(text, base, 1 if name == "later" else -1, g, "relative", base)
    if shifted.value and shifted.precision in ("day", "month") and precision != "day":
        # Never more precise than the reference: "a month after May 2023" is a month; after "2022" it is a year.
        # A gap of days is too short to leave the reference's month: "a day before, in November 2009" is November.
        n, unit = _count(g.get("n")), UNITS[g["unit"]]
        if n is not None and (unit == "day" and n < 7 or precision == "year" and unit in ("day", "week")):
            return _value(text, reference.value.split("/")[0][:{"year": 4, "month": 7}[precision]], precision,
                          "relative", base)
        keep = {"year": 4, "month": 7}[precision]
        return shifted.model_copy(update={"value": shifted.value[:keep], "precision": precision})
    return shifted


def _loose(text: str, cleaned: str) -> TimeValue:
    """A year inside a longer phrase ("the 2020 war") is that year; anything else is unresolved."""
    years = re.findall(r"(?<!\d)((?:1[89]|20)\d\d)(?!\d)", cleaned)
    if len(set(years)) == 1:
        return _value(text, years[0], "year", "explicit", None)
    return _value(text, None, "unresolved", "unresolved", None)


def date_bounds(value: str) -> tuple[dt.date, dt.date] | None:
    """First and last day an ISO date or interval value covers (an open end: its start's last day); None for a
    value that is no date."""
    start, _, end = value.partition("/")
    if end == "..":
        end = ""

    def first(part: str) -> dt.date:
        bits = [int(b) for b in part.split("-")]
        return dt.date(bits[0], bits[1] if len(bits) > 1 else 1, bits[2] if len(bits) > 2 else 1)

    def last(part: str) -> dt.date:
        bits = [int(b) for b in part.split("-")]
        if len(bits) == 3:
            return dt.date(*bits)
        if len(bits) == 2:
            following = dt.date(bits[0] + bits[1] // 12, bits[1] % 12 + 1, 1)
            return following - dt.timedelta(days=1)
        return dt.date(bits[0], 12, 31)

    try:
        return first(start), last(end or start)
    except (ValueError, IndexError):
        return None
