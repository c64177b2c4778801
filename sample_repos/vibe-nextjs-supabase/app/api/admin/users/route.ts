import { NextRequest, NextResponse } from "next/server";
import { supabaseAdmin } from "@/lib/supabase";

// Admin panel: delete a user's account. The admin page sends the header; so can anyone.
// ruleid: RC210, RC402, RC602
// ruleid: RC601, RC607, RC703
export async function DELETE(req: NextRequest) {
  if (req.headers.get("x-user-role") !== "admin") {
    return NextResponse.json({ error: "Forbidden" }, { status: 403 });
  }
  const { userId } = await req.json();
  const { error } = await supabaseAdmin.auth.admin.deleteUser(userId);
  if (error) return NextResponse.json({ error: "Could not delete the user" }, { status: 500 });
  return NextResponse.json({ deleted: userId });
}
