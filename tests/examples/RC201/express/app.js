const express = require("express");
const { requireAuth } = require("./auth");
const todos = require("./routes/todos");
const tasks = require("./routes/tasks");

const app = express();
app.use(express.json());
app.use("/api/todos", requireAuth, todos);
app.use("/api/tasks", requireAuth, tasks);
module.exports = app;
