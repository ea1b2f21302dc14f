"""A strict little HTML reader for the report tests.

It builds an ``xml.etree`` tree from the page with ``html.parser`` and fails
on any end tag that does not close the element last opened (void elements
aside) and on any element left open: the report's markup must be well formed,
not merely accepted by a forgiving browser.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html.parser import HTMLParser

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


class MalformedHTML(AssertionError):
    pass


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = ET.Element("#document")
        self.stack: list[ET.Element] = [self.root]
        self.doctype: str | None = None

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = ET.SubElement(self.stack[-1], tag, {k: v or "" for k, v in attrs})
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        ET.SubElement(self.stack[-1], tag, {k: v or "" for k, v in attrs})

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        open_tag = self.stack[-1].tag
        if len(self.stack) == 1 or open_tag != tag:
            line, column = self.getpos()
            raise MalformedHTML(f"line {line}:{column}: </{tag}> closes <{open_tag}>")
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        parent = self.stack[-1]
        if len(parent):
            last = parent[-1]
            last.tail = (last.tail or "") + data
        else:
            parent.text = (parent.text or "") + data


def parse(html: str) -> ET.Element:
    """The ``<html>`` element of a well-formed page; raises ``MalformedHTML`` otherwise."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    if len(builder.stack) != 1:
        raise MalformedHTML(f"unclosed elements: {[e.tag for e in builder.stack[1:]]}")
    if builder.doctype is None or builder.doctype.lower() != "doctype html":
        raise MalformedHTML(f"missing <!DOCTYPE html>, found {builder.doctype!r}")
    elements = [e for e in builder.root if e.tag == "html"]
    if len(elements) != 1:
        raise MalformedHTML("expected exactly one <html> element")
    return elements[0]


def words(element: ET.Element | str) -> str:
    """The text of an element (or a string) with every whitespace run, non-breaking ones
    too, made one plain space: how the tests compare what a reader sees."""
    raw = element if isinstance(element, str) else "".join(element.itertext())
    return " ".join(raw.split())
