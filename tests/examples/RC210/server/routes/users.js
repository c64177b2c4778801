const express = require("express");
const { verifyToken } = require("../middleware");
const User = require("../models/user");

const router = express.Router();

// ruleid: RC210
router.post("/wipe", verifyToken, async (req, res) => {
  await User.deleteMany({});
  res.sendStatus(204);
});

// ruleid: RC210
router.post("/grant", verifyToken, async (req, res) => {
  if (req.body.isAdmin) {
    await User.updateOne({ _id: req.body.userId }, { role: "admin" });
  }
  res.sendStatus(204);
});

// ok: RC210
router.delete("/me", verifyToken, async (req, res) => {
  await User.deleteMany({ _id: req.user.id });
  res.sendStatus(204);
});

// ok: RC210
router.post("/me/role", verifyToken, async (req, res) => {
  if (req.user.role !== "admin" && req.body.role === "admin") return res.sendStatus(403);
  await User.updateOne({ _id: req.user.id }, { role: req.body.role });
  res.sendStatus(204);
});

module.exports = router;
