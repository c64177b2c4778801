import { createClient } from "@supabase/supabase-js";

const url = process.env.NEXT_PUBLIC_SUPABASE_URL!;

// ok: RC101
export const supabase = createClient(url, process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY!);

// Admin client so the API routes "just work" without RLS errors
// ruleid: RC101
const serviceRoleKey = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZSIsInJlZiI6ImRlbW9yZWFkeWNoZWNrIiwicm9sZSI6InNlcnZpY2Vfcm9sZSIsImlhdCI6MTcwMDAwMDAwMCwiZXhwIjoyMDAwMDAwMDAwfQ.ZmFrZS1zaWduYXR1cmUtcmVhZHljaGVjay1zYW1wbGUtc3Zj";
export const supabaseAdmin = createClient(url, serviceRoleKey);
