"""Person-name detection: the behaviours the anonymise engine relies on (real spaCy model, loaded once)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Sequence

import pytest

from voices.anonymise.names import PLACEHOLDER, PersonNameDetector, default_detectors
from voices.anonymise.names.errors import BatchShapeError
from voices.anonymise.spans import DetectContext, Detector, Span
from voices.errors import VoicesError


@pytest.fixture(scope="module")
def detector() -> PersonNameDetector:
    det = PersonNameDetector()
    det.detect(["warm up"])  # loads the spaCy model once for the module
    return det


def found(det: Detector, text: str, context: DetectContext | None = None) -> list[str]:
    return [text[s.start : s.end] for s in det.detect([text], context)[0]]


def found_many(det: Detector, texts: Sequence[str], context: DetectContext | None = None) -> list[list[str]]:
    return [[t[s.start : s.end] for s in spans] for t, spans in zip(texts, det.detect(texts, context), strict=True)]


def test_names_import_does_not_load_spacy() -> None:
    code = "import sys, voices.anonymise, voices.anonymise.names; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_default_detectors_satisfy_the_detector_protocol() -> None:
    detectors = default_detectors(known_names=["Sarah O'Connor"])
    assert detectors and all(isinstance(d, Detector) for d in detectors)


def test_detector_returns_person_spans_with_rule_and_confidence(detector: PersonNameDetector) -> None:
    [spans] = detector.detect(["Sarah O'Connor rang the council."])
    assert spans == [Span(0, 14, "PERSON", "names:ner", 0.85)]
    assert spans[0].detector.startswith("names:") and 0 < spans[0].confidence <= 1


def test_detector_offsets_survive_emoji_and_whitespace_runs(detector: PersonNameDetector) -> None:
    text = "\U0001f602\U0001f602  lol\n\n  Sarah O'Connor rang about the bins \U0001f44d\U0001f3fd"
    assert found(detector, text) == ["Sarah O'Connor"]


def test_detector_empty_batch_returns_empty_list(detector: PersonNameDetector) -> None:
    assert detector.detect([]) == []
    assert detector.detect([""]) == [[]]


def test_detector_single_word_names(detector: PersonNameDetector) -> None:
    assert found(detector, "Priya rang me about the rent arrears.") == ["Priya"]
    assert found(detector, "The bins were left out by Okonkwo again.") == ["Okonkwo"]


def test_detector_lower_case_names(detector: PersonNameDetector) -> None:
    assert found(detector, "wow emma and ryan were at the food bank today") == ["emma", "ryan"]
    assert found(detector, "spoke to dave patel at the jobcentre") == ["dave patel"]


def test_detector_all_caps_names(detector: PersonNameDetector) -> None:
    assert found(detector, "SOPHY SANTINO CALLED ME ABOUT THE BINS") == ["SOPHY SANTINO"]
    assert found(detector, "CALL DAVE SMITH ABOUT THE MAY MEETING") == ["DAVE SMITH"]


def test_detector_titles_are_masked_with_the_name(detector: PersonNameDetector) -> None:
    assert found(detector, "Mrs Begum and Dr Hope from the surgery were kind.") == ["Mrs Begum", "Dr Hope"]
    assert found(detector, "I emailed Cllr Okafor twice.") == ["Cllr Okafor"]


def test_detector_kinship_cues(detector: PersonNameDetector) -> None:
    assert found(detector, "My son Will can't get a dentist.") == ["Will"]
    assert found(detector, "our Helen and my neighbour Dave came round") == ["Helen", "Dave"]
    assert found(detector, "my carer jo helps me") == ["jo"]


def test_detector_ambiguous_common_words_do_not_flood(detector: PersonNameDetector) -> None:
    texts = [
        "I hope the will is read soon.",
        "Mark my words, it may rain in June and they will bill us.",
        "There is joy and grace in how the rose garden is kept.",
        "I HOPE THE WILL IS READ",
        "i hope they will frank the letters in may",
    ]
    assert found_many(detector, texts) == [[], [], [], [], []]


def test_detector_ambiguous_names_with_context(detector: PersonNameDetector) -> None:
    assert found(detector, "Grace said the bins were late.") == ["Grace"]
    assert found(detector, "Thanks Mark for coming.") == ["Mark"]
    assert found(detector, "I met Will Okafor at the hub.") == ["Will Okafor"]


def test_detector_propagates_parts_within_a_document(detector: PersonNameDetector) -> None:
    texts = ["Sarah O'Connor rang about her flat.", "later sarah said it was damp", "oconnor? no idea"]
    ctx = DetectContext(document_ids=["a", "a", "b"])
    assert found_many(detector, texts, ctx)[:2] == [["Sarah O'Connor"], ["sarah"]]


def test_detector_propagates_across_the_corpus_but_not_common_words(detector: PersonNameDetector) -> None:
    texts = ["My son Will Okafor is 9.", "okafor is in year 5", "Will you fix the roof?"]
    ctx = DetectContext(document_ids=["a", "b", "c"])
    assert found_many(detector, texts, ctx) == [["Will Okafor"], ["okafor"], []]


def test_detector_document_propagation_stays_in_the_document(detector: PersonNameDetector) -> None:
    texts = ["Ms Xiomara Zqwert wrote in.", "is zqwert still there?"]
    ctx = DetectContext(document_ids=["a", "b"])
    corpus = detector.detect(texts, ctx)
    local = PersonNameDetector(propagate="document").detect(texts, ctx)
    assert [s.detector for s in corpus[1]] == ["names:memory"]
    assert all(s.detector != "names:memory" for s in local[1])


def test_detector_known_names_from_context_and_constructor(detector: PersonNameDetector) -> None:
    ctx = DetectContext(known_names=["Zebedee Quartermaine"])
    assert found(detector, "the form was filled in by zebedee", ctx) == ["zebedee"]
    staff = PersonNameDetector(known_names=["Blessing Ade"])
    assert found(staff, "ask blessing ade or BLESSING about it") == ["blessing ade", "BLESSING"]


def test_detector_transcript_speaker_labels(detector: PersonNameDetector) -> None:
    text = "Interviewer: how was it?\nHelen: awful, honestly.\nSpeaker 2: same here"
    assert found(detector, text) == ["Helen"]


def test_detector_never_detects_placeholders(detector: PersonNameDetector) -> None:
    text = "[PERSON_3] told [PERSON_12] to email [EMAIL_1] or ring [PHONE_2]. [PERSON_3] agreed."
    assert detector.detect([text]) == [[]]


def test_detector_anonymised_text_is_a_fixed_point(detector: PersonNameDetector) -> None:
    texts = [
        "Sarah O'Connor and my son Will met Dr Patel. sarah said hi.",
        "SOPHY SANTINO CALLED ABOUT THE BINS",
        "wow emma and ryan were there",
    ]
    redacted = []
    for text, spans in zip(texts, detector.detect(texts), strict=True):
        for k, s in enumerate(sorted(spans, reverse=True)):
            text = text[: s.start] + f"[PERSON_{k + 1}]" + text[s.end :]
        redacted.append(text)
    assert all(PLACEHOLDER.search(t) for t in redacted)
    assert detector.detect(redacted) == [[], [], []]


def test_detector_rejects_misaligned_document_ids(detector: PersonNameDetector) -> None:
    with pytest.raises(BatchShapeError) as err:
        detector.detect(["a", "b"], DetectContext(document_ids=["x"]))
    assert isinstance(err.value, VoicesError)
    assert re.search(r"expected one id per text \(2\), found 1\. Fix:", str(err.value))


def test_detector_unknown_model_error_says_how_to_fix() -> None:
    from voices.anonymise.names.model import ModelLoadError

    with pytest.raises(ModelLoadError, match="expected an installed package or a local path"):
        PersonNameDetector(model="no_such_pipeline_xyz").detect(["hello"])


@pytest.fixture(scope="module")
def fast_detector() -> PersonNameDetector:
    from voices.anonymise.names import FAST_MODEL

    det = PersonNameDetector(FAST_MODEL)
    det.detect(["warm up"])
    return det


def test_fast_model_loads_from_the_package_with_ner_only(fast_detector: PersonNameDetector) -> None:
    from voices.anonymise.names.model import load_ner

    assert load_ner(fast_detector.model).pipe_names == ["ner"]


def test_fast_model_finds_names_and_never_placeholders(fast_detector: PersonNameDetector) -> None:
    texts = [
        "Sarah O'Connor rang the council about the damp.",
        "wow emma and ryan were at the food bank today",
        "SOPHY SANTINO CALLED ME ABOUT THE BINS",
        "I hope the will is read soon.",
        "[PERSON_3] told [PERSON_12] to ring [PHONE_2].",
    ]
    assert found_many(fast_detector, texts) == [["Sarah O'Connor"], ["emma", "ryan"], ["SOPHY SANTINO"], [], []]


def test_loading_a_packaged_pipeline_does_not_import_spacy_plugins() -> None:
    # spacy.Language() imports every plugin's factories (presidio-analyzer pulls in transformers: ~3 s per
    # command); voices' own pipelines hold only built-in components, so their load skips that, and restores it.
    code = (
        "import sys\n"
        "from spacy.util import registry\n"
        "from voices.anonymise.names.model import load_ner\n"
        "nlp = load_ner()\n"
        "assert nlp.pipe_names == ['ner'], nlp.pipe_names\n"
        "assert registry._entry_point_factories.entry_points is True\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('presidio_analyzer', 'transformers')))\n"
    )
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip() == "[]"


def test_loading_a_packaged_pipeline_does_not_import_torch_but_torch_still_imports() -> None:
    # thinc imports torch at import time (~1.3 s per command and worker) for layers voices' CNN pipelines never use.
    code = (
        "import sys\n"
        "from voices.anonymise.names import PersonNameDetector\n"
        "text = 'Sarah Jones called'\n"
        "spans = PersonNameDetector().detect([text])[0]\n"
        "assert [text[s.start:s.end] for s in spans] == ['Sarah Jones'], spans\n"
        "assert 'torch' not in sys.modules\n"
        "import torch\n"  # whatever needs torch itself (sentence-transformers) still gets it
        "print(torch.tensor([1.0, 2.0]).sum().item())\n"
    )
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip() == "3.0"
