import { Queue, Worker } from "bullmq";
import Stripe from "stripe";
import { inngest } from "./client";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);
const connection = { host: "localhost", port: 6379 };

export const payouts = new Queue("payouts", { connection, defaultJobOptions: { attempts: 5, backoff: { type: "exponential", delay: 1000 } } });

new Worker(
  "payouts",
  async (job) => {
    // ruleid: RC309
    await stripe.transfers.create({ amount: job.data.amount, currency: "usd", destination: job.data.account });
  },
  { connection },
);

export const welcome = inngest.createFunction(
  { id: "send-welcome" },
  { event: "user/created" },
  async ({ event, step }) => {
    // ok: RC309
    await step.run("send", () => sendEmail({ to: event.data.email, subject: "Welcome" }));
  },
);

async function sendEmail(message: { to: string; subject: string }) {
  return fetch("https://api.resend.com/emails", { method: "POST", body: JSON.stringify(message) });
}
