"""Event extraction across sentences and clauses: what one example sentence per rule cannot show (the examples
beside each rule family in `ontology/events/` run in `test_lexicon_examples.py`)."""

import pytest

from kgx.merge import dates_compatible

pytestmark = pytest.mark.model


def test_a_planned_and_an_occurred_transfer_in_one_article_stay_two_claims(analyse):
    doc = analyse("The United States will send tanks to Poland next year. Washington has supplied Poland with "
                  "artillery since 2022.")
    assert sorted((e.status, e.date.value if e.date else None) for e in doc._.kgx_events if e.type == "ArmsTransfer") == [
        ("occurred", "2022/.."), ("planned", "2025")]


def test_according_to_reports_covers_the_claim_not_its_background(analyse):
    doc = analyse("Turkey supplied drones to Azerbaijan that were used in its war with Armenia, according to reports.")
    statuses = {e.type: e.status for e in doc._.kgx_events}
    assert statuses == {"ArmsTransfer": "alleged", "Attack": "occurred"}


def test_they_after_coordinated_states_means_all_of_them(analyse):
    doc = analyse("Norway, Ireland and Spain said on Wednesday they would recognize a Palestinian state on May 28.",
                  "2024-05-22")
    upgrades = {(tuple(e.source), tuple(e.target), e.date.value, e.status) for e in doc._.kgx_events
                if e.type == "RelationsUpgrade"}
    assert upgrades == {((state,), ("PSE",), "2024-05-28", "planned") for state in ("NOR", "IRL", "ESP")}


def test_the_leader_of_a_body_that_is_no_state_stands_for_that_body(analyse):
    doc = analyse("Iran's foreign minister arrived in Beirut on Saturday and met Hezbollah leader Hassan Nasrallah.",
                  "2024-02-14")
    meeting = next(e for e in doc._.kgx_events if e.type == "Meeting")
    assert set(meeting.source) | set(meeting.target) == {"IRN", "HEZBOLLAH"}


def test_one_person_meeting_two_counterparts_is_two_meetings(analyse):
    doc = analyse("Indian Foreign Minister S. Jaishankar held talks with Sri Lankan President Ranil Wickremesinghe "
                  "in Colombo on Tuesday. On Tuesday Jaishankar met Sri Lankan Prime Minister Dinesh Gunawardena. "
                  "Jaishankar and Wickremesinghe discussed energy projects during their talks.", "2023-06-22")
    meetings = sorted(tuple(sorted(e.persons)) for e in doc._.kgx_events if e.type == "Meeting")
    assert meetings == [("person:dinesh-gunawardena", "person:s-jaishankar"),
                        ("person:ranil-wickremesinghe", "person:s-jaishankar")]


@pytest.mark.parametrize("text,visit", [
    ("Talks in Tokyo. Japanese Prime Minister Fumio Kishida met visiting South Korean President Yoon Suk-yeol on "
     "Thursday.", ("KOR", "JPN")),
    ("Talks in Lima. The visiting Chilean foreign minister held talks with Peruvian President Dina Boluarte.",
     ("CHL", "PER")),
    ("Talks in Accra. Ghanaian President John Mahama and visiting Togolese President Faure Gnassingbe agreed to "
     "reopen the border.", ("TGO", "GHA")),
    ("Talks in Hanoi. Vietnam's prime minister welcomed the visiting Indonesian foreign minister.", ("IDN", "VNM")),
])
def test_a_visiting_person_is_the_visitor_and_the_other_party_the_host(analyse, text, visit):
    visits = [(e.source[0], e.target[0]) for e in analyse(text)._.kgx_events if e.type == "Visit"]
    assert visits == [visit]


def test_an_official_sent_is_the_visitor_and_no_visit_of_the_sender(analyse):
    doc = analyse("Talks in Abuja. South Africa's President Cyril Ramaphosa dispatched his special envoy Jeff Radebe to "
                  "Nigeria. Ramaphosa was in Nigeria in July 2018 on a working visit.", "2019-10-03")
    visits = sorted((e.persons[0], e.date.value if e.date else None) for e in doc._.kgx_events if e.type == "Visit")
    assert visits == [("person:cyril-ramaphosa", "2018-07"), ("person:jeff-radebe", None)]


