"""Event rules on sentences written for these tests, from many country pairs (none from the seed articles).

Each case: text, publication date, expected type, source, target, date, status. Symmetric types (Meeting,
Agreement, Attack, RelationsUpgrade, RelationsDowngrade) are compared on the union of their parties, as the
scorer does.
"""

import pytest

from kgx.evaluate import SYMMETRIC

pytestmark = pytest.mark.model
P = "2024-03-15"  # a Friday

CASES = [
    # Visit
    ("Indian Prime Minister Narendra Modi visited Japan on Monday.", P, "Visit", "IND", "JPN", "2024-03-11", "occurred"),
    ("French President Emmanuel Macron arrived in Nairobi on Thursday for a three-day state visit.", P, "Visit", "FRA", "KEN", "2024-03-14", "occurred"),
    ("Brazil's foreign minister travelled to Beijing last week.", P, "Visit", "BRA", "CHN", "2024-03-04/2024-03-10", "occurred"),
    ("The Turkish president will visit Egypt next month, officials said.", P, "Visit", "TUR", "EGY", "2024-04", "planned"),
    ("A visit to Seoul by Japanese Foreign Minister Yoko Kamikawa in January focused on trade.", P, "Visit", "JPN", "KOR", "2024-01", "occurred"),
    ("Chancellor Olaf Scholz of Germany headed to Washington on Wednesday.", P, "Visit", "DEU", "USA", "2024-03-13", "occurred"),
    ("Polish Defence Minister Wladyslaw Kosiniak-Kamysz paid a visit to Kyiv in February.", P, "Visit", "POL", "UKR", "2024-02", "occurred"),
    ("Saudi Crown Prince Mohammed bin Salman is expected to visit Pakistan in April.", P, "Visit", "SAU", "PAK", "2024-04", "planned"),
    ("Mexico's foreign minister toured Argentina in 2023.", P, "Visit", "MEX", "ARG", "2023", "occurred"),
    ("Last year, Canadian Prime Minister Justin Trudeau visited India.", P, "Visit", "CAN", "IND", "2023", "occurred"),
    # Meeting
    ("Chinese Foreign Minister Wang Yi met his Russian counterpart Sergei Lavrov in Moscow on Monday.", P, "Meeting", "CHN", "RUS", "2024-03-11", "occurred"),
    ("Indonesia's president met Australian Prime Minister Anthony Albanese on 5 March.", P, "Meeting", "IDN", "AUS", "2024-03-05", "occurred"),
    ("Kenya and Ethiopia held talks in Addis Ababa on Tuesday.", P, "Meeting", "KEN", "ETH", "2024-03-12", "occurred"),
    ("Egyptian President Abdel Fattah al-Sisi received Jordan's King Abdullah in Cairo yesterday.", P, "Meeting", "EGY", "JOR", "2024-03-14", "occurred"),
    ("The Spanish foreign minister will meet Moroccan officials in Rabat next week.", P, "Meeting", "ESP", "MAR", "2024-03-18/2024-03-24", "planned"),
    ("Vietnam's prime minister held talks with South Korean President Yoon Suk Yeol in 2023.", P, "Meeting", "VNM", "KOR", "2023", "occurred"),
    ("Peru and Chile discussed border security with each other's envoys in January.", P, "Meeting", "PER", "CHL", "2024-01", "occurred"),
    ("Italian Prime Minister Giorgia Meloni met with Tunisian President Kais Saied in Tunis last month.", P, "Meeting", "ITA", "TUN", "2024-02", "occurred"),
    # EmbassyOpening
    ("In January, Saudi Arabia reopened its embassy in Damascus.", P, "EmbassyOpening", "SAU", "SYR", "2024-01", "occurred"),
    ("Kenya opened an embassy in Seoul last year.", P, "EmbassyOpening", "KEN", "KOR", "2023", "occurred"),
    ("The United Arab Emirates will open an embassy in Tel Aviv next month.", P, "EmbassyOpening", "ARE", "ISR", "2024-04", "planned"),
    ("Ireland has operated an embassy in Mexico since 1999.", P, "EmbassyOpening", "IRL", "MEX", "1999/..", "occurred"),
    ("Bahrain inaugurated its new embassy in Baghdad on 2 March.", P, "EmbassyOpening", "BHR", "IRQ", "2024-03-02", "occurred"),
    ("Paraguay plans to reopen its embassy in Jerusalem in May.", P, "EmbassyOpening", "PRY", "ISR", "2024-05", "planned"),
    # EmbassyClosure
    ("Britain closed its embassy in Kabul in 2021.", P, "EmbassyClosure", "GBR", "AFG", "2021", "occurred"),
    ("In February, Sweden temporarily shut its embassy in Tehran.", P, "EmbassyClosure", "SWE", "IRN", "2024-02", "occurred"),
    ("Nigeria suspended operations at its embassy in Niamey on Monday.", P, "EmbassyClosure", "NGA", "NER", "2024-03-11", "occurred"),
    ("The United States closed its embassy in Khartoum last April.", P, "EmbassyClosure", "USA", "SDN", "2023-04", "occurred"),
    pytest.param("Canada will close its consulate in Yekaterinburg next year.", P, "EmbassyClosure", "CAN", "RUS", "2025", "planned",
                 marks=pytest.mark.xfail(strict=True, reason="known gap: the gazetteer knows capitals, not other cities")),
    ("Canada will close its consulate in Russia next year.", P, "EmbassyClosure", "CAN", "RUS", "2025", "planned"),
    ("Norway closed the Norwegian embassy in Caracas in 2019.", P, "EmbassyClosure", "NOR", "VEN", "2019", "occurred"),
    # AmbassadorAppointment
    ("Chile appointed a new ambassador to Argentina on Tuesday.", P, "AmbassadorAppointment", "CHL", "ARG", "2024-03-12", "occurred"),
    ("Israel named an ambassador to Bahrain in 2023.", P, "AmbassadorAppointment", "ISR", "BHR", "2023", "occurred"),
    ("In January, Japan sent an envoy to North Korea.", P, "AmbassadorAppointment", "JPN", "PRK", "2024-01", "occurred"),
    ("Colombia will appoint an ambassador to Venezuela next month.", P, "AmbassadorAppointment", "COL", "VEN", "2024-04", "planned"),
    ("Germany returned its ambassador to Niger last week.", P, "AmbassadorAppointment", "DEU", "NER", "2024-03-04/2024-03-10", "occurred"),
    ("Morocco nominated an ambassador to Algeria in 2022.", P, "AmbassadorAppointment", "MAR", "DZA", "2022", "occurred"),
    # Expulsion
    ("Russia expelled two Estonian diplomats on Monday.", P, "Expulsion", "RUS", "EST", "2024-03-11", "occurred"),
    ("In February, Germany expelled four Russian diplomats.", P, "Expulsion", "DEU", "RUS", "2024-02", "occurred"),
    ("India declared a Canadian diplomat persona non grata last September.", P, "Expulsion", "IND", "CAN", "2023-09", "occurred"),
    ("Mali ordered the French ambassador to leave the country on Tuesday.", P, "Expulsion", "MLI", "FRA", "2024-03-12", "occurred"),
    ("Three Moldovan diplomats were expelled by Russia in 2023.", P, "Expulsion", "RUS", "MDA", "2023", "occurred"),
    ("Niger threw out France's ambassador in August 2023.", P, "Expulsion", "NER", "FRA", "2023-08", "occurred"),
    ("Poland withdrew the accreditation of a Belarusian diplomat on 1 March.", P, "Expulsion", "POL", "BLR", "2024-03-01", "occurred"),
    # ArmsTransfer
    ("The United States supplied Patriot missiles to Ukraine in 2023.", P, "ArmsTransfer", "USA", "UKR", "2023", "occurred"),
    ("Turkey sold drones to Ethiopia last year.", P, "ArmsTransfer", "TUR", "ETH", "2023", "occurred"),
    ("South Korea delivered tanks to Poland in December.", P, "ArmsTransfer", "KOR", "POL", "2023-12", "occurred"),
    ("France will deliver Rafale jets to India next year.", P, "ArmsTransfer", "FRA", "IND", "2025", "planned"),
    ("Russia provided India with air defence systems between 2018 and 2022.", P, "ArmsTransfer", "RUS", "IND", "2018/2022", "occurred"),
    ("Germany's arms exports to Egypt rose in 2022.", P, "ArmsTransfer", "DEU", "EGY", "2022", "occurred"),
    ("Iran reportedly shipped missiles to Russia in January.", P, "ArmsTransfer", "IRN", "RUS", "2024-01", "alleged"),
    # Agreement
    ("Japan and the Philippines signed a defence agreement on Monday.", P, "Agreement", "JPN", "PHL", "2024-03-11", "occurred"),
    ("Kenya signed a trade deal with the United Kingdom in December.", P, "Agreement", "KEN", "GBR", "2023-12", "occurred"),
    ("Egypt and Saudi Arabia are expected to sign an investment accord next month.", P, "Agreement", "EGY", "SAU", "2024-04", "planned"),
    ("Indonesia concluded a memorandum of understanding with Brazil on 8 March.", P, "Agreement", "IDN", "BRA", "2024-03-08", "occurred"),
    ("Greece and Turkey agreed to resume talks in January.", P, "Agreement", "GRC", "TUR", "2024-01", "occurred"),
    ("Vietnam and Australia inked a strategic partnership agreement last week.", P, "Agreement", "VNM", "AUS", "2024-03-04/2024-03-10", "occurred"),
    ("Nigeria and Ghana will sign a border treaty in June.", P, "Agreement", "NGA", "GHA", "2024-06", "planned"),
    # RelationsUpgrade
    ("Saudi Arabia and Iran restored diplomatic ties in March 2023.", P, "RelationsUpgrade", "SAU", "IRN", "2023-03", "occurred"),
    ("Honduras established diplomatic relations with China in 2023.", P, "RelationsUpgrade", "HND", "CHN", "2023", "occurred"),
    ("Spain recognized Palestine in May.", P, "RelationsUpgrade", "ESP", "PSE", "2023-05", "occurred"),
    ("Nauru switched recognition from Taiwan to China in January.", P, "RelationsUpgrade", "NRU", "CHN", "2024-01", "occurred"),
    ("Israel and Morocco normalized relations in 2020.", P, "RelationsUpgrade", "ISR", "MAR", "2020", "occurred"),
    ("Turkey and Armenia plan to establish diplomatic relations next year.", P, "RelationsUpgrade", "TUR", "ARM", "2025", "planned"),
    # RelationsDowngrade
    ("Bolivia cut diplomatic ties with Israel in November.", P, "RelationsDowngrade", "BOL", "ISR", "2023-11", "occurred"),
    ("In 2021, Algeria severed diplomatic relations with Morocco.", P, "RelationsDowngrade", "DZA", "MAR", "2021", "occurred"),
    ("Colombia broke off diplomatic relations with Israel on 1 May.", P, "RelationsDowngrade", "COL", "ISR", "2023-05-01", "occurred"),
    ("Niger recalled its ambassador from Ivory Coast last month.", P, "RelationsDowngrade", "NER", "CIV", "2024-02", "occurred"),
    ("Chad downgraded relations with Sudan in December.", P, "RelationsDowngrade", "TCD", "SDN", "2023-12", "occurred"),
    ("Nicaragua suspended diplomatic relations with Ecuador on Monday.", P, "RelationsDowngrade", "NIC", "ECU", "2024-03-11", "occurred"),
    # Roles through passives, nominalisations, coordination, demonyms and people standing for their state
    ("Georgian Prime Minister Irakli Kobakhidze was received by Chinese President Xi Jinping in Beijing on Tuesday.", P, "Meeting", "GEO", "CHN", "2024-03-12", "occurred"),
    ("The expulsion of two Latvian diplomats by Russia was announced on Monday.", P, "Expulsion", "RUS", "LVA", "2024-03-11", "occurred"),
    ("Armenia and France signed a defence accord in February.", P, "Agreement", "ARM", "FRA", "2024-02", "occurred"),
    ("Uzbekistan and Kazakhstan are expected to sign a water agreement next week.", P, "Agreement", "UZB", "KAZ", "2024-03-18/2024-03-24", "planned"),
    ("A visit to Hanoi in December by Chinese President Xi Jinping sealed the deal.", P, "Visit", "CHN", "VNM", "2023-12", "occurred"),
    ("Hungarian Foreign Minister Peter Szijjarto travelled to Minsk on 4 March.", P, "Visit", "HUN", "BLR", "2024-03-04", "occurred"),
    ("Four Slovak diplomats were expelled by Russia in January.", P, "Expulsion", "RUS", "SVK", "2024-01", "occurred"),
    ("Russia's arms exports to Myanmar grew in 2022.", P, "ArmsTransfer", "RUS", "MMR", "2022", "occurred"),
    ("Kuwait reopened its embassy in Beirut on 6 March.", P, "EmbassyOpening", "KWT", "LBN", "2024-03-06", "occurred"),
    ("Lithuania appointed an ambassador to Taiwan last month.", P, "AmbassadorAppointment", "LTU", "TWN", "2024-02", "occurred"),
    ("Jordan recalled its ambassador from Israel in November.", P, "RelationsDowngrade", "JOR", "ISR", "2023-11", "occurred"),
    ("Qatar and the United Arab Emirates restored diplomatic relations in 2023.", P, "RelationsUpgrade", "QAT", "ARE", "2023", "occurred"),
    ("Azerbaijan closed its embassy in Tehran in January.", P, "EmbassyClosure", "AZE", "IRN", "2024-01", "occurred"),
    ("Sri Lanka's foreign minister met Maldivian officials in Male on Wednesday.", P, "Meeting", "LKA", "MDV", "2024-03-13", "occurred"),
    # Status: planned, alleged, denied
    ("Indonesia plans to open an embassy in Suva next year.", P, "EmbassyOpening", "IDN", "FJI", "2025", "planned"),
    ("Belarus allegedly supplied ammunition to Russia in 2023.", P, "ArmsTransfer", "BLR", "RUS", "2023", "alleged"),
    ("North Korea supplied artillery shells to Russia last year, according to reports.", P, "ArmsTransfer", "PRK", "RUS", "2023", "alleged"),
    ("Iran denied that it had sold drones to Sudan.", P, "ArmsTransfer", "IRN", "SDN", None, "denied"),
    ("Ukraine is scheduled to sign a security agreement with Canada on 20 March.", P, "Agreement", "UKR", "CAN", "2024-03-20", "planned"),
    ("Egypt would host talks with Qatar in May, diplomats said.", P, "Meeting", "EGY", "QAT", "2024-05", "planned"),
    ("Last year, Warsaw closed the Russian consulate in Gdansk.", P, "EmbassyClosure", "POL", "RUS", "2023", "occurred"),
    ("Brazil recalled its ambassador to Israel last week.", P, "RelationsDowngrade", "BRA", "ISR", "2024-03-04/2024-03-10", "occurred"),
    ("Mexico criticised Ecuador on Friday.", P, "Accusation", "MEX", "ECU", "2024-03-15", "occurred"),
    ("On Monday, Sudan gave the Kenyan ambassador 72 hours to leave.", P, "Expulsion", "SDN", "KEN", "2024-03-11", "occurred"),
    ("The new Ghanaian ambassador presented his credentials to Nigerian President Bola Tinubu on Wednesday.", P,
     "AmbassadorAppointment", "GHA", "NGA", "2024-03-13", "occurred"),
    # Accusation, Threat, Attack, MilitaryPosture
    ("Venezuela accused Guyana of provoking the crisis.", P, "Accusation", "VEN", "GUY", None, "occurred"),
    ("Serbia condemned Kosovo on Sunday.", P, "Accusation", "SRB", "XKX", "2024-03-10", "occurred"),
    ("China blamed the Philippines for the collision on 5 March.", P, "Accusation", "CHN", "PHL", "2024-03-05", "occurred"),
    ("North Korea threatened to strike South Korea.", P, "Threat", "PRK", "KOR", None, "occurred"),
    ("Russia threatened military action against Moldova in February.", P, "Threat", "RUS", "MDA", "2024-02", "occurred"),
    ("Pakistan struck Iran on 18 January.", P, "Attack", "PAK", "IRN", "2024-01-18", "occurred"),
    ("Iran attacked Pakistan on Tuesday.", P, "Attack", "IRN", "PAK", "2024-03-12", "occurred"),
    ("China staged military drills near Taiwan in April.", P, "MilitaryPosture", "CHN", "TWN", "2023-04", "occurred"),
]

