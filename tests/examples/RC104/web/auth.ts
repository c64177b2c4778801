// Fake fallbacks for readycheck's RC104 examples.
// ruleid: RC104
const sessionSecret = process.env.SESSION_SECRET || "keyboard cat";
// ruleid: RC104
const jwtSecret = process.env["JWT_SECRET"] ?? "dev-jwt-secret";
// ruleid: RC104
const apiKey = Deno.env.get("RESEND_API_KEY") ?? "re_DEMOread_ycheckFAKE00000000";
// ok: RC104
const apiUrl = process.env.API_URL || "http://localhost:3000";
// ok: RC104
const token = process.env.GITHUB_TOKEN ?? "";
// ok: RC104
const required = process.env.SUPABASE_SERVICE_ROLE_KEY!;
export { sessionSecret, jwtSecret, apiKey, apiUrl, token, required };
