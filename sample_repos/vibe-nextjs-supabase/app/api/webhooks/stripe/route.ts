import { supabaseAdmin } from "@/lib/supabase";

// ruleid: RC207
// ruleid: RC402
export async function POST(req: Request) {
  const event = await req.json();
  if (event.type === "checkout.session.completed") {
    // ruleid: RC201
    await supabaseAdmin.from("profiles").update({ plan: "pro" }).eq("id", event.data.object.client_reference_id);
  }
  return Response.json({ received: true });
}
