"""Policy layering, selection and validation."""

from __future__ import annotations

from pathlib import Path

import pytest

from readycheck.errors import PolicyError
from readycheck.model import Category, Severity
from readycheck.policy import load_policy, merge
from readycheck.registry import load_registry

RC101 = load_registry().rule("RC101")


def test_defaults(tmp_path: Path) -> None:
    policy = load_policy(tmp_path)
    assert policy.fail_on == Severity.HIGH
    assert policy.is_blocker("RC101") and policy.is_required("RC101") and not policy.is_required("bandit")
    assert policy.category_weights[Category.SECRETS] == 3
    assert policy.sources == ("builtin:default.yml",)
    assert RC101 is not None and policy.is_selected(RC101)


def test_layers_in_order(tmp_path: Path) -> None:
    (tmp_path / ".readycheck.yml").write_text(
        "version: 1\nexclude: [fixtures/]\nrules:\n  ignore: [RC9]\n  severity: {RC101: critical}\ngate:\n  fail-on: medium\n"
    )
    extra = tmp_path / "extra.yml"
    extra.write_text("version: 1\nexclude: [docs/]\ngate:\n  fail-on: low\n")
    policy = load_policy(tmp_path, policy_file=extra, ignore=["RC8"], fail_on="critical")
    assert policy.exclude == ("fixtures/", "docs/")  # additive
    assert policy.ignore == ("RC9", "RC8")  # additive
    assert policy.fail_on == Severity.CRITICAL  # command line wins
    assert RC101 is not None and policy.severity_of(RC101) == Severity.CRITICAL
    assert policy.sources[-1] == "command line" and len(policy.sources) == 4


def test_pyproject_table_is_a_layer(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[project]\nname='x'\n\n[tool.readycheck]\nversion = 1\nexclude = ['legacy/']\n"
    )
    policy = load_policy(tmp_path)
    assert policy.exclude == ("legacy/",)
    assert policy.sources[1].endswith("pyproject.toml [tool.readycheck]")


def test_readycheck_yml_wins_over_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.readycheck]\nexclude = ['a/']\n")
    (tmp_path / ".readycheck.yml").write_text("exclude: [b/]\n")
    assert load_policy(tmp_path).exclude == ("b/",)


@pytest.mark.parametrize(
    ("select", "ignore", "selected"),
    [
        (["ALL"], [], True),
        (["RC1"], [], True),
        (["secrets"], [], True),
        (["RC2"], [], False),
        (["ALL"], ["RC101"], False),
        (["ALL"], ["secrets"], False),
        (["hardcoded"], [], False),
    ],
)
def test_selection(tmp_path: Path, select: list[str], ignore: list[str], selected: bool) -> None:
    policy = load_policy(tmp_path, select=select, ignore=ignore)
    assert RC101 is not None and policy.is_selected(RC101) is selected


def test_fail_on_never(tmp_path: Path) -> None:
    assert load_policy(tmp_path, fail_on="never").fail_on is None


def test_missing_policy_file(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="does not exist"):
        load_policy(tmp_path, policy_file=tmp_path / "nope.yml")


def test_unknown_category_weight(tmp_path: Path) -> None:
    policy = tmp_path / "mine.yml"
    policy.write_text("scoring:\n  category-weights: {secretz: 2}\n")
    with pytest.raises(PolicyError, match=r"scoring\.category-weights"):
        load_policy(tmp_path, policy_file=policy)
    # the scanned repository's own invalid policy is left out and named instead
    (tmp_path / ".readycheck.yml").write_text("scoring:\n  category-weights: {secretz: 2}\n")
    assert "scoring.category-weights" in load_policy(tmp_path).problems[0]


def test_merge_replaces_lists_and_merges_mappings() -> None:
    merged = merge(
        [
            {"rules": {"select": ["ALL"], "severity": {"A": "low"}}},
            {"rules": {"select": ["RC1"], "severity": {"B": "high"}}},
        ]
    )
    assert merged == {"rules": {"select": ["RC1"], "severity": {"A": "low", "B": "high"}}}
