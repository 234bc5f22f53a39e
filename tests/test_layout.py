"""How the code hangs together: what two blueprints share lives outside both of them."""

from __future__ import annotations

import ast
from pathlib import Path

BLUEPRINTS = Path(__file__).resolve().parent.parent / "wijkstem" / "blueprints"


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_no_blueprint_imports_another_blueprint():
    crossings = []
    for path in sorted(BLUEPRINTS.rglob("*.py")):
        own = path.relative_to(BLUEPRINTS).parts[0]
        for name in imported_modules(path):
            parts = name.split(".")
            if parts[:2] == ["wijkstem", "blueprints"] and len(parts) > 2 and parts[2] != own:
                crossings.append(f"{path.relative_to(BLUEPRINTS)} imports {name}")
    assert crossings == []


def test_the_scan_sees_a_crossing(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("from wijkstem.blueprints.comments.forms import ReplyForm\n")
    assert "wijkstem.blueprints.comments.forms" in imported_modules(sample)


def test_each_page_and_action_has_its_owner(app):
    owners = {
        rule.rule + " " + ",".join(sorted(rule.methods - {"HEAD", "OPTIONS"})): rule.endpoint
        for rule in app.url_map.iter_rules()
    }
    assert owners["/manifest/<slug> GET"] == "pillars.pillar"
    assert owners["/manifest/<slug>/steunen POST"] == "endorsements.endorse"
    assert owners["/manifest/<slug>/reacties POST"] == "comments.post_comment"
    assert owners["/ervaringen/<int:experience_id>/reacties POST"] == "comments.post_comment"
    assert owners["/reacties/<int:comment_id>/reageren GET,POST"] == "comments.reply"
