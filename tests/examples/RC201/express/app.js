const express = require("express");
const { requireAuth } = require("./auth");
const todos = require("./routes/todos");

const app = express();
app.use(express.json());
app.use("/api/todos", requireAuth, todos);
module.exports = app;
