"""Regression suite of the date resolver: (expression, publication date, tense, expected value, precision)."""

import datetime as dt

import pytest
from hypothesis import given, strategies as st

from kgx.temporal.resolve import anniversary_years, is_date_expression, resolve

P = "2023-07-13"  # a Thursday
CASES = [
    # absolute
    ("4 May 2023", P, "past", "2023-05-04", "day"),
    ("4 \u039cay 2023".replace("\u039c", "M"), P, "past", "2023-05-04", "day"),
    ("May 24, 2020", P, "past", "2020-05-24", "day"),
    ("Thursday, June 01, 2023", P, "past", "2023-06-01", "day"),
    ("on 22 May", P, "past", "2023-05-22", "day"),
    ("10 March", P, "past", "2023-03-10", "day"),
    ("on the 8th", P, "past", "2023-07-08", "day"),
    ("on the 20th", P, "past", "2023-06-20", "day"),
    ("on the 20th", P, "future", "2023-07-20", "day"),
    ("Feb.15", P, "past", "2023-02-15", "day"),
    ("Feb 15", P, "past", "2023-02-15", "day"),
    ("August 26", P, "past", "2022-08-26", "day"),
    ("August 26", P, "future", "2023-08-26", "day"),
    ("in 2016", P, "past", "2016", "year"),
    ("2020", P, "past", "2020", "year"),
    # a range of weekdays: ahead from the next first day, past up to the last such last day
    ("from Monday through Saturday", P, "future", "2023-07-17/2023-07-22", "interval"),
    ("from Monday to Wednesday", P, "past", "2023-07-10/2023-07-12", "interval"),
    ("between Friday and Monday", P, "past", "2023-07-07/2023-07-10", "interval"),
    ("Thursday to Friday", P, "future", "2023-07-13/2023-07-14", "interval"),
    ("in January", P, "past", "2023-01", "month"),
    ("In May", P, "past", "2023-05", "month"),
    ("in September", P, "past", "2022-09", "month"),
    ("in September", P, "future", "2023-09", "month"),
    ("March 2019", P, "past", "2019-03", "month"),
    ("in March 2019", P, "past", "2019-03", "month"),
    ("early March 2019", P, "past", "2019-03", "month"),
    ("1 January 2000", P, "past", "2000-01-01", "day"),
    ("the 1st of January 2000", P, "past", "2000-01-01", "day"),
    ("Dec. 7, 1941", P, "past", "1941-12-07", "day"),
    ("Sept. 11, 2001", P, "past", "2001-09-11", "day"),
    ("2024-02-29", P, "past", "2024-02-29", "day"),
    ("29 February 2024", P, "past", "2024-02-29", "day"),
    # weekdays
    ("on Thursday", P, "past", "2023-07-13", "day"),
    ("on Monday", P, "past", "2023-07-10", "day"),
    ("Monday", P, "past", "2023-07-10", "day"),
    ("on Friday", P, "past", "2023-07-07", "day"),
    ("on Friday", P, "future", "2023-07-14", "day"),
    ("next Monday", P, "past", "2023-07-17", "day"),
    ("last Thursday", P, "past", "2023-07-06", "day"),
    ("on Sunday", P, "future", "2023-07-16", "day"),
    ("Tuesday", "2023-05-30", "past", "2023-05-30", "day"),
    ("Saturday", "2025-05-10", "past", "2025-05-10", "day"),
    ("Monday", "2022-10-05", "past", "2022-10-03", "day"),
    ("on Wednesday", "2024-01-01", "past", "2023-12-27", "day"),
    ("Friday night", P, "past", "2023-07-07", "day"),
    # relative to publication
    ("yesterday", P, "past", "2023-07-12", "day"),
    ("today", P, "past", "2023-07-13", "day"),
    ("tomorrow", P, "future", "2023-07-14", "day"),
    ("yesterday", "2024-03-01", "past", "2024-02-29", "day"),
    ("yesterday", "2023-01-01", "past", "2022-12-31", "day"),
    ("last week", P, "past", "2023-07-03/2023-07-09", "interval"),
    ("Last week", "2024-11-26", "past", "2024-11-18/2024-11-24", "interval"),
    ("this week", P, "past", "2023-07-10/2023-07-16", "interval"),
    ("next week", P, "future", "2023-07-17/2023-07-23", "interval"),
    ("last month", P, "past", "2023-06", "month"),
    ("Last month", "2023-06-01", "past", "2023-05", "month"),
    ("last month", "2024-01-10", "past", "2023-12", "month"),
    ("this month", P, "past", "2023-07", "month"),
    ("next month", P, "future", "2023-08", "month"),
    ("next month", "2023-12-05", "future", "2024-01", "month"),
    ("Last April", "2022-10-05", "past", "2022-04", "month"),
    ("last April", "2023-03-01", "past", "2022-04", "month"),
    ("last April", "2023-04-20", "past", "2022-04", "month"),
    ("this March", "2023-05-30", "past", "2023-03", "month"),
    ("this March", "2023-01-10", "future", "2023-03", "month"),
    ("next May", "2023-07-13", "future", "2024-05", "month"),
    ("next May", "2023-02-13", "future", "2023-05", "month"),
    ("earlier this year", P, "past", "2023", "year"),
    ("this year", P, "past", "2023", "year"),
    ("later this year", P, "future", "2023", "year"),
    ("Last year", P, "past", "2022", "year"),
    ("last year", "2024-01-02", "past", "2023", "year"),
    ("next year", P, "future", "2024", "year"),
    ("a year ago", P, "past", "2022", "year"),
    ("two years ago", P, "past", "2021", "year"),
    ("three months ago", P, "past", "2023-04", "month"),
    ("three days ago", P, "past", "2023-07-10", "day"),
    ("a decade ago", P, "past", "2013", "year"),
    # year boundaries and leap days
    ("in December", "2024-01-03", "past", "2023-12", "month"),
    ("December 30", "2024-01-03", "past", "2023-12-30", "day"),
    ("on 2 January", "2023-12-28", "future", "2024-01-02", "day"),
    ("in January", "2023-12-28", "future", "2024-01", "month"),
    ("Feb 29", "2024-03-03", "past", "2024-02-29", "day"),
    ("Feb 29", "2023-03-03", "past", None, "unresolved"),
    ("31 April 2023", P, "past", None, "unresolved"),
    ("on the 30th", "2023-03-15", "past", None, "unresolved"),
    # intervals
    ("between 2016 to 2020", P, "past", "2016/2020", "interval"),
    ("between 2016 and 2020", P, "past", "2016/2020", "interval"),
    ("2016-2020", P, "past", "2016/2020", "interval"),
    ("from 2016 to 2020", P, "past", "2016/2020", "interval"),
    ("2016\u20132020", P, "past", "2016/2020", "interval"),
    ("2019-21", P, "past", "2019/2021", "interval"),
    ("since 1993", P, "past", "1993/..", "interval"),
    ("ever since 1991", P, "past", "1991/..", "interval"),
    ("since March 2022", P, "past", "2022-03/..", "interval"),
    # more absolute forms
    ("Jan. 5, 2021", P, "past", "2021-01-05", "day"),
    ("5 Jan 2021", P, "past", "2021-01-05", "day"),
    ("January 5th, 2021", P, "past", "2021-01-05", "day"),
    ("on Tuesday, 14 March 2023", P, "past", "2023-03-14", "day"),
    ("Monday, May 8, 2025", P, "past", "2025-05-08", "day"),
    ("on March 3", P, "past", "2023-03-03", "day"),
    ("on 3 March", P, "future", "2024-03-03", "day"),
    ("Oct. 7", P, "past", "2022-10-07", "day"),
    ("in June 2022", P, "past", "2022-06", "month"),
    ("late June 2022", P, "past", "2022-06", "month"),
    ("June", P, "past", "2023-06", "month"),
    ("in July", P, "past", "2023-07", "month"),
    ("in July", P, "future", "2023-07", "month"),
    ("in August", P, "past", "2022-08", "month"),
    ("by 2030", P, "future", "2030", "year"),
    ("in 1948", P, "past", "1948", "year"),
    ("the year 1991", P, "past", "1991", "year"),
    ("in the 2020 war", P, "past", "2020", "year"),
    ("1990s", P, "past", "1990/1999", "interval"),
    ("in the early 2000s", P, "past", "2000/2009", "interval"),
    # more relative to publication
    ("this week", "2024-03-17", "past", "2024-03-11/2024-03-17", "interval"),
    ("last week", "2024-01-03", "past", "2023-12-25/2023-12-31", "interval"),
    ("last month", "2024-03-31", "past", "2024-02", "month"),
    ("next month", "2024-01-31", "future", "2024-02", "month"),
    ("earlier this month", P, "past", "2023-07", "month"),
    ("later this month", P, "future", "2023-07", "month"),
    ("earlier last year", P, "past", "2022", "year"),
    ("last year", "2024-12-31", "past", "2023", "year"),
    ("two weeks ago", P, "past", "2023-06-29", "day"),
    ("five years ago", P, "past", "2018", "year"),
    ("six months ago", "2024-02-10", "past", "2023-08", "month"),
    ("last Monday", P, "past", "2023-07-10", "day"),
    ("this Friday", P, "future", "2023-07-14", "day"),
    ("on Saturday", "2024-02-29", "past", "2024-02-24", "day"),
    ("on Thursday", "2024-02-29", "future", "2024-02-29", "day"),
    ("yesterday", "2024-02-29", "past", "2024-02-28", "day"),
    ("tomorrow", "2023-12-31", "future", "2024-01-01", "day"),
    ("last December", "2024-01-03", "past", "2023-12", "month"),
    ("this December", "2024-01-03", "future", "2024-12", "month"),
    ("next January", "2023-12-20", "future", "2024-01", "month"),
    # weekdays with a lead or a possessive, appositions
    ("earlier Wednesday", P, "past", "2023-07-12", "day"),
    ("earlier on Monday", P, "past", "2023-07-10", "day"),
    ("late on Tuesday", P, "past", "2023-07-11", "day"),
    ("later on Saturday", P, "future", "2023-07-15", "day"),
    ("Monday's", P, "past", "2023-07-10", "day"),
    ("today, Thursday, July 13", P, "past", "2023-07-13", "day"),
    ("Friday (July 7)", P, "past", "2023-07-07", "day"),
    ("Friday, 7 July", P, "past", "2023-07-07", "day"),
    ("today, Friday, July 7", P, "past", None, "unresolved"),  # the parts disagree: no date rather than a guess
    ("earlier today", P, "past", "2023-07-13", "day"),
    ("tonight", P, "future", "2023-07-13", "day"),
    ("this afternoon", P, "past", "2023-07-13", "day"),
    ("late yesterday", P, "past", "2023-07-12", "day"),
    ("the night of June 30", P, "past", "2023-06-30", "day"),
    ("Sunday night", P, "past", "2023-07-09", "day"),
    ("on the 2nd", P, "past", "2023-07-02", "day"),
    ("the 22nd", P, "past", "2023-06-22", "day"),
    ("the 11th of this month", P, "past", "2023-07-11", "day"),
    # ranges of days and months
    ("from May 31 to June 6", P, "past", "2023-05-31/2023-06-06", "interval"),
    ("June 7-8", P, "past", "2023-06-07/2023-06-08", "interval"),
    ("March 28 and 29", P, "past", "2023-03-28/2023-03-29", "interval"),
    ("between 3 and 5 May", P, "past", "2023-05-03/2023-05-05", "interval"),
    ("October 8-9, 2021", P, "past", "2021-10-08/2021-10-09", "interval"),
    ("30 November to 2 December 2019", P, "past", "2019-11-30/2019-12-02", "interval"),
    ("December 30 to January 2, 2020", P, "past", "2019-12-30/2020-01-02", "interval"),
    ("from September to November 2018", P, "past", "2018-09/2018-11", "interval"),
    ("September 20-22", P, "future", "2023-09-20/2023-09-22", "interval"),
    ("June 9-3", P, "past", None, "unresolved"),
    # a month of last, this or next year
    ("in May of last year", P, "past", "2022-05", "month"),
    ("February last year", P, "past", "2022-02", "month"),
    ("October 3 last year", P, "past", "2022-10-03", "day"),
    ("3 October last year", P, "past", "2022-10-03", "day"),
    ("in March next year", P, "future", "2024-03", "month"),
    ("last March's", P, "past", "2023-03", "month"),
    # weekends, recent days, ends of periods
    ("over the weekend", P, "past", "2023-07-08/2023-07-09", "interval"),
    ("over the weekend", "2023-07-16", "past", "2023-07-15/2023-07-16", "interval"),
    ("last weekend", "2023-07-15", "past", "2023-07-08/2023-07-09", "interval"),
    ("this weekend", P, "future", "2023-07-15/2023-07-16", "interval"),
    ("next weekend", P, "future", "2023-07-22/2023-07-23", "interval"),
    ("in recent days", P, "past", "2023-07-06/2023-07-13", "interval"),
    ("by the end of the year", P, "future", "2023", "year"),
    ("the end of last year", P, "past", "2022", "year"),
    ("the end of June", P, "past", "2023-06", "month"),
    ("at the beginning of 2020", P, "past", "2020", "year"),
    ("later next week", P, "future", "2023-07-17/2023-07-23", "interval"),
    # open intervals from any point
    ("since last year", P, "past", "2022/..", "interval"),
    ("since May", P, "past", "2023-05/..", "interval"),
    ("since the 1990s", P, "past", "1990/..", "interval"),
    # exact and approximate arithmetic
    ("just two days ago", P, "past", "2023-07-11", "day"),
    ("nearly six months ago", P, "past", None, "unresolved"),
    ("more than three years ago", P, "past", None, "unresolved"),
    ("about a week ago", P, "past", None, "unresolved"),
    ("over two decades", P, "past", None, "unresolved"),
    ("the following year", P, "past", None, "unresolved"),  # relative to a date told before: none here
    # not resolvable, and not dates
    ("in recent years", P, "past", None, "unresolved"),
    ("recently", P, "past", None, "unresolved"),
    ("two-day", P, "past", None, "unresolved"),
    ("30 years", P, "past", None, "unresolved"),
    ("for 30 years", P, "past", None, "unresolved"),
    ("72-hour", P, "past", None, "unresolved"),
    ("30-day", P, "past", None, "unresolved"),
    ("the 75th anniversary", P, "past", None, "unresolved"),
    ("the 80th anniversary", P, "past", None, "unresolved"),
    ("three years", P, "past", None, "unresolved"),
    ("decades", P, "past", None, "unresolved"),
    ("every year", P, "past", None, "unresolved"),
    ("the coming weeks", P, "future", None, "unresolved"),
]
# A missing publication date leaves relative expressions unresolved, and absolute ones resolved.
NO_PUBLICATION = [
    ("on Thursday", None), ("last week", None), ("In May", None), ("yesterday", None), ("Last April", None),
    ("4 May 2023", "2023-05-04"), ("in 2016", "2016"), ("since 1993", "1993/.."), ("2016-2020", "2016/2020"),
]


