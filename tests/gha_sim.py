"""A small local runner for readycheck's own GitHub workflow and composite action, for tests.

It is not GitHub: it runs the ``run:`` steps of a workflow's jobs with bash exactly as written
(``bash --noprofile --norc -eo pipefail``, GitHub's ``shell: bash``), evaluates the
``${{ }}`` expressions the workflow uses (contexts, ``==``/``!=``/``&&``/``||``/``!``,
``always()``/``success()``/``failure()``, ``format()``, ``fromJSON()``; syntax from
https://docs.github.com/actions/reference/evaluate-expressions-in-workflows-and-actions),
honours ``if:`` and ``continue-on-error``, reads ``$GITHUB_OUTPUT``, and stands in for the
few actions the workflow uses: ``actions/checkout`` (a callback supplies the folder),
``actions/setup-python`` (the test's interpreter), ``actions/upload-artifact`` and
``actions/download-artifact`` (a local artifact folder) and the local composite action
(``./.readycheck``: its own steps, run the same way). Steps named :data:`INSTALL_STEP` are
skipped. An unknown action or expression is an
error, so a workflow change the runner does not understand fails the test instead of passing.
"""

from __future__ import annotations

import fnmatch
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

# Steps with this name install readycheck from the checkout; the runner skips them, because
# the test's interpreter already runs this checkout (installing it again would replace the
# developer's editable install).
INSTALL_STEP = "Install readycheck"


class SimError(Exception):
    """The workflow uses something this runner does not model."""


# ---------------------------------------------------------------- expressions


def _tokens(text: str) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c.isspace():
            i += 1
        elif c == "'":
            j, buf = i + 1, []
            while True:
                if j >= len(text):
                    raise SimError(f"unterminated string in {text!r}")
                if text[j] == "'" and text[j + 1 : j + 2] == "'":
                    buf.append("'")
                    j += 2
                elif text[j] == "'":
                    break
                else:
                    buf.append(text[j])
                    j += 1
            out.append(("str", "".join(buf)))
            i = j + 1
        elif text.startswith(("==", "!=", "&&", "||", "<=", ">="), i):
            out.append(("op", text[i : i + 2]))
            i += 2
        elif c in "!()<>,.[]":
            out.append(("op", c))
            i += 1
        elif c.isdigit():
            j = i
            while j < len(text) and (text[j].isdigit() or text[j] == "."):
                j += 1
            out.append(("num", float(text[i:j])))
            i = j
        elif c.isalpha() or c == "_":
            j = i
            while j < len(text) and (text[j].isalnum() or text[j] in "_-"):
                j += 1
            out.append(("name", text[i:j]))
            i = j
        else:
            raise SimError(f"unexpected {c!r} in expression {text!r}")
    return out


def _truthy(value: Any) -> bool:
    return value not in (None, False, 0, 0.0, "")


def _equal(a: Any, b: Any) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return a.lower() == b.lower()
    return bool(a == b)


class _Parser:
    def __init__(self, text: str, contexts: dict[str, Any], status: Callable[[str], bool]) -> None:
        self.tokens = _tokens(text)
        self.pos = 0
        self.contexts = contexts
        self.status = status
        self.text = text

    def peek(self) -> tuple[str, Any] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self, kind: str, value: Any = None) -> Any:
        token = self.peek()
        if token is None or token[0] != kind or (value is not None and token[1] != value):
            raise SimError(f"expected {value or kind} in {self.text!r}")
        self.pos += 1
        return token[1]

    def parse(self) -> Any:
        value = self.or_()
        if self.peek() is not None:
            raise SimError(f"trailing tokens in {self.text!r}")
        return value

    def or_(self) -> Any:
        left = self.and_()
        while self.peek() == ("op", "||"):
            self.pos += 1
            right = self.and_()
            left = left if _truthy(left) else right
        return left

    def and_(self) -> Any:
        left = self.cmp()
        while self.peek() == ("op", "&&"):
            self.pos += 1
            right = self.cmp()
            left = right if _truthy(left) else left
        return left

    def cmp(self) -> Any:
        left = self.unary()
        token = self.peek()
        if token in (("op", "=="), ("op", "!=")):
            self.pos += 1
            right = self.unary()
            same = _equal(left, right)
            return same if token[1] == "==" else not same
        return left

    def unary(self) -> Any:
        if self.peek() == ("op", "!"):
            self.pos += 1
            return not _truthy(self.unary())
        return self.primary()

    def primary(self) -> Any:
        token = self.peek()
        if token is None:
            raise SimError(f"unexpected end of {self.text!r}")
        kind, value = token
        self.pos += 1
        if kind in ("str", "num"):
            return value
        if token == ("op", "("):
            inner = self.or_()
            self.take("op", ")")
            return inner
        if kind != "name":
            raise SimError(f"unexpected {value!r} in {self.text!r}")
        if value in ("true", "false", "null"):
            return {"true": True, "false": False, "null": None}[value]
        if self.peek() == ("op", "("):
            self.pos += 1
            args = []
            while self.peek() != ("op", ")"):
                args.append(self.or_())
                if self.peek() == ("op", ","):
                    self.pos += 1
            self.pos += 1
            return self.call(value, args)
        if value not in self.contexts:
            raise SimError(f"unknown context {value!r} in {self.text!r}")
        current = self.contexts[value]
        while self.peek() == ("op", "."):
            self.pos += 1
            key = self.take("name")
            current = current.get(key) if isinstance(current, dict) else None
        return current

    def call(self, name: str, args: list[Any]) -> Any:
        if name in ("always", "success", "failure", "cancelled"):
            return self.status(name)
        if name == "format":
            template = str(args[0])
            for index, arg in enumerate(args[1:]):
                template = template.replace("{" + str(index) + "}", "" if arg is None else str(arg))
            return template
        if name == "fromJSON":
            return json.loads(str(args[0]))
        if name == "toJSON":
            return json.dumps(args[0])
        raise SimError(f"unknown function {name}()")


