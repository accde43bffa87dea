"""Interview transcript readers: Teams / Zoom / generic WebVTT, SRT, plain text, Otter, Rev, Teams DOCX,
Whisper / WhisperX JSON and UK Parliament oral evidence.
"""
