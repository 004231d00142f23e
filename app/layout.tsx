import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Replay Audit", template: "%s · Replay Audit" },
  description: "Runtime governance for AI agents that act",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-full font-sans">{children}</body>
    </html>
  );
}