def evaluate(text: str, contexts: dict[str, Any], status: Callable[[str], bool]) -> Any:
    """The value of one expression (without ``${{ }}``)."""
    return _Parser(text, contexts, status).parse()


def render(value: Any, contexts: dict[str, Any], status: Callable[[str], bool]) -> Any:
    """``value`` with every ``${{ }}`` replaced; a string that is one whole expression keeps
    the expression's type (as GitHub does for ``with:`` and matrix values)."""
    if not isinstance(value, str) or "${{" not in value:
        return value
    stripped = value.strip()
    if stripped.startswith("${{") and stripped.endswith("}}") and stripped.count("${{") == 1:
        return evaluate(stripped[3:-2], contexts, status)
    out, rest = [], value
    while "${{" in rest:
        before, _, tail = rest.partition("${{")
        inner, _, rest = tail.partition("}}")
        result = evaluate(inner, contexts, status)
        out.append(
            before + ("" if result is None else str(result).lower() if isinstance(result, bool) else str(result))
        )
    out.append(rest)
    return "".join(out)


# ---------------------------------------------------------------- running


def _read_outputs(path: Path) -> dict[str, str]:
    outputs: dict[str, str] = {}
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    i = 0
    while i < len(lines):
        line = lines[i]
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            body = []
            i += 1
            while lines[i] != delimiter:
                body.append(lines[i])
                i += 1
            outputs[name] = "\n".join(body)
        elif "=" in line:
            name, value = line.split("=", 1)
            outputs[name] = value
        i += 1
    return outputs


