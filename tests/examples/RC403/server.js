const express = require("express");
const rateLimit = require("express-rate-limit");

const app = express();
// ruleid: RC403
const loginLimiter = rateLimit({ windowMs: 15 * 60 * 1000, limit: 10, skipFailedRequests: true });
// ok: RC403
const apiLimiter = rateLimit({ windowMs: 60 * 1000, limit: 100 });

app.post("/login", loginLimiter, (req, res) => res.json({ ok: true }));
app.get("/items", apiLimiter, (req, res) => res.json([]));
