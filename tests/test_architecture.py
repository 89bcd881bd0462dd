"""The layout's rules, read from the imports: dependencies point one way."""
import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "allemaaldigitaal"
NAME = PACKAGE.name
#: infrastructure every layer may use
SHARED = {f"{NAME}.extensions", f"{NAME}.config"}
FEATURES = sorted(
    path.name for path in PACKAGE.iterdir()
    if (path / "__init__.py").exists() and path.name not in {"core", "web", "api", "printing"}
)


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every module a file imports, with relative imports resolved; `from x import y` counts x and x.y."""
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def files_of(package: str) -> list[Path]:
    return sorted((PACKAGE / package).rglob("*.py"))


def own_imports(package: str) -> dict[str, set[str]]:
    return {str(path.relative_to(PACKAGE)): {m for m in imports_of(path) if m.startswith(NAME)} for path in files_of(package)}


def outside(imports: dict[str, set[str]], allowed: set[str]) -> dict[str, list[str]]:
    """Per file, the project modules it imports that are not under one of the allowed prefixes."""
    def ok(module: str) -> bool:
        return module == NAME or any(module == prefix or module.startswith(prefix + ".") for prefix in allowed)

    found = {path: sorted(m for m in modules if not ok(m)) for path, modules in imports.items()}
    return {path: modules for path, modules in found.items() if modules}


def test_the_features_are_found():
    assert {"accounts", "organisations", "public", "donations", "devices", "workshop", "care"} <= set(FEATURES)


def test_core_imports_no_feature_and_no_web_or_api():
    assert outside(own_imports("core"), {f"{NAME}.core", *SHARED}) == {}


def test_web_and_api_import_no_feature():
    assert outside(own_imports("web"), {f"{NAME}.core", f"{NAME}.web", *SHARED}) == {}
    assert outside(own_imports("api"), {f"{NAME}.core", f"{NAME}.web", f"{NAME}.api", *SHARED}) == {}


def test_printing_touches_no_request_no_session_and_no_database():
    forbidden = {"flask.request", "flask.session", "flask.g", f"{NAME}.extensions", "flask_sqlalchemy", "sqlalchemy"}
    for path in files_of("printing"):
        assert imports_of(path) & forbidden == set(), path
        assert outside({str(path): {m for m in imports_of(path) if m.startswith(NAME)}},
                       {f"{NAME}.printing", f"{NAME}.core.enums"}) == {}


@pytest.mark.parametrize("feature", FEATURES)
def test_a_feature_never_imports_another_features_views(feature):
    others_views = {f"{NAME}.{other}.views" for other in FEATURES if other != feature}
    offenders = {path: sorted(modules & others_views) for path, modules in own_imports(feature).items()}
    assert {path: modules for path, modules in offenders.items() if modules} == {}


def test_the_checker_sees_a_forbidden_import(tmp_path):
    """The import reader itself works: a feature import in a core-like file is reported."""
    planted = PACKAGE / "core" / "_planted_for_test.py"
    planted.write_text("from ..accounts.views import bp\nfrom . import enums\n")
    try:
        assert outside(own_imports("core"), {f"{NAME}.core", *SHARED}) == {
            "core/_planted_for_test.py": [f"{NAME}.accounts.views", f"{NAME}.accounts.views.bp"]
        }
    finally:
        planted.unlink()


def test_only_the_transaction_helper_commits():
    """A request or command commits once, through core.transaction (the deferred audit writes on its own)."""
    allowed = {"core/transaction.py", "core/audit.py"}
    offenders = [
        str(path.relative_to(PACKAGE)) for path in PACKAGE.rglob("*.py")
        if ".commit()" in path.read_text() and str(path.relative_to(PACKAGE)) not in allowed
    ]
    assert offenders == []