@pytest.mark.parametrize("text,published,tense,value,precision", CASES)
def test_resolve(text, published, tense, value, precision):
    result = resolve(text, dt.date.fromisoformat(published), tense)
    assert (result.value, result.precision) == (value, precision)
    if value is None:
        assert result.method == "unresolved"


@pytest.mark.parametrize("text,value", NO_PUBLICATION)
def test_missing_publication_date(text, value):
    assert resolve(text, None).value == value


@pytest.mark.parametrize("text,reference,value,precision", [
    ("a month later", ("In May", P), "2023-06", "month"),
    ("a month earlier", ("In May", P), "2023-04", "month"),
    ("two years later", ("in 2016", P), "2018", "year"),
    ("A week later", ("on 22 May", P), "2023-05-29", "day"),
    ("three days later", ("4 May 2023", P), "2023-05-07", "day"),
    ("Soon after", ("Last year", P), "2022", "year"),
    ("shortly afterwards", ("10 March", P), "2023-03-10", "day"),
    ("a month later", ("in 2016", P), "2016", "year"),
    ("the following year", ("in 2016", P), "2017", "year"),
    ("the next year", ("4 May 2023", P), "2024", "year"),
    ("the year before", ("in 2016", P), "2015", "year"),
    ("the next day", ("4 May 2023", P), "2023-05-05", "day"),
    ("the following day", ("December 31, 2022", P), "2023-01-01", "day"),
    ("the day before", ("4 May 2023", P), "2023-05-03", "day"),
    ("the same day", ("4 May 2023", P), "2023-05-04", "day"),
    ("later that day", ("on 22 May", P), "2023-05-22", "day"),
    ("hours later", ("on 22 May", P), "2023-05-22", "day"),
    ("the following week", ("4 May 2023", P), "2023-05-08/2023-05-14", "interval"),
    ("the following month", ("4 May 2023", P), "2023-06", "month"),
    ("the following month", ("March 2019", P), "2019-04", "month"),
    ("later that month", ("4 May 2023", P), "2023-05", "month"),
    ("later that year", ("4 May 2023", P), "2023", "year"),
    ("in the same year", ("March 2019", P), "2019", "year"),
    ("in June that year", ("in 2016", P), "2016-06", "month"),
    ("August 4 of the same year", ("in 2016", P), "2016-08-04", "day"),
    ("days later", ("on 12 May", P), "2023-05", "month"),  # within two weeks, in the same month
    ("days later", ("on 28 May", P), "2023", "year"),  # the next month or this one: only the year is sure
    ("a week later", ("this week", P), "2023-07-17", "day"),
    ("two years later", ("between 2016 and 2020", P), "2018", "year"),
    ("a day earlier", ("in November 2009", P), "2009-11", "month"),  # days do not leave the month told
    ("three weeks later", ("in 2016", P), "2016", "year"),
])
def test_relative_to_another_date(text, reference, value, precision):
    anchor = resolve(reference[0], dt.date.fromisoformat(reference[1]))
    result = resolve(text, dt.date.fromisoformat(P), reference=anchor)
    assert (result.value, result.precision, result.method) == (value, precision, "relative")