# Sentences that must yield no event of the type.
NEGATIVES = [
    ("Argentina did not expel any Chilean diplomats.", "Expulsion"),
    ("Norway never opened an embassy in Pyongyang.", "EmbassyOpening"),
    ("Canada refused to sign the agreement with China.", "Agreement"),
    ("The minister did not visit Kenya.", "Visit"),
    ("Portugal was hesitant to open an embassy in Minsk.", "EmbassyOpening"),
    ("The visit lasted two days.", "Visit"),
    ("Ecuador expelled 30 migrants from Peru.", "Expulsion"),
    ("Brazil sold soybeans to China last year.", "ArmsTransfer"),
    ("If Serbia recognized Kosovo, relations with the EU would improve.", "RelationsUpgrade"),
    ("Saudi Arabia and Israel are not expected to normalize relations this year.", "RelationsUpgrade"),
    ("Chile and Colombia recalled their ambassadors earlier this week.", "RelationsDowngrade"),
]


def _parties(event, symmetric):
    source, target = set(event.source), set(event.target)
    return (source | target,) if symmetric else (source, target)


def _describe(events):
    return [(e.type, e.source, e.target, e.date.value if e.date else None, e.status) for e in events]


@pytest.mark.parametrize("text,published,kind,source,target,date,status", CASES)
def test_event(analyse, text, published, kind, source, target, date, status):
    events = analyse(text, published)._.kgx_events
    symmetric = kind in SYMMETRIC
    wanted = _parties(type("E", (), {"source": [source], "target": [target]}), symmetric)
    matching = [e for e in events if e.type == kind and _parties(e, symmetric) == wanted]
    assert matching, f"no {kind} {source}->{target} in {_describe(events)}"
    event = matching[0]
    assert (event.date.value if event.date else None, event.status) == (date, status), _describe(events)
    assert event.provenance.text in text and event.provenance.start >= 0


