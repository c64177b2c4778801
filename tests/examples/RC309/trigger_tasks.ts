import { task } from "@trigger.dev/sdk/v3";
import Stripe from "stripe";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export const chargeSeat = task({
  id: "charge-seat",
  run: async (payload: { customer: string; amount: number }) => {
    // ruleid: RC309
    await stripe.paymentIntents.create({ amount: payload.amount, currency: "usd", customer: payload.customer, confirm: true });
  },
});

export const chargeSeatKeyed = task({
  id: "charge-seat-keyed",
  retry: { maxAttempts: 5 },
  run: async (payload: { customer: string; amount: number; order: string }) => {
    // ok: RC309
    await stripe.paymentIntents.create(
      { amount: payload.amount, currency: "usd", customer: payload.customer },
      { idempotencyKey: `order-${payload.order}` },
    );
  },
});
