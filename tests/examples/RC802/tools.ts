import { tool } from "ai";
import { z } from "zod";
import { db } from "@/lib/db";

export const getOrders = tool({
  description: "List orders",
  inputSchema: z.object({
    // ruleid: RC802
    userId: z.string(),
    status: z.string(),
  }),
  execute: async ({ userId, status }) => db.order.findMany({ where: { userId, status } }),
});

export const myOrders = (session: { user: { id: string } }) =>
  tool({
    description: "List my orders",
    inputSchema: z.object({
      // ok: RC802
      status: z.string(),
    }),
    execute: async ({ status }) => db.order.findMany({ where: { userId: session.user.id, status } }),
  });
