"""Structure from office clipboards: the normalisation step the sanitizer runs before its allow-list.

Word, LibreOffice and Google Docs put structure on the clipboard in ways an allow-list alone would
lose or garble:
- Word writes list items as paragraphs (``<p class=MsoListParagraph style='mso-list:l0 level1
  lfo1'>``) with the number or bullet as literal text in a ``mso-list:Ignore`` span, inside
  ``<!--[if !supportLists]-->`` comments: kept as text it gives "1. 1. Mục tiêu" or "·100% hồ sơ".
  They become real ``<ol>``/``<ul>`` with ``<li>``, nested by level; a numbered heading keeps its
  number once, as text.
- Titles and headings (``<p class=MsoTitle>``, ``<h1>``…``<h6>``) map onto the h2–h4 the pages use.
- The first row of a table becomes a header row (``<thead>``, ``<th scope=col>``) when it is already
  one (``<thead>``) or when every cell in it is bold.
- Alignment (``text-align`` in a style, ``align=``) becomes one of the classes the allow-list keeps.
- Google Docs wraps everything in ``<b style="font-weight:normal">`` (not bold at all) and marks
  bold, italic and underline with spans: the wrapper goes, the spans become ``<strong>``/``<em>``/``<u>``.

This module only reshapes; it never decides what is safe. A first, permissive nh3 pass gives a
well-formed tree (scripts and event handlers already gone), and ``portal.sanitize`` runs its strict
allow-list on the result.
"""

import re
from html import escape
from html.parser import HTMLParser

import nh3

# The classes alignment is carried by (styles are not allowed: the public pages' CSP forbids them).
ALIGN_CLASSES = {"center": "text-center", "right": "text-right", "justify": "text-justify"}
ALIGNABLE = {"p", "h2", "h3", "h4", "li", "td", "th"}

_VOID = {"br", "hr", "img", "col", "wbr"}
_HEADING_LEVEL = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h4", "h5": "h4", "h6": "h4"}
_TITLE_CLASSES = {"msotitle": "h2", "title": "h2", "msosubtitle": "h3", "subtitle": "h3"}
_KEPT_ATTRIBUTES = {"href", "title", "src", "alt", "width", "height", "colspan", "rowspan", "start", "scope", "type"}
# Numbering kinds an ordered list may name (<ol type>): "a)" sub-points, "I." sections.
OL_TYPES = {"1", "a", "A", "i", "I"}

# Conditional comments. Hidden ones (<!--[if gte mso 9]>…<![endif]-->) go with their content; the
# "downlevel-revealed" ones (<!--[if !supportLists]-->…<!--[endif]-->, <![if !vml]>…<![endif]>)
# show their content to other programs, so only the markers go. Each match stays inside one comment
# pair: a lazy match across the whole document would swallow the text between two of them.
_HIDDEN_CONDITIONAL = re.compile(r"<!--\[if[^\]]*\]>(?!-->).*?<!\[endif\]-->", re.DOTALL | re.IGNORECASE)
_REVEALED_MARKERS = re.compile(r"<!--\[if[^\]]*\]-->|<!--\[endif\]-->|<!\[if[^\]]*\]>|<!\[endif\]>", re.IGNORECASE)
_OFFICE_TAGS = re.compile(r"</?(o|w|m|v|st1):[^>]*>", re.IGNORECASE)
_WORD_LIST_DEFINITION = re.compile(r"@list\s+l(\d+):level(\d+)\s*\{([^}]*)\}", re.IGNORECASE)
_MSO_LIST = re.compile(r"mso-list\s*:\s*l(\d+)\s+level(\d+)", re.IGNORECASE)
_MSO_LIST_IGNORE = re.compile(r"mso-list\s*:\s*ignore", re.IGNORECASE)
_TEXT_ALIGN = re.compile(r"(?<![-\w])text-align\s*:\s*(left|center|right|justify)", re.IGNORECASE)
_BOLD = re.compile(r"(?<![-\w])font-weight\s*:\s*(bold|bolder|[6-9]00)\b", re.IGNORECASE)
_NOT_BOLD = re.compile(r"(?<![-\w])font-weight\s*:\s*(normal|[1-4]00)\b", re.IGNORECASE)
_ITALIC = re.compile(r"(?<![-\w])font-style\s*:\s*italic", re.IGNORECASE)
_UNDERLINE = re.compile(r"(?<![-\w])text-decoration(-line)?\s*:[^;]*underline", re.IGNORECASE)
_SPACE = "\u00a0 \t\r\n"
# A bullet typed or pasted as a character: Word's Symbol/Wingdings glyphs (·, o, §, private use),
# typographic bullets and dashes. "o" and dashes only count when space follows them.
_GLYPH_BULLET = re.compile(
    "^[\u00a0\\s]*(?:[\u00b7\u2022\u25aa\u25ab\u25cf\u25cb\u25e6\u25a0\u25a1\u2023\u2043\u27a2\u2713\u2714\u00a7"
    "\uf000-\uf0ff][\u00a0\\s]*|[o\u2013\u2014\\-*][\u00a0\\s]+)"
)
_ORDERED_MARKER = re.compile(r"^\(?([0-9]{1,3}|[a-zA-Z]|[ivxlcdmIVXLCDM]{1,6})[.)]", re.ASCII)


