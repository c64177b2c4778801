const express = require("express");
const { verifyToken, isAdmin, auth } = require("../middleware");
const User = require("../models/user");

const router = express.Router();

// ruleid: RC210
router.get("/users", verifyToken, async (req, res) => {
  res.json(await User.find());
});

// ok: RC210
router.delete("/users/:id", [verifyToken, isAdmin], async (req, res) => {
  await User.findByIdAndDelete(req.params.id);
  res.sendStatus(204);
});

// ok: RC210
router.patch("/users/:id", auth("manageUsers"), async (req, res) => {
  res.json(await User.findByIdAndUpdate(req.params.id, { plan: req.body.plan }));
});

// ok: RC210
router.post("/users/:id/ban", verifyToken, async (req, res) => {
  if (req.user.role !== "admin") return res.status(403).send({ message: "Admins only" });
  res.json(await User.findByIdAndUpdate(req.params.id, { banned: true }));
});

module.exports = router;
