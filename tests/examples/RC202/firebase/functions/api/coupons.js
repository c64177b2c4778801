const express = require("express");
const admin = require("firebase-admin");
const app = express();
const common = require("../common");
app.use(common.decodeIDToken);

// ok: RC202
app.post("/DeleteCoupon", async (req, res) => {
  await admin.firestore().collection("Coupons").doc(req.body.id).delete();
  res.json({ ok: true });
});

exports.Coupons = app;
