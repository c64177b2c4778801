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
