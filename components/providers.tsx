"use client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createContext, useContext, useState } from "react";

const PermissionsContext = createContext<ReadonlySet<string>>(new Set());

/**
 * React Query for live data, and the signed-in person's permissions so client components can hide actions the
 * person may not take. Hiding is a courtesy: every route checks the permission again.
 */
export function Providers({ children, permissions = [] }: { children: React.ReactNode; permissions?: string[] }) {
  const [client] = useState(() => new QueryClient({ defaultOptions: { queries: { staleTime: 2_000, retry: 1, refetchOnWindowFocus: true } } }));
  const [perms] = useState(() => new Set(permissions));
  return (
    <PermissionsContext.Provider value={perms}>
      <QueryClientProvider client={client}>{children}</QueryClientProvider>
    </PermissionsContext.Provider>
  );
}

/** Whether the signed-in person holds `permission` (see lib/auth/permissions.ts). */
export function useCan(permission: string): boolean {
  return useContext(PermissionsContext).has(permission);
}
