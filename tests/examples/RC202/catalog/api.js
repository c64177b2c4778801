const express = require("express");
const Category = require("./service/category");
const { requireUser } = require("./auth");

const app = express();
app.use(express.json());

// the route hands its request to the service, which writes through a generic helper
// ruleid: RC202
app.post("/CreateCategory", async (req, res) => Category.Create(req, res));

// ruleid: RC202
app.post("/DeleteCategory", (req, res) => Category.Remove(req, res));

// ok: RC202
app.post("/RenameCategory", requireUser, (req, res) => Category.Rename(req, res));

exports.api = app;
