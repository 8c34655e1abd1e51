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


def test_an_as_clause_frames_the_episode_the_next_sentence_goes_on_with(analyse):
    doc = analyse("Ties with Samoa. Samoa said on Tuesday it would deepen cooperation with Japan as Prime Minister "
                  "Fiame Naomi Mataafa visited Tokyo. In a meeting with Japan's Defence Minister Minoru Kihara, "
                  "Mataafa said threats were growing.", "2024-08-15")
    assert dated(doc, "Meeting") == [("2024-08-13", "inherited")]


def test_a_trip_of_several_days_after_which_a_clause_is_dated_ends_that_day(analyse):
    doc = analyse("Trip. After a three-day visit to Nigeria, Ghanaian President John Mahama flew to Lome on Wednesday.",
                  "2024-03-15")
    assert {e.target[0]: e.date.value for e in doc._.kgx_events if e.type == "Visit"} == {
        "NGA": "2024-03-11/2024-03-13", "TGO": "2024-03-13"}
    doc = analyse("Trip. Indonesian President Joko Widodo returned to Jakarta on Sunday after state visits to Kenya "
                  "and Tanzania.", "2024-03-15")
    assert [e.date for e in doc._.kgx_events if e.type == "Visit"] == [None, None]


def test_a_trip_over_several_weekdays_is_that_interval_and_a_narrower_mention_dates_each_stop(analyse):
    doc = analyse("Trip ahead. Chilean President Gabriel Boric will pay state visits to Peru and Bolivia from Monday "
                  "through Friday. He will visit Bolivia from Thursday to Friday.", "2024-03-15")
    assert {e.target[0]: e.date.value for e in doc._.kgx_events if e.type == "Visit"} == {
        "PER": "2024-03-18/2024-03-22", "BOL": "2024-03-21/2024-03-22"}


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


def test_a_dated_act_in_the_present_simple_lies_ahead(analyse):
    # Published on a Friday: the story's present tells what is scheduled; its headline's present what happened.
    doc = analyse("Talks in Lima. The Chilean foreign minister arrives in Lima on Tuesday for talks with his "
                  "Peruvian counterpart. Uruguay's president visited Ghana on Monday.", "2024-03-15")
    assert {(e.type, e.target[-1], e.date.value, e.status) for e in doc._.kgx_events} == {
        ("Visit", "PER", "2024-03-19", "planned"), ("Meeting", "PER", "2024-03-19", "planned"),
        ("Visit", "GHA", "2024-03-11", "occurred")}
    doc = analyse("Norway's prime minister visits Nepal on Monday", "2024-03-15")
    assert dated(doc, "Visit") == [("2024-03-11", "publication")]


def test_without_a_publication_date_relative_dates_stay_unresolved(analyse):
    doc = analyse("Cuba expelled a Chilean diplomat on Monday.", None)
    assert dated(doc, "Expulsion") == [(None, None)]
    doc = analyse("Cuba expelled a Chilean diplomat on 4 May 2023.", None)
    assert dated(doc, "Expulsion") == [("2023-05-04", "explicit")]


def dates(doc, kind):
    return [e.date.value if e.date else None for e in doc._.kgx_events if e.type == kind]


# -- the day of the report: acts told as present or just done ---------------------------------------------------

@pytest.mark.parametrize("text,kind,value", [
    ("Ghana has expelled the Nigerian ambassador.", "Expulsion", "2023-07-13"),  # present perfect
    ("Austria is closing its embassy in Libya.", "EmbassyClosure", "2023-07-13"),  # present progressive
    ("A statement from Tuvalu said it was severing diplomatic ties with Taiwan.", "RelationsDowngrade", "2023-07-13"),
    ("Norway said Tuesday it is suspending diplomatic relations with Belarus.", "RelationsDowngrade", "2023-07-11"),
    ("Chile and Peru have restored diplomatic relations, officials in both capitals said on Friday.",
     "RelationsUpgrade", "2023-07-07"),
    ("Hungary announced the closure of its embassy in Kenya, according to a statement issued by the Kenyan ministry "
     "on Thursday.", "EmbassyClosure", "2023-07-13"),
])
def test_an_act_told_as_present_takes_the_day_of_its_report(analyse, text, kind, value):
    assert dates(analyse(text, "2023-07-13"), kind) == [value]


def test_a_dateline_is_the_day_of_the_report(analyse):
    doc = analyse("OSLO, July 12 (Reuters) - Norway has expelled a Russian diplomat.", "2023-07-13")
    assert dates(doc, "Expulsion") == ["2023-07-12"]


