const functions = require("firebase-functions");
const Category = require("./api/category");
const Coupons = require("./api/coupons");

exports.Category = functions.https.onRequest(Category.Category);
exports.Coupons = functions.https.onRequest(Coupons.Coupons);