@pytest.mark.parametrize("text", ["the following year", "the next day", "later that month", "in June that year"])
def test_relative_to_another_date_needs_one(text):
    assert resolve(text, dt.date.fromisoformat(P)).value is None


@pytest.mark.parametrize("text,years", [("the 30th anniversary", 30), ("its fiftieth anniversary", 50),
                                        ("the 75th anniversary of ties", 75), ("a two-day visit", None)])
def test_anniversaries_count_back(text, years):
    assert anniversary_years(text) == years


def test_precision_is_never_invented():
    assert resolve("In May", dt.date(2023, 7, 13)).value == "2023-05"
    assert resolve("Last year", dt.date(2023, 7, 13)).value == "2022"


@pytest.mark.parametrize("text", ["two-day", "72-hour", "30 years", "the 75th anniversary", "a two-week"])
def test_durations_are_not_date_expressions(text):
    assert not is_date_expression(text)


@given(st.text(max_size=40), st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
       st.sampled_from(["past", "present", "future"]))
def test_resolver_never_raises_and_never_invents_precision(text, published, tense):
    result = resolve(text, published, tense)
    if result.value is None:
        assert result.precision == "unresolved"
    elif result.precision == "year":
        assert len(result.value) == 4
    elif result.precision == "month":
        assert len(result.value) == 7
    elif result.precision == "day":
        assert len(result.value) == 10


def test_intervals_expose_their_bounds():
    assert resolve("between 2016 and 2020", dt.date(2023, 7, 13)).interval == ("2016", "2020")
    assert resolve("since 1993", dt.date(2023, 7, 13)).interval == ("1993", None)
    assert resolve("In May", dt.date(2023, 7, 13)).interval is None
