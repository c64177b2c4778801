import { Pool } from "pg";
import { PrismaClient } from "@prisma/client";

const pool = new Pool();
const prisma = new PrismaClient();

export async function search(name: string, sort: string) {
  // ruleid: js-sql-built-from-strings
  await pool.query(`SELECT * FROM orders WHERE customer = '${name}'`);
  // ruleid: js-sql-built-from-strings
  await prisma.$queryRawUnsafe("SELECT * FROM orders ORDER BY " + sort);
  // ok: js-sql-built-from-strings
  await pool.query("SELECT * FROM orders WHERE customer = $1", [name]);
  // ok: js-sql-built-from-strings
  return prisma.$queryRaw`SELECT * FROM orders WHERE customer = ${name}`;
}
