/**
 * Saves a blob under `name` through a temporary link. The object URL is revoked a minute later, not at once: some
 * browsers start reading a large blob only after the click has returned.
 */
export function downloadBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
