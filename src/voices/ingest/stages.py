"""Ingest stages: each reader registered as a pipeline stage.

An ingest stage reads its files, appends their segments to the corpus, carries quarantined and dropped rows
along, and adds its record counts to the run context so the manifest can show that they add up.
"""

from __future__ import annotations

import glob
import hashlib
import logging
from pathlib import Path
from typing import Any, ClassVar

import pandas as pd

from voices.corpus import Corpus, conform
from voices.errors import InputFormatError
from voices.ingest import reader
from voices.ingest.reading import ReadResult
from voices.stage import RunContext

log = logging.getLogger(__name__)


def expand(paths: list[str], ctx: RunContext) -> list[Path]:
    """Resolve ``paths`` against the pipeline's folder and expand glob patterns, keeping the given order.

    Raises:
        InputFormatError: a path or pattern matches no file.
    """
    out: list[Path] = []
    for raw in paths:
        resolved = ctx.resolve(raw)
        if any(ch in raw for ch in "*?["):
            matches = sorted(Path(m) for m in glob.glob(str(resolved), recursive=True))
            if not matches:
                raise InputFormatError(
                    resolved,
                    expected="at least one matching file",
                    found="none",
                    fix="check the pattern and the folder it is relative to",
                )
            out.extend(m for m in matches if m.is_file())
        else:
            if not resolved.exists():
                raise InputFormatError(
                    resolved,
                    expected="an input file",
                    found="no such file",
                    fix=f"check the path (relative paths resolve against {ctx.base_dir})",
                )
            out.append(resolved)
    return out


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes, streamed (recorded in the manifest so a run can be traced to its inputs)."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class _Ingest:
    """Shared behaviour of the per-kind ingest stages."""

    kind: ClassVar[str]
    name: ClassVar[str]
    requires: ClassVar[frozenset[str]] = frozenset()
    produces: ClassVar[frozenset[str]] = frozenset({"text"})

    def __init__(self, paths: list[str], **options: Any) -> None:
        self.paths = list(paths)
        self.options = {k: v for k, v in options.items() if v is not None}

    def read_one(self, path: Path) -> ReadResult:
        result: ReadResult = reader(self.kind).read(path, **self.options)
        result.check()
        return result

    def __call__(self, corpus: Corpus, ctx: RunContext) -> Corpus:
        files = expand(self.paths, ctx)
        for i, path in enumerate(files):
            ctx.progress(f"reading {path.name}", i, len(files))
            result = self.read_one(path)
            result = self.disambiguate(result, corpus, index=i)
            ctx.count("files")
            ctx.count("records_in", result.records_in)
            ctx.count("records_kept", result.records_kept)
            ctx.count("records_quarantined", len(result.quarantine))
            ctx.count("records_dropped", len(result.dropped))
            ctx.stats.setdefault("sources", []).append(
                {
                    "file": path.name,
                    "sha256": file_sha256(path),
                    "bytes": path.stat().st_size,
                    "format": result.source_format,
                    "records_in": result.records_in,
                    "segments": len(result.segments),
                    "quarantined": len(result.quarantine),
                    "dropped": len(result.dropped),
                }
            )
            notes = {k: v for k, v in result.notes.items() if k != "columns"}
            if notes:
                ctx.stats.setdefault("notes", {})[path.name] = notes
            quarantine = result.quarantine_frame().assign(stage=self.name)
            dropped = result.dropped_frame().assign(stage=self.name)
            corpus = corpus.append(result.segments, quarantine=quarantine, dropped=dropped)
            log.info(
                "%s: %d segments from %d records (%s)",
                path.name,
                len(result.segments),
                result.records_in,
                result.source_format,
            )
        ctx.progress("reading", len(files), len(files))
        return self.after(corpus)

    def after(self, corpus: Corpus) -> Corpus:
        return corpus

    def disambiguate(self, result: ReadResult, corpus: Corpus, *, index: int) -> ReadResult:
        """Keep segment ids unique when two inputs share a file name (e.g. two Zoom ``closed_caption.vtt``).

        The later file's document ids get a ``~<n>`` suffix (n = its position in the input list, from 1), so
        ids stay deterministic for the same pipeline and never take in folder names, which may hold names.
        """
        if not len(corpus) or not len(result.segments):
            return result
        clash = result.segments["segment_id"].isin(set(corpus.segments["segment_id"]))
        if not clash.any():
            return result
        seg = result.segments.copy()
        old_doc = seg["document_id"].astype(str)
        new_doc = old_doc + f"~{index + 1}"
        seg["segment_id"] = [
            n + sid[len(o) :] if sid.startswith(o) else f"{sid}~{index + 1}"
            for sid, o, n in zip(seg["segment_id"].astype(str), old_doc, new_doc, strict=True)
        ]
        seg["document_id"] = new_doc
        result.segments = seg
        return result


