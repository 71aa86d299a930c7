// Downloads a CSV from one of the app's routes. The route needs the session token, which App Bridge adds
// to fetch() (not to a plain link), so the file is fetched and handed to the browser as a blob.
import { useState } from "react";

export function useCsvDownload() {
  const [downloading, setDownloading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const download = async (url: string, filename: string) => {
    setDownloading(true);
    setError(null);
    try {
      const res = await fetch(url);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const blob = await res.blob();
      const href = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = href;
      a.download = filename;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(href), 10_000);
    } catch (e) {
      setError(`The CSV could not be downloaded (${(e as Error).message}). Try again.`);
    } finally {
      setDownloading(false);
    }
  };
  return { download, downloading, error };
}
