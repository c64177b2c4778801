const express = require("express");
const db = require("./db");

const app = express();
const router = express.Router();

// ruleid: RC602
router.put("/users/:id/password", async (req, res) => {
  await db.users.update(req.params.id, { password: req.body.password });
  res.status(204).end();
});

// ok: RC602
router.put("/users/:id/email", async (req, res) => {
  await db.users.update(req.params.id, { email: req.body.email });
  req.log.info({ actor: req.user.id, user: req.params.id }, "email changed");
  res.status(204).end();
});

app.use("/api", router);
