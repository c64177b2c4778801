const express = require("express");
const morgan = require("morgan");

const app = express();
app.use(morgan("combined"));

// ok: RC601
app.get("/items", (req, res) => res.json([]));
// ok: RC601
app.delete("/items/:id", (req, res) => res.status(204).end());

app.listen(3000);
