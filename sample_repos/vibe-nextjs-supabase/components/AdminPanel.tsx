"use client";
import { createClient } from "@supabase/supabase-js";

// The admin panel talks to Supabase directly so it can see every team's projects
const admin = createClient(
  process.env.NEXT_PUBLIC_SUPABASE_URL!,
  // ruleid: RC102
  process.env.NEXT_PUBLIC_SUPABASE_SERVICE_ROLE_KEY!,
);

export function AdminPanel() {
  return <button onClick={() => admin.from("projects").delete().neq("id", "")}>Delete all projects</button>;
}