def test_a_headline_takes_the_date_its_article_gives_else_the_day_of_the_report(analyse):
    doc = analyse("Latvia expels Russian ambassador\n\nLatvia on Monday expelled the Russian ambassador over the war.",
                  "2023-07-13")
    assert dates(doc, "Expulsion") == ["2023-07-10"]
    doc = analyse("Poland closes consulate in Belarus\n\nThe decision follows months of tension.", "2023-07-13")
    assert dates(doc, "EmbassyClosure") == ["2023-07-13"]


def test_a_headline_infinitive_is_a_plan(analyse):
    doc = analyse("Kenyan president to visit Tanzania on Feb. 1\n\nThe two leaders will discuss trade.", "2024-01-18")
    assert dates(doc, "Visit") == ["2024-02-01"]


def test_a_plan_takes_its_target_date_or_none(analyse):
    assert dates(analyse("Finland will open an embassy in Nairobi next month.", "2024-03-15"), "EmbassyOpening") == ["2024-04"]
    assert dates(analyse("The Brazilian president will visit Angola later this month.", "2024-03-15"), "Visit") == ["2024-03"]
    assert dates(analyse("Finland will open an embassy in Nairobi.", "2024-03-15"), "EmbassyOpening") == [None]
    # "would immediately close": on the day it was said
    assert dates(analyse("Taiwan said it would immediately close its embassy in Honiara.", "2024-03-15"),
                 "EmbassyClosure") == ["2024-03-15"]


def test_a_deadline_is_not_the_date_of_the_order(analyse):
    assert dates(analyse("Peru ordered the Mexican ambassador to leave the country by Friday.", "2024-03-15"),
                 "Expulsion") == [None]


# -- which date of the sentence belongs to the event ---------------------------------------------------------------

def test_the_since_of_a_first_time_is_not_the_date(analyse):
    doc = analyse("The Indian prime minister made his first visit to Poland since 1979 on Wednesday.", "2023-07-13")
    assert dates(doc, "Visit") == ["2023-07-12", "1979"]  # the visit, and the one it is the first since


def test_a_first_time_since_tells_of_the_time_before(analyse):
    # the parser hangs "since 1994" on the verb; a "since" inside a relative clause is another happening's
    doc = analyse("In February, US Secretary of State Mike Pompeo met Lukashenko in Minsk in the first visit there by "
                  "a top US diplomat since 1994.", "2020-03-02")
    assert sorted(e.date.value for e in doc._.kgx_events if e.type == "Visit") == ["1994", "2020-02"]
    doc = analyse("Chile's president made the first visit to Iraq, which has been at war since 2003, on Monday.",
                  "2024-03-15")
    assert [e.date.value for e in doc._.kgx_events if e.type == "Visit"] == ["2024-03-11"]


def test_a_date_on_another_happening_in_the_phrase_is_not_taken(analyse):
    doc = analyse("In accordance with the announcement on June 1, Chile and Bolivia have restored diplomatic relations.",
                  "2024-03-15")
    assert dates(doc, "RelationsUpgrade") == ["2024-03-15"]


@pytest.mark.parametrize("text,kind,value", [
    ("The consulate shut down in 2015 when Kenya severed diplomatic ties with Somalia.", "RelationsDowngrade", "2015"),
    ("The two countries have had no ambassadors since 2011, when Peru expelled the Bolivian ambassador.",
     "Expulsion", "2011"),
    ("Portugal was the first European country to recognise Timor-Leste, and that was on May 20, 2002.",
     "RelationsUpgrade", "2002-05-20"),
    ("Denmark's embassy in Damascus has been closed since Syria expelled its staff last November.",
     "EmbassyClosure", "2022-11"),
])
def test_a_clause_takes_the_date_of_the_clause_it_hangs_from(analyse, text, kind, value):
    assert dates(analyse(text, "2023-07-13"), kind) == [value]


@pytest.mark.parametrize("text,value", [
    ("Ties noted. Angola and the DPRK have had relations since Angola's independence on Nov. 11, 1975.", "1975-11-11/.."),
    ("Ties noted. Namibia and Cuba have had diplomatic ties since Namibia's independence in 1990.", "1990/.."),
    ("Ties noted. Iran and Syria have had close relations since the 1979 revolution.", "1979/.."),
])
def test_relations_since_an_event_start_on_its_date(analyse, text, value):
    assert dates(analyse(text, "2023-07-13"), "RelationsUpgrade") == [value]


