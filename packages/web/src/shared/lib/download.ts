/**
 * Hands a fetched file to the browser as a download. The file is fetched by the page (not followed as
 * a link) so that an expired session or a refusal shows as a message instead of a page of JSON.
 */
export function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Some browsers read the blob after the click returns: free it a little later.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
