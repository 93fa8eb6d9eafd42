// Saves text (or bytes) returned by the API (exports, bundles) as a file on the user's machine via a temporary Blob URL.

export function downloadText(content: string | Uint8Array<ArrayBuffer>, fileName: string, mimeType: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: mimeType || 'application/octet-stream' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Revoke later: the download may still be reading the Blob when click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Saves bytes the API returned as base64 (a bundle's content) as a file. */
export function downloadBase64(contentBase64: string, fileName: string): void {
  downloadText(Uint8Array.from(atob(contentBase64), (c) => c.charCodeAt(0)), fileName, 'application/octet-stream');
}
