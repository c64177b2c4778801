const express = require("express");
const app = express();

app.post("/signup", (req, res) => {
  const { email } = req.body;
  // ruleid: RC608
  console.log(`signup from ${email}`);
  // ok: RC608
  console.log(`signup from ${JSON.stringify(email)}`);
  // ok: RC608
  console.log("signup", { email });
  // ruleid: RC608
  console.info("query: " + req.query.q);
  res.status(201).end();
});
