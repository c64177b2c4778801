"""The file inventory: ignore rules, default excludes, languages, git facts."""

from __future__ import annotations

from pathlib import Path

from readycheck.repository import Repository, language_of
from readycheck.safegit import safe_git_environment
from tests.conftest import write_tree


def test_gitignore_nested_and_negated(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            ".gitignore": "*.log\nsecrets/\n!keep.log\n",
            "a.log": "x",
            "keep.log": "x",
            "secrets/k.py": "x",
            "web/.gitignore": "generated/\n",
            "web/generated/out.js": "x",
            "web/src/app.ts": "x",
            "web/src/.gitignore": "!*.log\n",
            "web/src/trace.log": "x",
        },
    )
    paths = {f.path for f in Repository.scan(tmp_path, read_git=False).files}
    assert "a.log" not in paths and "keep.log" in paths
    assert "secrets/k.py" not in paths
    assert "web/generated/out.js" not in paths and "web/src/app.ts" in paths
    assert "web/src/trace.log" in paths  # a deeper .gitignore re-includes


def test_default_and_policy_excludes(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "node_modules/x/index.js": "x",
            ".venv/lib/a.py": "x",
            "dist/app.js": "x",
            ".next/a.js": "x",
            "static/app.min.js": "x",
            "envs/myenv/pyvenv.cfg": "home = /usr",
            "envs/myenv/lib.py": "x",
            "fixtures/data.py": "x",
            "src/main.py": "x",
            "package-lock.json": "{}",
        },
    )
    repo = Repository.scan(tmp_path, exclude=["fixtures/"], read_git=False)
    paths = {f.path for f in repo.files}
    assert paths == {"src/main.py", "package-lock.json"}
    assert [f.path for f in repo.code_files()] == ["src/main.py"]
    assert repo.excluded_count >= 7


def test_languages() -> None:
    assert language_of("app.py") == "python"
    assert language_of("route.ts") == "typescript"
    assert language_of("page.tsx") == "tsx"
    assert language_of(".env.local") == "dotenv"
    assert language_of("prod.env") == "dotenv"
    assert language_of("requirements-dev.txt") == "requirements"
    assert language_of("Dockerfile") == "dockerfile"
    assert language_of("0001_init.sql") == "sql"
    assert language_of("data.xyz") == "other"


def test_plain_folder_has_no_git_facts(tmp_path: Path) -> None:
    import os

    env = {"GIT_CEILING_DIRECTORIES": str(tmp_path.parent)}
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        target = Repository.scan(tmp_path).target
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    assert target is not None and target.commit is None and target.path == str(tmp_path)


def test_git_environment_neutralises_repository_config() -> None:
    env = safe_git_environment()
    assert env["GIT_OPTIONAL_LOCKS"] == "0"
    keys = {env[f"GIT_CONFIG_KEY_{i}"]: env[f"GIT_CONFIG_VALUE_{i}"] for i in range(int(env["GIT_CONFIG_COUNT"]))}
    assert keys["core.fsmonitor"] == "false" and keys["protocol.ext.allow"] == "never"
