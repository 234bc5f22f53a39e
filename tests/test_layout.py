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


PACKAGE = BLUEPRINTS.parent
SERVICES = PACKAGE / "services"
WEB = PACKAGE / "web"
AREAS = {
    *("accounts", "content", "council", "discussion", "endorsements"),
    *("experiences", "insight", "moderation", "organisations", "sharing", "statements"),
}


def dotted(path: Path) -> str:
    return ".".join(("wijkstem", *path.relative_to(PACKAGE).with_suffix("").parts))


def imports_under_file(path: Path, prefix: str) -> list[str]:
    return sorted(name for name in imported_modules(path) if name == prefix or name.startswith(prefix + "."))


def imports_under(folder: Path, prefix: str) -> list[str]:
    """Every 'module imports name' line of the modules in `folder` that reaches into `prefix`."""
    return sorted(
        f"{dotted(path)} imports {name}"
        for path in folder.rglob("*.py")
        for name in imported_modules(path)
        if name == prefix or name.startswith(prefix + ".")
    )


def test_services_live_in_their_areas():
    loose = sorted(path.name for path in SERVICES.glob("*.py") if path.name != "__init__.py")
    areas = {path.name for path in SERVICES.iterdir() if path.is_dir() and (path / "__init__.py").exists()}
    assert loose == []
    assert areas == AREAS


def test_imports_go_one_way():
    """blueprints -> web, services; web -> services; services -> neither blueprints nor web."""
    assert imports_under(SERVICES, "wijkstem.blueprints") == []
    assert imports_under(SERVICES, "wijkstem.web") == []
    assert imports_under(WEB, "wijkstem.blueprints") == []
    assert imports_under(PACKAGE / "models", "wijkstem.services") == []
    assert imports_under(PACKAGE / "models", "wijkstem.web") == []
    for shared in ("cli.py", "capabilities.py", "subjects.py", "pagination.py", "urls.py", "clock.py"):
        assert imports_under_file(PACKAGE / shared, "wijkstem.blueprints") == []
        assert imports_under_file(PACKAGE / shared, "wijkstem.web") == []


def test_the_direction_check_sees_a_wrong_way_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("from wijkstem.web.page_forms import show_again\n")
    assert imports_under_file(sample, "wijkstem.web") == [
        "wijkstem.web.page_forms",
        "wijkstem.web.page_forms.show_again",
    ]
