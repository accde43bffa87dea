"""Person-name detection: false positives and misses fixed while raising recall and precision (issue 3).

Each test is a hand-written sentence of the kind consultations, transcripts and posts contain.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from voices.anonymise.names import PersonNameDetector
from voices.anonymise.names.vocabulary import EnglishVocabulary


@pytest.fixture(scope="module")
def detector() -> PersonNameDetector:
    det = PersonNameDetector()
    det.detect(["warm up"])
    return det


def found(det: PersonNameDetector, text: str) -> list[str]:
    return found_many(det, [text])[0]


def found_many(det: PersonNameDetector, texts: Sequence[str]) -> list[list[str]]:
    """The names found per text (``PERSON`` spans; a ``LANGUAGE`` review span is no name)."""
    return [
        [t[s.start : s.end] for s in spans if s.label == "PERSON"]
        for t, spans in zip(texts, det.detect(texts), strict=True)
    ]


def test_vocabulary_knows_rare_english_words_and_their_inflections() -> None:
    vocab = EnglishVocabulary.default()
    assert vocab.knows("Pensioners") and vocab.knows("inquest") and vocab.knows("Processions")
    assert not vocab.knows("Borodai") and not vocab.knows("Okonkwo")


def test_detector_rare_english_words_are_not_unknown_names(detector: PersonNameDetector) -> None:
    texts = [
        "Pensioners and older people need the number 6 bus.",
        "We should cap rent increases for pensioners.",
        "The Inquest heard that the Procession was delayed.",
    ]
    assert found_many(detector, texts) == [[], [], []]


def test_detector_sentence_initial_everyday_word_is_not_a_name(detector: PersonNameDetector) -> None:
    assert found(detector, "Cap rent increases for families on low incomes.") == []
    assert found(detector, "Bill is right about the parking.") == ["Bill"]


def test_detector_pronoun_before_reporting_verb_is_not_a_name(detector: PersonNameDetector) -> None:
    text = "[PERSON_1]: You said the buses were poor.\n[PERSON_2]: You are right, and He said so too."
    assert found(detector, text) == []
    assert found(detector, "Grace said the bins are late.") == ["Grace"]


def test_detector_model_tokens_without_letters_are_not_names(detector: PersonNameDetector) -> None:
    for text in ("Awwww Didga ❤ 😍 so cute", "He lives on the north side of Joaquin Suarez 2906."):
        assert all(any(c.isalpha() for c in name) for name in found(detector, text))


def test_detector_weak_title_needs_a_name_after_it(detector: PersonNameDetector) -> None:
    assert found(detector, "The Big Three Killed My Baby is a great song.") == []
    assert found(detector, "Auntie Pat came round.") == ["Auntie Pat"]


def test_detector_nan_is_a_word_not_a_name(detector: PersonNameDetector) -> None:
    assert found(detector, "Postcode: nan, town: nan") == []
    assert found(detector, "my nan lives in Leeds") == []


def test_detector_form_field_labels_are_not_speakers(detector: PersonNameDetector) -> None:
    assert found(detector, "Postcode: LS6\nAddress: 12 Acacia Road\nEmail: none") == []
    assert found(detector, "Helen: the buses are late\nOkafor: agreed") == ["Helen", "Okafor"]


def test_detector_leaves_words_of_numbered_street_addresses_alone(detector: PersonNameDetector) -> None:
    assert found(detector, "I live at 12 Acacia Road, Leeds.") == []
    assert found(detector, "Send it to 8 Rue Emile Zola or Passauer Strasse 33 please.") == []
    assert found(detector, "Grace Okafor lives at 12 Victoria Road.") == ["Grace Okafor"]


def test_spelling_tells_foreign_surnames_from_brands() -> None:
    from voices.anonymise.names.spelling import NameSpelling

    spelling = NameSpelling.default()
    assert spelling.score("Szczepańska") > 0.7 and spelling.score("Jeknić") > 0.7
    assert spelling.score("Interfax") < 0.7 and spelling.score("Roadify") < 0.7


def test_detector_name_like_word_overrules_the_models_organisation_label(detector: PersonNameDetector) -> None:
    assert "Szczepańska" in " ".join(found(detector, "The killers of Wisława Szczepańska were sentenced."))
    assert found(detector, "Next year Interfax will open an office in Leeds.") == []


def test_detector_initials_with_their_dot(detector: PersonNameDetector) -> None:
    assert found(detector, "The report was written by Gladys L. Leblanc last year.") == ["Gladys L. Leblanc"]


def test_detector_quoted_email_lines_of_unknown_names(detector: PersonNameDetector) -> None:
    text = "> Esat Jeknić\n> Housing Officer\n> 12 Acacia Road"
    assert found(detector, text) == ["Esat Jeknić"]
    assert found(detector, ">Gyala Antall >Google Public Data Explorer") == ["Gyala Antall"]


def test_detector_leaves_handles_to_the_handle_detector(detector: PersonNameDetector) -> None:
    assert found(detector, "@MAS says it lost contact with the plane") == []


def test_detector_called_before_an_english_word_is_a_phone_call(detector: PersonNameDetector) -> None:
    assert found(detector, "The minister called Malaysian officials last night.") == []
    assert found(detector, "a lad called Borna fixed it") == ["Borna"]


def test_detector_speaker_label_needs_a_real_first_name(detector: PersonNameDetector) -> None:
    assert found(detector, "READ: the statement on the deal") == []


def test_detector_rare_word_surname_the_model_calls_a_person(detector: PersonNameDetector) -> None:
    assert found(detector, "if you support Trump you should say so") == ["Trump"]
    assert found(detector, "Call the council about the bins") == []


def test_detector_names_used_to_address_someone(detector: PersonNameDetector) -> None:
    assert found(detector, "Loey, do you know when the library opens?") == ["Loey"]
    assert found(detector, "Where are my keys, Summer?") == ["Summer"]
    assert found(detector, "Yes, do you know when it opens?") == []


def test_detector_place_before_reporting_verb_is_the_council(detector: PersonNameDetector) -> None:
    assert found(detector, "[PERSON_1] Leeds said no to the plan.") == []


def test_detector_headline_case_everyday_word(detector: PersonNameDetector) -> None:
    assert found(detector, "Cap Rent Increases Now") == []


def test_detector_sign_off_first_name(detector: PersonNameDetector) -> None:
    assert found(detector, "Kind regards,\nPriya") == ["Priya"]
    assert found(detector, "Best wishes,\nGrace") == ["Grace"]
    assert found(detector, "Hope\nThe buses are late.") == []


def test_detector_parliament_turns_do_not_make_you_a_name(detector: PersonNameDetector) -> None:
    from voices.anonymise.spans import DetectContext

    turns = ["You said the buses were poor.", "You are right.", "I agree with what You said earlier."]
    spans = detector.detect(turns, DetectContext(document_ids=["debate"] * 3))
    assert spans == [[], [], []]


def test_detector_shape_guesses_stay_in_their_document(detector: PersonNameDetector) -> None:
    from voices.anonymise.spans import DetectContext

    texts = ["We later moved to Qasigiannguit with the kids.", "qasigiannguit is cold"]
    spans = detector.detect(texts, DetectContext(document_ids=["a", "b"]))
    assert spans[1] == []
    texts = ["Talked to the leader Strelkov today.", "strelkov denied it"]
    names = [[t[s.start : s.end] for s in sp] for t, sp in zip(texts, detector.detect(texts), strict=True)]
    assert names == [["Strelkov"], ["strelkov"]]


def test_detector_places_that_are_first_names(detector: PersonNameDetector) -> None:
    assert found(detector, "Prices are rising fast in Alberta and in Victoria this year.") == []
    assert found(detector, "they had three kids: adam, chad and caleb.") == ["adam", "chad", "caleb"]


def test_detector_lower_case_word_that_is_a_rare_first_name(detector: PersonNameDetector) -> None:
    assert found(detector, "The song ends with a mandolin coda.") == []


def test_detector_surnames_inside_organisation_names(detector: PersonNameDetector) -> None:
    assert found(detector, "Photo: Getty Images. The Lowy Institute disagrees.") == []
    assert found(detector, "Ask Jane Okafor at Rand Corporation.") == ["Jane Okafor"]


def test_detector_stage_name_prefixes(detector: PersonNameDetector) -> None:
    assert found(detector, "I saw DJ Okonkwo play last night") == ["DJ Okonkwo"]
    assert found(detector, "The DJ Was brilliant") == []


def test_detector_names_inside_camel_case_hashtags(detector: PersonNameDetector) -> None:
    texts = [
        "so proud of her #JusticeForJohn",
        "listening to #RIPJohnnyWinter all night",
        "vote now #VoteChloeCrushSong",
        "big night #ArtOfTheDay #ThrowbackThursday #ChelseaFC #CostOfLivingCrisis",
        "#MayDay rally at the town hall #JusticeForGrenfell",
    ]
    assert found_many(detector, texts) == [["JusticeForJohn"], ["RIPJohnnyWinter"], ["VoteChloeCrushSong"], [], []]


def test_detector_lower_case_hashtag_of_first_name_and_surname(detector: PersonNameDetector) -> None:
    texts = ["thinking of his family #lukebatty", "#christmas #costofliving #savethenhs #foodbank"]
    assert found_many(detector, texts) == [["lukebatty"], []]


def test_detector_hashtag_names_do_not_travel(detector: PersonNameDetector) -> None:
    # A hashtag is not a name the writer used: it must not mark "Winter" as a name elsewhere in the batch.
    texts = ["#RIPJohnnyWinter", "Winter is coming and the heating is off"]
    assert found_many(detector, texts) == [["RIPJohnnyWinter"], []]


def test_detector_lone_first_name_the_model_calls_a_place(detector: PersonNameDetector) -> None:
    # en_core_web_sm tags lone names in posts as places; a first name too rare a word to be a known place wins.
    texts = ["I watch you and Desi everyday", "1 : 10 Percy the mass-murderer", "We drove to Houston and Denver"]
    assert found_many(detector, texts) == [["Desi"], ["Percy"], []]


def test_detector_identifier_names_are_not_people(detector: PersonNameDetector) -> None:
    texts = ["IBAN: [IBAN_1]", "DOB: [DATE_OF_BIRTH_1]", "Please note my iban is [IBAN_1] thanks.", "NINO: [NINO_1]"]
    assert found_many(detector, texts) == [[], [], [], []]
    assert found(detector, "Iban Etxeberria: I agree with the plan.") == ["Iban Etxeberria"]


def test_detector_saint_names_inside_school_and_church_names(detector: PersonNameDetector) -> None:
    assert found(detector, "My son goes to St Mary's Catholic Primary School on Green Lane.") == []
    assert found(detector, "Mary said the school is full.") == ["Mary"]


def test_detector_multi_word_place_names_are_not_people(detector: PersonNameDetector) -> None:
    texts = [
        "The buses in Milton Keynes are awful.",
        "I moved from Tower Hamlets to Barking and Dagenham last year.",
        "Rents in Kingston upon Thames and Stoke-on-Trent differ, as in Sierra Leone.",
    ]
    assert found_many(detector, texts) == [[], [], []]
    # One-word places need place context: "in Armley", "Bolton council"; the person next to them is still a person.
    assert found(detector, "I spoke to Stanley in Armley, and Lambeth council never rang back.") == ["Stanley"]
    assert found(detector, "Kingston upon Thames council never answers the phone.") == []
    # A title still says it is a person, and a place name inside another word is no place.
    assert found(detector, "Mr Milton Keynes said no.") == ["Mr Milton Keynes"]
    assert found(detector, "Milton Keynesworth said no.") != []


def test_detector_shops_and_services_are_not_people(detector: PersonNameDetector) -> None:
    texts = [
        "I go round Aldi and Lidl adding it all up, then sit in Asda for the warmth.",
        "Vouchers for lidl instead of food parcels, and Citizens Advice helped with Sainsbury's vouchers.",
        "Ta Sharon at the advice centre was the only one who helped.",
    ]
    assert found_many(detector, texts) == [[], [], ["Sharon"]]


def test_detector_other_languages_keep_their_nouns_and_are_flagged(detector: PersonNameDetector) -> None:
    texts = [
        "Der Klimarat soll für mehr Radwege in Wien sorgen, sagt Maria Huber.",
        "Mae angen mwy o fysiau yng Nghaerdydd, meddai Siân Jones.",
        "I think Maria Huber is right about the buses in Leeds.",
    ]
    assert found_many(detector, texts) == [["Maria Huber"], ["Siân Jones"], ["Maria Huber"]]
    flags = [[(s.start, s.end) for s in sp if s.label == "LANGUAGE"] for sp in detector.detect(texts)]
    assert flags == [[(0, len(texts[0]))], [(0, len(texts[1]))], []]


def test_engine_queues_other_languages_for_review_without_masking_them() -> None:
    from voices.anonymise.engine import Anonymiser

    texts = ["Die Stadt und die Bürger wollen mehr Bäume in der Stadt pflanzen, Tel. 07700 900123.", "Buses are late."]
    result = Anonymiser().run(texts)
    assert result.texts[0] == "Die Stadt und die Bürger wollen mehr Bäume in der Stadt pflanzen, Tel. [PHONE_1]."
    assert [d["label"] for d in result.redactions[0]] == ["PHONE"]
    assert [item["reason"] for item in result.review[0]] == ["not_english"]
    assert result.review[1] == []
    assert Anonymiser().run(result.texts).texts == result.texts


def test_detector_words_of_another_language_do_not_travel_as_names(detector: PersonNameDetector) -> None:
    # An Austrian consultation: short German texts, one of which a rule could read as English.
    texts = ["Klimarat für alle!", "Mehr Radwege für Wien", "Der Klimarat soll über Öffis reden"] * 10 + [
        "Klimarat now",
        "I agree with Anna Berger on the buses.",
    ]
    assert {w for names in found_many(detector, texts) for w in names} == {"Anna Berger"}


def test_detector_introductions_and_public_bodies(detector: PersonNameDetector) -> None:
    texts = [
        "academic papers using so-called anonymised data were published",
        "Mould is making my son's asthma worse. Council say it's condensation.",
        "a lad called borna came round",
    ]
    assert found_many(detector, texts) == [[], [], ["borna"]]


def test_detector_names_of_uk_communities_in_any_case(detector: PersonNameDetector) -> None:
    # Welsh, Somali, Bangladeshi, Nigerian and Eritrean first names the US and Faker lists lack.
    texts = [
        "i spoke to rhodri and siân at the hub",
        "hodan from the school rang about the forms",
        "my neighbour shamima helps with the shopping",
        "femi and semhar run the food bank",
    ]
    assert found_many(detector, texts) == [["rhodri", "siân"], ["hodan"], ["shamima"], ["femi", "semhar"]]


def test_detector_pronoun_i_after_a_name_is_not_an_initial(detector: PersonNameDetector) -> None:
    assert found(detector, "Lily I love your videos, you are amazing!") == ["Lily"]
    assert found(detector, "Macy was so mean to Emily I can't believe it") == ["Macy", "Emily"]
    assert found(detector, "Lily I'm so proud of you") == ["Lily"]
    assert found(detector, "Lily I. Ross came to the meeting.") == ["Lily I. Ross"]


def test_detector_everyday_words_that_are_rare_surnames_do_not_join_names(detector: PersonNameDetector) -> None:
    assert found(detector, "Preston Do an overwatch hide n seek") == ["Preston"]
    assert found(detector, "So Shima still isn't back, huh?") == ["Shima"]
    # The same words as surnames, where no lower-case word follows the pair.
    assert found(detector, "Nguyen Van Do said so.") == ["Nguyen Van Do"]
    assert found(detector, "China Resources Chairman Song Lin.") == ["Song Lin"]
    assert found(detector, "Thanks to Emma Green and John White for coming.") == ["Emma Green", "John White"]


def test_detector_interjections_are_not_names(detector: PersonNameDetector) -> None:
    assert found(detector, "Jay & Trish are craving some tra la traaah ah la") == ["Jay", "Trish"]
    assert found(detector, "lol nah mate, hmm, Dave said no") == ["Dave"]


def test_detector_surname_words_after_in_are_neighbourhoods(detector: PersonNameDetector) -> None:
    # Sunderland neighbourhoods that no ONS list holds; the lexicon knows them only as surnames.
    texts = [
        "The church in Pennywell does a warm space on Tuesdays.",
        "Private rents in Hylton Castle are ridiculous now.",
        "More food pantries in Pennywell and Roker, not just the city centre.",
        "Same in Hylton Castle",
    ]
    assert found_many(detector, texts) == [[], [], [], []]
    assert found(detector, "We met in Pennywell Smith said") == ["Smith"]
    # A possessive, a title or trust in someone still makes a person.
    assert found(detector, "We sat in Smith's car for an hour.") == ["Smith"]
    assert found(detector, "I have no confidence in Starmer or in Patel's plans.") == ["Starmer", "Patel"]
    assert found(detector, "Near Herrington, Mr Roker said the bus never comes.") == ["Mr Roker"]


def test_detector_neighbourhoods_travel_within_the_batch(detector: PersonNameDetector) -> None:
    texts = [
        "Nowhere else in Seaburn we can afford.",
        "Kids can't get to college in Roker without two buses.",
        "Same in Roker.",
        "We can't take the bairns anywhere, even Seaburn costs once you add the bus.",
        "Roker is where the food bank is.",
    ]
    assert found_many(detector, texts) == [[], [], [], [], []]
    # A first name before it, or a title, still makes a person; so do names whose "in" starts no place.
    people = [*texts, "Dave Roker said the bus was late.", "Mr Seaburn runs the pantry.", "Kang In Duk tells us"]
    assert found_many(detector, people)[5:] == [["Dave Roker"], ["Mr Seaburn"], ["Kang In Duk"]]


def test_detector_local_facilities_and_saints_are_not_people(detector: PersonNameDetector) -> None:
    assert found(detector, "Dr Okafor at Pallion surgery is great") == ["Dr Okafor"]
    assert found(detector, "The lollipop lady at St Joseph's, Brenda, knows everyone") == ["Brenda"]
    text = "Kind regards\nJanet Wilkinson\nChair, Pennywell Residents Association"
    assert found(detector, text) == ["Janet Wilkinson"]


def test_detector_first_name_that_is_a_word_introduced_by_where_they_are_from(detector: PersonNameDetector) -> None:
    assert found(detector, "Sue from the food bank was brilliant.") == ["Sue"]
    assert found(detector, "Mark from housing never called back") == ["Mark"]
    assert found(detector, "They sue from the start") == []
    assert found(detector, "Ace had No Chance from the beginning") == []


def test_detector_listed_surname_that_is_no_word_starts_a_sentence(detector: PersonNameDetector) -> None:
    assert found(detector, "Starmer promised change and nothing came.") == ["Starmer"]


def test_detector_families_and_irish_surnames_in_lower_case(detector: PersonNameDetector) -> None:
    assert found(detector, "the Hendersons next door have no heating") == ["Hendersons"]
    assert found(detector, "The Okafors moved away and the Joneses too") == ["Okafors", "Joneses"]
    assert found(detector, "o'brien the housing officer was lovely") == ["o'brien"]
    texts = ["we shop on the Mondays", "the Victorians built it", "the Lakes are lovely", "the Simpsons is on"]
    assert found_many(detector, texts) == [[], [], [], []]


def test_detector_lower_case_titles_join_the_name_but_words_do_not(detector: PersonNameDetector) -> None:
    assert found(detector, "my neighbour mrs patel is 80 and freezing") == ["mrs patel"]
    assert found(detector, "I miss Sarah so much") == ["Sarah"]
