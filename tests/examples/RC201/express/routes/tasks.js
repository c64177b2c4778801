const express = require("express");
const { Task, User } = require("../db/models");

const router = express.Router();

router.put("/:id(\\d+)", async (req, res) => {
  const { id } = req.params;
  // ruleid: RC201
  const task = await Task.findByPk(id);
  task.title = req.body.title;
  await task.save();
  res.json(task);
});

router.delete("/:id(\\d+)", async (req, res) => {
  // ruleid: RC201
  const task = await Task.findByPk(req.params.id);
  await task.destroy();
  res.json({ message: "deleted" });
});

router.post("/invite", async (req, res) => {
  // ok: RC201
  const invitee = await User.findOne({ where: { email: req.body.email } });
  res.json({ exists: Boolean(invitee) });
});

module.exports = router;