def test_a_visit_to_several_states_joins_the_visit_told_of_each(analyse):
    doc = analyse("Trip ahead. South Korean President Yoon Suk-yeol will pay state visits to Turkmenistan, Kazakhstan "
                  "and Uzbekistan from Monday. His trip begins with a visit to Turkmenistan on Monday.", "2024-06-09")
    visits = sorted((e.target, e.date.value) for e in doc._.kgx_events if e.type == "Visit")
    assert visits == [(["KAZ"], "2024-06-10"), (["TKM"], "2024-06-10"), (["UZB"], "2024-06-10")]


def test_an_accord_reached_with_no_doer_is_between_the_last_events_parties(analyse):
    doc = analyse("Border talks. Ghana and Togo held talks on Monday. An agreement was reached on the border. "
                  "The Paris Agreement was signed in 2015.", "2024-03-15")
    agreements = [(sorted(e.source + e.target), e.date.value if e.date else None)
                  for e in doc._.kgx_events if e.type == "Agreement"]
    assert agreements == [(["GHA", "TGO"], "2024-03-11")]


def test_a_day_inside_a_span_of_days_is_the_same_act_a_day_inside_years_is_not(analyse):
    doc = analyse("Ties cut. This week, Tuvalu cut ties with Taiwan. Taiwan's foreign minister said on Friday that "
                  "Taipei had ended diplomatic relations with Tuvalu.", "2024-03-15")
    assert len([e for e in doc._.kgx_events if e.type == "RelationsDowngrade"]) == 1
    assert dates_compatible("2024-03-11/2024-03-17", "2024-03-15") and dates_compatible("2024-03", "2024-03-11/2024-03-13")
    assert not dates_compatible("2016/2020", "2020") and not dates_compatible("2024-03-11/2024-03-13", "2024-03-15")


def test_a_planned_act_called_off_by_naming_it_again_is_no_event(analyse):
    doc = analyse("Trip off. Kenya's president will visit Ghana next week. The visit was postponed on Friday. "
                  "Kenya's foreign minister will visit Togo next week. A visit to Benin was postponed.", "2024-03-15")
    assert [e.target for e in doc._.kgx_events if e.type == "Visit"] == [["TGO"]]


def test_a_meeting_with_unnamed_people_of_no_state_takes_no_state_from_the_article(analyse):
    doc = analyse("Embassy attacked. Sweden condemned the attack on its embassy in Baghdad. Iraqi Prime Minister "
                  "Mohammed Shia al-Sudani met with security officials on Friday. Sweden recalled its envoy.",
                  "2024-03-15")
    assert [e for e in doc._.kgx_events if e.type == "Meeting"] == []


@pytest.mark.parametrize("text", [
    "Iraq told Sweden that it would cut off diplomatic relations should the protest go ahead.",
    "Ghana said it would cut diplomatic ties with Togo if the attacks continued.",
    "Peru warned that it will expel the Bolivian ambassador if the border stays closed.",
])
def test_an_act_threatened_under_a_condition_is_no_event(analyse, text):
    assert [e.type for e in analyse(text)._.kgx_events if e.type != "Threat"] == []


@pytest.mark.parametrize("text, closure", [
    ("Kenya will reopen its embassy in Mogadishu next month. The embassy has been closed since 2019.",
     ("KEN", "SOM", "2019/..")),
    ("Qatar is working on reopening its embassy in Cairo. The embassy shut down in 2013 when the two states fell out.",
     ("QAT", "EGY", "2013")),
    ("During the crisis, the Danish embassy in Kabul sheltered aid workers. The Danish embassy then closed in 1999.",
     ("DNK", "AFG", "1999")),
])
def test_the_embassy_closing_is_the_mission_told_before(analyse, text, closure):
    doc = analyse(text)
    closures = {(*e.source, *e.target, e.date.value if e.date else None) for e in doc._.kgx_events
                if e.type == "EmbassyClosure"}
    assert closures == {closure}


