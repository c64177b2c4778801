import { createClient } from "@supabase/supabase-js";

// ok: RC102
export const supabase = createClient(import.meta.env.VITE_SUPABASE_URL, import.meta.env.VITE_SUPABASE_ANON_KEY);

export const supabaseAdmin = createClient(
  import.meta.env.VITE_SUPABASE_URL,
  // ruleid: RC102
  import.meta.env.VITE_SUPABASE_SERVICE_ROLE_KEY,
);
