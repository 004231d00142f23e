// Seeds an empty database with a first admin, demo people and demo agent traces, and prints how to sign in.
// Run: DATABASE_URL=… npx tsx --conditions=react-server prisma/seed.ts   (npm start and npm run seed do this)
// ADMIN_EMAIL (default admin@example.com) and ADMIN_PASSWORD (default: a random one, printed once and saved to
// .data/first-admin.txt with mode 0600). A database that already has users is left alone, except that a live demo
// approval request is kept in the queue (a new one when the last has expired; see lib/demo/ensure-demo-approval.ts).
import { randomInt } from "node:crypto";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { prisma } from "@/lib/db";
import { DEMO_PEOPLE, seedDatabase } from "@/lib/demo/seed-database";
import { ensureDemoApproval } from "@/lib/demo/ensure-demo-approval";

const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"; // no 0/O, 1/l/I

function generatePassword(length = 16): string {
  return Array.from({ length }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
}

async function main(): Promise<void> {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  const adminEmail = (process.env.ADMIN_EMAIL ?? "admin@example.com").trim().toLowerCase();
  if (!/^[^@\s]+@[^@\s]+$/.test(adminEmail)) throw new Error(`ADMIN_EMAIL is not an email address: "${adminEmail}"`);
  const fromEnv = Boolean(process.env.ADMIN_PASSWORD);
  const adminPassword = process.env.ADMIN_PASSWORD || generatePassword();
  if (adminPassword.length < 8) throw new Error("ADMIN_PASSWORD must be at least 8 characters");

  const started = performance.now();
  const result = await seedDatabase({ adminEmail, adminPassword });
  if (!result.seeded) {
    console.log("[seed] database already has data; skipping seed");
    const live = await ensureDemoApproval();
    if (live) console.log(`[seed] demo approval request ${live} is waiting on Approvals`);
    return;
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const url = `http://localhost:${process.env.PORT ?? 3000}`;
  const others = DEMO_PEOPLE.filter((p) => p.email !== adminEmail);

  let savedTo: string | null = null;
  if (!fromEnv) {
    const dir = path.join(root, ".data");
    mkdirSync(dir, { recursive: true });
    savedTo = path.join(dir, "first-admin.txt");
    writeFileSync(savedTo, [
      "Replay Audit: first admin account (created by the seed)",
      `URL:      ${url}`,
      `Email:    ${adminEmail}`,
      `Password: ${adminPassword}`,
      `Demo accounts with the same password: ${others.map((p) => `${p.email} (${p.role})`).join(", ")}`,
      "Delete this file once you have stored the password somewhere safe.",
      "",
    ].join("\n"), { mode: 0o600 });
    chmodSync(savedTo, 0o600); // mode only applies when the file is created
  }

  const line = "─".repeat(72);
  console.log([
    line,
    `Replay Audit: seeded ${result.agents} agents, ${result.traces} traces and ${result.events?.toLocaleString("en-US")} events in ${seconds} s.`,
    "",
    `  Sign in at  ${url}`,
    `  Email       ${adminEmail}`,
    fromEnv
      ? "  Password    the value of ADMIN_PASSWORD"
      : `  Password    ${adminPassword}`,
    "",
    fromEnv
      ? ""
      : `  This password is shown only now. It is also saved, readable only by you, in\n  ${path.relative(process.cwd(), savedTo!) || savedTo}; delete that file once you have stored it.\n`,
    `  To try the other roles, sign in as ${others.map((p) => `${p.email} (${p.role})`).join(", ")}`,
    "  with the same password.",
    line,
  ].filter((l, i, all) => !(l === "" && all[i - 1] === "")).join("\n"));
}

main()
  .catch((e) => {
    console.error(`[seed] failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  })
  .finally(async () => {
    await prisma.$disconnect().catch(() => {});
    await (globalThis as { pgPool?: { end(): Promise<void> } }).pgPool?.end().catch(() => {});
  });
