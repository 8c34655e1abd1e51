from hypothesis import given, strategies as st

from kgx.reading.normalize import normalize


def test_lookalike_mu_in_a_latin_word_becomes_m_and_offsets_stay_in_place():
    text = "Athens, Greece, 4 \u039cay 2023. (EPA)"
    clean = normalize(text)
    assert "4 May 2023" in clean.text
    start = clean.text.index("May")
    assert clean.offsets.to_original(start, start + 3) == (text.index("\u039cay"), text.index("\u039cay") + 3)


def test_a_real_greek_word_is_left_alone():
    assert normalize("\u039a\u03b1\u03bb\u03b7\u03bc\u03ad\u03c1\u03b1 said the minister").text.startswith("\u039a\u03b1\u03bb")


def test_cyrillic_lookalikes_inside_latin_words():
    assert normalize("Tbilisi and \u041c\u043escow").text == "Tbilisi and Moscow"


def test_nonbreaking_and_thin_spaces_become_spaces_and_zero_width_marks_vanish():
    text = "launched\u00a0drills\u202fand\u200b moved"
    clean = normalize(text)
    assert clean.text == "launched drills and moved"
    start = clean.text.index("moved")
    assert text[slice(*clean.offsets.to_original(start, start + 5))] == "moved"


def test_repeated_caption_lines_are_kept_once_and_offsets_skip_them():
    caption = "Minister Jane Doe speaks at the summit in Lisbon. (AP)\n"
    text = caption + caption + "\nThe body of the article.\n"
    clean = normalize(text)
    assert clean.text.count("Jane Doe") == 1
    start = clean.text.index("The body")
    assert text[slice(*clean.offsets.to_original(start, start + 8))] == "The body"


def test_short_lines_that_repeat_by_chance_are_kept():
    assert normalize("TT\nText one.\nTT\n").text == "TT\nText one.\nTT\n"


def test_glued_sentences_get_a_space_that_maps_to_no_new_text():
    text = "digital health.Israel and Chile signed."
    clean = normalize(text)
    assert "health. Israel" in clean.text
    start = clean.text.index("Israel")
    assert text[slice(*clean.offsets.to_original(start, start + 6))] == "Israel"


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_every_clean_character_maps_back_to_the_same_character_or_a_space(text):
    clean = normalize(text)
    assert len(clean.offsets.original) == len(clean.text) + 1
    for i, ch in enumerate(clean.text):
        start, end = clean.offsets.to_original(i, i + 1)
        original = text[start:end]
        assert original == ch or ch == " " or (len(original) == 1 and original != ch)


def test_the_hyphen_of_a_re_prefix_is_dropped_and_offsets_still_point_into_the_original():
    original = "Chile re-established ties and re-opened its embassy; the re-run and Re-Elect stay."
    clean = normalize(original)
    assert clean.text == "Chile reestablished ties and reopened its embassy; the re-run and Re-Elect stay."
    start = clean.text.index("reopened")
    assert original[slice(*clean.offsets.to_original(start, start + len("reopened")))] == "re-opened"


def test_an_em_dash_glued_to_its_words_is_set_apart_by_spaces():
    original = "Accra, March 4 (GNA)\u2014Kenyan envoys arrived\u2014late."
    clean = normalize(original)
    assert clean.text == "Accra, March 4 (GNA) \u2014 Kenyan envoys arrived \u2014 late."
    start = clean.text.index("Kenyan")
    assert original[slice(*clean.offsets.to_original(start, start + 6))] == "Kenyan"
