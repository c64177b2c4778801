import { Resend } from "resend";
import { db } from "@/lib/db";

const resend = new Resend(process.env.RESEND_API_KEY);

// ruleid: RC211
export async function GET() {
  const users = await db.user.findMany({ take: 1000 });
  for (const user of users) {
    await resend.emails.send({ from: "news@example.com", to: user.email, subject: "Your digest", html: "<p>hi</p>" });
  }
  return Response.json({ sent: users.length });
}
