const data = require("../data");

async function Create(req, res) {
  await data.Create("Category", req.body);
  return res.json(true);
}

async function Remove(req, res) {
  await data.Remove("Category", req.body.DocId);
  return res.json(true);
}

async function Rename(req, res) {
  if (req.user.uid !== req.body.OwnerId) return res.status(403).json("not yours");
  await data.Update("Category", { name: req.body.name }, req.body.DocId);
  return res.json(true);
}

module.exports = { Create, Remove, Rename };
