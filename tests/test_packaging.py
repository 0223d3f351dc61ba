"""A non-editable wheel carries the templates and migrations, and works from any folder."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("hatchling")
    from hatchling.builders.wheel import WheelBuilder

    out = tmp_path_factory.mktemp("wheel")
    built = list(WheelBuilder(str(ROOT)).build(directory=str(out), versions=["standard"]))
    return Path(built[0])


def test_wheel_ships_templates_migrations_and_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "prospect/db/env.py" in names
    assert any(n.startswith("prospect/db/versions/0001_") for n in names)
    assert "prospect/cli/__init__.py" in names
    assert any(n.startswith("prospect/templates/") for n in names)
    assert {"prospect/templates/fonts/BriefSans-Regular.ttf",
            "prospect/templates/fonts/BriefSans-Bold.ttf",
            "prospect/templates/fonts/LICENSE"} <= names
    # the word lists beside the lexicons, and the one labels file
    assert {"prospect/data/stopwords.toml", "prospect/data/lexicon_en.toml",
            "prospect/templates/labels.toml"} <= names


def test_installed_wheel_migrates_from_its_own_files(wheel, tmp_path):
    import subprocess
    import sys

    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    code = ("import sys; sys.path.insert(0, sys.argv[1]);"
            "import prospect.resources as r; print(r.migrations_dir());"
            "from prospect.store import open_db; open_db('sqlite:///' + sys.argv[2]).dispose()")
    out = subprocess.run([sys.executable, "-c", code, str(target), str(tmp_path / "p.db")],
                         capture_output=True, text=True, cwd=tmp_path, check=True)
    assert out.stdout.strip() == str(target / "prospect" / "db")
    assert (tmp_path / "p.db").stat().st_size > 0
