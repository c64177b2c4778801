const express = require("express");
const admin = require("./routes/admin");
const users = require("./routes/users");

const app = express();
app.use(express.json());
app.use("/api/admin", admin);
app.use("/api/users", users);

module.exports = app;
