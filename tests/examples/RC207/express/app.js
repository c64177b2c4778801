const express = require("express");
const Stripe = require("stripe");
const { Order } = require("./models");

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY);
const app = express();

// ruleid: RC207
app.post("/api/webhook", express.json(), async (req, res) => {
  const event = req.body;
  if (event.type === "invoice.paid") {
    await Order.updateOne({ invoice: event.data.object.id }, { paid: true });
  }
  res.json({ received: true });
});

// ok: RC207
app.post("/api/stripe/webhook", express.raw({ type: "application/json" }), async (req, res) => {
  const event = stripe.webhooks.constructEvent(req.body, req.headers["stripe-signature"], process.env.STRIPE_WHSEC);
  if (event.type === "invoice.paid") {
    await Order.updateOne({ invoice: event.data.object.id }, { paid: true });
  }
  res.json({ received: true });
});

module.exports = app;
