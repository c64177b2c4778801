const express = require("express");
const app = express();

app.get("/report", async (req, res) => {
  try {
    res.json(await buildReport());
  } catch (err) {
    // ruleid: RC605
    res.status(500).json({ error: err.message });
  }
});

app.get("/summary", async (req, res) => {
  try {
    res.json(await buildReport());
  } catch (err) {
    console.error(err);
    // ok: RC605
    res.status(500).json({ error: "Could not build the report" });
  }
});

app.use((err, req, res, next) => {
  // ruleid: RC605
  res.status(500).send(err.stack);
});

async function buildReport() {
  return {};
}