@dataclass
class Runner:
    """Runs workflow jobs locally.

    ``checkout(with_values, workspace)`` puts the asked repository where ``with.path`` says
    and returns False when it cannot (the step then fails, as a failed clone would).
    ``artifacts`` is the folder uploads go to (one sub-folder per artifact name).
    """

    repo_root: Path
    artifacts: Path
    checkout: Callable[[dict[str, Any], Path], bool]
    log: list[str] = field(default_factory=list)

    def _status(self, failed: bool) -> Callable[[str], bool]:
        return lambda name: {"always": True, "success": not failed, "failure": failed, "cancelled": False}[name]

    def _bash(self, script: str, env: dict[str, str], cwd: Path) -> tuple[int, dict[str, str]]:
        output_file = cwd.parent / f".gh-output-{len(self.log)}"
        output_file.write_text("", encoding="utf-8")
        full_env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "INPUT_"))},
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
            "GITHUB_OUTPUT": str(output_file),
            "GITHUB_STEP_SUMMARY": str(cwd.parent / "step-summary.md"),
            "GITHUB_WORKSPACE": str(cwd),
            "CI": "true",
            **env,
        }
        script_file = cwd.parent / f".gh-script-{len(self.log)}.sh"
        script_file.write_text(script, encoding="utf-8")
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script_file)],
            cwd=cwd,
            env=full_env,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        self.log.append(f"$ {script.strip()}\n{done.stdout}{done.stderr}(exit {done.returncode})")
        return done.returncode, _read_outputs(output_file)

    def run_steps(
        self, steps: list[dict[str, Any]], contexts: dict[str, Any], workspace: Path
    ) -> tuple[bool, dict[str, Any]]:
        """Run ``steps`` in ``workspace``; returns (job failed, the ``steps`` context)."""
        steps_ctx: dict[str, Any] = {}
        contexts = {**contexts, "steps": steps_ctx}
        failed = False
        for index, step in enumerate(steps):
            status = self._status(failed)
            condition = step.get("if")
            if condition is None:
                run_it = not failed
            else:
                text = condition.strip()
                if text.startswith("${{") and text.endswith("}}"):
                    text = text[3:-2]
                run_it = _truthy(evaluate(text, contexts, status))
            step_id = step.get("id", f"_step{index}")
            if not run_it:
                steps_ctx[step_id] = {"outputs": {}, "outcome": "skipped", "conclusion": "skipped"}
                continue
            env = {k: render(v, contexts, status) for k, v in (step.get("env") or {}).items()}
            env = {k: "" if v is None else str(v).lower() if isinstance(v, bool) else str(v) for k, v in env.items()}
            with_values = {k: render(v, contexts, status) for k, v in (step.get("with") or {}).items()}
            ok, outputs = self._one(step, env, with_values, contexts, workspace)
            outcome = "success" if ok else "failure"
            continue_on_error = _truthy(render(step.get("continue-on-error", False), contexts, status))
            steps_ctx[step_id] = {
                "outputs": outputs,
                "outcome": outcome,
                "conclusion": "success" if ok or continue_on_error else "failure",
            }
            if not ok and not continue_on_error:
                failed = True
        return failed, steps_ctx

    def _one(
        self,
        step: dict[str, Any],
        env: dict[str, str],
        with_values: dict[str, Any],
        contexts: dict[str, Any],
        workspace: Path,
    ) -> tuple[bool, dict[str, str]]:
        if step.get("name") == INSTALL_STEP:
            return True, {}  # the test's interpreter already has this checkout installed
        if "run" in step:
            code, outputs = self._bash(step["run"], env, workspace)
            return code == 0, outputs
        uses = str(step["uses"])
        name = uses.split("@", 1)[0]
        if name == "actions/checkout":
            return self.checkout(with_values, workspace), {}
        if name == "actions/setup-python":
            return True, {}
        if name == "actions/upload-artifact":
            source = workspace / str(with_values["path"])
            if not source.exists():
                return with_values.get("if-no-files-found") != "error", {}
            shutil.copytree(source, self.artifacts / str(with_values["name"]), dirs_exist_ok=True)
            return True, {}
        if name == "actions/download-artifact":
            if with_values.get("run-id"):
                return False, {}  # another run's artifacts are not here
            target = workspace / str(with_values.get("path") or ".")
            target.mkdir(parents=True, exist_ok=True)
            for artifact in sorted(self.artifacts.iterdir()) if self.artifacts.exists() else []:
                if fnmatch.fnmatchcase(artifact.name, str(with_values.get("pattern") or with_values.get("name"))):
                    shutil.copytree(artifact, target / artifact.name, dirs_exist_ok=True)
            return True, {}
        if name.startswith("./"):
            return self._composite(workspace / name, with_values, contexts, workspace)
        raise SimError(f"the local runner does not model the action {uses!r}")

    def _composite(
        self, folder: Path, with_values: dict[str, Any], contexts: dict[str, Any], workspace: Path
    ) -> tuple[bool, dict[str, str]]:
        action = yaml.safe_load((folder / "action.yml").read_text(encoding="utf-8"))
        if action["runs"]["using"] != "composite":
            raise SimError("only composite actions are modelled")
        inputs = {k: str(with_values.get(k, spec.get("default", ""))) for k, spec in action["inputs"].items()}
        unknown = set(with_values) - set(inputs)
        if unknown:
            raise SimError(f"inputs the action does not declare: {sorted(unknown)}")
        inner = {**contexts, "inputs": inputs, "github": {**contexts["github"], "action_path": str(folder.resolve())}}
        failed, steps_ctx = self.run_steps(action["runs"]["steps"], inner, workspace)
        status = self._status(failed)
        outputs = {
            k: render(spec["value"], {**inner, "steps": steps_ctx}, status) for k, spec in action["outputs"].items()
        }
        return not failed, {k: "" if v is None else str(v) for k, v in outputs.items()}
