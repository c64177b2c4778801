const express = require("express");
const Todo = require("../models/todo");
const prisma = require("../db");

const router = express.Router();

router.get("/", async (req, res) => {
  // ok: RC201
  const todos = await Todo.find({ owner: req.user.id });
  res.json(todos);
});

router.get("/:id", async (req, res) => {
  // ruleid: RC201
  const todo = await Todo.findById(req.params.id);
  res.json(todo);
});

router.get("/:id/mine", async (req, res) => {
  // ok: RC201
  const todo = await Todo.findOne({ _id: req.params.id, owner: req.user.id });
  res.json(todo);
});

router.delete("/:id", async (req, res) => {
  const { id } = req.params;
  // ruleid: RC201
  await prisma.todo.delete({ where: { id } });
  res.status(204).end();
});

router.put("/:id", async (req, res) => {
  // ok: RC201
  const todo = await prisma.todo.update({ where: { id: req.params.id, userId: req.user.id }, data: { title: req.body.title } });
  res.json(todo);
});

router.patch("/:id", async (req, res) => {
  // ok: RC201
  const todo = await Todo.findById(req.params.id);
  if (!todo || todo.owner.toString() !== req.user.id) return res.status(404).end();
  todo.title = req.body.title;
  await todo.save();
  res.json(todo);
});

router.get("/:id/raw", async (req, res) => {
  // Known gap: raw SQL lookups are not modelled yet.
  // todoruleid: RC201
  const { rows } = await pool.query("select * from todos where id = $1", [req.params.id]);
  res.json(rows[0]);
});

module.exports = router;
