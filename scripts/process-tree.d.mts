import type { ChildProcess } from "node:child_process";
export const STOP_SIGNALS: string[];
export function descendants(pid: number): number[];
export function alive(pid: number): boolean;
export function stopAll(pids: number[], sig?: NodeJS.Signals, graceMs?: number): Promise<void>;
export function superviseTree(
  child: ChildProcess,
  opts?: { cleanup?: () => Promise<void>; label?: string; childFirst?: boolean },
): { stop(sig: NodeJS.Signals, code: number): Promise<void> };
