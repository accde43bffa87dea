"""The documentation is part of the product: it must match the code (after datasette's test_docs)."""

import re
from pathlib import Path

from voices import pipeline, registry

DOCS = Path(__file__).resolve().parents[1] / "docs"
README = Path(__file__).resolve().parents[1] / "README.md"


def test_every_registered_stage_is_documented():
    text = (DOCS / "pipelines.md").read_text()
    missing = [name for name in registry.names() if f"`{name}`" not in text]
    assert not missing


def test_the_example_pipeline_in_the_docs_validates():
    text = (DOCS / "pipelines.md").read_text()
    example = re.search(r"```toml\n(.*?)```", text, re.S).group(1)
    spec = pipeline.loads(example, base_dir=DOCS)
    assert [s.use for s in spec.stages][0] == "voices.ingest.consultation.v1"


def test_readme_quick_start_has_exactly_two_commands():
    text = README.read_text()
    section = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```bash\n(.*?)```", section, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    assert commands == ["make demo", "make test"]


def test_every_adr_is_numbered_uniquely():
    numbers = [p.name.split("-")[0] for p in (DOCS / "adr").glob("*.md")]
    assert len(numbers) == len(set(numbers))
