const jwt = require("jsonwebtoken");

const verifyToken = (req, res, next) => {
  const token = req.headers["authorization"];
  if (!token) return res.status(401).send({ message: "No token" });
  try {
    req.user = jwt.verify(token, process.env.JWT_SECRET);
    next();
  } catch (err) {
    return res.status(401).send({ message: "Unauthorized" });
  }
};

const isAdmin = (req, res, next) => {
  if (req.user.role !== "admin") return res.status(403).send({ message: "Admins only" });
  next();
};

const auth = (...rights) => (req, res, next) => {
  const token = req.headers["authorization"];
  if (!token) return res.status(401).send({ message: "No token" });
  try {
    req.user = jwt.verify(token, process.env.JWT_SECRET);
  } catch (err) {
    return res.status(401).send({ message: "Unauthorized" });
  }
  if (rights.length && !rights.every((r) => req.user.rights.includes(r))) {
    return res.status(403).send({ message: "Forbidden" });
  }
  next();
};

module.exports = { verifyToken, isAdmin, auth };