def test_the_embassy_of_another_owner_takes_no_host_from_a_mission_told_before(analyse):
    doc = analyse("Peru reopened its embassy in Quito on Monday. The Chilean embassy closed in 2010.")
    assert not [e for e in doc._.kgx_events if e.type == "EmbassyClosure"]


def test_the_mission_of_several_owners_told_before_is_nobody_s_in_particular(analyse):
    doc = analyse("Sweden and Finland will shut their Minsk embassies. Officials said the mission will be closed.")
    assert {(tuple(e.source), tuple(e.target)) for e in doc._.kgx_events if e.type == "EmbassyClosure"} == {
        (("SWE", "FIN"), ("BLR",))}


@pytest.mark.parametrize("text, envoy_state", [
    ("Chad has revoked the visa of the Sudanese ambassador, after ordering the diplomat on Monday to leave.", "SDN"),
    ("Burkina Faso summoned the Ivorian ambassador on Friday. On Monday it ordered the envoy to leave.", "CIV"),
])
def test_the_envoy_is_the_one_named_just_before(analyse, text, envoy_state):
    doc = analyse(text)
    assert {t for e in doc._.kgx_events if e.type == "Expulsion" for t in e.target} == {envoy_state}


def test_an_act_told_after_another_of_its_kind_is_another_act(analyse):
    doc = analyse("Chad has revoked the visa of the Sudanese ambassador, after ordering the diplomat on Monday to leave.")
    assert sorted(e.date.value for e in doc._.kgx_events if e.type == "Expulsion") == ["2024-03-11", "2024-03-15"]


def test_bare_diplomatic_relations_as_patient_are_the_pair_told_before(analyse):
    doc = analyse("Chile and Bolivia held talks on Monday. Diplomatic relations were restored in 2023.")
    upgrade = next(e for e in doc._.kgx_events if e.type == "RelationsUpgrade")
    assert (set(upgrade.source) | set(upgrade.target), upgrade.date.value) == ({"CHL", "BOL"}, "2023")

@pytest.mark.parametrize("text", [
    "Ghana has been forging closer relations with Nigeria's rivals.",
    "Chile signed a fisheries accord with Peru's neighbours on Monday.",
    "Kenya strengthened ties with Somalia's enemies last year.",
])
def test_a_states_rivals_and_neighbours_are_not_that_state(analyse, text):
    doc = analyse(text)
    assert [e for e in doc._.kgx_events if e.type in ("Agreement", "RelationsUpgrade")] == []


@pytest.mark.parametrize("text,kind,parties", [
    ("The joint communique issued by Peru and Chile on Monday calls for closer fisheries ties.", "Agreement",
     ({"PER", "CHL"}, set())),
    ("The joint declaration adopted by Ghana and Togo on Monday sets out border rules.", "Agreement",
     ({"GHA", "TGO"}, set())),
    ("Armenia criticised the drones delivered to Azerbaijan by Israel in 2020.", "ArmsTransfer", ({"ISR"}, {"AZE"})),
])
def test_a_participle_describing_the_thing_done_takes_its_doer_from_by(analyse, text, kind, parties):
    doc = analyse(text)
    assert [(set(e.source), set(e.target)) for e in doc._.kgx_events if e.type == kind] == [parties]


@pytest.mark.parametrize("text,parties", [
    ("Greece has sealed a deal for the purchase of 20 F-35 fighter jets from the United States, with its defence "
     "minister signing on Monday.", ("USA", "GRC")),
    ("Egypt signed a contract for the purchase of 30 Rafale jets from France in May.", ("FRA", "EGY")),
    ("Belarus and Russia agreed last year on the delivery of Belarusian artillery shells to Russia.", ("BLR", "RUS")),
])
def test_a_deal_for_a_purchase_of_arms_is_the_transfer_alone(analyse, text, parties):
    doc = analyse(text)
    assert [(e.type, e.source[0], e.target[0]) for e in doc._.kgx_events] == [("ArmsTransfer", *parties)]
