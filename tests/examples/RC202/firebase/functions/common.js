const admin = require("firebase-admin");

async function decodeIDToken(req, res, next) {
  try {
    const decoded = await admin.auth().verifyIdToken(req.body.token);
    req.body.UserId = decoded.uid;
    return next();
  } catch (err) {
    return res.json({ message: "token not verified" });
  }
}

module.exports = { decodeIDToken };
