const admin = require("firebase-admin");

async function requireUser(req, res, next) {
  const header = req.get("Authorization");
  if (!header) return res.status(401).json({ message: "token not verified" });
  try {
    req.user = await admin.auth().verifyIdToken(header.replace("Bearer ", ""));
    return next();
  } catch (err) {
    return res.status(401).json({ message: "token not verified" });
  }
}

module.exports = { requireUser };
