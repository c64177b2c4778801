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

// Project notes are written in the editor as HTML and shown as is
export function ProjectNotes({ notes }: { notes: string }) {
  // ruleid: semgrep/js-html-from-data-unsanitised
  return <div className="notes" dangerouslySetInnerHTML={{ __html: notes }} />;
}
