"""Event dating through the parse: the governing date, dates relative to another date, inherited dates, and no
silent fallback to the publication date (sentences written for these tests)."""

import pytest

pytestmark = pytest.mark.model


def dated(doc, kind):
    return [(e.date.value if e.date else None, e.date.method if e.date else None) for e in doc._.kgx_events if e.type == kind]


def test_the_date_that_governs_the_trigger_wins_over_another_in_the_sentence(analyse):
    doc = analyse("In February, Latvia expelled a Russian diplomat who had arrived in 2019.", "2024-03-15")
    assert dated(doc, "Expulsion") == [("2024-02", "publication")]


def test_a_month_after_counts_back_from_the_main_clause(analyse):
    doc = analyse("In June, Estonia expelled two Russian diplomats, a month after Russia expelled two Estonian diplomats.",
                  "2024-07-20")
    assert dict(((e.source[0], e.target[0]), e.date.value) for e in doc._.kgx_events) == {
        ("EST", "RUS"): "2024-06", ("RUS", "EST"): "2024-05"}


def test_during_the_visit_inherits_the_visits_date(analyse):
    doc = analyse("Irish President Michael Higgins visited Argentina on Monday. During the visit, Higgins met "
                  "Argentine officials in Buenos Aires.", "2024-03-15")
    assert dated(doc, "Meeting") == [("2024-03-11", "inherited")]


def test_soon_after_counts_from_the_previous_date(analyse):
    doc = analyse("Last year, Iraq recalled its ambassador from Sweden. Soon after, Sweden closed its embassy in Baghdad.",
                  "2024-03-15")
    assert dated(doc, "EmbassyClosure") == [("2023", "relative")]


def test_a_definite_mention_dates_the_event_told_before(analyse):
    doc = analyse("Czech Prime Minister Petr Fiala completed a visit to Vietnam. The visit took place on Tuesday.",
                  "2024-03-15")
    assert dated(doc, "Visit") == [("2024-03-12", "publication")]


def test_an_undated_event_stays_undated(analyse):
    doc = analyse("Kenya has expelled Somali diplomats before.", "2024-03-15")
    assert dated(doc, "Expulsion") == [(None, None)]


def test_a_planned_weekday_is_the_next_one(analyse):
    doc = analyse("Finland will open an embassy in Nairobi on Monday.", "2024-03-15")
    assert dated(doc, "EmbassyOpening") == [("2024-03-18", "publication")]


def test_without_a_publication_date_relative_dates_stay_unresolved(analyse):
    doc = analyse("Cuba expelled a Chilean diplomat on Monday.", None)
    assert dated(doc, "Expulsion") == [(None, None)]
    doc = analyse("Cuba expelled a Chilean diplomat on 4 May 2023.", None)
    assert dated(doc, "Expulsion") == [("2023-05-04", "explicit")]
