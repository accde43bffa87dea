"""Interview transcript readers: one segment per speaker turn, with speaker, role and times.

Formats (:data:`FORMATS`): Microsoft Teams / Zoom / generic WebVTT, SRT (incl. WhisperX speakers), plain text
turns, Otter TXT, Rev TXT, Teams DOCX, openai-whisper and WhisperX JSON, UK Parliament oral evidence rows.

Example:
    >>> from voices.ingest import transcripts
    >>> sorted(transcripts.FORMATS)[:3]
    ['docx', 'otter', 'parliament_csv']
"""

from voices.ingest.transcripts.detect import FORMATS, detect
from voices.ingest.transcripts.otter import read_otter
from voices.ingest.transcripts.parliament import read_parliament_csv
from voices.ingest.transcripts.plain import read_plain
from voices.ingest.transcripts.reader import read
from voices.ingest.transcripts.rev import read_rev
from voices.ingest.transcripts.srt import read_srt
from voices.ingest.transcripts.teams_docx import read_docx
from voices.ingest.transcripts.vtt import read_vtt
from voices.ingest.transcripts.whisper import read_whisper_json

__all__ = [
    "FORMATS",
    "detect",
    "read",
    "read_docx",
    "read_otter",
    "read_parliament_csv",
    "read_plain",
    "read_rev",
    "read_srt",
    "read_vtt",
    "read_whisper_json",
]
