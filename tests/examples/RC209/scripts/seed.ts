import { createClient } from "@supabase/supabase-js";

const admin = createClient(process.env.SUPABASE_URL!, process.env.SUPABASE_SERVICE_ROLE_KEY!);

// ruleid: RC209
await admin.storage.createBucket("attachments", { public: true });
// ok: RC209
await admin.storage.createBucket("exports", { public: false });
// ok: RC209
await admin.storage.createBucket("logos", { public: true });
