import type { Metadata } from "next";
import { connection } from "next/server";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Replay Audit", template: "%s · Replay Audit" },
  description: "Runtime governance for AI agents that act",
};

// every page renders per request: its scripts carry the nonce of that response's CSP (proxy.ts)
export default async function RootLayout({ children }: { children: React.ReactNode }) {
  await connection();
  return (
    <html lang="en">
      <body className="min-h-full font-sans">{children}</body>
    </html>
  );
}
