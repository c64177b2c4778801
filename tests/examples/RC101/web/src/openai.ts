// Fake key for readycheck's RC101 examples: browser code of a Vite app.
// ruleid: RC101
const OPENAI_KEY = "sk-proj-DEMOreadycheckFAKE5555555555555555555555555555555555555555";
export async function ask(prompt: string) {
  return fetch("https://api.openai.com/v1/chat/completions", { headers: { Authorization: `Bearer ${OPENAI_KEY}` }, body: prompt });
}