@pytest.mark.parametrize("text,kind", NEGATIVES)
def test_no_event(analyse, text, kind):
    assert not [e for e in analyse(text)._.kgx_events if e.type == kind]


def test_the_coverage_the_issue_asks_for():
    core = {"Visit", "Meeting", "EmbassyOpening", "EmbassyClosure", "AmbassadorAppointment", "Expulsion", "ArmsTransfer",
            "Agreement", "RelationsUpgrade", "RelationsDowngrade"}
    cases = [c.values if hasattr(c, "values") else c for c in CASES]
    per_type = {t: sum(1 for c in cases if c[2] == t) for t in core}
    pairs = {frozenset((c[3], c[4])) for c in cases}
    assert len(CASES) + len(NEGATIVES) >= 100 and min(per_type.values()) >= 6 and len(pairs) >= 15


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
    event = next(e for e in doc._.kgx_events if e.type == "RelationsUpgrade")
    assert (set(event.source), event.target, event.date.value, event.status) == ({"NOR", "IRL", "ESP"}, ["PSE"],
                                                                                   "2024-05-28", "planned")


def test_the_leader_of_a_body_that_is_no_state_stands_for_that_body(analyse):
    doc = analyse("Iran's foreign minister arrived in Beirut on Saturday and met Hezbollah leader Hassan Nasrallah.",
                  "2024-02-14")
    meeting = next(e for e in doc._.kgx_events if e.type == "Meeting")
    assert set(meeting.source) | set(meeting.target) == {"IRN", "HEZBOLLAH"}
