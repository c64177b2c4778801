const express = require("express");
const app = express();

// ok: RC607
app.get("/status", (req, res) => res.json({ ok: true }));
