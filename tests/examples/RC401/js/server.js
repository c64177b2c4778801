const express = require("express");
const rateLimit = require("express-rate-limit");

const app = express();
const loginLimiter = rateLimit({ windowMs: 15 * 60 * 1000, limit: 10 });
const api = express.Router();

// ok: RC401
app.post("/login", loginLimiter, (req, res) => res.json({ ok: true }));
// ruleid: RC401
app.post("/register", (req, res) => res.json({ ok: true }));

app.use("/api", rateLimit({ windowMs: 60 * 1000, limit: 100 }));
// ok: RC401
api.post("/forgot-password", (req, res) => res.json({ ok: true }));
app.use("/api", api);
