import { useEffect, useState } from 'react';
import { useHost } from '../../host/host-context';

/** A stored photo as a data URL for an <img> (scaled down by the host). */
export function usePhotoUrl(sha256: string, maxEdge: number | null = 320): string | null {
  const host = useHost();
  const [url, setUrl] = useState<{ key: string; url: string } | null>(null);
  const key = `${sha256}:${maxEdge ?? 'full'}`;
  useEffect(() => {
    let live = true;
    void host.call('photos.read', { sha256, maxEdge }).then((r) => {
      if (live && r.ok) {
        setUrl({ key, url: `data:${r.value.mime};base64,${r.value.dataBase64}` });
      }
    });
    return () => {
      live = false;
    };
  }, [host, sha256, maxEdge, key]);
  return url?.key === key ? url.url : null;
}
