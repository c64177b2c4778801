import { tool } from "ai";
import { z } from "zod";

export const fetchPage = tool({
  description: "Fetch a page",
  inputSchema: z.object({ url: z.string() }),
  execute: async ({ url }) => {
    // ruleid: RC803
    const res = await fetch(url);
    return res.text();
  },
});

export const forecast = tool({
  description: "Weather",
  inputSchema: z.object({ lat: z.number(), lon: z.number() }),
  execute: async ({ lat, lon }) => {
    // ok: RC803
    const res = await fetch(`https://api.open-meteo.com/v1/forecast?latitude=${lat}&longitude=${lon}`);
    return res.json();
  },
});
