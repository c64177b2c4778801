"""RC902 suspicious-package-name: a declared dependency whose name looks like a typo, a
typosquat or an import name mistaken for the package."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

import yaml
from packaging.utils import canonicalize_name

from readycheck._resources import policies_dir
from readycheck.checks.base import Check, CheckContext, NotApplicable
from readycheck.errors import ReadycheckError
from readycheck.model import Category, Confidence, Finding, Severity


@cache
def package_data() -> Mapping[str, Any]:
    """``policies/packages.yml``: ``popular``, ``import-names``, ``known-distinct`` and ``top``
    per index.

    Raises:
        ReadycheckError: the data file is missing or malformed.
    """
    try:
        data = yaml.safe_load((policies_dir() / "packages.yml").read_text(encoding="utf-8"))
        return {key: data[key] for key in ("popular", "import-names", "known-distinct", "top")}
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise ReadycheckError(
            "readycheck's package name data cannot be read", hint="reinstall readycheck-audit"
        ) from exc


def edit_distance_at_most_one(a: str, b: str) -> bool:
    """Whether ``a`` becomes ``b`` by one insertion, deletion, substitution or swap of two
    neighbouring characters (Damerau-Levenshtein distance <= 1)."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    for i in range(len(long_)):
        if long_[:i] + long_[i + 1 :] == short:
            return True
    return False


def _normal(ecosystem: str, name: str) -> str:
    return canonicalize_name(name) if ecosystem == "PyPI" else name.lower()


@cache
def _names(ecosystem: str, key: str) -> frozenset[str]:
    """The normalised names of one list of :func:`package_data` (``popular``,
    ``known-distinct``, ``top``) for ``ecosystem``, built once per process."""
    return frozenset(_normal(ecosystem, p) for p in package_data()[key].get(ecosystem, []))


class SuspiciousPackageName(Check):
    """
    ## What it does

    Looks at the names of declared dependencies (requirements files, `pyproject.toml`,
    `package.json`) and reports:

    - an **import name used as the package name** where the package of that name on the
      index is something else: `jwt` (PyJWT is what you want), `jose` (python-jose),
      `sklearn`, `dotenv`, `cv2`;
    - a name **one edit away from a popular package** (`reqeusts`, `fastpai`, `expres`),
      which is a typo, a typosquat published to catch it, or a name an AI assistant made up.

    A package that is itself established (the `top` list: `nuxt`, `vuex`, `koa`) is never
    reported as a typo of a popular one. The lists are data (`policies/packages.yml`).
    readycheck does not ask the package index whether a name exists (no network); a name the
    index does not know fails at install, a typosquat does not.

    ## Why is this bad?

    Installing a package runs its code (setup scripts, npm install hooks) on your machine and
    in CI, and then in production. Attackers publish packages under typos of popular names
    and under names that AI assistants tend to invent ("slopsquatting"), waiting for someone
    to install them. An import-name package such as `jwt` installs fine and then provides a
    different API (or none), or pulls an abandoned library into your authentication.

    ## Example

    ```text
    # requirements.txt
    fastapi==0.110.0
    jwt==1.3.1
    reqeusts==2.31.0
    ```

    ## Use instead

    ```text
    fastapi==0.110.0
    pyjwt==2.8.0
    requests==2.31.0
    ```

    ## References

    - [OWASP A08:2021 Software and Data Integrity Failures](https://owasp.org/Top10/A08_2021-Software_and_Data_Integrity_Failures/)
    - [OWASP A03:2025 Software Supply Chain Failures](https://owasp.org/Top10/2025/)
    - [CWE-1357: Reliance on Insufficiently Trustworthy Component](https://cwe.mitre.org/data/definitions/1357.html)
    - [CWE-829: Inclusion of Functionality from Untrusted Control Sphere](https://cwe.mitre.org/data/definitions/829.html)
    """

    id = "RC902"
    name = "suspicious-package-name"
    category = Category.DEPENDENCIES
    severity = Severity.HIGH
    confidence = Confidence.MEDIUM
    summary = "A dependency name one edit from a popular package, or an import name that is a different package."
    owasp = ("A08:2021", "A03:2025")
    cwe = ("CWE-1357", "CWE-829")

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per suspicious declared dependency.

        Raises:
            NotApplicable: no declared dependency.
        """
        declared = [d for d in ctx.models.dependencies.dependencies if not d.locked]
        if not declared:
            raise NotApplicable("no declared dependencies")
        data = package_data()
        for dependency in declared:
            ecosystem = dependency.ecosystem
            name = _normal(ecosystem, dependency.name)
            popular = _names(ecosystem, "popular")
            distinct = _names(ecosystem, "known-distinct") | _names(ecosystem, "top")
            imports = {_normal(ecosystem, k): v for k, v in (data["import-names"].get(ecosystem) or {}).items()}
            if name in imports:
                entry = imports[name]
                yield ctx.finding(
                    path=dependency.path,
                    line=dependency.line,
                    message=f"`{dependency.name}` is probably meant to be `{entry['use']}`: {entry['why']}",
                    confidence=Confidence.HIGH,
                    key=f"{ecosystem}\0{name}",
                )
                continue
            if name in popular or name in distinct:
                continue
            near = sorted(p for p in popular if edit_distance_at_most_one(name, p))
            if near:
                yield ctx.finding(
                    path=dependency.path,
                    line=dependency.line,
                    message=(
                        f"`{dependency.name}` is one letter away from the popular package `{near[0]}`: a typo, a "
                        "typosquat waiting for it, or a name an AI assistant invented. Check it on the package index."
                    ),
                    key=f"{ecosystem}\0{name}",
                )