def test_after_clauses_keep_the_precision_the_gap_allows(analyse):
    doc = analyse("Zambia established diplomatic relations with China on Saturday, days after Zambia severed ties with "
                  "Taiwan.", "2023-07-24")
    assert dates(doc, "RelationsUpgrade") == ["2023-07-22"]
    assert dates(doc, "RelationsDowngrade") == ["2023-07"]  # within the two weeks before: July
    doc = analyse("China cut ties with Nauru in 2005 after Nauru recognised Taiwan.", "2023-07-24")
    assert dates(doc, "RelationsUpgrade") == ["2005"]
    doc = analyse("Egypt reopened its embassy in Doha on Monday, three decades after Qatar expelled the Egyptian "
                  "ambassador.", "2023-07-24")
    assert dates(doc, "Expulsion") == [None]  # approximate arithmetic: no date


def test_an_episode_goes_on_from_its_main_event_not_from_background(analyse):
    doc = analyse("Cuba reopened its embassy in Washington on Monday, raising the flag that flew before the two "
                  "nations broke diplomatic ties 54 years ago. The Cuban foreign minister, visiting the United States "
                  "for the first time, presided over the ceremony.", "2015-07-20")
    assert dates(doc, "RelationsDowngrade") == ["1961"]
    assert dates(doc, "Visit") == ["2015-07-20"]


# -- expressions of the resolver, through the parse ----------------------------------------------------------------

@pytest.mark.parametrize("text,kind,value", [
    ("The Chinese president paid state visits to Kenya and Ghana from May 31 to June 6.", "Visit",
     "2023-05-31/2023-06-06"),
    ("Mongolia and Laos established diplomatic relations on the 8th.", "RelationsUpgrade", "2023-07-08"),
    ("Estonia expelled a Russian diplomat today, Thursday, July 13.", "Expulsion", "2023-07-13"),
    ("The Nepali foreign minister held talks with his Chinese counterpart earlier on Monday.", "Meeting", "2023-07-10"),
    ("Serbia expelled the Croatian ambassador Monday evening.", "Expulsion", "2023-07-10"),
    ("Argentina expelled two Bolivian diplomats over the weekend.", "Expulsion", "2023-07-08/2023-07-09"),
])
def test_news_expressions_through_the_parse(analyse, text, kind, value):
    assert value in dates(analyse(text, "2023-07-13"), kind)


def test_relative_expressions_count_from_the_date_told_before(analyse):
    doc = analyse("In 2016, Kuwait opened an embassy in Cuba. The following year, Cuba opened an embassy in Kuwait.",
                  "2024-03-15")
    assert dates(doc, "EmbassyOpening") == ["2016", "2017"]
    doc = analyse("Sudan cut ties with Iran in 2016. Two years later, Sudan restored diplomatic relations with Iran.",
                  "2024-03-15")
    assert dates(doc, "RelationsUpgrade") == ["2018"]


def test_an_anniversary_dates_what_it_commemorates(analyse):
    from kgx.temporal.anchor import EventDater

    doc = analyse("Chile and Vietnam marked the 50th anniversary of the establishment of diplomatic relations on "
                  "Monday.", "2023-07-13")
    trigger = next(t for t in doc if t.lower_ == "establishment")
    value = EventDater(doc).date_of(trigger, "past")
    assert (value.value, value.precision) == ("1973", "year")
    doc = analyse("Next year, Peru and Japan will celebrate the 150th anniversary of their relations.", "2023-07-13")
    trigger = next(t for t in doc if t.lower_ == "relations")
    assert EventDater(doc).date_of(trigger, "past").value == "1874"


def test_a_subject_taken_up_from_the_sentence_before_goes_on_with_its_date(analyse):
    doc = analyse("The Malian president, Assimi Goita, on Thursday accredited three new ambassadors at the palace. The "
                  "Malian leader received the credentials of the new ambassadors of Peru and Ghana.", "2023-07-21")
    assert dates(doc, "AmbassadorAppointment") == ["2023-07-20"]


def test_what_happens_during_a_visit_of_several_days_is_dated_within_them(analyse):
    doc = analyse("The Turkish foreign minister arrived in Tirana on Sunday on a three-day official visit to Albania. "
                  "During the visit, the Turkish minister held talks with the Albanian prime minister.", "2019-09-09")
    assert dates(doc, "Visit") == ["2019-09-08"]
    assert dates(doc, "Meeting") == ["2019-09"]  # one of the three days from Sunday 8 September


