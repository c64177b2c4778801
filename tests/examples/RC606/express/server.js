const express = require("express");
const { findUser, verify } = require("./users");

const app = express();

app.post("/api/auth/login", async (req, res) => {
  const user = await findUser(req.body.email);
  if (!user) {
    // ruleid: RC606
    return res.status(404).json({ error: "No account with that email" });
  }
  if (!(await verify(req.body.password, user.hash))) {
    // ok: RC606
    return res.status(401).json({ error: "Invalid email or password" });
  }
  res.json({ ok: true });
});