class Node:
    __slots__ = ("tag", "attrs", "children", "parent")

    def __init__(self, tag, attrs=None, parent=None):
        self.tag, self.attrs, self.children, self.parent = tag, dict(attrs or {}), [], parent

    def append(self, child):
        if isinstance(child, Node):
            child.parent = self
        self.children.append(child)

    def elements(self):
        """Every element below this one, depth first, in document order."""
        for child in list(self.children):
            if isinstance(child, Node):
                yield child
                yield from child.elements()

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    @property
    def style(self) -> str:
        return self.attrs.get("style") or ""

    @property
    def classes(self) -> set[str]:
        return {c.lower() for c in (self.attrs.get("class") or "").split()}

    def replace_with(self, *nodes):
        siblings = self.parent.children
        index = next(i for i, c in enumerate(siblings) if c is self)
        for node in nodes:
            if isinstance(node, Node):
                node.parent = self.parent
        siblings[index:index + 1] = list(nodes)

    def unwrap(self):
        self.replace_with(*self.children)


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.current = Node("#root")

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.current.append(node)
        if tag not in _VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        self.current.append(data)


def _parse(html: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def _serialize(node: Node) -> str:
    out = []
    for child in node.children:
        if isinstance(child, str):
            out.append(escape(child, quote=False))
            continue
        attrs = "".join(f' {k}="{escape(v)}"' for k, v in child.attrs.items())
        if child.tag in _VOID:
            out.append(f"<{child.tag}{attrs}>")
        else:
            out.append(f"<{child.tag}{attrs}>{_serialize(child)}</{child.tag}>")
    return "".join(out)


# --- the permissive first pass: a well-formed tree that still carries classes and styles ----------
_FIRST_PASS_TAGS = {
    "p", "div", "span", "br", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "b", "em", "i", "u", "s",
    "strike", "sub", "sup", "ul", "ol", "li", "blockquote", "a", "figure", "figcaption", "img", "table",
    "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "hr",
}
_FIRST_PASS_ATTRIBUTES = {
    "*": {"class", "style", "align"},
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start", "type"},
}


def _first_pass(html: str) -> str:
    return nh3.clean(
        html, tags=_FIRST_PASS_TAGS, attributes=_FIRST_PASS_ATTRIBUTES, link_rel=None, strip_comments=True,
        clean_content_tags={"script", "style", "iframe", "object", "embed", "svg", "math", "template", "xml",
                            "head", "title"},
    )


# --- Word's lists ---------------------------------------------------------------------------------
def _list_definitions(html: str) -> dict[tuple[int, int], bool]:
    """``{(list, level): ordered}`` from the @list rules in Word's <style> block."""
    return {
        (int(lid), int(level)): "mso-level-number-format:bullet" not in body.replace(" ", "").lower()
        for lid, level, body in _WORD_LIST_DEFINITION.findall(html)
    }


def _take_marker(node: Node) -> str | None:
    """Remove Word's literal list marker spans from ``node``; return their text (None if none)."""
    markers = [el for el in node.elements() if el.tag == "span" and _MSO_LIST_IGNORE.search(el.style)]
    if not markers:
        return None
    text = "".join(m.text() for m in markers)
    for marker in markers:
        marker.replace_with()
    return " ".join(text.replace("\u00a0", " ").split())


def _is_ordered(marker: str | None, definition: bool | None) -> bool:
    if marker:
        if _ORDERED_MARKER.match(marker) and not _GLYPH_BULLET.match(marker + " "):
            return True
        return False
    return bool(definition)


def _type_of(marker: str | None) -> str | None:
    match = _ORDERED_MARKER.match(marker or "")
    if not match or match.group(1).isdigit():
        return None
    value = match.group(1)
    if len(value) > 1 or value in "iI":
        return "i" if value.islower() else "I"
    return "a" if value.islower() else "A"


def _start_of(marker: str | None) -> int | None:
    if marker and (match := re.match(r"^\(?(\d{1,3})[.)]?$", marker)):
        return int(match.group(1))
    return None


def _word_list_item(node) -> tuple[int, int] | None:
    if not isinstance(node, Node) or node.tag not in ("p", "div"):
        return None
    match = _MSO_LIST.search(node.style)
    if not match:
        return None
    return int(match.group(1)), int(match.group(2))


def _build_lists(parent: Node, definitions) -> None:
    """Turn each run of Word list paragraphs among ``parent``'s children into nested lists."""
    children, out, i = parent.children, [], 0
    while i < len(children):
        if _word_list_item(children[i]) is None:
            out.append(children[i])
            i += 1
            continue
        stack: list[tuple[int, Node]] = []  # (level, list element)
        while i < len(children):
            child = children[i]
            if isinstance(child, str) and not child.strip(_SPACE):
                i += 1
                continue
            key = _word_list_item(child)
            if key is None:
                break
            level = key[1]
            marker = _take_marker(child)
            ordered = _is_ordered(marker, definitions.get(key))
            tag = "ol" if ordered else "ul"
            while stack and stack[-1][0] > level:
                stack.pop()
            if stack and stack[-1][0] == level and stack[-1][1].tag != tag:
                stack.pop()
            if not stack or stack[-1][0] < level:
                new_list = Node(tag)
                start = _start_of(marker) if ordered else None
                if start and start != 1:
                    new_list.attrs["start"] = str(start)
                if ordered and (kind := _type_of(marker)):
                    new_list.attrs["type"] = kind
                if stack:
                    holder = stack[-1][1]
                    last = next((c for c in reversed(holder.children) if isinstance(c, Node)), None)
                    if last is None:
                        last = Node("li")
                        holder.append(last)
                    last.append(new_list)
                else:
                    new_list.parent = parent
                    out.append(new_list)
                stack.append((level, new_list))
            item = Node("li", {"style": child.style})
            for grandchild in child.children:
                item.append(grandchild)
            stack[-1][1].append(item)
            i += 1
    parent.children = out


# --- lists that are already lists ---------------------------------------------------------------
def _first_text(node: Node):
    """(parent, index) of the first non-blank text below ``node``, or None."""
    for i, child in enumerate(node.children):
        if isinstance(child, str):
            if child.strip(_SPACE):
                return node, i
        elif child.tag not in ("ul", "ol", "img", "br"):
            found = _first_text(child)
            if found:
                return found
    return None


def _strip_prefix(li: Node, pattern: re.Pattern) -> bool:
    found = _first_text(li)
    if not found:
        return False
    parent, i = found
    text = parent.children[i]
    match = pattern.match(text)
    if not match:
        return False
    parent.children[i] = text[match.end():].lstrip(_SPACE)
    return True


def _tidy_list(lst: Node) -> None:
    # A list directly inside a list (Google Docs' nesting) belongs to the item before it.
    kept = []
    for child in lst.children:
        if isinstance(child, Node) and child.tag in ("ul", "ol"):
            previous = next((c for c in reversed(kept) if isinstance(c, Node) and c.tag == "li"), None)
            if previous is not None:
                previous.append(child)
                continue
            holder = Node("li")
            holder.append(child)
            child = holder
            holder.parent = lst
        kept.append(child)
    lst.children = kept
    items = [c for c in lst.children if isinstance(c, Node) and c.tag == "li"]
    for li in items:
        _unwrap_single_paragraph(li)
    # Literal bullets or numbers typed before the text: the list draws its own.
    if lst.tag == "ol" and items and all(
            (found := _first_text(li)) and _GLYPH_BULLET.match(found[0].children[found[1]]) for li in items):
        lst.tag = "ul"
        lst.attrs.pop("start", None)
    if lst.tag == "ul":
        for li in items:
            _strip_prefix(li, _GLYPH_BULLET)
    else:
        try:
            number = int(lst.attrs.get("start") or 1)
        except ValueError:
            number = 1
        for li in items:
            _strip_prefix(li, re.compile(rf"^[{_SPACE}]*\(?{number}[.)][{_SPACE}]+"))
            _strip_prefix(li, _GLYPH_BULLET)
            number += 1


def _unwrap_single_paragraph(cell: Node) -> None:
    """An item or cell holding one paragraph holds its content (alignment moves up)."""
    elements = [c for c in cell.children if isinstance(c, Node)]
    loose_text = any(isinstance(c, str) and c.strip(_SPACE) for c in cell.children)
    # A list item may also hold its nested lists after the paragraph.
    if not elements or loose_text or elements[0].tag not in ("p", "div") or any(
            c.tag not in ("ul", "ol") for c in elements[1:]):
        return
    paragraph = elements[0]
    if _alignment(cell) is None and (align := _alignment(paragraph)):
        cell.attrs["style"] = f"text-align:{align}"
    cell.children = [c for c in cell.children if isinstance(c, Node)]
    paragraph.unwrap()


# --- tables ------------------------------------------------------------------------------------
def _rows(table: Node) -> list[Node]:
    rows = []
    for child in table.children:
        if isinstance(child, Node):
            if child.tag == "tr":
                rows.append(child)
            elif child.tag in ("thead", "tbody", "tfoot"):
                rows.extend(c for c in child.children if isinstance(c, Node) and c.tag == "tr")
    return rows


def _cells(row: Node) -> list[Node]:
    return [c for c in row.children if isinstance(c, Node) and c.tag in ("td", "th")]


def _is_bold(node: Node) -> bool:
    return node.tag in ("b", "strong", "th", "h1", "h2", "h3", "h4", "h5", "h6") or bool(_BOLD.search(node.style))


def _all_bold(node: Node, bold: bool = False) -> bool:
    """Whether every piece of text in ``node`` is bold."""
    bold = bold or _is_bold(node)
    for child in node.children:
        if isinstance(child, str):
            if child.strip(_SPACE) and not bold:
                return False
        elif not _all_bold(child, bold):
            return False
    return True


def _make_header_cell(cell: Node) -> None:
    cell.tag = "th"
    cell.attrs.setdefault("scope", "col")
    for el in list(cell.elements()):
        if el.tag in ("b", "strong"):
            el.unwrap()


def _tidy_table(table: Node) -> None:
    rows = _rows(table)
    for row in rows:
        for cell in _cells(row):
            _unwrap_single_paragraph(cell)
    thead = next((c for c in table.children if isinstance(c, Node) and c.tag == "thead"), None)
    if thead is not None:
        for row in (c for c in thead.children if isinstance(c, Node) and c.tag == "tr"):
            for cell in _cells(row):
                _make_header_cell(cell)
        return
    if len(rows) < 2:
        return
    first = rows[0]
    cells = _cells(first)
    if not cells or not any(c.text().strip(_SPACE) for c in cells) or not all(_all_bold(c) for c in cells):
        return
    for cell in cells:
        _make_header_cell(cell)
    # The header row moves into <thead>; the other rows stay in (or go into) <tbody>.
    first.replace_with()
    table.children = [c for c in table.children  # a <tbody> left empty goes
                      if not (isinstance(c, Node) and c.tag == "tbody"
                              and not any(isinstance(x, Node) for x in c.children))]
    thead = Node("thead")
    thead.append(first)
    thead.parent = table
    table.children.insert(0, thead)
    loose = [c for c in table.children if isinstance(c, Node) and c.tag == "tr"]
    if loose:
        tbody = Node("tbody")
        for row in loose:
            tbody.append(row)
        table.children = [c for c in table.children if not (isinstance(c, Node) and c.tag == "tr")]
        table.append(tbody)


# --- inline formatting and alignment -------------------------------------------------------------
def _alignment(node: Node) -> str | None:
    for name, cls in ALIGN_CLASSES.items():
        if cls in node.classes:
            return name
    match = _TEXT_ALIGN.search(node.style)
    value = (match.group(1) if match else node.attrs.get("align", "")).lower()
    return value if value in ALIGN_CLASSES else None


def _inline_formatting(root: Node) -> None:
    for el in list(root.elements()):
        if el.tag == "b" and (_NOT_BOLD.search(el.style) or el.attrs.get("id", "").startswith("docs-internal")):
            el.unwrap()  # Google Docs' wrapper around the whole clipboard
        elif el.tag == "span":
            wrappers = [tag for tag, pattern in (("strong", _BOLD), ("em", _ITALIC), ("u", _UNDERLINE))
                        if pattern.search(el.style)]
            for tag in wrappers:
                inner = Node(tag)
                for child in el.children:
                    inner.append(child)
                el.children = []
                el.append(inner)


def _final_attributes(root: Node) -> None:
    for el in root.elements():
        align = _alignment(el) if el.tag in ALIGNABLE else None
        el.attrs = {k: v for k, v in el.attrs.items() if k in _KEPT_ATTRIBUTES}
        if align:
            el.attrs["class"] = ALIGN_CLASSES[align]


def _rename_blocks(root: Node) -> None:
    for el in root.elements():
        if el.tag == "p":
            for cls in el.classes:
                if cls in _TITLE_CLASSES:
                    el.tag = _TITLE_CLASSES[cls]
                    break
                if match := re.fullmatch(r"msoheading(\d)", cls):
                    el.tag = _HEADING_LEVEL.get(f"h{match.group(1)}", "h4")
                    break
        elif el.tag in _HEADING_LEVEL:
            el.tag = _HEADING_LEVEL[el.tag]


def _numbered_headings(root: Node) -> None:
    """A heading numbered by Word keeps its number once, as text: "1. Mục tiêu"."""
    for el in root.elements():
        if el.tag in ("h1", "h2", "h3", "h4", "h5", "h6") and (marker := _take_marker(el)):
            if found := _first_text(el):
                found[0].children[found[1]] = found[0].children[found[1]].lstrip(_SPACE)
            el.children.insert(0, marker + " ")


def normalise(html: str) -> str:
    """Office clipboard HTML reshaped into the semantic HTML the allow-list keeps (not yet safe)."""
    definitions = _list_definitions(html) if "@list" in html else {}
    html = _HIDDEN_CONDITIONAL.sub("", html)
    html = _REVEALED_MARKERS.sub("", html)
    html = _OFFICE_TAGS.sub("", html)
    root = _parse(_first_pass(html))
    _numbered_headings(root)
    for parent in [root, *root.elements()]:
        if any(_word_list_item(c) for c in parent.children):
            _build_lists(parent, definitions)
    for el in list(root.elements()):  # marker spans left outside lists and headings
        if el.tag == "span" and _MSO_LIST_IGNORE.search(el.style):
            el.replace_with()
    _rename_blocks(root)
    _inline_formatting(root)
    for el in list(root.elements()):
        if el.tag in ("ul", "ol"):
            _tidy_list(el)
    for el in list(root.elements()):
        if el.tag == "table":
            _tidy_table(el)
    _final_attributes(root)
    return _serialize(root)