def test_an_exact_gap_counts_even_when_the_parser_hangs_it_elsewhere(analyse):
    doc = analyse("Ortega had been summoned to the ministry earlier Thursday and told of the decision a day after Ecuador "
                  "expelled the Nicaraguan ambassador, officials said.", "2008-09-12")
    assert dates(doc, "Expulsion") == ["2008-09-10"]


def test_an_act_under_will_lies_ahead_whatever_its_status(analyse):
    doc = analyse("The Japanese prime minister will land in Indonesia on Tuesday to meet with the Indonesian president.",
                  "2020-10-18")
    assert dates(doc, "Meeting") == ["2020-10-20"]
    doc = analyse("The Indian prime minister will visit Poland on August 21, according to reports.", "2024-08-14")
    assert dates(doc, "Visit") == ["2024-08-21"]


def test_acts_in_a_clause_of_a_visit_wait_for_its_date(analyse):
    doc = analyse("The Greek defence minister revealed he completed an unannounced visit to Cyprus, during which he met "
                  "senior Cypriot officials and signed several defence agreements. His spokesman said the visit "
                  "occurred on Monday.", "2022-10-05")
    assert dates(doc, "Agreement") == ["2022-10-03"]


def test_an_act_in_a_phrase_of_another_time_is_not_of_the_report_day(analyse):
    doc = analyse("The minister stressed the changes that have taken place in the region since Morocco and Israel "
                  "signed the accords.", "2024-03-15")
    assert dates(doc, "Agreement") == [None]


def test_a_gap_counts_from_the_clause_it_follows_when_the_parser_hangs_it_on_the_main_verb(analyse):
    doc = analyse("Relations with Honiara have been tense since Vanuatu expelled the Solomon envoy in March 2010, a day "
                  "after Honiara ordered the Vanuatu high commissioner out.", "2012-07-30")
    assert sorted(dates(doc, "Expulsion")) == ["2010-03", "2010-03"]  # a day before, in March 2010: March


def test_ahead_of_the_meeting_is_the_meetings_time(analyse):
    doc = analyse("The Omani foreign minister met his Kenyan counterpart in Muscat today. Ahead of the meeting, the "
                  "Omani minister and his Kenyan counterpart exchanged two memoranda of understanding.", "2021-03-10")
    assert dates(doc, "Agreement") == ["2021-03-10"]


def test_a_clause_after_a_dateline_is_a_main_clause(analyse):
    doc = analyse("Dhaka: Nepal and Bangladesh signed four agreements on Tuesday. Nepal-Bangladesh talks were held at "
                  "the foreign ministry in Dhaka.", "2022-09-06")
    assert dates(doc, "Meeting") == ["2022-09-06"]


def test_an_act_after_a_dated_clause_follows_it(analyse):
    doc = analyse("India and Nepal signed a joint statement on trade after the two prime ministers held talks earlier "
                  "Wednesday.", "2008-05-07")
    assert dates(doc, "Agreement") == ["2008-05-07"]  # "earlier Wednesday": the same day
    doc = analyse("Chile expelled a Bolivian diplomat after Bolivia accused Chile of spying on Monday.", "2024-03-15")
    assert dates(doc, "Expulsion") == ["2024"]  # within the month after Monday 11 March: only the year is sure


def test_the_period_of_an_accord_is_not_the_date_it_was_signed(analyse):
    doc = analyse("Kazakh and Uzbek foreign ministers sign memo of cooperation for 2014-2016\n\nThe ministers met in "
                  "Astana.", "2014-03-19")
    assert dates(doc, "Agreement") == ["2014-03-19"]


def test_the_date_of_what_a_state_began_with_is_not_the_date_of_an_act(analyse):
    doc = analyse("The Philippine president visited Beijing on Thursday. Since taking office in June, the new president "
                  "has changed course. The two leaders held talks in Beijing.", "2016-10-20")
    assert "2016-06" not in dates(doc, "Meeting")


def test_a_recent_visit_told_in_a_report_is_not_dated_on_the_report_day(analyse):
    doc = analyse("Chilean President Gabriel Boric announced on 4 March that trade with Peru grew during his recent "
                  "visit to Lima.")
    visit = next(e for e in doc._.kgx_events if e.type == "Visit")
    assert (visit.source, visit.target) == (["CHL"], ["PER"]) and (visit.date is None or visit.date.value != "2024-03-04")


