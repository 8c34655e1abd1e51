"""The gazetteer of office holders: the file validates, and a name gives a state on a day of its term (a full name
also after it; a family name alone only for the leader in office that day)."""

import datetime

import pytest

from kgx import knowledge
from kgx.errors import KgxError
from kgx.knowledge import (OfficeHolderRecord, former_office_holder_state, leader_state_by_family_name,
                           office_holder_state)


def test_the_file_validates_and_names_known_states():
    records = knowledge.office_holders()
    assert len(records) > 500
    assert {r.office for r in records} == {"head_of_state", "head_of_government", "foreign_minister"}
    assert all(r.iso3 in knowledge.states_by_iso3() for r in records)


@pytest.mark.parametrize(("name", "day", "iso3"), [
    ("Boris Johnson", datetime.date(2020, 5, 1), "GBR"),            # 2019-2022
    ("Naftali Bennett", datetime.date(2021, 7, 1), "ISR"),          # 2021-2022
    ("Sergey Lavrov", datetime.date(2015, 3, 1), "RUS"),            # since 2004-03-09
    ("Antony Blinken", datetime.date(2021, 1, 26), "USA"),          # first day of the term
    ("Paul Kagame", None, "RWA"),                                   # a unique name needs no date
])
def test_a_known_holder_resolves_inside_the_term(name, day, iso3):
    assert office_holder_state(name, day) == iso3


@pytest.mark.parametrize(("name", "day", "iso3"), [
    ("Nicolas Sarkozy", datetime.date(2008, 6, 1), "FRA"),          # 2007-2012, from the 21st-century list
    ("Najib Razak", datetime.date(2012, 3, 1), "MYS"),              # 2009-2018
    ("Tsai Ing-wen", datetime.date(2017, 1, 1), "TWN"),             # 2016-
    ("Barack Obama", datetime.date(2010, 1, 1), "USA"),             # 2009-2017
    ("Justin Trudeau", datetime.date(2016, 1, 1), "CAN"),           # 2015-
    ("Mahmoud Abbas", datetime.date(2006, 1, 1), "PSE"),            # acting president 2005-2008, next to a later term
    ("Vojislav Koštunica", datetime.date(2002, 1, 1), "YUG"),       # president of FR Yugoslavia 2000-2003
    ("Vojislav Koštunica", datetime.date(2006, 1, 1), "SRB"),       # prime minister of Serbia 2004-2008
    ("Alexander Lukashenko", datetime.date(2010, 1, 1), "BLR"),     # the list's spelling, an alias of the file's
    ("Kassym-Jomart Tokayev", datetime.date(2000, 1, 1), "KAZ"),    # prime minister 1999-2002, same alias
])
def test_a_holder_of_2001_2019_resolves_inside_the_term(name, day, iso3):
    assert office_holder_state(name, day) == iso3


@pytest.mark.parametrize(("name", "day", "iso3"), [
    ("Mourad Medelci", datetime.date(2010, 6, 1), "DZA"),           # 2007-06-04 to 2013-09-11
    ("Murray McCully", datetime.date(2012, 6, 1), "NZL"),           # 2008-11-19 to 2017-05-02
])
def test_a_foreign_minister_of_2006_2020_resolves_inside_the_term(name, day, iso3):
    assert office_holder_state(name, day) == iso3
    assert office_holder_state(name, datetime.date(2021, 1, 1)) is None               # both terms ended


def test_a_holder_of_2001_2019_does_not_resolve_outside_the_term():
    assert office_holder_state("Najib Razak", datetime.date(2020, 1, 1)) is None       # ended 2018
    assert office_holder_state("Nicolas Sarkozy", datetime.date(2005, 1, 1)) is None   # began 2007


def test_a_name_of_two_states_gives_none_unless_the_date_tells_them_apart():
    assert office_holder_state("Vojislav Koštunica", None) is None                     # YUG and SRB
    assert office_holder_state("Albert II", datetime.date(2010, 1, 1)) is None         # Belgium and Monaco
    assert office_holder_state("Albert II", datetime.date(2000, 1, 1)) == "BEL"        # Monaco's from 2005


def test_matching_ignores_case_accents_and_spacing():
    assert office_holder_state("micheal  MARTIN", datetime.date(2021, 1, 1)) == "IRL"
    assert office_holder_state("Recep Tayyip Erdogan", datetime.date(2020, 1, 1)) == "TUR"


def test_an_alias_resolves():
    assert office_holder_state("Felipe VI of Spain", datetime.date(2020, 1, 1)) == "ESP"


@pytest.mark.parametrize(("name", "day"), [
    ("Boris Johnson", datetime.date(2010, 5, 1)),       # before the term
    ("Naftali Bennett", datetime.date(2023, 1, 1)),     # after it
    ("Sergey Lavrov", datetime.date(2004, 3, 8)),       # the day before it began
])
def test_a_known_holder_does_not_resolve_outside_the_term(name, day):
    assert office_holder_state(name, day) is None


def test_an_ambiguous_or_unknown_name_gives_none():
    assert office_holder_state("Charles III", datetime.date(2023, 1, 1)) is None    # king of many realms
    assert office_holder_state("Elizabeth II", None) is None
    assert office_holder_state("Johnson", None) is None                             # surnames are not names
    assert office_holder_state("Nobody Inparticular", None) is None


def test_a_bad_row_is_refused():
    row = {"name": "X", "aliases": "", "iso3": "GBR", "office": "head_of_state", "start": "2020", "end": "2019"}
    with pytest.raises(ValueError):
        OfficeHolderRecord.model_validate(row)
    with pytest.raises(ValueError):
        OfficeHolderRecord.model_validate({**row, "end": "", "iso3": "ZZZ"})
    with pytest.raises(ValueError):
        OfficeHolderRecord.model_validate({**row, "end": "", "office": "king"})
    with pytest.raises(ValueError):
        OfficeHolderRecord.model_validate({**row, "end": "2021-02-30"})
    assert KgxError  # the loader turns these into E020 with file and field


def test_a_former_leader_keeps_the_state_of_the_office_held_before():
    assert former_office_holder_state("George W Bush", datetime.date(2020, 2, 1)) == "USA"       # dots folded
    assert former_office_holder_state("Benigno Aquino", datetime.date(2016, 10, 20)) == "PHL"    # 'III' dropped
    assert former_office_holder_state("Nicolas Sarkozy", datetime.date(2005, 1, 1)) is None     # not yet in office
    assert former_office_holder_state("Vojislav Koštunica", datetime.date(2020, 1, 1)) is None  # YUG and SRB


def test_a_family_name_alone_names_the_leader_in_office_that_day():
    assert leader_state_by_family_name("Obama", datetime.date(2012, 5, 1)) == "USA"
    assert leader_state_by_family_name("Sarkozy", datetime.date(2010, 12, 6)) == "FRA"
    assert leader_state_by_family_name("Sarkozy", datetime.date(2015, 1, 1)) is None  # out of office
    assert leader_state_by_family_name("Kim", datetime.date(2019, 1, 1)) is None      # no leader's last name


def test_an_arabic_article_is_written_either_way():
    day = datetime.date(2024, 2, 14)
    assert office_holder_state("Abdel Fattah al-Sisi", day) == office_holder_state("Abdel Fattah el Sisi", day) == "EGY"
    assert leader_state_by_family_name("Sisi", day) == leader_state_by_family_name("el-Sisi", day) == "EGY"
    assert leader_state_by_family_name("Assad", datetime.date(2012, 1, 1)) == "SYR"
