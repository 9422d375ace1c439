"""The house's import rules hold: the pure core imports no framework and no edge, and the
gateway's rooms import only the rooms below them (see gateway/__init__.py).

Each rule is a function over a source tree, so the last tests can show each one catching a
deliberately bad import in a small tree of their own.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
FIRST_PARTY = ("app", "charter", "gateway", "menus", "store", "words")
FORBIDDEN = {
    "menus": ("flask", "sqlalchemy", "alembic", "gateway", "store", "requests", "africastalking"),
    "words": ("flask", "sqlalchemy", "alembic", "gateway", "store", "menus", "requests"),
    "charter": ("flask", "sqlalchemy", "alembic", "gateway", "store", "menus", "words", "requests"),
    "store": ("flask", "gateway", "menus", "words"),
}
# The gateway's rooms from the bottom up: a module may import its own room and the rooms of a
# lower rank, never one of the same or a higher rank (so no two rooms lean on each other).
RANKS = {
    "gateway.config": 0,
    "gateway.metrics": 0,  # this process's counts for /metrics: any room may count there
    "gateway.people": 0,
    "gateway.messaging.providers": 0,
    "gateway.runtime": 1,
    "gateway.lifecycle": 2,
    "gateway.messaging": 2,
    "gateway.casework": 3,
    "gateway.reporting": 3,
    "gateway.channels": 4,
    "gateway.web": 5,
    "gateway.ops": 6,
}
ROOMS = ("people", "lifecycle", "messaging", "casework", "reporting", "channels", "web", "ops")
MAX_LOOSE_MODULES = 10  # modules standing directly in gateway/, not in a room
# Flask and its request objects are the web room's; ops may use Flask's CLI and app context.
OPS_FLASK = {"flask": {"Flask", "current_app"}, "flask.cli": {"AppGroup", "with_appcontext"}}
OPS_FLASK["flask.testing"] = {"FlaskClient"}  # the terminal simulator posts through the app
ALLOWED_WERKZEUG = {"werkzeug.security"}  # password hashing, not the web
# The only rows the reporting room writes: a survey, its recipients and their SMS.
REPORTING_WRITES = {"Survey", "SurveyRecipient", "OutboxMessage"}
ITEM_TABLES = {"Complaint", "ComplaintEvent"}


# --- reading a tree ------------------------------------------------------------------------------


def module_name(root: Path, path: Path) -> str:
    """The dotted name of a source file under `root` (a package's __init__ is the package)."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def sources(root: Path, top: str = "") -> Iterator[tuple[str, Path]]:
    """(module, path) for every first-party source file under `root` (below `top` if given)."""
    for package in FIRST_PARTY:
        if top and package != top:
            continue
        base = root / package
        paths = sorted(base.rglob("*.py")) if base.is_dir() else []
        if (root / f"{package}.py").is_file():
            paths.append(root / f"{package}.py")
        for path in paths:
            yield module_name(root, path), path


def imports(path: Path, module: str) -> Iterator[tuple[str, str | None]]:
    """(module imported, name taken from it or None) for every import in a file, relative ones
    resolved, at any depth (an import inside a function counts too)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, None
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            for alias in node.names:
                yield base, alias.name


def resolve(root: Path, imported: str, name: str | None) -> str:
    """The first-party module an import reaches: `from pkg import mod` reaches pkg.mod."""
    if name is not None:
        candidate = f"{imported}.{name}"
        as_path = root / candidate.replace(".", "/")
        if as_path.with_suffix(".py").is_file() or (as_path / "__init__.py").is_file():
            return candidate
    return imported


def unit_of(module: str) -> str | None:
    """The room (or loose module) of a gateway module: the longest prefix in RANKS."""
    parts = module.split(".")
    for end in range(len(parts), 0, -1):
        prefix = ".".join(parts[:end])
        if prefix in RANKS:
            return prefix
    return None


def first_party_imports(root: Path, top: str = "") -> Iterator[tuple[str, str, str | None]]:
    """(importer, first-party module imported, name) for every first-party import."""
    for module, path in sources(root, top):
        for imported, name in imports(path, module):
            if imported.split(".")[0] in FIRST_PARTY:
                yield module, resolve(root, imported, name), name


# --- the rules ------------------------------------------------------------------------------------


def pure_core_violations(root: Path, package: str) -> dict[str, list[str]]:
    """Files of a pure package that import what it must not."""
    found: dict[str, list[str]] = {}
    for module, path in sources(root, package):
        bad = {imported.split(".")[0] for imported, _ in imports(path, module)}
        bad &= set(FORBIDDEN[package])
        if bad:
            found[module] = sorted(bad)
    return found


def rank_violations(root: Path) -> list[str]:
    """Imports between the gateway's rooms that run sideways or back up."""
    found = []
    for importer, target, _ in first_party_imports(root, "gateway"):
        if not target.startswith("gateway"):
            continue
        mine, theirs = unit_of(importer), unit_of(target)
        if mine is None or theirs is None:
            if importer != "gateway" and target != "gateway":
                found.append(f"{importer} -> {target}: outside every room")
            continue
        if mine != theirs and RANKS[theirs] >= RANKS[mine]:
            found.append(f"{importer} -> {target}: {theirs} is not below {mine}")
    return found


def cycles(root: Path) -> list[list[str]]:
    """Every import cycle among first-party modules (each as the path that closes it)."""
    graph: dict[str, set[str]] = {}
    for importer, target, _ in first_party_imports(root):
        if target != importer:
            graph.setdefault(importer, set()).add(target)
    found, state = [], dict.fromkeys(graph, 0)  # 0 unseen, 1 on the path, 2 done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph.get(module, ())):
            if target not in graph:
                continue
            if state[target] == 1:
                found.append([*path[path.index(target) :], target])
            elif state[target] == 0:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(graph):
        if state[module] == 0:
            visit(module, [module])
    return found


def flask_violations(root: Path) -> list[str]:
    """Flask (or the web's werkzeug) imported outside the web room, beyond what ops may use."""
    found = []
    for module, path in sources(root, "gateway"):
        room = unit_of(module) or module
        if room == "gateway.web":
            continue
        for imported, name in imports(path, module):
            top = imported.split(".")[0]
            if top == "werkzeug" and imported not in ALLOWED_WERKZEUG:
                found.append(f"{module} imports {imported}")
            elif top == "flask" and not (
                room == "gateway.ops" and name in OPS_FLASK.get(imported, set())
            ):
                found.append(f"{module} imports {imported}.{name}")
    return found


def private_name_violations(root: Path) -> list[str]:
    """A module taking another module's private name (`from x import _y`)."""
    return [
        f"{importer} takes {target}.{name}"
        for importer, target, name in first_party_imports(root)
        if name is not None and name.startswith("_") and not name.startswith("__")
        if not target.endswith(f".{name}")  # `from pkg import _mod` is a module, not a name
    ]


SESSIONS = ("session", "db", "self.session")  # how the rooms name a database session


def reporting_write_violations(root: Path) -> list[str]:
    """Rows the reporting room writes that are not its survey's: inserts, updates and deletes
    of any other table, and anything it imports from the rooms that change items."""
    found = []
    for module, path in sources(root, "gateway"):
        if unit_of(module) != "gateway.reporting":
            continue
        for imported, _ in imports(path, module):
            if imported.startswith(("gateway.casework", "gateway.channels")):
                found.append(f"{module} imports {imported}")
            if imported in ("gateway.lifecycle.events", "gateway.lifecycle.pauses"):
                found.append(f"{module} imports {imported}")
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                if node.func.id in ITEM_TABLES:  # a new item or record line, built to be added
                    found.append(f"{module} writes {node.func.id} (new row)")
            if not isinstance(node, ast.Call) or not node.args:
                continue
            target, func = node.args[0], node.func
            if isinstance(func, ast.Name) and func.id in ("insert", "update", "delete"):
                called = func.id  # SQLAlchemy's statements: insert(Table), update(Model), ...
            elif isinstance(func, ast.Attribute) and func.attr == "add":
                # session.add(Model(...)); a set's add(max(...)) writes nothing
                if not isinstance(target, ast.Call) or ast.unparse(func.value) not in SESSIONS:
                    continue
                called, target = "add", target.func  # session.add(Model(...))
            else:
                continue
            table = ast.unparse(target).split(".")[0]
            if table not in REPORTING_WRITES:
                found.append(f"{module} writes {table} ({called})")
    return found


# --- the tests --------------------------------------------------------------------------------


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_a_package_imports_only_what_the_design_allows(package: str) -> None:
    assert pure_core_violations(ROOT, package) == {}


def test_the_gateway_is_in_rooms_with_few_loose_modules() -> None:
    loose = sorted(p.name for p in (ROOT / "gateway").glob("*.py"))
    assert len(loose) <= MAX_LOOSE_MODULES, loose
    assert sorted(
        p.name for p in (ROOT / "gateway").iterdir() if p.is_dir() and p.name != "__pycache__"
    ) == sorted(ROOMS)
    for module, _ in sources(ROOT, "gateway"):
        assert unit_of(module) is not None or module == "gateway", f"{module} is in no room"


@pytest.mark.parametrize("room", ROOMS)
def test_each_room_says_what_it_owns_and_may_import(room: str) -> None:
    tree = ast.parse((ROOT / "gateway" / room / "__init__.py").read_text())
    doc = ast.get_docstring(tree) or ""
    assert len(doc.split()) >= 20, f"gateway/{room}/__init__.py should say what the room owns"
    assert "May import:" in doc


def test_no_room_imports_one_beside_or_above_it() -> None:
    assert rank_violations(ROOT) == []


def test_no_import_cycle() -> None:
    assert cycles(ROOT) == []


def test_only_the_web_room_uses_flask() -> None:
    assert flask_violations(ROOT) == []


def test_no_module_takes_another_modules_private_name() -> None:
    assert private_name_violations(ROOT) == []


def test_reporting_reads_and_never_writes_items() -> None:
    assert reporting_write_violations(ROOT) == []


# --- the rules catch what they are for -----------------------------------------------------


def plant(root: Path, files: dict[str, str]) -> Path:
    """A small source tree under `root`: {relative path: source}."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def test_the_rules_catch_deliberately_bad_imports(tmp_path: Path) -> None:
    tree = plant(
        tmp_path,
        {
            "gateway/__init__.py": "",
            "gateway/runtime.py": "",
            "gateway/web/__init__.py": "",
            "gateway/web/pages.py": "def _secret():\n    pass\n",
            "gateway/casework/__init__.py": "",
            # a service reaching up into the web room, and Flask's request in the casework
            "gateway/casework/intake.py": (
                "from gateway.web.pages import _secret\nfrom flask import request\n"
            ),
            "gateway/reporting/__init__.py": "",
            # the report writing an item, and sideways into casework
            "gateway/reporting/figures.py": (
                "from sqlalchemy import update\nfrom store.models import Complaint\n"
                "from gateway.casework import intake\n"
                "def f(s):\n    s.execute(update(Complaint).values(status='closed'))\n"
                # a set's add writes nothing: not reported
                "def g(groups):\n    groups.add(max(groups))\n"
            ),
            "menus/__init__.py": "",
            "menus/machine.py": "import sqlalchemy\n",
            # a cycle
            "store/__init__.py": "",
            "store/a.py": "from store import b\n",
            "store/b.py": "from store.a import x\n",
        },
    )
    assert rank_violations(tree) == [
        "gateway.casework.intake -> gateway.web.pages: gateway.web is not below gateway.casework",
        "gateway.reporting.figures -> gateway.casework.intake: "
        "gateway.casework is not below gateway.reporting",
    ]
    assert flask_violations(tree) == ["gateway.casework.intake imports flask.request"]
    assert private_name_violations(tree) == [
        "gateway.casework.intake takes gateway.web.pages._secret"
    ]
    assert reporting_write_violations(tree) == [
        "gateway.reporting.figures imports gateway.casework",
        "gateway.reporting.figures writes Complaint (update)",
    ]
    assert pure_core_violations(tree, "menus") == {"menus.machine": ["sqlalchemy"]}
    assert cycles(tree) == [["store.a", "store.b", "store.a"]]
