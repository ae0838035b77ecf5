"""The locks are complete: installing them with `pip install --no-deps` (as `make` does) gives
an environment where every dependency, extras included, is the locked one.

`make` never lets pip resolve (see docs/installation.md), so a package missing from a lock
would simply be missing at run time: these tests read the metadata of what is installed and
check it against the lock files, without any network access.
"""

import re
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==([^\s\\;]+)")


def read_lock(name):
    """{canonical name: version} of a lock, after checking that every entry is hashed."""
    pins = {}
    entry = None
    for line in (ROOT / name).read_text().splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.startswith((" ", "\t")):
            if "--hash=sha256:" in line and entry:
                entry["hashed"] = True
            continue
        match = PIN.match(line)
        assert match, f"{name}: entrée non épinglée avec == : {line!r}"
        entry = {"version": match.group(2), "hashed": "--hash=sha256:" in line}
        pins[canonicalize_name(match.group(1))] = entry
    unhashed = sorted(n for n, e in pins.items() if not e["hashed"])
    assert not unhashed, f"{name}: sans empreinte : {unhashed}"
    return {n: e["version"] for n, e in pins.items()}


def requirements_of(name, extras):
    """What the installed distribution `name` needs here, with the given extras."""
    # Every Python 3.11 the project supports: the running one, and the first 3.11 release
    # (a dependency only older 3.11 patch releases need, like async-timeout, stays locked).
    environments = [
        default_environment(),
        {**default_environment(), "python_full_version": "3.11.0"},
    ]
    needed = []
    for text in metadata.requires(name) or []:
        req = Requirement(text)
        if req.marker is None:
            needed.append(req)
            continue
        if any(
            req.marker.evaluate({**env, "extra": extra})
            for env in environments
            for extra in {""} | set(extras)
        ):
            needed.append(req)
    return needed


def closure(lock, roots):
    """Walk the requirements from `roots`, checking each against the lock; return what is
    reached and the problems met."""
    seen, problems = {}, []
    todo = [(Requirement(r), "pyproject.toml") for r in roots]
    while todo:
        req, parent = todo.pop()
        name = canonicalize_name(req.name)
        version = lock.get(name)
        if version is None:
            problems.append(f"{req} (demandé par {parent}) absent du verrou")
            continue
        if not req.specifier.contains(version, prereleases=True):
            problems.append(f"{req} (demandé par {parent}) : le verrou donne {version}")
        extras = set(req.extras)
        if name in seen and extras <= seen[name]:
            continue
        seen[name] = seen.get(name, set()) | extras
        for sub in requirements_of(name, seen[name]):
            todo.append((sub, f"{name}=={version}"))
    return seen, problems


def project_dependencies(extra=None):
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    deps = list(project["dependencies"])
    if extra:
        deps += project["optional-dependencies"][extra]
    return deps


@pytest.mark.parametrize(
    ("lock_file", "extra"), [("requirements.lock", None), ("requirements-dev.lock", "dev")]
)
def test_lock_holds_every_dependency_with_its_extras(lock_file, extra):
    lock = read_lock(lock_file)
    reached, problems = closure(lock, project_dependencies(extra))
    assert not problems, "\n".join(problems)
    # Nothing in the lock that nothing asks for (a leftover would be installed for nothing).
    assert sorted(set(lock) - set(reached)) == []


def test_installed_environment_is_the_lock():
    """What `make` installed is exactly the development lock (a package installed by hand, or
    a version that differs, shows here)."""
    lock = read_lock("requirements-dev.lock")
    installed = {canonicalize_name(d.metadata["Name"]): d.version for d in metadata.distributions()}
    installed = {n: v for n, v in installed.items() if n not in {"pip", "setuptools", "wheel"}}
    assert {n: v for n, v in installed.items() if lock.get(n) != v} == {}
    assert sorted(set(lock) - set(installed)) == []


def test_production_lock_agrees_with_development_lock():
    prod, dev = read_lock("requirements.lock"), read_lock("requirements-dev.lock")
    assert {n: (v, dev.get(n)) for n, v in prod.items() if dev.get(n) != v} == {}
