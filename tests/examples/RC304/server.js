const express = require("express");
const multer = require("multer");

const app = express();
// ruleid: RC304
app.use(express.json({ limit: "50mb" }));
// ok: RC304
app.use(express.urlencoded({ limit: "1mb", extended: true }));
// ruleid: RC304
const upload = multer({ dest: "uploads/" });
// ok: RC304
const avatars = multer({ dest: "avatars/", limits: { fileSize: 2 * 1024 * 1024 } });

app.post("/upload", upload.single("file"), (req, res) => res.json({ ok: true }));
app.post("/avatar", avatars.single("file"), (req, res) => res.json({ ok: true }));