@pytest.mark.parametrize("text,parties", [
    ("Pact. Ghana and Togo reopened their border on Monday. The deal followed bilateral talks in Accra.", {"GHA", "TGO"}),
    ("Peru and Chile sign accord. Following bilateral talks, the foreign ministers signed a fisheries accord on Monday.",
     {"PER", "CHL"}),
])
def test_bilateral_talks_that_name_nobody_are_between_the_pair_told(analyse, text, parties):
    meetings = [set(e.source) | set(e.target) for e in analyse(text)._.kgx_events if e.type == "Meeting"]
    assert meetings == [parties]


@pytest.mark.parametrize("text,parties", [
    ("Talks. Former South Korean President Moon Jae-in gathered the leaders of Japan and China in Seoul in 2023.",
     {"KOR", "JPN", "CHN"}),
    ("Talks. Former U.S. President Barack Obama met the leaders of Kenya in Nairobi in 2023.", {"USA", "KEN"}),
])
def test_a_former_leader_takes_the_state_of_the_title(analyse, text, parties):
    meetings = [set(e.source) | set(e.target) for e in analyse(text)._.kgx_events if e.type == "Meeting"]
    assert meetings == [parties]


@pytest.mark.parametrize("text,parties", [
    ("Talks. Despite recent talks between Peru and Chile, the two sides have not agreed on a border.", {"PER", "CHL"}),
    ("Talks. After a meeting with Kenyan President William Ruto, Ugandan officials did not comment.", {"UGA", "KEN"}),
    ("Talks. Despite the crisis, Peru did not hold talks with Chile.", None),
])
def test_a_meeting_in_a_background_adjunct_is_not_negated_by_its_clause(analyse, text, parties):
    meetings = [set(e.source) | set(e.target) for e in analyse(text)._.kgx_events if e.type == "Meeting"]
    assert meetings == ([parties] if parties else [])



def test_a_person_of_no_known_state_met_by_a_visitor_is_of_the_host(analyse):
    doc = analyse("Visit. Chilean President Gabriel Boric arrived in Hanoi, Vietnam, today for a state visit. The trip "
                  "aims to open Asian markets to Chilean wine. Exports grew last year. His first engagement will be a "
                  "lunch with business leaders on Tuesday. Boric will also meet with Prime Minister Tran Van Lam. "
                  "Boric will pay a visit to Tokyo, Japan, on Friday. Japan is Chile's biggest partner in Asia, and "
                  "Japan buys much wine.")
    meetings = [set(e.source) | set(e.target) for e in doc._.kgx_events if e.type == "Meeting"]
    assert meetings == [{"CHL", "VNM"}]
@pytest.mark.parametrize("text,visits", [
    ("Ruto in Accra. Kenyan President William Ruto visited Ghana on Monday. He recalled that his visit in 2015 had "
     "opened the market.", [("GHA", "2015"), ("GHA", "2024-03-11")]),
    ("Sisi in Ankara. Egyptian President Abdel Fattah al-Sisi visited Turkey this week. The Egyptian leader's March 3 "
     "trip was a first.", [("TUR", "2024-03-03"), ("TUR", "2024-03-11/2024-03-17")]),
    ("Lula in Lima. Brazil's foreign minister travelled to Peru on Monday. The visit was short.",
     [("PER", "2024-03-11")]),
])
def test_a_visit_dated_apart_with_no_host_is_to_the_host_of_the_visitors_visit_before(analyse, text, visits):
    found = sorted((e.target[0], e.date.value) for e in analyse(text, "2024-03-15")._.kgx_events if e.type == "Visit")
    assert found == visits


def test_a_pronoun_in_an_opening_phrase_is_the_main_clauses_subject(analyse):
    doc = analyse("Ruto in Accra. Kenyan President William Ruto arrived in Accra on Monday. Cocoa prices rose. "
                  "Looking back on his visit in 2015, Ruto praised the new port.", "2024-03-15")
    visits = sorted((e.persons, e.date.value) for e in doc._.kgx_events if e.type == "Visit")
    assert visits == [(["person:william-ruto"], "2015"), (["person:william-ruto"], "2024-03-11")]


