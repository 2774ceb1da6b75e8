// Files the page reads and saves: a picked file's text, and text saved
// under a name (a download, which the browser or the desktop app asks
// where to keep).

export function saveText(name: string, text: string, type = 'text/plain'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  // The download has its own copy once it started.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** "survey.plan" -> "survey": the name a file was picked by, for saving it again. */
export function baseName(fileName: string): string {
  return fileName.replace(/\.(plan|waypoints|mission|txt)$/i, '') || 'plan';
}