def test_an_act_reported_as_done_before_takes_the_date_of_the_event_told_just_before(analyse):
    doc = analyse("Brazil cut ties with Paraguay on Tuesday. Foreign Minister Celso Amorim said he had ordered the "
                  "closing of Brazil's embassy in Asuncion.", "2010-07-23")
    assert dated(doc, "EmbassyClosure") == [("2010-07-20", "inherited")]


def test_an_act_reported_as_done_before_with_nothing_told_before_is_dated_on_the_report_day(analyse):
    doc = analyse("Foreign Minister Celso Amorim said he had ordered the closing of Brazil's embassy in Asuncion.",
                  "2010-07-23")
    assert dated(doc, "EmbassyClosure") == [("2010-07-23", "report")]


def test_a_date_inside_a_verbless_complement_dates_the_act(analyse):
    doc = analyse("Argentina's ambassador Juan Gomez stayed home. Chile had declared Gomez persona non grata as "
                  "ambassador on Tuesday.", "2022-12-21")
    assert dated(doc, "Expulsion") == [("2022-12-20", "publication")]


def test_an_act_told_on_its_day_and_again_as_just_done_is_one_event_on_its_day(analyse):
    doc = analyse("Chile has expelled Argentina's ambassador, officials said. Chile expelled the Argentine ambassador "
                  "on Tuesday after a row over fishing rights.", "2024-03-15")
    assert dated(doc, "Expulsion") == [("2024-03-12", "publication")]


def test_a_planned_act_takes_no_past_date_from_the_act_told_before(analyse):
    doc = analyse("Kenya and Somalia agreed in January to exchange ambassadors. Kenya will soon open an embassy in "
                  "Mogadishu.", "2024-03-15")
    opening = next(e for e in doc._.kgx_events if e.type == "EmbassyOpening")
    assert (opening.status, opening.date) == ("planned", None)
@pytest.mark.parametrize("text,date", [
    ("Talks. The summit between Kenya and Uganda, held on 12 January in Nairobi, was cordial.", "2024-01-12"),
    ("Talks. Peru and Chile signed a treaty on Monday. It was drafted at a bilateral meeting held on 2 February.",
     "2024-02-02"),
])
def test_a_participle_of_the_trigger_noun_tells_its_date(analyse, text, date):
    assert [value for value, _ in dated(analyse(text, "2024-03-15"), "Meeting")] == [date]


def test_an_act_takes_no_date_from_the_agreement_to_do_it_told_before(analyse):
    doc = analyse("Kenya and Somalia agreed in January to exchange ambassadors. Somalia nominated Ali Hassan to become "
                  "its ambassador in Nairobi, the ministry said.", "2024-03-15")
    appointment = next(e for e in doc._.kgx_events if e.type == "AmbassadorAppointment")
    assert appointment.date is None or not appointment.date.value.startswith("2024-01")
def test_a_date_in_the_triggers_own_phrase_beats_the_date_of_the_verb_it_follows(analyse):
    doc = analyse("Talks. After a tour of Chile, Kenyan President William Ruto arrived in the Peruvian city of Cusco on "
                  "Thursday and had a two-day meeting with Peruvian President Dina Boluarte at Machu Picchu in Cusco "
                  "on March 7-8.", "2024-03-15")
    assert [value for value, _ in dated(doc, "Meeting")] == ["2024-03-07/2024-03-08"]


def test_the_first_meeting_since_an_event_is_not_dated_by_that_event(analyse):
    doc = analyse("Talks. The summit is the first meeting between the presidents of Chile and Peru since Boric took "
                  "office in March 2022.", "2024-03-15")
    assert [value for value, _ in dated(doc, "Meeting")] != ["2022-03"]


def test_a_headline_is_not_dated_by_the_same_verb_told_of_another_state(analyse):
    doc = analyse("Tonga ends ties with Taiwan\n\nOn Monday, Samoa ended its ties with Taiwan. Tonga followed on "
                  "Thursday, when it ended ties with Taipei.", "2024-03-15")
    tonga = {e.date.value for e in doc._.kgx_events if e.type == "RelationsDowngrade" and "TON" in e.source + e.target}
    assert "2024-03-11" not in tonga
def test_an_undated_act_of_a_dated_pair_with_a_third_state_takes_the_pairs_date(analyse):
    doc = analyse("Peru and Chile agreed on Monday to restore ties. The breakthrough negotiated with Brazil ends a "
                  "long feud.")
    assert [e.date.value for e in doc._.kgx_events if e.type == "Meeting"] == ["2024-03-11"]
