const express = require("express");
const Post = require("../models/post");
const { requireAuth } = require("../auth");

const app = express();

// ruleid: RC202
app.delete("/posts/:id", async (req, res) => {
  await Post.findByIdAndDelete(req.params.id);
  res.sendStatus(204);
});

// ok: RC202
app.put("/posts/:id", requireAuth, async (req, res) => {
  await Post.findOneAndUpdate({ _id: req.params.id, author: req.user.id }, { title: req.body.title });
  res.sendStatus(204);
});