def test_a_dateline_glued_to_the_first_word_by_a_dash_leaves_the_sentence_its_parties(analyse):
    doc = analyse("Envoy ends visit.\n\nNairobi, March 4 (KNA)\u2014Ghanaian Foreign Minister Samuel Okudzeto Ablakwa "
                  "has concluded his official visit to Kenya.", "2024-03-05")
    assert [(e.source, e.target) for e in doc._.kgx_events if e.type == "Visit"] == [(["GHA"], ["KEN"])]


@pytest.mark.parametrize("text,visits", [
    ("Brazil's foreign minister Mauro Vieira will travel to Chile on Wednesday and Peru on Thursday.",
     [("CHL", "2024-03-20"), ("PER", "2024-03-21")]),
    ("Kenyan President William Ruto visited Ghana in May and Togo in June.", [("GHA", "2023-05"), ("TGO", "2023-06")]),
])
def test_a_second_destination_joined_to_the_first_day_is_a_stop_on_its_own_day(analyse, text, visits):
    found = sorted((e.target[0], e.date.value) for e in analyse("Trips. " + text, "2024-03-15")._.kgx_events
                   if e.type == "Visit")
    assert found == visits


def test_a_trigger_word_in_a_clause_inside_the_object_is_not_the_object(analyse):
    doc = analyse("Peru and Chile agreed on Monday to end a feud that saw them severing ties in 2019.")
    assert sorted(e.date.value for e in doc._.kgx_events if e.type == "RelationsDowngrade") == ["2019"]


@pytest.mark.parametrize("text,parties", [
    ("Belarus insisted that it had never supplied ammunition to Russia.", ("BLR", "RUS")),
    ("Iran stated on Monday that it has not sold drones to Sudan since 2023.", ("IRN", "SDN")),
])
def test_a_state_saying_it_did_not_act_denies_the_act(analyse, text, parties):
    doc = analyse(text)
    assert [(e.source[0], e.target[0], e.status) for e in doc._.kgx_events] == [(*parties, "denied")]


def test_a_state_saying_it_will_not_act_tells_no_act(analyse):
    assert analyse("Turkey said it would not sell drones to Russia.")._.kgx_events == []


def test_a_denial_beside_the_report_of_the_act_stays_a_claim_of_its_own(analyse):
    doc = analyse("Ukrainian officials say Iran supplied Russia with drones. Iran said it has not sold drones to Russia.",
                  "2024-09-09")
    assert sorted(e.status for e in doc._.kgx_events if e.type == "ArmsTransfer") == ["denied", "occurred"]


def test_an_act_done_with_a_third_state_by_no_named_doer_is_the_pairs_told_before(analyse):
    doc = analyse("Peru and Chile agreed on Monday to restore ties. The breakthrough negotiated with Brazil ends a "
                  "long feud. The two countries released a joint statement on the deal with Brazil.")
    parties = {e.type: set(e.source) | set(e.target) for e in doc._.kgx_events}
    assert parties["Meeting"] == parties["Agreement"] == {"PER", "CHL", "BRA"}


def test_a_communique_issued_after_talks_is_the_agreement_of_their_parties(analyse):
    doc = analyse("Ghanaian President Kofi Mensah met Togolese President Jean Adje in Lome on Tuesday. A joint "
                  "communique issued after their meeting set out border rules.")
    assert [(set(e.source) | set(e.target), e.date.value) for e in doc._.kgx_events if e.type == "Agreement"] == [
        ({"GHA", "TGO"}, "2024-03-12")]


@pytest.mark.parametrize("noun", ["regional heavyweights", "rivals", "powers"])
def test_a_pair_named_by_its_standing_is_the_pair_the_article_is_about(analyse, noun):
    doc = analyse(f"Egypt reopened its embassy in Turkey. Egypt and Turkey had cut ties in 2013. A Greek minister "
                  f"visited China in May. After years of discord, the two {noun} signed a trade agreement on March 10.")
    assert [set(e.source) | set(e.target) for e in doc._.kgx_events if e.type == "Agreement"] == [{"EGY", "TUR"}]


