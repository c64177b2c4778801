import { serve } from "https://deno.land/std@0.168.0/http/server.ts";

// ruleid: RC104
const RESEND_API_KEY = Deno.env.get("RESEND_API_KEY") ?? "re_DemoRead_yCheckFakeKey0000000";

// ruleid: RC401
serve(async (req) => {
  const { email, name } = await req.json();
  try {
    // ruleid: RC303
    await fetch("https://api.resend.com/emails", {
      method: "POST",
      headers: { Authorization: `Bearer ${RESEND_API_KEY}`, "Content-Type": "application/json" },
      body: JSON.stringify({ from: "hello@teamboard.app", to: email, subject: `Welcome ${name}!`, html: "<p>Welcome!</p>" }),
    });
  // ruleid: RC603
  } catch (_e) {}
  return new Response(JSON.stringify({ ok: true }), { headers: { "Content-Type": "application/json" } });
});