class IngestConsultation(_Ingest):
    """Read consultation exports (Google/MS Forms, SurveyMonkey, Qualtrics, Citizen Space, CSV/XLSX/JSON).

    Args:
        paths: files or glob patterns, relative to the pipeline file.
        platform: ``auto`` or a platform name (see :func:`voices.ingest.consultation.detect`).
        columns: override column roles, ``{header: "open"|"closed"|"multi"|"demographic"|"meta"|"id"|"ignore"}``.
        id_column: the respondent id column, when detection picks the wrong one.
        sheet: XLSX sheet name or index.
        multi_select_delimiter: delimiter of multi-select answers, when not the platform's default.
        long_format: ``{"respondent": col, "question": col, "text": col}`` for long tables.
    """

    kind = "consultation"
    name = "voices.ingest.consultation.v1"
    produces = frozenset({"text", "question_id", "question_text"})

    def __init__(
        self,
        paths: list[str],
        platform: str = "auto",
        columns: dict[str, str] | None = None,
        id_column: str | None = None,
        sheet: str | int | None = None,
        multi_select_delimiter: str | None = None,
        long_format: dict[str, str] | None = None,
    ) -> None:
        super().__init__(
            paths,
            platform=platform,
            columns=columns,
            id_column=id_column,
            sheet=sheet,
            multi_select_delimiter=multi_select_delimiter,
            long_format=long_format,
        )


class IngestTranscripts(_Ingest):
    """Read interview transcripts (Teams/Zoom VTT, SRT, Otter, Rev, DOCX, Whisper JSON, plain text).

    Args:
        paths: files or glob patterns, relative to the pipeline file.
        format: ``auto`` or a format name (see :func:`voices.ingest.transcripts.detect`).
        interviewers: speaker labels to treat as interviewers.
        roles: ``{speaker label: role}`` overrides.
        merge_turns: merge consecutive cues of one speaker into one turn.
    """

    kind = "transcript"
    name = "voices.ingest.transcripts.v1"
    produces = frozenset({"text", "speaker", "speaker_role", "turn_index"})

    def __init__(
        self,
        paths: list[str],
        format: str = "auto",
        interviewers: list[str] | None = None,
        roles: dict[str, str] | None = None,
        merge_turns: bool = True,
    ) -> None:
        super().__init__(paths, format=format, interviewers=interviewers, roles=roles, merge_turns=merge_turns)


class IngestSocial(_Ingest):
    """Read social media exports (X, Reddit, Mastodon, Bluesky, YouTube, TikTok, CrowdTangle, CSV/JSONL).

    Args:
        paths: files or glob patterns, relative to the pipeline file.
        platform: ``auto`` or a platform name (see :func:`voices.ingest.social.detect`).
        text_column / id_column / author_column / time_column: for generic CSV / JSONL.
    """

    kind = "social"
    name = "voices.ingest.social.v1"
    produces = frozenset({"text", "speaker", "created_at", "duplicate_of"})

    def __init__(
        self,
        paths: list[str],
        platform: str = "auto",
        text_column: str | None = None,
        id_column: str | None = None,
        author_column: str | None = None,
        time_column: str | None = None,
    ) -> None:
        super().__init__(
            paths,
            platform=platform,
            text_column=text_column,
            id_column=id_column,
            author_column=author_column,
            time_column=time_column,
        )

    def after(self, corpus: Corpus) -> Corpus:
        """Mark duplicates across all social files, not only within each one."""
        seg = corpus.segments
        social_rows = seg["source_kind"] == "social"
        if not social_rows.any():
            return corpus
        from voices.ingest import social

        marked = social.mark_duplicates(seg.loc[social_rows].reset_index(drop=True))
        seg = seg.copy()
        seg.loc[social_rows, "duplicate_of"] = marked["duplicate_of"].to_numpy()
        return corpus.evolve(segments=seg)


class IngestCorpus:
    """Read segments written earlier by ``voices ingest`` (CSV, JSONL or Parquet with the schema columns).

    Args:
        paths: files or glob patterns, relative to the pipeline file.
    """

    name: ClassVar[str] = "voices.ingest.corpus.v1"
    requires: ClassVar[frozenset[str]] = frozenset()
    produces: ClassVar[frozenset[str]] = frozenset({"text"})

    def __init__(self, paths: list[str]) -> None:
        self.paths = list(paths)

    def __call__(self, corpus: Corpus, ctx: RunContext) -> Corpus:
        from voices.tables import read_table

        for path in expand(self.paths, ctx):
            frame = read_table(path)
            ctx.stats.setdefault("sources", []).append(
                {
                    "file": path.name,
                    "sha256": file_sha256(path),
                    "bytes": path.stat().st_size,
                    "format": "voices_segments",
                    "records_in": len(frame),
                    "segments": len(frame),
                    "quarantined": 0,
                    "dropped": 0,
                }
            )
            ctx.count("files")
            ctx.count("records_in", len(frame))
            ctx.count("records_kept", len(frame))
            corpus = corpus.append(conform(frame))
        return corpus


def segments_frame(results: list[ReadResult]) -> pd.DataFrame:
    """Concatenate the segments of several read results into one conformed table."""
    frames = [conform(r.segments) for r in results if len(r.segments)]
    return pd.concat(frames, ignore_index=True) if frames else conform(pd.DataFrame())
