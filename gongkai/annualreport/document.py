"""The common form every reader produces: a document of paragraphs and tables.

A table is a grid of cell texts, rows top to bottom. Merged cells (HTML rowspan/colspan,
DOCX gridSpan/vMerge) keep their text in the top-left position and leave ``""`` in the
positions they cover — which is also what a tab-separated text export of the same table
looks like, so one extractor reads both. When a reader cannot know where rows end (text
flattened one cell per line) it says so with ``rows_known=False`` and the extractor
rebuilds rows from the run of labels and figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Paragraph:
    text: str
    heading_level: int | None = None  # 1-6 when the source marks it as a heading


@dataclass
class TableBlock:
    rows: list[list[str]]
    rows_known: bool = True
    # Where the table starts in the source, for messages ("第 3 页", "第 42 行").
    origin: str = ""


Block = Paragraph | TableBlock


@dataclass
class Document:
    source: str
    kind: str  # "text", "html", "docx", "pdf"
    blocks: list[Block] = field(default_factory=list)
    # A reader that could not read everything says why, in Chinese, for the clerk.
    problems: list[str] = field(default_factory=list)
    needs_ocr: bool = False
    pages: int = 0

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    @property
    def tables(self) -> list[TableBlock]:
        return [b for b in self.blocks if isinstance(b, TableBlock)]

    def text(self) -> str:
        """All paragraph text, in order (the narrative)."""
        return "\n".join(p.text for p in self.paragraphs)


class ReadError(Exception):
    """A file that cannot be read at all; the message is for the clerk, in Chinese."""