def test_a_headline_act_and_the_body_act_of_the_same_day_are_one_whatever_their_status(analyse):
    doc = analyse("Peru, Chile sign fisheries accord\n\nLIMA, 12 March 2024 (AFP) - Peruvian President Ana Rojas has "
                  "signed a fisheries accord with Chilean President Luis Vera in Lima, state media reported on Tuesday.")
    assert [(set(e.source) | set(e.target), e.date.value) for e in doc._.kgx_events if e.type == "Agreement"] == [
        ({"PER", "CHL"}, "2024-03-12")]


def test_the_trip_a_first_visit_is_counted_from_is_past_and_dated_by_its_own_year(analyse):
    doc = analyse("Ruto to Accra. Kenyan President William Ruto will visit Ghana on Monday. It will be the first visit "
                  "of a Kenyan president to the country since Mwai Kibaki's trip in 2005.", "2024-03-15")
    visits = sorted((e.date.value, e.status) for e in doc._.kgx_events if e.type == "Visit")
    assert visits == [("2005", "occurred"), ("2024-03-18", "planned")]


@pytest.mark.parametrize("text,dates", [
    ("Cuban President Miguel Diaz-Canel next month will make the first visit to Chile by a Cuban head of state "
     "since his predecessor in 2001.", ["2001", "2024-04"]),
    ("Kenyan President William Ruto last month made the first visit to Chile by a Kenyan leader since the war in "
     "2001.", ["2024-02"]),
])
def test_a_first_visit_since_a_person_in_a_year_tells_that_persons_visit(analyse, text, dates):
    found = sorted(e.date.value for e in analyse("Visits. " + text, "2024-03-15")._.kgx_events if e.type == "Visit")
    assert found == dates


@pytest.mark.parametrize("text", [
    "Kenyan President William Ruto invited Ghanaian President John Mahama to visit Kenya next year.",
    "Ghanaian President John Mahama met Kenyan President William Ruto on Monday. Ruto has invited him to visit Kenya.",
])
def test_the_one_invited_to_visit_is_the_visitor(analyse, text):
    visits = [(e.source, e.target, e.status) for e in analyse("Invitation. " + text, "2024-03-15")._.kgx_events
              if e.type == "Visit"]
    assert visits == [(["GHA"], ["KEN"], "planned")]


def test_the_first_visit_since_an_event_is_not_dated_by_that_event(analyse):
    doc = analyse("Ruto in Accra. Kenyan President William Ruto arrived in Ghana on Monday. He is the first head of "
                  "state to visit the country since President John Mahama took office last January.", "2024-03-15")
    assert sorted(e.date.value for e in doc._.kgx_events if e.type == "Visit") == ["2024-03-11"]
def test_a_transfer_told_in_the_passive_without_its_doer_is_by_the_supplier_told_before(analyse):
    doc = analyse("Norway sold 12 F-16 jets to Romania on Tuesday. Norway has 20 more F-16s. Some of the remaining "
                  "jets have been promised to Ukraine.")
    assert sorted((e.source[0], e.target[0]) for e in doc._.kgx_events if e.type == "ArmsTransfer") == [
        ("NOR", "ROU"), ("NOR", "UKR")]


@pytest.mark.parametrize("text,visits", [
    ("Brazil's foreign minister Mauro Vieira held talks with Chilean President Gabriel Boric in Santiago on Monday.",
     [(["BRA"], ["CHL"], "2024-03-11")]),
    ("Kenyan President William Ruto and Ghanaian President John Mahama met in Paris on Monday.", []),
    ("Brazil's foreign minister Mauro Vieira arrived in Chile on Sunday. He held talks with Chilean President Gabriel "
     "Boric in Santiago on Monday.", [(["BRA"], ["CHL"], "2024-03-10")]),
])
def test_a_meeting_held_in_one_partys_state_is_the_others_visit_unless_told(analyse, text, visits):
    found = [(e.source, e.target, e.date.value) for e in analyse("Talks. " + text, "2024-03-15")._.kgx_events
             if e.type == "Visit"]
    assert found == visits
