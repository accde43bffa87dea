"""Platform ids and file names that point at people are pseudonymised by the anonymise stage."""

import pandas as pd

from voices.anonymise.ids import hash_id, pseudonymise_platform_ids
from voices.anonymise.stage import Anonymise
from voices.corpus import Corpus, conform
from voices.stage import RunContext


def _posts() -> pd.DataFrame:
    return conform(
        pd.DataFrame(
            {
                "segment_id": ["x_v2/111", "x_v2/222", "x_v2/333"],
                "document_id": ["111", "111", "333"],
                "source_kind": ["social"] * 3,
                "source_format": ["x_v2"] * 3,
                "source_file": ["posts.json"] * 3,
                "source_row": [1, 2, 3],
                "post_id": ["111", "222", "333"],
                "parent_id": [None, "111", None],
                "thread_id": ["111", "111", "333"],
                "duplicate_of": [None, None, "x_v2/111"],
                "text": ["buses late again", "same here", "buses late again"],
            }
        )
    )


def test_platform_ids_are_hashed_consistently_and_threads_still_join():
    out, mapping = pseudonymise_platform_ids(_posts(), salt="run-salt")
    assert not set(out["post_id"]) & {"111", "222", "333"}
    assert out.loc[1, "parent_id"] == out.loc[0, "post_id"] == out.loc[1, "thread_id"]
    assert out.loc[2, "duplicate_of"] == out.loc[0, "segment_id"]
    assert mapping["x_v2/111"] == out.loc[0, "segment_id"] == f"x_v2/{hash_id('111', salt='run-salt')}"
    assert not any("111" in s for s in out["segment_id"]) and not any("111" in d for d in out["document_id"])


def test_platform_id_hashes_depend_on_the_salt():
    assert hash_id("111", salt="a") != hash_id("111", salt="b")


def test_stage_hashes_social_ids_and_masks_names_in_file_names():
    seg = pd.concat(
        [
            _posts(),
            conform(
                pd.DataFrame(
                    {
                        "segment_id": ["Interview_Jane_Smith/t0000"],
                        "document_id": ["Interview_Jane_Smith"],
                        "source_kind": ["transcript"],
                        "source_format": ["teams_vtt"],
                        "source_file": ["Interview_Jane_Smith.vtt"],
                        "source_row": [3],
                        "text": ["We moved in 2019."],
                    }
                )
            ),
        ],
        ignore_index=True,
    )
    quarantine = pd.DataFrame(
        {"file": ["Interview_Jane_Smith.vtt"], "row": [9], "reason": ["bad timing line"], "stage": ["ingest"]}
    ).astype({"row": "Int64"})
    out = Anonymise()(Corpus(seg, quarantine=quarantine), RunContext(seed=3))
    everything = " ".join(
        out.segments[["segment_id", "document_id", "source_file", "post_id"]].fillna("").to_numpy().ravel()
    )
    assert "Jane" not in everything and "Smith" not in everything and "111" not in everything
    assert "Jane" not in " ".join(out.quarantine["file"])
    assert set(out.tables["redactions"]["segment_id"]) == set(out.segments["segment_id"])


def test_stage_can_keep_platform_ids_when_asked():
    out = Anonymise(names=False, platform_ids="keep")(Corpus(_posts()), RunContext())
    assert out.segments["post_id"].tolist() == ["111", "222", "333"]
