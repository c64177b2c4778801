// ok: RC710
const stripeKey = process.env.STRIPE_SECRET_KEY;
// ruleid: RC710
const webhookSecret = process.env["STRIPE_WEBHOOK_SECRET"];
// ruleid: RC710
const { RESEND_API_KEY } = process.env;
export { stripeKey, webhookSecret, RESEND_API_KEY };
// ok: RC710
export const region = process.env.PAYMENT_REGION ?? "eu";
