"use client";
import { createClient } from "@supabase/supabase-js";

// ruleid: RC102
const serviceRoleKey = process.env.NEXT_PUBLIC_SUPABASE_SERVICE_ROLE_KEY!;

export default function AdminPage() {
  // ruleid: RC102
  const admin = createClient(process.env.NEXT_PUBLIC_SUPABASE_URL!, serviceRoleKey);
  return <button onClick={() => admin.from("users").delete().neq("id", "")}>Reset</button>;
}
