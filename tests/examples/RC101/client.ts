// Fake credentials for readycheck's RC101 examples. None of them is real.
import { createClient } from "@supabase/supabase-js";

// ruleid: RC101
const slackToken = "xoxb-000000000000-000000000000-demoreadycheckfake00000";
// ruleid: RC101
const serviceRole = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZSIsInJlZiI6ImRlbW9yZWFkeWNoZWNrIiwicm9sZSI6InNlcnZpY2Vfcm9sZSIsImlhdCI6MTcwMDAwMDAwMCwiZXhwIjoyMDAwMDAwMDAwfQ.ZmFrZS1zaWduYXR1cmUtcmVhZHljaGVjay1zYW1wbGUtc3Zj";
// ok: RC101
const anonKey = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZSIsInJlZiI6ImRlbW9yZWFkeWNoZWNrIiwicm9sZSI6ImFub24iLCJpYXQiOjE3MDAwMDAwMDAsImV4cCI6MjAwMDAwMDAwMH0.ZmFrZS1zaWduYXR1cmUtcmVhZHljaGVjay1zYW1wbGUtYW5vbg";
// ok: RC101
const publishable = "pk_live_DEMOreadycheck00000000FAKE";
// ok: RC101
const apiKey = process.env.OPENAI_API_KEY ?? "";
// ok: RC101
const commit = "a3f9c1e07b2d4e6f8a0c1b3d5e7f9a2c4e6b8d0f";

// ok: RC101
const errors = { currentPassword: 'Digite sua senha atual' };
// ok: RC101
const labels = { password: "Enter the password you chose" };

export const admin = createClient("https://demo.supabase.co", serviceRole);
export const browser = createClient("https://demo.supabase.co", anonKey);
console.log(slackToken, publishable, apiKey, commit, errors, labels);

// ruleid: RC101
const openai = "sk-proj-DEMOreadycheckFAKE0000000000000000000000000000000000000000";
// ruleid: RC101
const anthropic = "sk-ant-api03-DEMOreadycheckFAKE000000000000000000000000000000000000000000000000";
// ruleid: RC101
const openrouter = "sk-or-v1-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
// ruleid: RC101
const groq = "gsk_DEMOreadycheckFAKE00000000000000000000000000000000";
// ruleid: RC101
const whsec = "whsec_DEMOreadycheckFAKE000000000000000000";
// ruleid: RC101
const restricted = "rk_live_DEMOreadycheckFAKE0000000000";
// ruleid: RC101
const supabaseSecret = "sb_secret_DEMOreadycheckFAKE00000000000";
// ok: RC101
const supabasePublishable = "sb_publishable_DEMOreadycheckFAKE00000000000";
// ok: RC101
const stripePublishableTest = "pk_test_DEMOreadycheckFAKE0000000000";
// ruleid: RC101
const gemini = "AIzaSyDEMOreadycheckFAKE000000000000000";
// ok: RC101
const allowed = "sk-proj-DEMOreadycheckFAKE1111111111111111111111111111111111111111"; // pragma: allowlist secret
// The pragma below covers the line after it: a finding there fails the test as a false positive.
// pragma: allowlist nextline secret
const allowedNext = "sk-proj-DEMOreadycheckFAKE2222222222222222222222222222222222222222";
