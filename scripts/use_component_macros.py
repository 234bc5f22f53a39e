"""Turn hand-written NL Design System markup in templates/ into calls of the component macros.

    .venv/bin/python scripts/use_component_macros.py [--only links,headings,buttons,tables,alerts] [--check]

Idempotent: run it again after a merge and it converts only what is still written by hand. It rewrites
`<h2 class="utrecht-heading-2" id="x">{{ _('Tekst') }}</h2>` into
`{{ nl.heading(2, _('Tekst'), id='x') }}`, and an element with more inside into
`{% call nl.heading(2, id='x') %}…{% endcall %}`, then adds
`{% import "_partials/components.html" as nl -%}` to the file. It leaves an element alone (and says so)
when it cannot be sure the output stays the same: Jinja tags inside the opening tag, an `&` in a literal
attribute, unbalanced `{% if %}`s inside, or the element written inside a Jinja expression.
`--check` changes nothing and exits 1 when something is left to convert (what tests/test_nlds_components.py
also asserts). `--tests` also updates tests that compare rendered markup literally (the macros write
`utrecht-link utrecht-link--html-a nl-link` and `utrecht-heading-1 nl-heading nl-heading--level-1`).
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
MACRO_FILE = "_partials/components.html"
IMPORT = '{% import "_partials/components.html" as nl -%}\n'
IMPORT_RE = re.compile(r'\{%-?\s*import\s+"_partials/components\.html"\s+as\s+nl\b')
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
SINGLE_EXPRESSION = re.compile(r"\{\{(?!-)\s(.*?)\s(?<!-)\}\}", re.S)
BLOCK_OPEN = {"if", "for", "call", "filter", "with", "macro", "block", "raw", "autoescape", "trans"}
KEYWORDS = {"for", "in", "if", "else", "not", "and", "or", "is", "true", "false", "none", "import", "as"}


@dataclass(frozen=True)
class Rule:
    area: str
    tag: str
    needs: frozenset[str]  # classes the element must carry
    drops: frozenset[str]  # NLDS classes the macro writes itself
    macro: str
    positional: tuple[str, ...] = ()  # literal leading arguments, e.g. the heading level
    keywords: tuple[str, ...] = ()  # literal keyword arguments, e.g. kind='secondary'
    href: bool = False  # the href attribute becomes the first argument
    text: bool = True  # the macro takes the content as an argument (else only {% call %})
    defaults: tuple[tuple[str, str], ...] = ()  # attribute values the macro writes by itself


def _rule(area, tag, needs, macro, drops=None, **kw) -> Rule:
    needs = frozenset(needs.split())
    return Rule(area, tag, needs, frozenset(drops.split()) if drops else needs, macro, **kw)


# Innermost first: a link inside a heading or a cell is converted before its parent.
RULES = [
    _rule("links", "a", "utrecht-link utrecht-link--html-a", "link", href=True),
    _rule("buttons", "a", "utrecht-button utrecht-button--primary-action", "button_link", href=True),
    _rule(
        "buttons",
        "a",
        "utrecht-button utrecht-button--secondary-action",
        "button_link",
        href=True,
        keywords=("kind='secondary'",),
    ),
    _rule("buttons", "button", "utrecht-button utrecht-button--primary-action", "button"),
    _rule(
        "buttons", "button", "utrecht-button utrecht-button--secondary-action", "button", keywords=("kind='secondary'",)
    ),
    _rule("buttons", "button", "link-button", "link_button", drops="link-button"),
    _rule("headings", "h1", "utrecht-heading-1", "heading", positional=("1",)),
    *(_rule("headings", f"h{n}", f"utrecht-heading-{n}", "heading", positional=(str(n),)) for n in range(2, 7)),
    _rule("tables", "th", "utrecht-table__header-cell", "table_header_cell", defaults=(("scope", "col"),)),
    _rule("tables", "td", "utrecht-table__cell", "table_cell"),
    _rule("tables", "caption", "utrecht-table__caption", "table_caption"),
    _rule("tables", "tr", "utrecht-table__row", "table_row", text=False),
    _rule("tables", "thead", "utrecht-table__header", "table_header", text=False),
    _rule("tables", "tbody", "utrecht-table__body", "table_body", text=False),
    _rule("tables", "table", "utrecht-table", "table", drops="utrecht-table utrecht-table--html-table", text=False),
    *(
        _rule(
            "alerts",
            tag,
            f"alert alert--{kind}",
            "alert",
            drops=f"alert alert--{kind} utrecht-alert utrecht-alert--{kind} utrecht-alert--ok",
            keywords=(f"kind='{kind}'",) if kind != "info" else (),
        )
        for tag in ("p", "div")
        for kind in ("info", "success", "warning", "error")
    ),
    _rule("alerts", "p", "alert", "alert", drops="alert utrecht-alert"),
]
AREAS = sorted({r.area for r in RULES})


class Skip(Exception):
    """The script leaves this markup as it is; the message says why."""


def _jinja_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in JINJA.finditer(text)]


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < pos < end for start, end in spans)


def _open_tag_end(text: str, start: int, spans) -> int:
    """Index just after the `>` closing the opening tag at `start`, skipping `>` inside Jinja tags."""
    i = start
    while True:
        i = text.index(">", i + 1)
        if not _inside(i, spans):
            return i + 1


def _close_tag(text: str, tag: str, after: int, spans) -> tuple[int, int]:
    depth = 1
    pattern = re.compile(rf"<(/?){tag}\b", re.I)
    for m in pattern.finditer(text, after):
        if _inside(m.start(), spans):
            continue
        depth += -1 if m.group(1) else 1
        if depth == 0:
            return m.start(), text.index(">", m.start()) + 1
    raise Skip(f"no </{tag}>")


def _parse_attrs(raw: str) -> list[tuple[str, str | None]]:
    attrs: list[tuple[str, str | None]] = []
    i, n = 0, len(raw)
    while i < n:
        if raw[i].isspace() or raw[i] == "/":
            i += 1
            continue
        if raw.startswith("{", i):
            raise Skip("Jinja inside the opening tag")
        m = re.match(r"([a-zA-Z_:][-a-zA-Z0-9_:.]*)", raw[i:])
        if not m:
            raise Skip(f"cannot read attributes: {raw!r}")
        name = m.group(1)
        i += m.end()
        if raw.startswith('="', i):
            end = i + 2
            while True:
                end = raw.index('"', end)
                before = raw[i + 2 : end]
                if before.count("{{") == before.count("}}"):
                    break
                end += 1
            attrs.append((name, raw[i + 2 : end]))
            i = end + 1
        else:
            attrs.append((name, None))
    return attrs


def _string(literal: str) -> str:
    if "&" in literal or "{%" in literal or "{#" in literal:
        raise Skip(f"literal needs care: {literal!r}")
    return "'" + literal.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _expression(value: str) -> str:
    parts: list[tuple[str, bool]] = []  # (Jinja source, needs no parentheses)
    simple = re.compile(r"^[\w.]+$")
    pos = 0
    for m in re.finditer(r"\{\{-?\s*(.*?)\s*-?\}\}", value, re.S):
        if m.start() > pos:
            parts.append((_string(value[pos : m.start()]), True))
        parts.append((m.group(1), bool(simple.match(m.group(1)))))
        pos = m.end()
    if pos < len(value) or not parts:
        parts.append((_string(value[pos:]), True))
    if len(parts) == 1:
        return f"({parts[0][0]})" if " if " in parts[0][0] else parts[0][0]
    return " ~ ".join(p if plain else f"({p})" for p, plain in parts)


def _balanced(inner: str) -> bool:
    depth = 0
    for m in re.finditer(r"\{%-?\s*(\w+)([^%]*)%\}", inner):
        word, rest = m.group(1), m.group(2)
        if word in BLOCK_OPEN or (word == "set" and "=" not in rest):
            depth += 1
        elif word.startswith("end"):
            depth -= 1
        elif word in ("else", "elif") and depth == 0:
            return False
        if depth < 0:
            return False
    return depth == 0


# `{% if request.endpoint == 'x' %} aria-current="page"{% endif %}` on a menu link becomes `current=(…)`.
CURRENT = re.compile(r'\s*\{%-?\s*if\s+(.+?)\s*-?%\}\s*aria-current="page"\s*\{%-?\s*endif\s*-?%\}', re.S)


def _call(rule: Rule, raw_attrs: str, inner: str) -> str:
    current = CURRENT.search(raw_attrs) if rule.macro == "link" else None
    if current:
        raw_attrs = raw_attrs.replace(current.group(0), "")
    values = dict(_parse_attrs(raw_attrs))
    classes = (values.pop("class", None) or "").split()
    if "{{" in " ".join(classes):
        raise Skip("Jinja in the class attribute")
    args = list(rule.positional)
    if rule.href:
        if values.get("href") is None:
            raise Skip("link without href")
        args.append(_expression(values.pop("href")))
    text_form = rule.text and SINGLE_EXPRESSION.fullmatch(inner) and "}}" not in inner[2:-2]
    if text_form:
        args.append(SINGLE_EXPRESSION.fullmatch(inner).group(1))  # type: ignore[union-attr]
    args.extend(rule.keywords)
    extra = [c for c in classes if c not in rule.drops]
    if extra:
        args.append(f"class='{' '.join(extra)}'")
    for name, default in rule.defaults:
        if values.get(name) == default:
            values.pop(name)
        elif name not in values:
            values[name] = "\0none"
    for name, value in values.items():
        key = name.replace("-", "_")
        if not key.isidentifier() or key in KEYWORDS:
            raise Skip(f"attribute {name!r}")
        if value is None:
            args.append(f"{key}=true")
        elif value == "\0none":
            args.append(f"{key}=none")
        else:
            args.append(f"{key}={_expression(value)}")
    if current:
        args.append(f"current=({current.group(1)})")
    call = f"nl.{rule.macro}({', '.join(args)})"
    if text_form:
        return "{{ " + call + " }}"
    return "{% call " + call + " %}" + inner + "{% endcall %}"


def convert(text: str, areas: set[str], where: str = "", report: list[str] | None = None) -> str:
    for rule in RULES:
        if rule.area not in areas:
            continue
        pos = 0
        while True:
            spans = _jinja_spans(text)
            m = re.compile(rf"<{rule.tag}(\s[^>]*?)?>", re.I | re.S).search(text, pos)
            if not m:
                break
            start = m.start()
            pos = start + 1
            if _inside(start, spans):
                continue
            try:
                open_end = _open_tag_end(text, start, spans)
                raw_attrs = text[start + 1 + len(rule.tag) : open_end - 1]
                classes = re.search(r'\bclass="([^"]*)"', raw_attrs)
                if not classes or not rule.needs.issubset(classes.group(1).split()):
                    continue
                close_start, close_end = _close_tag(text, rule.tag, open_end, spans)
                inner = text[open_end:close_start]
                if not _balanced(inner):
                    raise Skip("unbalanced Jinja blocks inside")
                replacement = _call(rule, raw_attrs, inner)
            except Skip as why:
                if report is not None:
                    line = text.count("\n", 0, start) + 1
                    report.append(f"{where}:{line}: left <{rule.tag}> as it is ({why})")
                continue
            text = text[:start] + replacement + text[close_end:]
    if re.search(r"(\{\{|\{%-?\s*call)\s+nl\.\w+\(", text) and not IMPORT_RE.search(text):
        m = re.match(r"\{%-?\s*extends[^%]*%\}\n", text)
        at = m.end() if m else 0
        text = text[:at] + IMPORT + text[at:]
    return text


# Tests that compare rendered markup literally: the macros add the candidate classes after the utrecht ones.
TEST_MARKUP = [
    (re.compile(r"utrecht-link utrecht-link--html-a(?! nl-link)"), "utrecht-link utrecht-link--html-a nl-link"),
    (
        re.compile(r'(?:(?<=class=")|(?<=class=\\"))utrecht-heading-([1-6])\b(?! nl-heading)'),
        r"utrecht-heading-\1 nl-heading nl-heading--level-\1",
    ),
]


def update_tests() -> list[str]:
    changed = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        before = path.read_text(encoding="utf-8")
        after = before
        for pattern, replacement in TEST_MARKUP:
            after = pattern.sub(replacement, after)
        if after != before:
            path.write_text(after, encoding="utf-8")
            changed.append(path.relative_to(ROOT).as_posix())
    return changed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(AREAS), help=f"areas, comma-separated: {', '.join(AREAS)}")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 when something is left")
    parser.add_argument("--tests", action="store_true", help="also update literal markup in tests/*.py")
    args = parser.parse_args()
    if args.tests and not args.check:
        print("tests updated:", ", ".join(update_tests()))
    areas = set(args.only.split(","))
    report: list[str] = []
    changed: list[str] = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        if name == MACRO_FILE:
            continue
        before = path.read_text(encoding="utf-8")
        after = convert(before, areas, name, report)
        if after != before:
            changed.append(name)
            if not args.check:
                path.write_text(after, encoding="utf-8")
    for line in report:
        print(line)
    print(f"{'would change' if args.check else 'changed'} {len(changed)} templates: {', '.join(changed)}")
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
