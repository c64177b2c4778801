const express = require("express");
const admin = require("firebase-admin");
const app = express();
const common = require("../common");
// app.use(common.decodeIDToken)

// ruleid: RC202
app.post("/DeleteCategory", async (req, res) => {
  await admin.firestore().collection("Category").doc(req.body.id).delete();
  res.json({ ok: true });
});

exports.Category = app;
